/*
 * quarter.c - the audit programme's quarter table, as the councils' QA
 * reports print it: audits completed, the share graded Outstanding,
 * Good, Requires improvement and Inadequate, the share moderated and of
 * those the share whose grade the moderator agreed, for the latest
 * complete financial quarters, with an arrow and a word comparing the
 * last with the one before; the quarter still running is shown to date
 * beside them and never compared; re-audits (a snapshot on the as-of
 * date) under it.  A page of the pack and a table in index.html.
 */
#include "charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Complete quarters shown, the latest last. */
#define QUARTERS 4

static const struct { const char *metric, *label; int count; } qrow[] = {
	{ "audits_completed", "Audits completed", 1 },
	{ "audits_grade_outstanding", "Outstanding (% of graded)", 0 },
	{ "audits_grade_good", "Good", 0 },
	{ "audits_grade_ri", "Requires improvement", 0 },
	{ "audits_grade_inadequate", "Inadequate", 0 },
	{ "audits_moderated", "Moderated (% of audits)", 0 },
	{ "moderation_agreement", "Grade agreed (% of moderated)", 0 },
};
#define NROWS (sizeof(qrow) / sizeof(qrow[0]))

struct qtable {
	const struct mrow **q;     /* audits_completed's quarter rows */
	size_t nq;
	size_t first, ncomplete;   /* the complete quarters shown */
	const struct mrow *to_date;/* the quarter still running, or NULL */
};

static const struct mrow *find(const struct metrics *m, const char *metric,
			       const char *ptype, const char *start)
{
	return chart_row(m, metric, ptype, start, "all", "all");
}

/* 1 when the row covers its whole quarter (ends on its last day). */
static int complete(const struct mrow *r)
{
	dip_date s, e;

	if (date_parse(r->start, strlen(r->start), &s) ||
	    date_parse(r->end, strlen(r->end), &e))
		return 0;
	return e == date_add_months(s, 3) - 1;
}

/* The audit quarters and their grade shares into t: 1 when there is
 * a quarter to show, else 0 (no table). */
static int qtable_init(const struct charts *c, struct qtable *t)
{
	size_t nc = 0;

	memset(t, 0, sizeof(*t));
	t->nq = metrics_series(&c->m, "audits_completed", "quarter", "all",
			       "all", &t->q);
	for (size_t i = 0; i < t->nq; i++)
		if (complete(t->q[i]))
			nc = i + 1;
		else if (i + 1 == t->nq)
			t->to_date = t->q[i];
	/* The complete quarters are those before the running one. */
	t->ncomplete = nc < QUARTERS ? nc : QUARTERS;
	t->first = nc - t->ncomplete;
	return t->nq > 0;
}

/* A cell: "20" for a count, "52.6% (10)" for a share, "-" for none. */
static void cell(const struct charts *c, struct strbuf *b, size_t k,
		 const struct mrow *q)
{
	const struct mrow *r = find(&c->m, qrow[k].metric, "quarter", q->start);

	if (!r || !*r->value)
		strbuf_adds(b, "-");
	else if (qrow[k].count)
		strbuf_adds(b, r->num);
	else
		strbuf_addf(b, "%s%% (%s)", r->value, r->num);
}

/* Row K's change from the quarter before to the last complete one. */
static const char *change(const struct charts *c, const struct qtable *t,
			  size_t k)
{
	const struct mrow *a, *b;

	if (t->ncomplete < 2)
		return "";
	a = find(&c->m, qrow[k].metric, "quarter",
		 t->q[t->first + t->ncomplete - 2]->start);
	b = find(&c->m, qrow[k].metric, "quarter",
		 t->q[t->first + t->ncomplete - 1]->start);
	if (!a || !b || !*a->value || !*b->value)
		return "";
	/* Compared as printed (one decimal): what the reader sees. */
	return text_change(!strcmp(a->value, b->value) ? "level"
			   : b->v > a->v ? "up" : "down");
}

/* The header of column J (0 .. ncomplete-1, then the running quarter):
 * two lines, the financial quarter and its months or days. */
static void header(const struct qtable *t, const struct mrow *q,
		   struct strbuf *l1, struct strbuf *l2)
{
	char b1[32], b2[32];

	strbuf_adds(l1, text_quarter(q->start, 0, b1, sizeof(b1)));
	if (q == t->to_date) {
		strbuf_adds(l1, " to date");
		/* Its start is the quarter's: the end is the news. */
		strbuf_addf(l2, "to %s", text_date(q->end, b2, sizeof(b2)));
	} else {
		strbuf_adds(l2, chart_period_label(q->start, NULL, "quarter", b2,
						   sizeof(b2)));
	}
}

/* "Re-audits as of 30 Jan 2026: 5 due, 2 done (40.0%), 1 of those
 * improved (50.0%)", or "" when the run has none. */
static void reaudits(const struct charts *c, struct strbuf *b)
{
	const struct mrow *due = NULL, *done, *imp;
	char d[32];

	for (size_t i = 0; i < c->m.n && !due; i++)
		if (!strcmp(c->m.row[i].metric, "reaudits_due") &&
		    !strcmp(c->m.row[i].breakdown, "all"))
			due = &c->m.row[i];
	if (!due)
		return;
	done = find(&c->m, "reaudits_done", "as_of", due->start);
	imp = find(&c->m, "reaudits_improved", "as_of", due->start);
	strbuf_addf(b, "Re-audits as of %s: %s due", text_date(due->start, d,
							     sizeof(d)), due->num);
	if (done && *done->value)
		strbuf_addf(b, ", %s done (%s%%)", done->num, done->value);
	if (imp && *imp->value)
		strbuf_addf(b, "; re-audits improved: %s of %s (%s%%)", imp->num,
			    imp->den, imp->value);
	else if (imp)
		strbuf_adds(b, "; re-audits improved: none done yet");
}

int charts_quarter(struct charts *c)
{
	struct qtable t;
	struct strbuf title, s, l1, l2;
	struct chart *ch;
	size_t ncol;
	double x0 = 28, w;

	if (!qtable_init(c, &t)) {
		free(t.q);
		return 0;
	}
	strbuf_init(&title);
	strbuf_init(&s);
	strbuf_init(&l1);
	strbuf_init(&l2);
	strbuf_addf(&title, "Audit programme by quarter, as of %s", c->as_of);
	ch = page_new(c, "audit-quarters", title.buf,
		      "financial quarters", 22);
	ncol = t.ncomplete + 1 + (t.to_date != NULL);
	w = (100 - x0) / (double)ncol;
	for (size_t j = 0; j < ncol; j++) {
		double x = x0 + w * ((double)j + 0.5);

		strbuf_reset(&l1);
		strbuf_reset(&l2);
		if (j < t.ncomplete) {
			header(&t, t.q[t.first + j], &l1, &l2);
		} else if (j == t.ncomplete) {
			char a[32], b[32];

			strbuf_adds(&l1, "change");
			if (t.ncomplete >= 2)
				strbuf_addf(&l2, "%s on %s",
					    text_quarter(t.q[t.first + j - 1]->start, 1, a, sizeof(a)),
					    text_quarter(t.q[t.first + j - 2]->start, 1, b, sizeof(b)));
		} else {
			header(&t, t.to_date, &l1, &l2);
		}
		page_text(ch, x, 1, "center", 11, l1.len ? l1.buf : "");
		page_text(ch, x, 2, "center", 9, l2.len ? l2.buf : "");
	}
	page_rule(ch, 3);
	for (size_t k = 0; k < NROWS; k++) {
		double line = 4 + 1.6 * (double)k;

		page_text(ch, 1, line, "left", 11, qrow[k].label);
		for (size_t j = 0; j < ncol; j++) {
			double x = x0 + w * ((double)j + 0.5);

			strbuf_reset(&s);
			if (j < t.ncomplete)
				cell(c, &s, k, t.q[t.first + j]);
			else if (j == t.ncomplete)
				strbuf_adds(&s, change(c, &t, k));
			else
				cell(c, &s, k, t.to_date);
			page_text(ch, x, line, "center", 11, s.len ? s.buf : "");
		}
	}
	strbuf_reset(&s);
	reaudits(c, &s);
	page_rule(ch, 4 + 1.6 * NROWS - 0.6);
	if (s.len)
		page_text(ch, 1, 4 + 1.6 * NROWS + 0.4, "left", 11, s.buf);
	page_text(ch, 1, 21, "left", 8,
		  "Grades are shares of the graded audits; the change compares the "
		  "last complete quarter with the one before, as printed (one "
		  "decimal); the quarter still running is shown to date and not "
		  "compared.");
	page_end(ch);
	free(t.q);
	strbuf_release(&title);
	strbuf_release(&s);
	strbuf_release(&l1);
	strbuf_release(&l2);
	return 0;
}

/* Quarter Q's header cell in index.html. */
static void html_header(struct strbuf *b, const struct qtable *t,
			const struct mrow *q)
{
	struct strbuf l1, l2;

	strbuf_init(&l1);
	strbuf_init(&l2);
	header(t, q, &l1, &l2);
	strbuf_adds(b, "<th>");
	chart_html(b, l1.buf);
	strbuf_adds(b, "<br>");
	chart_html(b, l2.buf);
	strbuf_adds(b, "</th>");
	strbuf_release(&l1);
	strbuf_release(&l2);
}

void charts_quarter_html(const struct charts *c, struct strbuf *b)
{
	struct qtable t;
	struct strbuf s;

	if (!qtable_init(c, &t)) {
		free(t.q);
		return;
	}
	strbuf_init(&s);
	strbuf_adds(b, "<h2>Audit programme by quarter</h2>\n<table class=\"quarters\">\n<tr><th></th>");
	for (size_t j = 0; j < t.ncomplete; j++) {
		html_header(b, &t, t.q[t.first + j]);
	}
	strbuf_adds(b, "<th>change");
	if (t.ncomplete >= 2) {
		char q1[32], q2[32];

		strbuf_addf(b, "<br>%s on %s",
			    text_quarter(t.q[t.first + t.ncomplete - 1]->start, 0, q1, sizeof(q1)),
			    text_quarter(t.q[t.first + t.ncomplete - 2]->start, 0, q2, sizeof(q2)));
	}
	strbuf_adds(b, "</th>");
	if (t.to_date)
		html_header(b, &t, t.to_date);
	strbuf_adds(b, "</tr>\n");
	for (size_t k = 0; k < NROWS; k++) {
		strbuf_addf(b, "<tr><th>%s</th>", qrow[k].label);
		for (size_t j = 0; j < t.ncomplete; j++) {
			strbuf_reset(&s);
			cell(c, &s, k, t.q[t.first + j]);
			strbuf_adds(b, "<td>");
			chart_html(b, s.buf);
			strbuf_adds(b, "</td>");
		}
		strbuf_addf(b, "<td>%s</td>", change(c, &t, k));
		if (t.to_date) {
			strbuf_reset(&s);
			cell(c, &s, k, t.to_date);
			strbuf_adds(b, "<td>");
			chart_html(b, s.buf);
			strbuf_adds(b, "</td>");
		}
		strbuf_adds(b, "</tr>\n");
	}
	strbuf_adds(b, "</table>\n");
	strbuf_reset(&s);
	reaudits(c, &s);
	if (s.len) {
		strbuf_adds(b, "<p>");
		chart_html(b, s.buf);
		strbuf_adds(b, "</p>\n");
	}
	free(t.q);
	strbuf_release(&s);
}
