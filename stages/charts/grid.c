/*
 * grid.c - the area grid: one line per tracker row, the activity and
 * impact statuses as words on colour, the latest value and its n; a
 * measure with no data says why under its name.
 */
#include "charts.h"

#include <string.h>

const char *chart_status_colour(const char *s)
{
	return !strcmp(s, "Green") ? GREEN : !strcmp(s, "Amber") ? ORANGE
	     : !strcmp(s, "Red") ? VERMILLION : !strcmp(s, "Blue") ? BLUE
	     : !strcmp(s, "Not started") ? "#FFFFFF" : GREY;
}

void charts_grid(struct charts *c)
{
	struct csv_table *t = &c->tracker;
	const int *tc = c->tc;
	struct strbuf title;
	struct chart *ch;
	size_t rows = t->nrows;

	strbuf_init(&title);
	strbuf_addf(&title, "Improvement plan as of %s: activity and impact by area",
		    c->as_of);
	ch = chart_new(c, "area-grid", title.buf);
	strbuf_release(&title);
	strbuf_addf(&ch->body, "unset border\nunset tics\nunset key\nunset grid\n"
		    "set xrange [0:100]\nset yrange [0:%zu]\n", rows + 1);
	strbuf_adds(&ch->body, "set label \"area and measure\" at 1,");
	strbuf_addf(&ch->body, "%zu left font \",11\"\nset label \"activity\" at 63,%zu center font \",11\"\n"
		    "set label \"impact\" at 78,%zu center font \",11\"\n"
		    "set label \"latest (n)\" at 87,%zu left font \",11\"\n",
		    rows, rows, rows, rows);
	for (size_t i = 0; i < rows; i++) {
		char **r = t->row[i];
		double y = (double)(rows - i) - 0.6;
		struct strbuf what, latest;
		const char *act = *r[tc[TC_ACTIVITY]] ? r[tc[TC_ACTIVITY]] : "none";
		const char *note = chart_note(c, r);

		strbuf_init(&what);
		strbuf_init(&latest);
		if (*r[tc[TC_METRIC]])
			strbuf_addf(&what, "%s  %s%s%s", r[tc[TC_AREA]],
				    chart_metric_title(r[tc[TC_METRIC]]),
				    strcmp(r[tc[TC_BREAKDOWN]], "all") ? ": " : "",
				    strcmp(r[tc[TC_BREAKDOWN]], "all") ? r[tc[TC_GROUP]] : "");
		else
			strbuf_addf(&what, "%s  %s", r[tc[TC_AREA]], r[tc[TC_TITLE]]);
		if (strlen(what.buf) > 80)
			memcpy(what.buf + 77, "...", sizeof("..."));
		strbuf_addf(&latest, "%s%s%s%s",
			    *r[tc[TC_LATEST]] ? r[tc[TC_LATEST]] : *note ? "no data" : "-",
			    *r[tc[TC_LATEST_N]] ? " (" : "", r[tc[TC_LATEST_N]],
			    *r[tc[TC_LATEST_N]] ? ")" : "");
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, what.buf);
		if (*note) {
			strbuf_addf(&ch->body, " at 1,%.2f left font \",10\"\n",
				    y + 0.17);
			strbuf_adds(&ch->body, "set label ");
			gp_str(&ch->body, note);
			strbuf_addf(&ch->body, " at 3,%.2f left font \",9\"\n",
				    y - 0.2);
		} else {
			strbuf_addf(&ch->body, " at 1,%.2f left font \",10\"\n", y);
		}
		strbuf_addf(&ch->body, "set object rect from 56,%.2f to 70,%.2f fc rgb \"%s\" fs solid 0.85 border lc rgb \"#666666\"\n",
			    y - 0.38, y + 0.38, chart_status_colour(act));
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, act);
		strbuf_addf(&ch->body, " at 63,%.2f center front font \",10\"\n", y);
		strbuf_addf(&ch->body, "set object rect from 71,%.2f to 85,%.2f fc rgb \"%s\" fs solid 0.85 border lc rgb \"#666666\"\n",
			    y - 0.38, y + 0.38, chart_status_colour(r[tc[TC_IMPACT]]));
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, r[tc[TC_IMPACT]]);
		strbuf_addf(&ch->body, " at 78,%.2f center front font \",10\"\n", y);
		strbuf_adds(&ch->body, "set label ");
		gp_str(&ch->body, latest.buf);
		strbuf_addf(&ch->body, " at 87,%.2f left font \",10\"\n", y);
		strbuf_release(&what);
		strbuf_release(&latest);
	}
	strbuf_adds(&ch->body, "plot -1 notitle\n");
}
