/*
 * dip-consent - the consent-closure dip sample: closures whose local
 * reason is a consent reason (a config table, never a guess), how many
 * of those followed a section 47 or a completed assessment, and how many
 * of those lack a Service Manager's agreement dated on or before the
 * closure.
 */
#include "dip/csvio.h"
#include "mstage/mstage.h"
#include "dip/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { CLOSURES, CONSENT, AFTER, NO_SM, NMETRIC };

static const struct metric_def defs[NMETRIC] = {
	{ "closures", "closures", METRIC_COUNT, 0,
	  "Episodes closed" },
	{ "consent_closures", "closures", METRIC_PROPORTION, 0,
	  "Closures coded as no consent" },
	{ "consent_closures_after_s47_or_assessment", "closures",
	  METRIC_PROPORTION, 0,
	  "Consent closures after an S47 or an assessment" },
	{ "consent_closures_without_sm_agreement", "closures",
	  METRIC_PROPORTION, 0,
	  "Consent closures without Service Manager agreement" },
};

#define CONSENT_IDS "closures consent_closures" \
	" consent_closures_after_s47_or_assessment" \
	" consent_closures_without_sm_agreement"

/* The consent category of a local reason: trimmed, any case. */
static const char *category(const struct csv_table *map, int reason_col,
			    int cat_col, const char *reason)
{
	size_t n;

	while (*reason == ' ')
		reason++;
	n = strlen(reason);
	while (n && reason[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < map->nrows; i++) {
		const char *r = map->row[i][reason_col];

		if (strlen(r) == n && !strncasecmp(r, reason, n))
			return map->row[i][cat_col];
	}
	return NULL;
}

/* 1 when an assessment of e was authorised by the episode's close. */
static int assessed(const struct c_episode *e)
{
	for (int i = 0; i < e->nas; i++)
		if (e->as[i].auth != DIP_DATE_NONE && e->as[i].auth <= e->closure)
			return 1;
	return 0;
}

/* 1 when x is a Service Manager's agreement dated on or before the
 * closure: the agreement the rule asks for. */
static int satisfies(const struct c_episode *e, const struct c_agreement *x)
{
	return x->role && !strcasecmp(x->role, "SM") &&
	       x->date != DIP_DATE_NONE && x->date <= e->closure;
}

/* x later than y: by date (an undated block is earliest), then number. */
static int later(const struct c_agreement *x, const struct c_agreement *y)
{
	return x->date != y->date ? x->date > y->date : x->no > y->no;
}

/*
 * The agreement to show for a closure, and whether the rule holds.  Every
 * block counts, whatever order the export gave them in: the latest block
 * that satisfies the rule if any does, else the latest block of all
 * (NULL when there is none).
 */
static const struct c_agreement *agreement(const struct c_episode *e,
					   int *agreed)
{
	const struct c_agreement *best = NULL, *any = NULL;

	for (int i = 0; i < e->nagreement; i++) {
		const struct c_agreement *x = &e->agreement[i];

		if (satisfies(e, x) && (!best || later(x, best)))
			best = x;
		if (!any || later(x, any))
			any = x;
	}
	*agreed = best != NULL;
	return best ? best : any;
}

/* Count into the all/all row and, when the team is a breakdown, the
 * episode's team. */
static void add(struct tally *t, int m, int p, const struct c_episode *e,
		int has_team, int num, int den)
{
	tally_add(t, m, p, "all", "all", num, den);
	if (has_team)
		tally_add(t, m, p, "team", e->team ? e->team : "unknown", num, den);
}

static int run(struct mstage *ms)
{
	static const char *const cols[] = { "referral_date", "closure_date",
		"closure_reason", "local_closure_reason", "consent_category",
		"had_s47",
		"had_authorised_assessment", "agreement_role", "agreement_date",
		"without_sm_agreement" };
	struct csv_table map;
	struct tally t;
	int ext = ms->cases.has_extension, reason_col, cat_col;
	char *path = config_path(&ms->cfg, "paths", "consent_reasons");
	struct caselist *list;
	FILE *metrics;

	if (csv_table_load(&map, path, &ms->err)) {
		free(path);
		return -1;
	}
	free(path);
	if ((reason_col = csv_table_need(&map, "local_reason", &ms->err)) < 0 ||
	    (cat_col = csv_table_need(&map, "category", &ms->err)) < 0 ||
	    !(metrics = mstage_metrics(ms))) {
		csv_table_release(&map);
		return -1;
	}
	/* Most urgent first: the closures that needed a Service Manager's
	 * agreement and have none, then the rest; the oldest first. */
	list = mstage_list(ms, defs[CONSENT].id, cols, 10, CASELIST_DESC,
			   CASELIST_ASC);
	/* Without the Eclipse extension there is no local reason to read:
	 * say so rather than report zero consent closures. */
	if (!ext)
		mstage_note(ms, "extension_missing",
			    "consent metrics need LocalClosureReason and"
			    " ClosureAgreement");
	tally_init(&t, defs, NMETRIC, ms->period, ms->nperiod);
	for (int m = CONSENT; !ext && m < NMETRIC; m++)
		tally_not_computed(&t, m, TALLY_NO_EXTENSION);
	for (size_t i = 0; i < ms->cases.nchild; i++) {
		const struct c_child *ch = &ms->cases.child[i];

		for (int k = 0; k < ch->nep; k++) {
			const struct c_episode *e = &ch->ep[k];
			const struct c_agreement *shown;
			const char *cat = NULL;
			int after, agreed, reported;

			/* A closure before its referral cannot be placed, nor
			 * said to follow the episode's work. */
			if (e->closure == DIP_DATE_NONE || e->closure > ms->as_of ||
			    !mstage_dates_ok(ms, DC_CLOSURE_BEFORE_REFERRAL,
					     e->referral, e->closure,
					     ext ? CONSENT_IDS : defs[CLOSURES].id))
				continue;
			/* The category is the closure's own, whichever period
			 * asks: a closure before the first trend month still
			 * falls in the earliest quarter or the year. */
			if (ext && e->local_reason)
				cat = category(&map, reason_col, cat_col,
					       e->local_reason);
			reported = e->closure >= ms->first_day;
			if (ext && reported && !e->local_reason)
				mstage_note(ms, "no_local_reason",
					    "closures with no local reason");
			else if (ext && reported && !cat)
				mstage_note(ms, "unmapped_local_reason",
					    e->local_reason);
			after = e->ns47 > 0 || assessed(e);
			shown = agreement(e, &agreed);
			for (int p = 0; p < ms->nperiod; p++) {
				if (!period_contains(&ms->period[p], e->closure))
					continue;
				add(&t, CLOSURES, p, e, ext, 1, 0);
				if (!ext)
					continue;
				add(&t, CONSENT, p, e, ext, cat != NULL, 1);
				if (!cat)
					continue;
				add(&t, AFTER, p, e, ext, after, 1);
				/* M8: only closures that followed a section 47
				 * or an authorised assessment needed the
				 * Service Manager's agreement. */
				if (after)
					add(&t, NO_SM, p, e, ext, !agreed, 1);
			}
			if (cat && reported) {
				char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN],
				     d3[DIP_DATE_LEN];
				struct caselist_who who = caselist_episode(ch, e);
				const char *f[10] = { date_format(e->referral, d1),
					date_format(e->closure, d2), e->reason,
					e->local_reason, cat, e->ns47 ? "1" : "0", assessed(e) ? "1" : "0",
					shown ? shown->role : NULL,
					shown && shown->date != DIP_DATE_NONE
						? date_format(shown->date, d3) : NULL,
					agreed ? "0" : "1" };

				caselist_add(list, &who, after && !agreed,
					     e->closure, f);
			}
		}
	}
	csv_table_release(&map);
	return mstage_write_tally(ms, &t, metrics, 0);
}

int main(int argc, char **argv)
{
	static const struct mstage_info info = {
		.name = "consent", .about = "\
The consent-closure dip sample (doc/metrics.md), by closure date:\n\
  closures                                   episodes closed\n\
  consent_closures                           local reason mapped to consent\n\
                                             (config consent_reasons)\n\
  consent_closures_after_s47_or_assessment   of those: a section 47 or an\n\
                                             authorised assessment\n\
  consent_closures_without_sm_agreement      of those after an S47 or an\n\
                                             assessment: no Service Manager\n\
                                             agreement on or before closure\n",
		.run = run };

	return mstage_main(argc, argv, &info);
}
