/*
 * schema.c - the tables the metric stages read, declared once; see
 * schema.h.  One line per column: its name, how it is read, which stages
 * read it, and the field of rows.h it fills.
 */
#include "dip/schema.h"
#include "dip/rows.h"
#include "dip/number.h"

#include <limits.h>
#include <string.h>

#define O SCHEMA_OVERDUE
#define R SCHEMA_REPEAT_CP
#define C SCHEMA_CONSENT
#define T SCHEMA_TIMELINESS
#define A SCHEMA_AUDITS
#define W SCHEMA_WORKLIST

/* A column kept only to find the row's parent or identify the row. */
#define KEY(name) { name, SCHEMA_TEXT, SCHEMA_EVERY, SCHEMA_NOWHERE, 0 }
#define COL(name, type, stages, st, field) \
	{ name, type, stages, offsetof(st, field), 0 }
/* An Eclipse field: any value in it shows the export had the extension;
 * the stages that tell plain census data from extended read it too. */
#define EXT(name, type, stages, st, field) \
	{ name, type, (stages) | O | C, offsetof(st, field), 1 }
/* A table whose elements are the value itself (factor codes, dates). */
#define SELF(name, type, stages) { name, type, stages, 0, 0 }

static const struct schema_col manifest[] = {
	/* Every stage: which rows are sources (find_data_end()). */
	COL("item", SCHEMA_TEXT, SCHEMA_EVERY, struct c_source, item),
	COL("kind", SCHEMA_TEXT, O | T, struct c_source, kind),
	COL("census_year", SCHEMA_COUNT, O | T, struct c_source, census_year),
	/* No date in the data can follow it (mstage_dates_ok). */
	COL("export_datetime", SCHEMA_TEXT, SCHEMA_EVERY, struct c_source,
	    exported),
};

static const struct schema_col children[] = {
	COL("lea", SCHEMA_TEXT, SCHEMA_EVERY, struct c_child, lea),
	COL("la_child_id", SCHEMA_TEXT, SCHEMA_EVERY, struct c_child, id),
	COL("birth_date", SCHEMA_DATE, O, struct c_child, birth),
	COL("expected_birth_date", SCHEMA_DATE, O, struct c_child, expected),
	COL("sibling_group", SCHEMA_TEXT, O, struct c_child, sibling_group),
};

static const struct schema_col care_periods[] = {
	KEY("lea"), KEY("la_child_id"),
	COL("period_start", SCHEMA_DATE, O, struct c_care, start),
	COL("period_end", SCHEMA_DATE, O, struct c_care, end),
};

static const struct schema_col episodes[] = {
	KEY("lea"), KEY("la_child_id"),
	COL("episode_no", SCHEMA_ORDINAL, SCHEMA_EVERY, struct c_episode, no),
	/* dip-audits and dip-worklist: the child's episode on a day
	 * (episode_on()). */
	COL("referral_date", SCHEMA_DATE, O | C | T | A | W, struct c_episode,
	    referral),
	/* dip-timeliness: the closure before a re-referral, in its list. */
	COL("closure_date", SCHEMA_DATE, O | C | T | A | W, struct c_episode,
	    closure),
	COL("closure_reason", SCHEMA_TEXT, C | T, struct c_episode, reason),
	COL("referral_nfa", SCHEMA_FLAG, O | A | W, struct c_episode, nfa),
	EXT("team", SCHEMA_TEXT, SCHEMA_EVERY, struct c_episode, team),
	EXT("service_area", SCHEMA_TEXT, SCHEMA_EVERY, struct c_episode,
	    service_area),
	EXT("worker", SCHEMA_TEXT, SCHEMA_EVERY, struct c_episode, worker),
	EXT("local_closure_reason", SCHEMA_TEXT, C, struct c_episode,
	    local_reason),
};

/* Every ClosureAgreement block of an episode, each with its own role and
 * date: dip-consent asks its rule of all of them. */
static const struct schema_col closure_agreements[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"),
	COL("agreement_no", SCHEMA_ORDINAL, C, struct c_agreement, no),
	EXT("date", SCHEMA_DATE, C, struct c_agreement, date),
	EXT("role", SCHEMA_TEXT, C, struct c_agreement, role),
};

static const struct schema_col assessments[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"),
	COL("assessment_no", SCHEMA_ORDINAL, SCHEMA_EVERY, struct c_assessment,
	    no),
	COL("start_date", SCHEMA_DATE, O | T, struct c_assessment, start),
	COL("authorisation_date", SCHEMA_DATE, O | C | T, struct c_assessment,
	    auth),
};

static const struct schema_col assessment_factors[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"), KEY("assessment_no"),
	SELF("factor", SCHEMA_TEXT, R),
};

static const struct schema_col cin_plans[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"),
	COL("start_date", SCHEMA_DATE, R, struct c_cin_plan, start),
	COL("end_date", SCHEMA_DATE, R, struct c_cin_plan, end),
};

static const struct schema_col section47s[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"),
	COL("start_date", SCHEMA_DATE, T, struct c_s47, start),
	COL("icpc_date", SCHEMA_DATE, T, struct c_s47, icpc),
	COL("icpc_not_required", SCHEMA_FLAG, T, struct c_s47, not_required),
};

static const struct schema_col cp_plans[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"),
	COL("cpp_no", SCHEMA_ORDINAL, SCHEMA_EVERY, struct c_cpp, no),
	COL("start_date", SCHEMA_DATE, R | T, struct c_cpp, start),
	COL("end_date", SCHEMA_DATE, R | T, struct c_cpp, end),
	COL("initial_category", SCHEMA_TEXT, R, struct c_cpp, initial),
	COL("latest_category", SCHEMA_TEXT, R, struct c_cpp, latest),
	COL("previous_cpp", SCHEMA_COUNT, R, struct c_cpp, previous),
};

static const struct schema_col cp_reviews[] = {
	KEY("lea"), KEY("la_child_id"), KEY("episode_no"), KEY("cpp_no"),
	SELF("review_date", SCHEMA_DATE, T),
};

static const struct schema_col audits[] = {
	COL("lea", SCHEMA_TEXT, SCHEMA_EVERY, struct c_audit, lea),
	COL("audit_id", SCHEMA_TEXT, SCHEMA_EVERY, struct c_audit, id),
	COL("la_child_id", SCHEMA_TEXT, A | W, struct c_audit, child),
	COL("audit_type", SCHEMA_TEXT, A, struct c_audit, type),
	COL("service_area", SCHEMA_TEXT, A | W, struct c_audit, service_area),
	COL("team", SCHEMA_TEXT, A | W, struct c_audit, team),
	COL("audit_date", SCHEMA_DATE, A | W, struct c_audit, date),
	COL("overall_grade", SCHEMA_TEXT, A | W, struct c_audit, grade),
	COL("reaudit_of", SCHEMA_TEXT, A | W, struct c_audit, reaudit_of),
	COL("feedback_sought", SCHEMA_BOOL, A, struct c_audit, feedback_sought),
	COL("feedback_obtained", SCHEMA_BOOL, A, struct c_audit,
	    feedback_obtained),
	COL("moderation_date", SCHEMA_DATE, A, struct c_audit, moderation_date),
	COL("moderation_grade", SCHEMA_TEXT, A, struct c_audit,
	    moderation_grade),
	COL("allocated_date", SCHEMA_DATE, A, struct c_audit, allocated),
};

static const struct schema_col audit_domains[] = {
	KEY("lea"), KEY("audit_id"),
	COL("domain", SCHEMA_TEXT, A, struct c_domain, name),
	COL("grade", SCHEMA_TEXT, A, struct c_domain, grade),
};

static const struct schema_col audit_actions[] = {
	KEY("lea"), KEY("audit_id"),
	COL("action_id", SCHEMA_TEXT, A, struct c_action, id),
	COL("raised_date", SCHEMA_DATE, A, struct c_action, raised),
	COL("due_date", SCHEMA_DATE, A, struct c_action, due),
	COL("completed_date", SCHEMA_DATE, A, struct c_action, completed),
	COL("owner", SCHEMA_TEXT, A, struct c_action, owner),
	COL("description", SCHEMA_TEXT, A, struct c_action, description),
};

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
/* Rows kept in an array of struct cases (top level) or of the parent. */
#define IN(owner, arr, cnt, elem) \
	offsetof(owner, arr), offsetof(owner, cnt), \
	sizeof(((owner *)0)->cnt), sizeof(elem)
#define TABLE(name, parent, what, nkey, map, place, up, line) \
	{ #name, parent, what, nkey, map, place, up, line, name, N(name), 0 }
/* The same for a table some stage counts the rows of (rows: a mask). */
#define COUNTED(name, parent, what, nkey, map, place, up, line, rows) \
	{ #name, parent, what, nkey, map, place, up, line, name, N(name), rows }
#define NOWHERE SCHEMA_NOWHERE

/* In load order: a parent before its children. */
const struct schema_table schema_tables[SCHEMA_NTABLE] = {
	TABLE(manifest, -1, "source", 0, 0,
	      IN(struct cases, source, nsource, struct c_source),
	      NOWHERE, NOWHERE),
	/* dip-audits finds each audit's child among them. */
	COUNTED(children, -1, "child", 2, 1,
		IN(struct cases, child, nchild, struct c_child),
		NOWHERE, NOWHERE, A),
	TABLE(care_periods, SCHEMA_CHILDREN, "period", 2, 1,
	      IN(struct c_child, care, ncare, struct c_care),
	      NOWHERE, NOWHERE),
	TABLE(episodes, SCHEMA_CHILDREN, "episode", 3, 1,
	      IN(struct c_child, ep, nep, struct c_episode),
	      offsetof(struct c_episode, child), NOWHERE),
	TABLE(closure_agreements, SCHEMA_EPISODES, "agreement", 4, 1,
	      IN(struct c_episode, agreement, nagreement, struct c_agreement),
	      NOWHERE, NOWHERE),
	TABLE(assessments, SCHEMA_EPISODES, "assessment", 4, 1,
	      IN(struct c_episode, as, nas, struct c_assessment),
	      NOWHERE, NOWHERE),
	TABLE(assessment_factors, SCHEMA_ASSESSMENTS, "factor", 4, 1,
	      IN(struct c_assessment, factor, nfactor, const char *),
	      NOWHERE, NOWHERE),
	TABLE(cin_plans, SCHEMA_EPISODES, "plan", 3, 1,
	      IN(struct c_episode, cin, ncin, struct c_cin_plan),
	      NOWHERE, NOWHERE),
	COUNTED(section47s, SCHEMA_EPISODES, "enquiry", 3, 1,
		IN(struct c_episode, s47, ns47, struct c_s47),
		NOWHERE, NOWHERE, C),
	TABLE(cp_plans, SCHEMA_EPISODES, "plan", 4, 1,
	      IN(struct c_episode, cpp, ncpp, struct c_cpp),
	      offsetof(struct c_cpp, episode), NOWHERE),
	TABLE(cp_reviews, SCHEMA_CP_PLANS, "review", 4, 1,
	      IN(struct c_cpp, review, nreview, dip_date),
	      NOWHERE, NOWHERE),
	TABLE(audits, -1, "audit", 2, 1,
	      IN(struct cases, audit, naudit, struct c_audit),
	      NOWHERE, NOWHERE),
	TABLE(audit_domains, SCHEMA_AUDITS_T, "domain", 2, 1,
	      IN(struct c_audit, domain, ndomain, struct c_domain),
	      NOWHERE, NOWHERE),
	TABLE(audit_actions, SCHEMA_AUDITS_T, "action", 2, 1,
	      IN(struct c_audit, action, naction, struct c_action),
	      NOWHERE, offsetof(struct c_action, line)),
};

const struct schema_table *schema_table_named(const char *name)
{
	for (int i = 0; i < SCHEMA_NTABLE; i++)
		if (!strcmp(schema_tables[i].name, name))
			return &schema_tables[i];
	return NULL;
}

/* The metric stages by their bit in schema.h (1 << index): the one list
 * of their names, which a stage's bit needs beside it. */
static const char *const stage_name[] = { "overdue", "repeat-cp", "consent",
	"timeliness", "audits", "worklist" };
#define NSTAGE ((int)(sizeof(stage_name) / sizeof(*stage_name)))
_Static_assert(SCHEMA_EVERY == (1u << NSTAGE) - 1,
	       "every bit of schema.h has its name in stage_name[]");

void schema_stage_names(unsigned stages, struct strbuf *out)
{
	int n = 0, total = 0;

	if ((stages & SCHEMA_EVERY) == SCHEMA_EVERY) {
		strbuf_adds(out, "every metric stage");
		return;
	}
	for (int i = 0; i < NSTAGE; i++)
		total += !!(stages & (1u << i));
	for (int i = 0; i < NSTAGE; i++) {
		if (!(stages & (1u << i)))
			continue;
		if (n)
			strbuf_adds(out, ++n == total ? " and " : ", ");
		else
			n++;
		strbuf_addf(out, "dip-%s", stage_name[i]);
	}
}

int schema_value(enum schema_type type, const char *v, union schema_value *out)
{
	unsigned long long u;

	switch (type) {
	case SCHEMA_TEXT:
		out->text = v;
		return 0;
	case SCHEMA_DATE:
		out->date = DIP_DATE_NONE;
		return v && date_parse(v, strlen(v), &out->date) ? -1 : 0;
	case SCHEMA_ORDINAL:
	case SCHEMA_COUNT:
		/* Digits only: "3x" or "-1" is a damaged table, not a 3. */
		if (!v) {
			if (type == SCHEMA_ORDINAL)
				out->ordinal = 0;
			else
				out->count = -1;
			return 0;
		}
		if (parse_uint(v, 0, type == SCHEMA_ORDINAL ? INT_MAX : LONG_MAX,
			       &u))
			return -1;
		if (type == SCHEMA_ORDINAL)
			out->ordinal = (int)u;
		else
			out->count = (long)u;
		return 0;
	case SCHEMA_FLAG:
		out->flag = v && !strcmp(v, "1");
		return 0;
	case SCHEMA_BOOL:
		out->flag = !v ? -1 : !strcmp(v, "1");
		return 0;
	}
	return -1;
}

void schema_store(enum schema_type type, const union schema_value *v, void *f)
{
	switch (type) {
	case SCHEMA_TEXT: *(const char **)f = v->text; break;
	case SCHEMA_DATE: *(dip_date *)f = v->date; break;
	case SCHEMA_ORDINAL: *(int *)f = v->ordinal; break;
	case SCHEMA_COUNT: *(long *)f = v->count; break;
	case SCHEMA_FLAG:
	case SCHEMA_BOOL: *(int *)f = v->flag; break;
	}
}

unsigned schema_stage_mask(const char *stage)
{
	for (int i = 0; i < NSTAGE; i++)
		if (!strcmp(stage, stage_name[i]))
			return 1u << i;
	return SCHEMA_EVERY;
}

int schema_col_read(const struct schema_col *c, unsigned stages)
{
	return (c->stages & stages) != 0;
}

void schema_tables_needed(unsigned stages, int need[SCHEMA_NTABLE])
{
	memset(need, 0, SCHEMA_NTABLE * sizeof(*need));
	for (int t = SCHEMA_NTABLE - 1; t >= 0; t--) {
		const struct schema_table *st = &schema_tables[t];

		/* Children come after their parents: a table marked by a
		 * child is already marked when it is reached. */
		if (!st->from_map || (st->rows & stages))
			need[t] = 1;
		/* A row's identifying columns are read only to join it:
		 * they need the table no more than its parent does. */
		for (int k = st->nkey; k < st->ncol && !need[t]; k++)
			if (schema_col_read(&st->col[k], stages))
				need[t] = 1;
		if (!need[t])
			continue;
		if (st->parent >= 0)
			need[st->parent] = 1;
	}
}
