/*
 * sample.c - the month's audit sample in the board pack: how many files
 * each team has in it and why (dip-worklist's lists/audit_sample.csv).
 * Counts only: the pack goes to the board's share, so the Eclipse numbers
 * stay in the run's own, owner-only worklist/audit-sample.html.  No page
 * when the run has no sample (dip-worklist did not run).
 */
#include "charts.h"
#include "dip/exitcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The reason kinds a row may carry, in the order of the columns. */
static const char *const kinds[][2] = {
	{ "reaudit:", "repeat_inadequate:" },
	{ "worker:", "team:" },
	{ "dip_sample:", NULL },
	{ "sample:", NULL },
};
#define NKIND (sizeof(kinds) / sizeof(kinds[0]))

/* Lines of teams on one page of the pack. */
#define PAGE_TEAMS 28

struct team {
	const char *area, *name;
	long files, kind[NKIND];
};

static int cmp_team(const void *x, const void *y)
{
	const struct team *a = x, *b = y;
	int c = strcmp(a->area, b->area);

	return c ? c : strcmp(a->name, b->name);
}

/* Count a row's reasons: each kind once however many tokens it has. */
static void count(struct team *t, const char *reason)
{
	t->files++;
	for (size_t k = 0; k < NKIND; k++) {
		int has = 0;

		for (const char *s = reason; *s && !has;) {
			for (int j = 0; j < 2; j++)
				has |= kinds[k][j] &&
				       !strncmp(s, kinds[k][j], strlen(kinds[k][j]));
			s += strcspn(s, ";");
			s += strspn(s, "; ");
		}
		t->kind[k] += has;
	}
}

/* Where the count columns end (right-aligned), and their headings. */
static const double xcol[NKIND + 1] = { 56, 66, 76, 86, 96 };
static const char *const heading[NKIND + 1] = { "Files", "Re-audit",
	"Review", "Theme", "Sampled" };

static void page_head(struct chart *ch, const char *line2)
{
	page_text(ch, 0, 0, "left", 9, line2);
	page_text(ch, 0, 1, "left", 9, "Re-audit: re-audits due and repeat "
		  "Inadequate files; review: a worker's or team's files; theme: "
		  "dip samples. A file may have several reasons.");
	page_text(ch, 0, 3, "left", 9, "Service area");
	page_text(ch, 16, 3, "left", 9, "Team");
	for (size_t k = 0; k <= NKIND; k++)
		page_text(ch, xcol[k], 3, "right", 9, heading[k]);
	page_rule(ch, 3.6);
}

int charts_sample(struct charts *c)
{
	char *path = path_join(c->ms->tables, "lists/audit_sample.csv");
	struct csv_table t;
	struct team *team = NULL;
	size_t nteam = 0, cap = 0;
	int area, name, reason, start, due, rc = -1;
	char d1[32], d2[32];
	struct strbuf title, line2;

	if (access(path, R_OK)) {
		free(path);
		return 0;
	}
	if (csv_table_load(&t, path, &c->ms->err)) {
		/* A list is input, not config: damaged is exit 1. */
		if (c->ms->err.status == DIP_EXIT_USAGE)
			c->ms->err.status = DIP_EXIT_DATA;
		free(path);
		return -1;
	}
	strbuf_init(&title);
	strbuf_init(&line2);
	/* The list is written for people, guarded: read back as written. */
	csv_table_unguard(&t);
	if ((area = csv_table_need(&t, "service_area", &c->ms->err)) < 0 ||
	    (name = csv_table_need(&t, "team", &c->ms->err)) < 0 ||
	    (reason = csv_table_need(&t, "reason", &c->ms->err)) < 0 ||
	    (start = csv_table_need(&t, "audit_start_date", &c->ms->err)) < 0 ||
	    (due = csv_table_need(&t, "moderation_due_date", &c->ms->err)) < 0)
		goto out;
	for (size_t i = 0; i < t.nrows; i++) {
		char **r = t.row[i];
		size_t j;

		for (j = 0; j < nteam; j++)
			if (!strcmp(team[j].area, r[area]) &&
			    !strcmp(team[j].name, r[name]))
				break;
		if (j == nteam) {
			XGROW(team, cap, nteam + 1);
			memset(&team[nteam], 0, sizeof(*team));
			team[nteam].area = r[area];
			team[nteam++].name = r[name];
		}
		count(&team[j], r[reason]);
	}
	if (nteam > 1)
		qsort(team, nteam, sizeof(*team), cmp_team);
	if (!t.nrows)
		strbuf_adds(&title, "Audit sample: no file chosen this month");
	else
		strbuf_addf(&title, "Audit sample for %s: %zu file%s",
			    chart_period_label(t.row[0][start], NULL, "month", d1,
					       sizeof(d1)),
			    t.nrows, t.nrows == 1 ? "" : "s");
	if (t.nrows)
		strbuf_addf(&line2, "Audits start on %s; moderation is due by %s. "
			    "The Eclipse numbers are in the run's "
			    "worklist/audit-sample.html.",
			    text_date(t.row[0][start], d1, sizeof(d1)),
			    text_date(t.row[0][due], d2, sizeof(d2)));
	for (size_t first = 0; first < nteam || (!nteam && !first); first += PAGE_TEAMS) {
		size_t last = first + PAGE_TEAMS < nteam ? first + PAGE_TEAMS : nteam;
		struct strbuf nm, tt;
		struct chart *ch;

		strbuf_init(&nm);
		strbuf_init(&tt);
		strbuf_adds(&nm, "audit-sample");
		strbuf_adds(&tt, title.buf);
		if (first) {
			strbuf_addf(&nm, "-%zu", first / PAGE_TEAMS + 1);
			strbuf_adds(&tt, ", continued");
		}
		ch = page_new(c, nm.buf, tt.buf, "the month of the as-of date",
			      PAGE_TEAMS + 5);
		/* The page's image stands in index.html like a chart's. */
		ch->table = 0;
		page_head(ch, line2.buf);
		for (size_t j = first; j < last; j++) {
			double y = 4.3 + (double)(j - first);
			char n[32];
			struct strbuf cell;

			strbuf_init(&cell);
			text_clip(&cell, *team[j].area ? team[j].area : "not recorded", 18);
			page_text(ch, 0, y, "left", 9, cell.buf);
			strbuf_reset(&cell);
			text_clip(&cell, *team[j].name ? team[j].name : "not recorded", 40);
			page_text(ch, 16, y, "left", 9, cell.buf);
			strbuf_release(&cell);
			snprintf(n, sizeof(n), "%ld", team[j].files);
			page_text(ch, xcol[0], y, "right", 9, n);
			for (size_t k = 0; k < NKIND; k++) {
				snprintf(n, sizeof(n), "%ld", team[j].kind[k]);
				page_text(ch, xcol[k + 1], y, "right", 9, n);
			}
		}
		page_end(ch);
		strbuf_release(&nm);
		strbuf_release(&tt);
		if (!nteam)
			break;
	}
	rc = 0;
out:
	free(team);
	strbuf_release(&title);
	strbuf_release(&line2);
	csv_table_release(&t);
	free(path);
	return rc;
}
