/*
 * dip-audits - the case-file audit programme as the QA reports present
 * it: audits and their grades by month, quarter, service area, team,
 * type and domain; moderation, its agreement (with Cohen's kappa) and its
 * timeliness; audits done in time from allocation; re-audits of
 * Inadequate files; children audited Inadequate again and again; family
 * feedback; and whether actions closed in time.  The timescales are each
 * council's QA policy, so they come from config ([audits]).  Domain
 * names, service areas and teams are whatever the export says.
 */
#include "dip/csvio.h"
#include "dip/number.h"
#include "mstage/mstage.h"
#include "dip/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COMPLETED, G_OUT, G_GOOD, G_RI, G_INAD, G_GOB, MODERATED, AGREE,
       KAPPA, LOWER, RE_DUE, RE_DONE, RE_IMPROVED, REPEAT_INAD, FB_SOUGHT,
       FB_OBTAINED, ACT_5WD, ACT_OVERDUE, MOD_WITHIN, ALLOC_WITHIN, NMETRIC };

static const struct metric_def defs[NMETRIC] = {
	{ "audits_completed", "audits", METRIC_COUNT, 0,
	  "Audits completed" },
	{ "audits_grade_outstanding", "audits", METRIC_PROPORTION, 0,
	  "Audits graded Outstanding" },
	{ "audits_grade_good", "audits", METRIC_PROPORTION, 0,
	  "Audits graded Good" },
	{ "audits_grade_ri", "audits", METRIC_PROPORTION, 0,
	  "Audits graded Requires improvement" },
	{ "audits_grade_inadequate", "audits", METRIC_PROPORTION, 0,
	  "Audits graded Inadequate" },
	{ "audits_good_or_better", "audits", METRIC_PROPORTION, 0,
	  "Audits Good or better" },
	{ "audits_moderated", "audits", METRIC_PROPORTION, 0,
	  "Audits moderated" },
	{ "moderation_agreement", "audits", METRIC_PROPORTION, 0,
	  "Moderation agreeing with the auditor's grade" },
	{ "moderation_kappa", "ratio", METRIC_RATIO, 0,
	  "Moderation agreement beyond chance (Cohen's kappa)" },
	{ "moderation_lower", "audits", METRIC_PROPORTION, 0,
	  "Moderation grading lower than the auditor" },
	{ "reaudits_due", "audits", METRIC_COUNT, 1,
	  "Re-audits due" },
	{ "reaudits_done", "audits", METRIC_PROPORTION, 1,
	  "Re-audits done when due" },
	{ "reaudits_improved", "audits", METRIC_PROPORTION, 1,
	  "Re-audits graded better than Inadequate" },
	{ "children_repeat_inadequate", "children", METRIC_COUNT, 1,
	  "Children with repeated Inadequate audits" },
	{ "family_feedback_sought", "audits", METRIC_PROPORTION, 0,
	  "Audits with family feedback sought" },
	{ "family_feedback_obtained", "audits", METRIC_PROPORTION, 0,
	  "Audits with family feedback obtained" },
	{ "actions_within_5wd", "actions", METRIC_PROPORTION, 0,
	  "Audit actions completed within 5 working days" },
	{ "actions_overdue", "actions", METRIC_COUNT, 1,
	  "Audit actions overdue" },
	{ "moderation_within_10wd", "audits", METRIC_PROPORTION, 0,
	  "Moderations within 10 working days of the audit" },
	{ "audits_within_10wd", "audits", METRIC_PROPORTION, 0,
	  "Audits done within 10 working days of allocation" },
};

/* What a record is left out of when its dates are in an impossible
 * order (mstage_dates_ok). */
/* Whether an audit was moderated is its moderation grade, which no date
 * contradicts; how the moderation went is measured only when its date
 * can follow the audit. */
#define MODERATION_IDS "moderation_agreement moderation_kappa" \
	" moderation_lower moderation_within_10wd"
#define REAUDIT_IDS "reaudits_due reaudits_done reaudits_improved"
#define ACTION_IDS "actions_within_5wd actions_overdue"

#define NA_GRADE (-2)
#define BAD_GRADE (-1)

/* 0 Outstanding, 1 Good, 2 Requires improvement, 3 Inadequate: a
 * smaller number is a better grade. */
static int grade_of(const char *g)
{
	static const char *const names[] = { "OUTSTANDING", "GOOD", "RI",
					     "INADEQUATE" };

	if (!g)
		return BAD_GRADE;
	for (int i = 0; i < 4; i++)
		if (!strcasecmp(g, names[i]))
			return i;
	return !strcasecmp(g, "NA") ? NA_GRADE : BAD_GRADE;
}

struct run {
	struct mstage *ms;
	struct tally t;
	/* [audits] config: re-audit intervals in months, oldest due first;
	 * working days for actions, moderation and audit from allocation;
	 * how many Inadequate audits in how many months is a repeat. */
	unsigned long long reaudit[CONFIG_LIST_MAX];
	size_t nreaudit;
	long action_wd, moderation_wd, allocation_wd, repeat_n, repeat_months;
	long horizon_days;               /* re-audits coming due, listed */
	long kappa[PERIOD_MAX][4][4];
	const void **children;           /* child_index() */
	struct caselist *list_repeat, *list_actions, *list_reaudits;
};

/* The headline and the audit-level breakdowns of one audit. */
static void add(struct run *r, int m, int p, const struct c_audit *a, int num,
		int den)
{
	struct tally *t = &r->t;

	tally_add(t, m, p, "all", "all", num, den);
	tally_add(t, m, p, "service_area", a->service_area, num, den);
	tally_add(t, m, p, "team", a->team, num, den);
	tally_add(t, m, p, "audit_type", a->type, num, den);
}

/* Count audit a's overall grade g (when graded) and each domain's
 * into period p, by grade; a domain marked not graded is counted apart. */
static void grades(struct run *r, int p, const struct c_audit *a, int g)
{
	static const int metric[4] = { G_OUT, G_GOOD, G_RI, G_INAD };

	if (g >= 0) {
		for (int i = 0; i < 4; i++)
			add(r, metric[i], p, a, g == i, 1);
		add(r, G_GOB, p, a, g <= 1, 1);
	}
	for (int k = 0; k < a->ndomain; k++) {
		const struct c_domain *d = &a->domain[k];
		int dg = grade_of(d->grade);

		if (!d->name)
			continue;
		if (dg == NA_GRADE) {
			tally_set_count(&r->t, COMPLETED, p, "domain_not_graded",
					d->name, "audits", 1);
			continue;
		}
		if (dg < 0)
			continue;
		for (int i = 0; i < 4; i++)
			tally_add(&r->t, metric[i], p, "domain", d->name, dg == i, 1);
		tally_add(&r->t, G_GOB, p, "domain", d->name, dg <= 1, 1);
	}
}

static int cmp_id(const void *x, const void *y)
{
	const struct c_audit *a = *(const struct c_audit *const *)x;
	const struct c_audit *b = *(const struct c_audit *const *)y;
	int c = strcmp(a->lea ? a->lea : "", b->lea ? b->lea : "");

	return c ? c : strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static const struct c_audit *find(const struct c_audit **byid, size_t n,
				  const char *lea, const char *id)
{
	struct c_audit key = { 0 };
	const struct c_audit *kp = &key, *const *hit;

	key.lea = lea;
	key.id = id;
	hit = bsearch(&kp, byid, n, sizeof(*byid), cmp_id);
	return hit ? *hit : NULL;
}

static int cmp_child(const void *x, const void *y)
{
	const struct c_audit *a = *(const struct c_audit *const *)x;
	const struct c_audit *b = *(const struct c_audit *const *)y;
	int c = strcmp(a->lea ? a->lea : "", b->lea ? b->lea : "");

	if (!c)
		c = strcmp(a->child ? a->child : "", b->child ? b->child : "");
	return c ? c : (a->date > b->date) - (a->date < b->date);
}

/* Children and audits share one string table, so a child is known
 * when its (lea, id) pointers are: sort (lea, id, child) triples by the
 * first two, then search. */
static int cmp_ptr2(const void *x, const void *y)
{
	const void *const *a = x, *const *b = y;

	if (a[0] != b[0])
		return (uintptr_t)a[0] < (uintptr_t)b[0] ? -1 : 1;
	if (a[1] != b[1])
		return (uintptr_t)a[1] < (uintptr_t)b[1] ? -1 : 1;
	return 0;
}

static const void **child_index(const struct cases *c)
{
	const void **idx = xcalloc(3 * c->nchild + 3, sizeof(*idx));

	for (size_t i = 0; i < c->nchild; i++) {
		idx[3 * i] = c->child[i].lea;
		idx[3 * i + 1] = c->child[i].id;
		idx[3 * i + 2] = &c->child[i];
	}
	if (c->nchild > 1)
		qsort(idx, c->nchild, 3 * sizeof(*idx), cmp_ptr2);
	return idx;
}

/* The audited child, or NULL when the tables have no such child. */
static const struct c_child *child_of(const struct run *r,
				      const struct c_audit *a)
{
	const void *key[2] = { a->lea, a->child };
	size_t n = r->ms->cases.nchild;
	const void **hit = n ? bsearch(key, r->children, n, 3 * sizeof(void *),
				       cmp_ptr2) : NULL;

	return hit ? hit[2] : NULL;
}

/*
 * Who an audit's list row is about: the team and service area the audit
 * names, and the episode (its number and worker) of the child open on
 * the audit date, else the last referred before it.
 */
static struct caselist_who audit_who(const struct run *r,
				     const struct c_audit *a)
{
	const struct c_child *ch = child_of(r, a);
	struct caselist_who w = { a->lea, a->child,
		ch ? episode_on(ch, a->date) : NULL, a->team, a->service_area };

	return w;
}

/* A note naming the audit: "<id>: <what>". */
static void note_audit(struct mstage *ms, const char *note,
		       const struct c_audit *a, const char *what)
{
	struct strbuf v;

	strbuf_init(&v);
	strbuf_addf(&v, "%s: %s", a->id ? a->id : "?", what ? what : "");
	mstage_note(ms, note, v.buf);
	strbuf_release(&v);
}

static int cmp_reaudit(const void *x, const void *y)
{
	const struct c_audit *a = *(const struct c_audit *const *)x;
	const struct c_audit *b = *(const struct c_audit *const *)y;
	int c = cmp_ptr2((const void *[]){ a->lea, a->reaudit_of },
			 (const void *[]){ b->lea, b->reaudit_of });

	return c ? c : (a->date > b->date) - (a->date < b->date);
}

/* The re-audits of a by the as-of date, earliest first, at most max,
 * from the audits sorted by (lea, reaudit_of, date). */
static size_t reaudits_of(const struct c_audit **byre, size_t n,
			  const struct c_audit *a, dip_date as_of,
			  const struct c_audit **out, size_t max)
{
	size_t lo = 0, hi = n, k = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_ptr2((const void *[]){ byre[mid]->lea, byre[mid]->reaudit_of },
				 (const void *[]){ a->lea, a->id });

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && k < max && byre[lo]->lea == a->lea &&
	       byre[lo]->reaudit_of == a->id; lo++)
		if (byre[lo]->date != DIP_DATE_NONE && byre[lo]->date <= as_of)
			out[k++] = byre[lo];
	return k;
}

/* 1 when a re-audit is graded above Inadequate. */
static int improved(const struct c_audit *re)
{
	return grade_of(re->grade) >= 0 && grade_of(re->grade) < 3;
}

/*
 * Re-audits of Inadequate audits, as of the as-of date.  Each interval of
 * reaudit_months is a re-audit due that many months after the audit; the
 * first interval is met by the first re-audit, the second by the second,
 * and so on.  Each interval has its own rows (breakdown "interval"); the
 * headline adds them up.  The list also names the re-audits not yet done
 * that come due within reaudit_horizon_days, so they can be booked.
 */
static void reaudits(struct run *r, const struct c_audit **byid, size_t n,
		     const struct c_audit **byre)
{
	struct mstage *ms = r->ms;
	const struct cases *c = &ms->cases;
	dip_date horizon = ms->as_of + (dip_date)r->horizon_days;
	int snap = ms->nperiod - 1;

	for (size_t i = 0; i < c->naudit; i++) {
		const struct c_audit *a = &c->audit[i], *re[CONFIG_LIST_MAX];
		struct caselist_who who;
		size_t nre, k;

		if (a->reaudit_of && !find(byid, n, a->lea, a->reaudit_of))
			note_audit(ms, "reaudit_of_missing", a, a->reaudit_of);
		if (grade_of(a->grade) != 3 || a->date == DIP_DATE_NONE)
			continue;
		if (!r->nreaudit ||
		    date_add_months(a->date, (int)r->reaudit[0]) > horizon)
			continue;       /* nothing due, nor soon */
		nre = reaudits_of(byre, n, a, ms->as_of, re, r->nreaudit);
		/* A re-audit dated before the audit leaves every interval. */
		for (k = 0; k < nre; k++)
			if (!mstage_dates_ok(ms, DC_REAUDIT_BEFORE_AUDIT, a->date,
					     re[k]->date, REAUDIT_IDS))
				break;
		if (k < nre)
			continue;
		who = audit_who(r, a);
		for (k = 0; k < r->nreaudit; k++) {
			const struct c_audit *x = k < nre ? re[k] : NULL;
			dip_date due = date_add_months(a->date, (int)r->reaudit[k]);
			char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN], months[24], group[32];
			const char *status = x ? "done" : due <= ms->as_of ? "due"
					       : "coming_due";
			const char *f[8] = { a->id, date_format(a->date, d1), months,
				date_format(due, d2), status, x ? x->id : NULL,
				x ? x->grade : NULL,
				!x ? NULL : improved(x) ? "1" : "0" };

			/* Intervals only grow: the later ones are further off. */
			if (due > horizon)
				break;
			fmt_ull(months, r->reaudit[k]);
			/* One done ahead of its date needs nothing more. */
			if (due > ms->as_of) {
				if (!x)
					caselist_add(r->list_reaudits, &who, 0, due, f);
				continue;
			}
			snprintf(group, sizeof(group), "%llu month%s", r->reaudit[k],
				 r->reaudit[k] == 1 ? "" : "s");
			tally_add(&r->t, RE_DUE, snap, "all", "all", 1, 0);
			tally_add(&r->t, RE_DUE, snap, "interval", group, 1, 0);
			tally_add(&r->t, RE_DONE, snap, "all", "all", x != NULL, 1);
			tally_add(&r->t, RE_DONE, snap, "interval", group, x != NULL, 1);
			if (x) {
				tally_add(&r->t, RE_IMPROVED, snap, "all", "all",
					  improved(x), 1);
				tally_add(&r->t, RE_IMPROVED, snap, "interval", group,
					  improved(x), 1);
			}
			caselist_add(r->list_reaudits, &who, x != NULL, due, f);
		}
	}
}

/*
 * The list row of a child with count Inadequate audits in the window:
 * the audits' ids and dates, oldest first (a child's audits come sorted
 * by date); team and service area those of the latest, and the episode
 * open on its date.
 */
static void repeat_row(struct run *r, const struct c_audit **audit, size_t n,
		       dip_date from, int count)
{
	const struct c_audit *latest = NULL;
	struct caselist_who who;
	struct strbuf ids, dates;
	char nb[DIP_NUM_LEN], d[DIP_DATE_LEN];
	const char *f[3] = { nb, NULL, NULL };

	strbuf_init(&ids);
	strbuf_init(&dates);
	for (size_t k = 0; k < n; k++) {
		const struct c_audit *a = audit[k];

		if (grade_of(a->grade) != 3 || a->date <= from ||
		    a->date > r->ms->as_of)
			continue;
		strbuf_adds(&ids, latest ? "; " : "");
		strbuf_adds(&ids, a->id ? a->id : "");
		strbuf_adds(&dates, latest ? "; " : "");
		strbuf_adds(&dates, date_format(a->date, d));
		latest = a;
	}
	fmt_long(nb, count);
	f[1] = ids.buf;
	f[2] = dates.buf;
	who = audit_who(r, latest);
	/* Most urgent first: the most Inadequate audits, then the most
	 * recent of them. */
	caselist_add(r->list_repeat, &who, count, latest->date, f);
	strbuf_release(&ids);
	strbuf_release(&dates);
}

/* Children with repeat_inadequate_audits (3) or more Inadequate audits
 * in the repeat_inadequate_months (12) to the as-of date. */
static void repeat_inadequate(struct run *r, const struct c_audit **bychild,
			      size_t n)
{
	struct mstage *ms = r->ms;
	dip_date from = date_add_months(ms->as_of, -(int)r->repeat_months);
	long children = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		int count = 0;

		while (j < n && bychild[j]->lea == bychild[i]->lea &&
		       bychild[j]->child == bychild[i]->child) {
			const struct c_audit *a = bychild[j];

			count += grade_of(a->grade) == 3 && a->date > from &&
				 a->date <= ms->as_of;
			j++;
		}
		if (count >= r->repeat_n && bychild[i]->child) {
			repeat_row(r, bychild + i, j - i, from, count);
			children++;
		}
		i = j;
	}
	tally_set_count(&r->t, REPEAT_INAD, ms->nperiod - 1, "all", "all",
			NULL, children);
}

/* Count audit a's actions: within the working days allowed (their
 * due date, or action_working_days after raising), and overdue now. */
static void actions(struct run *r, const struct c_audit *a)
{
	struct mstage *ms = r->ms;

	for (int k = 0; k < a->naction; k++) {
		const struct c_action *x = &a->action[k];
		dip_date due = x->due != DIP_DATE_NONE ? x->due
			     : calendar_add_wd(&ms->cal, x->raised, r->action_wd);
		int done = x->completed != DIP_DATE_NONE && x->completed <= ms->as_of;

		if (x->raised == DIP_DATE_NONE || x->raised > ms->as_of)
			continue;
		if (!mstage_dates_ok(ms, DC_ACTION_COMPLETED_BEFORE_RAISED,
				     x->raised, x->completed, ACTION_IDS)) {
			note_audit(ms, "action_completed_before_raised", a, x->id);
			continue;
		}
		if (!mstage_dates_ok(ms, DC_ACTION_DUE_BEFORE_RAISED, x->raised,
				     x->due, ACTION_IDS))
			continue;
		/* Only actions old enough to have had their days. */
		if (calendar_wd(&ms->cal, x->raised, ms->as_of) >= r->action_wd) {
			int in = done && calendar_wd(&ms->cal, x->raised,
						     x->completed) <= r->action_wd;

			for (int p = 0; p < ms->nperiod; p++)
				if (period_contains(&ms->period[p], x->raised))
					add(r, ACT_5WD, p, a, in, 1);
		}
		if (!done && due < ms->as_of) {
			char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN];
			struct caselist_who who = audit_who(r, a);
			const char *f[6] = { a->id, x->id, x->owner, x->description,
				date_format(x->raised, d1), date_format(due, d2) };

			tally_add(&r->t, ACT_OVERDUE, ms->nperiod - 1, "all", "all",
				  1, 0);
			caselist_add(r->list_actions, &who, due, 0, f);
		}
	}
}

/*
 * Audits done within allocation_working_days of their allocation, by
 * allocation date, over the audits allocated at least that long before
 * the as-of date (each has had its days; one not done yet is late).  An
 * audit dated before its allocation is a recording error: noted, left out.
 */
static void allocation(struct run *r, const struct c_audit *a)
{
	struct mstage *ms = r->ms;
	char d[DIP_DATE_LEN];
	int in;

	if (a->allocated == DIP_DATE_NONE || a->allocated > ms->as_of)
		return;
	if (!mstage_dates_ok(ms, DC_AUDIT_BEFORE_ALLOCATION, a->allocated,
			     a->date, "audits_within_10wd")) {
		if (a->allocated >= ms->first_day)
			note_audit(ms, "audit_before_allocation", a,
				   date_format(a->allocated, d));
		return;
	}
	if (calendar_wd(&ms->cal, a->allocated, ms->as_of) < r->allocation_wd)
		return;
	in = a->date != DIP_DATE_NONE && a->date <= ms->as_of &&
	     calendar_wd(&ms->cal, a->allocated, a->date) <= r->allocation_wd;
	for (int p = 0; p < ms->nperiod; p++)
		if (period_contains(&ms->period[p], a->allocated))
			add(r, ALLOC_WITHIN, p, a, in, 1);
}

/*
 * 1 when moderated within moderation_working_days of the audit, 0 when
 * later, -1 when not moderated by the as-of date.  A moderation dated
 * before its audit is a recording error: noted, left out (-1).
 */
static int moderation(struct run *r, const struct c_audit *a)
{
	struct mstage *ms = r->ms;
	char d[DIP_DATE_LEN];

	if (a->moderation_date == DIP_DATE_NONE || a->moderation_date > ms->as_of)
		return -1;
	if (!date_order_ok(DC_MODERATION_BEFORE_AUDIT, a->date,
			   a->moderation_date)) {
		if (a->date >= ms->first_day)
			note_audit(ms, "moderation_before_audit", a,
				   date_format(a->moderation_date, d));
		return -1;
	}
	return calendar_wd(&ms->cal, a->date, a->moderation_date) <=
	       r->moderation_wd;
}

/* Cohen's kappa over the four grades, per period. */
static void kappas(struct run *r)
{
	for (int p = 0; p < r->ms->nperiod; p++) {
		long n = 0, agree = 0, row_sum[4] = { 0 }, col_sum[4] = { 0 };
		double po, pe = 0;

		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) {
				n += r->kappa[p][i][j];
				row_sum[i] += r->kappa[p][i][j];
				col_sum[j] += r->kappa[p][i][j];
			}
		if (!n)
			continue;
		for (int i = 0; i < 4; i++) {
			agree += r->kappa[p][i][i];
			pe += (double)row_sum[i] * (double)col_sum[i] /
			      ((double)n * (double)n);
		}
		po = (double)agree / (double)n;
		if (pe < 1)
			tally_set_ratio(&r->t, KAPPA, p, "all", "all", agree, n,
					(po - pe) / (1 - pe));
	}
}

static int run(struct mstage *ms)
{
	static const char *const repeat_cols[] = { "inadequate_audits",
		"audit_ids", "audit_dates" };
	static const char *const action_cols[] = { "audit_id", "action_id",
		"owner", "description", "raised_date", "due_date" };
	static const char *const reaudit_cols[] = { "audit_id", "audit_date",
		"interval_months", "reaudit_due_date", "status", "reaudit_id",
		"reaudit_grade", "improved" };
	const struct cases *c = &ms->cases;
	const struct c_audit **byid, **bychild, **byre;
	struct run r;
	FILE *metrics;
	const struct mstage_key keys[] = {
		{ "action_working_days", &r.action_wd },
		{ "moderation_working_days", &r.moderation_wd },
		{ "allocation_working_days", &r.allocation_wd },
		{ "repeat_inadequate_audits", &r.repeat_n },
		{ "repeat_inadequate_months", &r.repeat_months },
		{ "reaudit_horizon_days", &r.horizon_days },
		{ NULL, NULL },
	};

	memset(&r, 0, sizeof(r));
	r.ms = ms;
	if (config_ulong_list(&ms->cfg, "audits", "reaudit_months", r.reaudit,
			      CONFIG_LIST_MAX, &r.nreaudit, &ms->err) ||
	    mstage_numbers(ms, "audits", keys))
		return -1;
	if (!(metrics = mstage_metrics(ms)))
		return -1;
	/* Most urgent first (doc/outputs.md, "The lists"); the orders are given
	 * where the rows are added. */
	r.list_repeat = mstage_list(ms, defs[REPEAT_INAD].id, repeat_cols, 3,
				    CASELIST_DESC, CASELIST_DESC);
	/* The action most overdue: the earliest due date. */
	r.list_actions = mstage_list(ms, defs[ACT_OVERDUE].id, action_cols, 6,
				     CASELIST_ASC, CASELIST_UNUSED);
	/* Not done before done, then the earliest due date: the most
	 * overdue first, then those coming due soonest. */
	r.list_reaudits = mstage_list(ms, defs[RE_DUE].id, reaudit_cols, 8,
				      CASELIST_ASC, CASELIST_ASC);
	byid = xcalloc(c->naudit + 1, sizeof(*byid));
	bychild = xcalloc(c->naudit + 1, sizeof(*bychild));
	byre = xcalloc(c->naudit + 1, sizeof(*byre));
	for (size_t i = 0; i < c->naudit; i++)
		byid[i] = bychild[i] = byre[i] = &c->audit[i];
	if (c->naudit > 1) {
		qsort(byid, c->naudit, sizeof(*byid), cmp_id);
		qsort(bychild, c->naudit, sizeof(*bychild), cmp_child);
		qsort(byre, c->naudit, sizeof(*byre), cmp_reaudit);
	}
	r.children = child_index(c);
	tally_init(&r.t, defs, NMETRIC, ms->period, ms->nperiod);
	for (size_t i = 0; i < c->naudit; i++) {
		const struct c_audit *a = &c->audit[i];
		int g = grade_of(a->grade), mg = grade_of(a->moderation_grade);
		int timely, dated;

		/* An audit allocated but not yet done has no grade yet. */
		if (g == BAD_GRADE && (a->grade || a->date != DIP_DATE_NONE))
			note_audit(ms, "unknown_grade", a, a->grade);
		if (a->moderation_grade && mg == BAD_GRADE)
			note_audit(ms, "unknown_grade", a, a->moderation_grade);
		if (!child_of(&r, a))
			note_audit(ms, "unknown_child", a, a->child);
		allocation(&r, a);
		if (a->date == DIP_DATE_NONE || a->date > ms->as_of)
			continue;
		timely = moderation(&r, a);
		dated = mstage_dates_ok(ms, DC_MODERATION_BEFORE_AUDIT, a->date,
					a->moderation_date, MODERATION_IDS);
		if (!dated)
			timely = -1;
		for (int p = 0; p < ms->nperiod; p++) {
			int moderated = a->moderation_grade != NULL;

			if (!period_contains(&ms->period[p], a->date))
				continue;
			add(&r, COMPLETED, p, a, 1, 0);
			grades(&r, p, a, g);
			add(&r, MODERATED, p, a, moderated, 1);
			if (dated && moderated && g >= 0 && mg >= 0) {
				add(&r, AGREE, p, a, g == mg, 1);
				add(&r, LOWER, p, a, mg > g, 1);
				r.kappa[p][g][mg]++;
			}
			if (timely >= 0)
				add(&r, MOD_WITHIN, p, a, timely, 1);
			add(&r, FB_SOUGHT, p, a, a->feedback_sought == 1, 1);
			add(&r, FB_OBTAINED, p, a, a->feedback_obtained == 1, 1);
		}
		actions(&r, a);
	}
	kappas(&r);
	reaudits(&r, byid, c->naudit, byre);
	repeat_inadequate(&r, bychild, c->naudit);
	free(byid);
	free(bychild);
	free(byre);
	free(r.children);
	return mstage_write_tally(ms, &r.t, metrics, 0);
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "audits", .about = "\
Case-file audit analytics (doc/metrics.md), by audit date:\n\
  audits_completed, audits_grade_{outstanding,good,ri,inadequate},\n\
  audits_good_or_better      grades over graded audits (by domain too)\n\
  audits_moderated, moderation_agreement, moderation_kappa,\n\
  moderation_lower           moderation and how far it agreed\n\
  moderation_within_10wd     moderated within N working days of the audit\n\
  audits_within_10wd         audited within N working days of allocation\n\
  reaudits_due, reaudits_done, reaudits_improved\n\
                             re-audits of Inadequate audits, per interval\n\
  children_repeat_inadequate N or more Inadequate audits in M months\n\
  family_feedback_sought, family_feedback_obtained\n\
  actions_within_5wd, actions_overdue\n\
The timescales are the [audits] keys of the config (dipsample.conf(5)).\n",
		.run = run };

	return mstage_main(argc, argv, &info);
}
