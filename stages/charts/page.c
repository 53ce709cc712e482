/*
 * page.c - pages of text in the board pack (the changes since the last
 * board, the audit quarter table): lines of labels at fixed columns and
 * statuses as words on colour, drawn by gnuplot so that they join the
 * pack like any chart; and the words both these pages and index.html
 * use for periods, values and changes.
 */
#include "charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chart *page_new(struct charts *c, const char *name, const char *title,
		       const char *period, int lines)
{
	struct chart *ch = chart_new(c, name, title, period);

	ch->table = 1;
	ch->lines = lines;
	strbuf_addf(&ch->body, "unset border\nunset tics\nunset key\nunset grid\n"
		    "set lmargin 2\nset rmargin 2\nset bmargin 1\n"
		    "set xrange [0:100]\nset yrange [0:%d]\n", lines);
	return ch;
}

/* Line LINE (0 at the top) of the page, as a y coordinate. */
static double line_y(const struct chart *ch, double line)
{
	return ch->lines - line - 0.5;
}

void page_text(struct chart *ch, double x, double line, const char *align,
	       int font, const char *text)
{
	strbuf_adds(&ch->body, "set label ");
	gp_str(&ch->body, text);
	strbuf_addf(&ch->body, " at %.2f,%.2f %s front font \",%d\"\n", x,
		    line_y(ch, line), align, font);
}

void page_status(struct chart *ch, double x0, double x1, double line,
		 const char *what, const char *status)
{
	double y = line_y(ch, line);
	struct strbuf w;

	const struct status_style *st = chart_status(status);

	strbuf_addf(&ch->body, "set object rect from %.2f,%.2f to %.2f,%.2f "
		    "fc rgb \"%s\" fs solid 1 border lc rgb \"#333333\"\n",
		    x0, y - 0.42, x1, y + 0.42, st->fill);
	strbuf_init(&w);
	strbuf_addf(&w, "%s: %s", what, *status ? status : "none");
	/* In the ink that reads on the fill: white on the dark ones. */
	strbuf_adds(&ch->body, "set label ");
	gp_str(&ch->body, w.buf);
	strbuf_addf(&ch->body, " at %.2f,%.2f center front tc rgb \"%s\" font \",9\"\n",
		    (x0 + x1) / 2, y, st->ink);
	strbuf_release(&w);
}

void page_rule(struct chart *ch, double line)
{
	double y = line_y(ch, line) + 0.5;

	strbuf_addf(&ch->body, "set arrow from 0,%.2f to 100,%.2f nohead "
		    "lc rgb \"#999999\" lw 0.5\n", y, y);
}

void page_end(struct chart *ch)
{
	strbuf_adds(&ch->body, "plot -1 notitle\n");
}

void text_clip(struct strbuf *b, const char *s, size_t max)
{
	size_t chars = 0;
	const char *p;

	/* Count characters, not bytes: a UTF-8 sequence is never cut. */
	for (p = s; *p; p++)
		if ((*p & 0xC0) != 0x80 && ++chars > max)
			break;
	if (!*p) {
		strbuf_adds(b, s);
		return;
	}
	chars = 0;
	for (p = s; *p; p++)
		if ((*p & 0xC0) != 0x80 && ++chars > max - 3)
			break;
	strbuf_add(b, s, (size_t)(p - s));
	strbuf_adds(b, "...");
}

static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

const char *text_date(const char *iso, char *buf, size_t n)
{
	dip_date d;
	int y, m, dd;

	if (date_parse(iso, strlen(iso), &d))
		return iso;
	date_to_ymd(d, &y, &m, &dd);
	snprintf(buf, n, "%d %s %d", dd, mon[m - 1], y);
	return buf;
}

const char *text_quarter(const char *start, int shorter, char *buf, size_t n)
{
	dip_date d;
	int y, m, dd, q, fy;

	if (date_parse(start, strlen(start), &d))
		return start;
	date_to_ymd(d, &y, &m, &dd);
	/* The financial year starts in April: April-June is Q1. */
	q = (m + 8) % 12 / 3 + 1;
	fy = m >= 4 ? y : y - 1;
	if (shorter)
		snprintf(buf, n, "Q%d %02d-%02d", q, fy % 100, (fy + 1) % 100);
	else
		snprintf(buf, n, "Q%d %d-%02d", q, fy, (fy + 1) % 100);
	return buf;
}

const char *text_judged_period(const char *start, const char *judged,
			       char *buf, size_t n)
{
	dip_date d;
	int y, m, dd, months;

	if (!*start)
		return "";
	if (!strcmp(judged, "last_complete_month"))
		return chart_period_label(start, NULL, "month", buf, n);
	if (date_parse(start, strlen(start), &d))
		return start;
	date_to_ymd(d, &y, &m, &dd);
	if (!strcmp(judged, "as_of"))
		snprintf(buf, n, "on %d %s %d", dd, mon[m - 1], y);
	else if (!strcmp(judged, "year_to_date"))
		snprintf(buf, n, "%d-%02d to date", y, (y + 1) % 100);
	else if (!strcmp(judged, "last_complete_quarter"))
		return chart_period_label(start, NULL, "quarter", buf, n);
	else if (sscanf(judged, "rolling_%dm", &months) == 1) {
		char end[DIP_DATE_LEN];

		/* The last day of its last month. */
		date_format(date_add_months(d, months) - 1, end);
		return chart_period_label(start, end, judged, buf, n);
	} else {
		return start;
	}
	return buf;
}

const char *text_value(const struct charts *c, const char *metric,
		       const char *value, char *buf, size_t n)
{
	if (!*value)
		return "";
	if (!gp_is_number(value))
		return value;
	for (size_t i = 0; i < c->m.n; i++)
		if (!strcmp(c->m.row[i].metric, metric)) {
			if (!chart_percent(c, &c->m.row[i]))
				break;
			snprintf(buf, n, "%s%%", value);
			return buf;
		}
	return value;
}

const char *text_change(const char *change)
{
	return !strcmp(change, "up") ? "\u2191 up"
	     : !strcmp(change, "down") ? "\u2193 down"
	     : !strcmp(change, "level") ? "\u2192 level" : "";
}
