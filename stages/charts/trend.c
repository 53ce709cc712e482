/*
 * trend.c - a trend of one improvement measure: its tracker row's
 * series, with the interval, the target and n over each point.
 */
#include "charts.h"

#include <stdlib.h>
#include <string.h>

int charts_trend(struct charts *c, size_t row)
{
	char **t = c->tracker.row[row];
	const int *tc = c->tc;
	const char *metric = t[tc[TC_METRIC]], *bd = t[tc[TC_BREAKDOWN]];
	const char *grp = t[tc[TC_GROUP]], *ptype = t[tc[TC_PTYPE]];
	const char *target = t[tc[TC_TARGET]];
	int has_target = gp_is_number(target);
	const struct mrow **s;
	size_t n = metrics_series(&c->m, metric, ptype, bd, grp, &s);
	struct strbuf name, title, key;
	struct gp_data *d;
	struct chart *ch;
	int pct, rc = -1;

	if (n < 2) {
		free(s);
		return 0;
	}
	strbuf_init(&name);
	strbuf_init(&title);
	strbuf_init(&key);
	strbuf_addf(&name, "measure-%zu-%s", row, metric);
	strbuf_addf(&title, "%s: %s%s%s (%s)", t[tc[TC_AREA]],
		    chart_metric_title(metric), strcmp(bd, "all") ? ", " : "",
		    strcmp(bd, "all") ? grp : "", ptype);
	ch = chart_new(c, name.buf, title.buf);
	if (!(d = chart_data(c, ch)))
		goto out;
	pct = mrow_percent(s[0]);
	for (size_t i = 0; i < n; i++) {
		const char *v = s[i]->value;

		gp_data_date(d, s[i]->start);
		gp_data_num(d, v);
		gp_data_num(d, *s[i]->lo ? s[i]->lo : v);
		gp_data_num(d, *s[i]->hi ? s[i]->hi : v);
		gp_data_num(d, *s[i]->den ? s[i]->den : s[i]->num);
		gp_data_long(d, s[i]->small_n);
		gp_data_end_row(d);
	}
	strbuf_addf(&ch->body,
		"set xdata time\nset timefmt \"%%Y-%%m-%%d\"\n"
		"set format x \"%s\"\nset xtics rotate by -30\n"
		"set xlabel \"period starting\"\nset ylabel ",
		!strcmp(ptype, "month") ? "%b %Y" : "%d %b %Y");
	gp_str(&ch->body, pct ? "percent" : s[0]->unit);
	strbuf_addf(&ch->body, "\nset key outside right top vertical\n"
		"set offsets graph 0.03, graph 0.03, graph 0.12, 0\n%s",
		pct ? "set yrange [0:110]\n" : "set yrange [0:*]\n");
	if (chart_plot(c, ch))
		goto out;
	strbuf_addf(&ch->body, " using 1:2 with lines lc rgb \"%s\" lw 2 notitle, \\\n"
		"  '' using 1:2:3:4 with yerrorbars lc rgb \"%s\" pt 7 ps 1.2 title \"value%s\", \\\n"
		"  '' using 1:($6 == 1 ? $2 : 1/0) with points pt 6 ps 3 lw 2 lc rgb \"%s\" title \"small n: read with care\", \\\n"
		"  %s with lines dt 2 lw 2 lc rgb \"black\" title ",
		BLUE, BLUE, pct ? " with 95% interval" : "", VERMILLION,
		has_target ? target : "1/0");
	strbuf_addf(&key, "target %s", has_target ? target : "");
	gp_str(&ch->body, key.buf);
	strbuf_adds(&ch->body, ", \\\n"
		"  '' using 1:2:(sprintf(\"n=%d\", $5)) with labels offset 0,1.4 font \",9\" notitle\n");
	rc = 0;
out:
	free(s);
	strbuf_release(&name);
	strbuf_release(&title);
	strbuf_release(&key);
	return rc;
}
