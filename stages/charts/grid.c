/*
 * grid.c - the area grid: one line per tracker row, the activity and
 * impact statuses as words on colour (chart_status(): apart in greyscale
 * too), the judged value and its n, the target and beside it the
 * comparator; a measure with no data says why under its name.
 */
#include "charts.h"

#include <string.h>

/* A status box from X0 to X1 at Y, the word written on it. */
static void status_box(struct strbuf *b, double x0, double x1, double y,
		       const char *word)
{
	const struct status_style *st = chart_status(word);

	strbuf_addf(b, "set object rect from %.0f,%.2f to %.0f,%.2f fc rgb \"%s\" fs solid 1 border lc rgb \"#333333\"\n",
		    x0, y - 0.38, x1, y + 0.38, st->fill);
	strbuf_adds(b, "set label ");
	gp_str(b, word);
	strbuf_addf(b, " at %.1f,%.2f center front tc rgb \"%s\" font \",10\"\n",
		    (x0 + x1) / 2, y, st->ink);
}

static void text(struct strbuf *b, const char *s, double x, double y,
		 int size)
{
	strbuf_adds(b, "set label ");
	gp_str(b, s);
	strbuf_addf(b, " at %.1f,%.2f left font \",%d\"\n", x, y, size);
}

void charts_grid(struct charts *c)
{
	struct csv_table *t = &c->tracker;
	struct strbuf title, period;
	struct chart *ch;
	size_t rows = t->nrows;

	strbuf_init(&title);
	strbuf_init(&period);
	strbuf_addf(&title, "Improvement plan as of %s: activity and impact by area",
		    c->as_of);
	strbuf_adds(&period, "each measure's judged period");
	ch = chart_new(c, "area-grid", title.buf, period.buf);
	strbuf_release(&title);
	strbuf_release(&period);
	strbuf_addf(&ch->body, "unset border\nunset tics\nunset key\nunset grid\n"
		    "set xrange [0:100]\nset yrange [0:%zu]\n", rows + 1);
	strbuf_addf(&ch->body, "set label \"area and measure\" at 1,%zu left font \",11\"\n"
		    "set label \"activity\" at 52,%zu center font \",11\"\n"
		    "set label \"impact\" at 65,%zu center font \",11\"\n"
		    "set label \"latest (n)\" at 73,%zu left font \",11\"\n"
		    "set label \"target | comparator\" at 84,%zu left font \",11\"\n",
		    rows, rows, rows, rows, rows);
	for (size_t i = 0; i < rows; i++) {
		double y = (double)(rows - i) - 0.6;
		struct strbuf what, latest, target;
		const char *act = chart_cell(c, i, TC_ACTIVITY);
		const char *metric = chart_cell(c, i, TC_METRIC);
		const char *bd = chart_cell(c, i, TC_BREAKDOWN);
		const char *note = chart_note(c, t->row[i]);
		const char *v = chart_cell(c, i, TC_LATEST);
		const char *n = chart_cell(c, i, TC_LATEST_N);

		strbuf_init(&what);
		strbuf_init(&latest);
		strbuf_init(&target);
		if (*metric)
			strbuf_addf(&what, "%s  %s%s%s", chart_cell(c, i, TC_AREA),
				    chart_metric_title(c, metric),
				    strcmp(bd, "all") ? ": " : "",
				    strcmp(bd, "all") ? chart_cell(c, i, TC_GROUP) : "");
		else
			strbuf_addf(&what, "%s  %s", chart_cell(c, i, TC_AREA),
				    chart_cell(c, i, TC_TITLE));
		if (strlen(what.buf) > 72)
			memcpy(what.buf + 69, "...", sizeof("..."));
		strbuf_addf(&latest, "%s%s%s%s",
			    *v ? v : *note ? "no data" : "-",
			    *n ? " (" : "", n, *n ? ")" : "");
		strbuf_adds(&target, *chart_cell(c, i, TC_TARGET)
			    ? chart_cell(c, i, TC_TARGET) : "-");
		if (chart_comparator(c, i))
			strbuf_addf(&target, " | %s %s", chart_cell(c, i, TC_CMP_GEO),
				    chart_cell(c, i, TC_CMP_VALUE));
		if (*note) {
			text(&ch->body, what.buf, 1, y + 0.17, 10);
			text(&ch->body, note, 3, y - 0.2, 9);
		} else {
			text(&ch->body, what.buf, 1, y, 10);
		}
		status_box(&ch->body, 46, 58, y, *act ? act : "none");
		status_box(&ch->body, 59, 71, y, chart_cell(c, i, TC_IMPACT));
		text(&ch->body, latest.buf, 73, y, 10);
		text(&ch->body, target.buf, 84, y, 10);
		strbuf_release(&what);
		strbuf_release(&latest);
		strbuf_release(&target);
	}
	strbuf_adds(&ch->body, "plot -1 notitle\n");
}
