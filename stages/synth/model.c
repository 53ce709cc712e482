/*
 * model.c - one child's history, drawn from its own random stream.
 *
 * The shapes follow the councils' QA reports in shared/seeds: most
 * assessments authorised within 45 working days with a tail past it
 * (and some exactly on the 45th and 46th day), domestic abuse the most
 * common factor, neglect and emotional abuse the usual plan categories,
 * a quarter of plan children coming back for another plan, consent
 * closures with and without a Service Manager's agreement.
 */
#include "synth/model.h"

#include <stdio.h>
#include <string.h>

void synth_rng_seed(struct synth_rng *r, uint64_t seed, uint64_t stream)
{
	r->s = seed * 0x9e3779b97f4a7c15ull ^ (stream + 0x632be59bd9b4e019ull);
	synth_rng_next(r);
}

uint64_t synth_rng_next(struct synth_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t synth_rng_below(struct synth_rng *r, uint32_t n)
{
	return n ? (uint32_t)((synth_rng_next(r) >> 32) * n >> 32) : 0;
}

int synth_rng_chance(struct synth_rng *r, double p)
{
	return (double)(synth_rng_next(r) >> 11) * 0x1.0p-53 < p;
}

int synth_rng_pick(struct synth_rng *r, const int *w, int n)
{
	int total = 0, x;

	for (int i = 0; i < n; i++)
		total += w[i];
	x = (int)synth_rng_below(r, (uint32_t)total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

dip_date synth_census_start(int y)
{
	return date_from_ymd(y - 1, 4, 1);
}

dip_date synth_census_end(int y)
{
	return date_from_ymd(y, 3, 31);
}

/* The end year of the census year d is in (1 April to 31 March). */
static int census_year_of(dip_date d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return m >= 4 ? y + 1 : y;
}

#define PICK(r, names, weights) \
	(names)[synth_rng_pick((r), (weights), \
			       (int)(sizeof(weights) / sizeof((weights)[0])))]

static const char *const ethnicity[] = { "WBRI", "WOTH", "WIRI", "WROM",
	"MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
	"BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT" };
static const int ethnicity_w[] = { 700, 50, 5, 8, 25, 10, 12, 18, 15, 25,
	10, 10, 12, 30, 8, 3, 12, 3, 4 };
static const char *const disability[] = { "LD", "AUT", "COMM", "BEH",
	"MOB", "HAND", "PC", "INC", "HEAR", "VIS", "CON", "DDA" };
static const int disability_w[] = { 25, 25, 15, 15, 5, 3, 3, 3, 3, 2, 1, 4 };
static const char *const source[] = { "1A", "1B", "1C", "1D", "2A", "2B",
	"3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "6", "7",
	"8", "9", "10" };
static const int source_w[] = { 40, 8, 5, 3, 180, 20, 25, 40, 10, 20, 20,
	15, 10, 30, 20, 25, 300, 15, 30, 5, 5 };
static const char *const need[] = { "N1", "N2", "N3", "N4", "N5", "N6",
	"N7", "N8", "N9", "N0" };
static const int need_w[] = { 550, 40, 30, 100, 180, 30, 10, 30, 10, 20 };
static const char *const category[] = { "NEG", "EMO", "PHY", "SAB", "MUL" };
static const int category_w[] = { 48, 38, 7, 4, 3 };
static const char *const legal[] = { "C2", "C1", "V2", "E1", "J1", "L2" };
static const int legal_w[] = { 50, 25, 15, 5, 2, 3 };
/* Factors other than the "no factors" code 21.  18B/18C and 24A are
 * swapped for what the census year allows when drawn. */
static const char *const factor[] = { "3B", "3A", "3C", "4B", "2B", "1B",
	"16A", "17A", "5B", "6B", "4A", "10A", "11A", "24A", "18C", "19C",
	"14A", "15A", "20", "2A", "1A", "2C", "4C", "7A", "9A" };
static const int factor_w[] = { 300, 70, 50, 200, 100, 80, 100, 80, 30,
	30, 60, 30, 20, 20, 20, 10, 20, 20, 20, 10, 10, 10, 10, 10, 5 };

static dip_date add_wd(const struct synth *s, dip_date d, long n)
{
	return calendar_add_wd(s->cal, d, n);
}

/* A team of a service area: "Children in Need Team 2". */
static void allocate(struct synth_rng *r, struct syn_episode *e,
		     const char *area)
{
	static const struct { const char *area, *teams[4]; int n; } t[] = {
		{ "ICART", { "ICART" }, 1 },
		{ "DAT", { "Assessment Team 1", "Assessment Team 2",
			   "Assessment Team 3", "Assessment Team 4" }, 4 },
		{ "CIN", { "Children in Need Team 1", "Children in Need Team 2",
			   "Children in Need Team 3" }, 3 },
		{ "CP", { "Child Protection Team 1",
			  "Child Protection Team 2" }, 2 },
		{ "CIC", { "Children in Care Team 1",
			   "Children in Care Team 2" }, 2 },
	};
	static const char *const workers[] = { "SW001", "SW002", "SW003",
		"SW004", "SW005", "SW006", "SW007", "SW008", "SW009", "SW010",
		"SW011", "SW012", "SW013", "SW014", "SW015", "SW016" };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].area, area)) {
			e->service_area = t[i].area;
			e->team = t[i].teams[synth_rng_below(r, (uint32_t)t[i].n)];
		}
	e->worker = workers[synth_rng_below(r, 16)];
}

static void draw_factors(const struct synth *s, struct synth_rng *r,
			 struct syn_assessment *a, int none)
{
	int y = census_year_of(a->auth), n;

	(void)s;
	if (none) {
		a->factor[a->nfactor++] = "21";
		return;
	}
	n = 1 + synth_rng_pick(r, (const int[]){ 35, 35, 20, 10 }, 4);
	while (a->nfactor < n) {
		const char *f = PICK(r, factor, factor_w);
		int dup = 0;

		if (!strcmp(f, "24A") && y < 2022)
			f = "20";
		if (!strcmp(f, "18C") && y < 2021)
			f = "18A";
		if (!strcmp(f, "19C") && y < 2021)
			f = "19A";
		for (int i = 0; i < a->nfactor; i++)
			dup |= !strcmp(a->factor[i], f);
		if (!dup)
			a->factor[a->nfactor++] = f;
	}
}

/* Working days an assessment takes: most well inside 45, some exactly
 * 45 and 46 (the boundary the metric turns on), a tail past it. */
static long assessment_wd(struct synth_rng *r, int *never)
{
	static const int w[] = { 35, 30, 10, 6, 6, 10, 3 };

	*never = 0;
	switch (synth_rng_pick(r, w, 7)) {
	case 0: return 3 + synth_rng_below(r, 18);
	case 1: return 21 + synth_rng_below(r, 20);
	case 2: return 41 + synth_rng_below(r, 4);
	case 3: return 45;
	case 4: return 46;
	case 5: return 47 + synth_rng_below(r, 44);
	default: *never = 1; return 0;
	}
}

/* Close episode e on day when, with a reason drawn as a council's
 * would be (consent_possible: a closure by consent may be drawn). */
static void closure(struct synth_rng *r, struct syn_episode *e, dip_date when,
		    int after_assessment, int consent_possible)
{
	static const char *const reasons[] = { "RC1", "RC2", "RC3", "RC4",
		"RC5", "RC6", "RC7" };
	static const int reasons_w[] = { 1, 1, 3, 3, 8, 2, 82 };
	int consent = consent_possible && synth_rng_chance(r, 0.12);

	e->closure = when;
	if (after_assessment && !consent)
		e->reason = census_year_of(when) >= 2023 && synth_rng_chance(r, 0.4)
			    ? "RC9" : "RC8";
	else if (consent)
		e->reason = after_assessment ? "RC8" : "RC7";
	else
		e->reason = PICK(r, reasons, reasons_w);
	if (consent)
		e->local_reason = synth_rng_chance(r, 0.75) ? "No consent"
						      : "Consent withdrawn";
	else if (!strcmp(e->reason, "RC9"))
		e->local_reason = "Step down to early help";
	else if (!strcmp(e->reason, "RC5"))
		e->local_reason = "Moved to another local authority";
	else if (!strcmp(e->reason, "RC7"))
		e->local_reason = synth_rng_chance(r, 0.7) ? "Needs met"
						     : "Step down to early help";
	else
		e->local_reason = NULL;
	/* Service Manager agreement: usually on or before the closure,
	 * sometimes after it, sometimes missing; consent closures less
	 * often agreed (the seeds' finding). */
	if (synth_rng_chance(r, consent ? 0.55 : 0.8)) {
		e->agreement_role = "SM";
		e->agreement_date = synth_rng_chance(r, consent ? 0.75 : 0.95)
			? when - (dip_date)synth_rng_below(r, 4)
			: when + 1 + (dip_date)synth_rng_below(r, 10);
	} else if (synth_rng_chance(r, 0.5)) {
		e->agreement_role = "TM";
		e->agreement_date = when;
	}
}

static void cp_plan(const struct synth *s, struct synth_rng *r,
		    struct syn_cpp *p, dip_date start,
		    const char *last_category, int previous)
{
	static const int months_w[] = { 40, 40, 12, 8 };
	int band = synth_rng_pick(r, months_w, 4);
	int months = band == 0 ? 3 + (int)synth_rng_below(r, 6)
		   : band == 1 ? 9 + (int)synth_rng_below(r, 9)
		   : band == 2 ? 18 + (int)synth_rng_below(r, 6)
			       : 24 + (int)synth_rng_below(r, 7);
	dip_date next;

	p->start = start;
	p->initial = last_category && synth_rng_chance(r, 0.7)
		     ? last_category : PICK(r, category, category_w);
	p->latest = synth_rng_chance(r, 0.85) ? p->initial
					: PICK(r, category, category_w);
	p->previous = previous + (synth_rng_chance(r, 0.12) ? 1 : 0);
	p->end = add_wd(s, date_add_months(start, months), synth_rng_below(r, 10));
	/* First review within 3 months (mostly), then every 6 months. */
	next = date_add_months(start, 3);
	next = synth_rng_chance(r, 0.85) ? next - (dip_date)synth_rng_below(r, 10)
				   : next + 5 + (dip_date)synth_rng_below(r, 20);
	while (next < p->end && p->nreview < SYN_MAX_REV - 1) {
		p->review[p->nreview++] = add_wd(s, next - 1, 1);
		next = date_add_months(p->review[p->nreview - 1], 6);
		next = synth_rng_chance(r, 0.9) ? next - (dip_date)synth_rng_below(r, 10)
					  : next + 5 + (dip_date)synth_rng_below(r, 25);
	}
	if (synth_rng_chance(r, 0.5) && p->nreview < SYN_MAX_REV &&
	    (!p->nreview || p->review[p->nreview - 1] < p->end))
		p->review[p->nreview++] = p->end;    /* step-down review */
}

/*
 * One episode from its referral date.  Returns the number of CP plans
 * it started; *open is set when the episode never closes.
 */
static int episode(const struct synth *s, struct synth_rng *r,
		   struct syn_child *c, struct syn_episode *e, int legacy,
		   int plans_before, const char **last_category)
{
	static const int outcome_w[] = { 35, 30, 25, 10 };
	int outcome, never, plans = 0;
	struct syn_assessment *a;
	long wd;

	e->closure = e->agreement_date = e->icpc = DIP_DATE_NONE;
	e->source = PICK(r, source, source_w);
	if (!strcmp(e->source, "5C") && census_year_of(e->referral) >= 2023 &&
	    synth_rng_chance(r, 0.5))
		e->source = "5D";
	if (!legacy && synth_rng_chance(r, 0.18)) {
		e->nfa = 1;
		allocate(r, e, "ICART");
		return 0;
	}
	e->need = PICK(r, need, need_w);
	a = &e->as[e->nas++];
	a->start = add_wd(s, e->referral, synth_rng_below(r, 4));
	wd = assessment_wd(r, &never);
	a->auth = never ? DIP_DATE_NONE : add_wd(s, a->start, wd);
	a->type = "Single";
	allocate(r, e, "DAT");
	if (never)
		return 0;            /* still waiting: the episode stays open */
	outcome = legacy ? 3
		: plans_before && synth_rng_chance(r, 0.7) ? 2
		: synth_rng_pick(r, outcome_w, 4);
	draw_factors(s, r, a, outcome == 0 && synth_rng_chance(r, 0.15));
	switch (outcome) {
	case 0:                      /* closed after assessment */
		closure(r, e, a->auth + (dip_date)synth_rng_below(r, 10), 1, 1);
		break;
	case 1: {                    /* child in need plan */
		struct syn_cin_plan *p = &e->cin[e->ncin++];

		p->start = a->auth + (dip_date)synth_rng_below(r, 8);
		p->end = p->start + 60 + (dip_date)synth_rng_below(r, 340);
		allocate(r, e, "CIN");
		closure(r, e, p->end, 0, 1);
		break;
	}
	case 2: {                    /* section 47 */
		struct syn_s47 *q = &e->s47[e->ns47++];

		q->start = add_wd(s, e->referral, synth_rng_below(r, 15));
		q->target = add_wd(s, q->start, 15);
		q->icpc = DIP_DATE_NONE;
		if (synth_rng_chance(r, 0.35)) {
			q->not_required = 1;
			closure(r, e, (a->auth > q->start ? a->auth : q->start) +
				(dip_date)synth_rng_below(r, 10), 1, 1);
			break;
		}
		q->icpc = add_wd(s, q->start, synth_rng_chance(r, 0.75)
				 ? 5 + synth_rng_below(r, 11) : 16 + synth_rng_below(r, 15));
		if (!synth_rng_chance(r, 0.85)) {
			closure(r, e, (a->auth > q->icpc ? a->auth : q->icpc) +
				5 + (dip_date)synth_rng_below(r, 25), 0, 1);
			break;
		}
		cp_plan(s, r, &e->cpp[e->ncpp++], q->icpc, *last_category,
			plans_before);
		*last_category = e->cpp[0].latest;
		plans = 1;
		allocate(r, e, "CP");
		if (e->cpp[0].end <= a->auth)
			e->cpp[0].end = a->auth + 1;
		if (synth_rng_chance(r, 0.6)) {
			struct syn_cin_plan *p = &e->cin[e->ncin++];

			p->start = e->cpp[0].end;     /* stepped down */
			p->end = p->start + 90 + (dip_date)synth_rng_below(r, 210);
			allocate(r, e, "CIN");
			closure(r, e, p->end, 0, 0);
		} else {
			closure(r, e, e->cpp[0].end + (dip_date)synth_rng_below(r, 10),
				0, 0);
		}
		if (census_year_of(e->cpp[0].start) >= 2027 &&
		    synth_rng_chance(r, 0.3)) {
			struct syn_pp *pp = &e->pp;

			e->has_pp = 1;
			pp->start = e->cpp[0].start + 30 + (dip_date)synth_rng_below(r, 60);
			pp->letter = pp->start + 3 + (dip_date)synth_rng_below(r, 10);
			pp->offered = synth_rng_chance(r, 0.8);
			pp->facilitated = pp->offered && synth_rng_chance(r, 0.6);
			pp->meeting = pp->letter + 7 + (dip_date)synth_rng_below(r, 14);
			pp->reviews = (int)synth_rng_below(r, 4);
			pp->decision = pp->meeting + 60 + (dip_date)synth_rng_below(r, 60);
			pp->outcome = (const char *[]){ "A", "B", "C" }[synth_rng_below(r, 3)];
		}
		break;
	}
	default: {                   /* looked after */
		struct syn_care *k = &c->care[c->ncare++];

		k->start = a->auth + 5 + (dip_date)synth_rng_below(r, 60);
		/* Only a born child is looked after: an unborn one comes
		 * into care on its birth at the earliest. */
		if (c->expected != DIP_DATE_NONE && k->start < c->expected)
			k->start = c->expected;
		k->legal_status = PICK(r, legal, legal_w);
		k->end = DIP_DATE_NONE;
		if (!legacy && synth_rng_chance(r, 0.3))
			k->end = k->start + 200 + (dip_date)synth_rng_below(r, 700);
		/* An updated assessment about ten months into care, if the
		 * child is still in care when it is signed off. */
		{
			struct syn_assessment *u = &e->as[e->nas];

			u->start = add_wd(s, date_add_months(k->start, 10), 0);
			u->auth = add_wd(s, u->start, 20 + synth_rng_below(r, 30));
			u->type = "CiC update";
			if (k->end == DIP_DATE_NONE || u->auth < k->end) {
				draw_factors(s, r, u, 0);
				e->nas++;
			}
		}
		allocate(r, e, "CIC");
		if (k->end != DIP_DATE_NONE) {
			closure(r, e, k->end + (dip_date)synth_rng_below(r, 20), 0, 0);
			e->reason = (const char *[]){ "RC1", "RC3", "RC4", "RC7" }
				[synth_rng_below(r, 4)];
			e->local_reason = NULL;
		}
		break;
	}
	}
	return plans;
}

/* Whether child i shares a family with child i-1: a stream of its own,
 * so that any child's group can be found without drawing the others. */
static int joins_previous(const struct synth *s, long i)
{
	struct synth_rng r;

	synth_rng_seed(&r, s->seed, (1ull << 62) + (uint64_t)i);
	return i > 0 && synth_rng_chance(&r, 0.3);
}

/* The first child of i's family: siblings share its SiblingGroup. */
static long sibling_head(const struct synth *s, long i)
{
	while (joins_previous(s, i))
		i--;
	return i;
}

void synth_child(const struct synth *s, long i, struct syn_child *c)
{
	static const int age_w[] = { 5, 28, 25, 32, 10 };
	dip_date span_start = synth_census_start(s->from_year);
	dip_date span_end = synth_census_end(s->to_year);
	dip_date d;
	const char *last_category = NULL;
	int legacy, band, plans = 0, nep;
	struct synth_rng r;

	if (span_end > s->as_of)
		span_end = s->as_of;
	memset(c, 0, sizeof(*c));
	synth_rng_seed(&r, s->seed, (uint64_t)i);
	snprintf(c->id, sizeof(c->id), "SYN%07ld", i + 1);
	/* Some children arrive with an episode long open (in care, mostly). */
	legacy = synth_rng_chance(&r, 0.12);
	d = legacy ? span_start - 30 - (dip_date)synth_rng_below(&r, 3 * 365)
		   : span_start + (dip_date)synth_rng_below(&r,
				(uint32_t)(span_end - span_start + 1));
	band = synth_rng_pick(&r, age_w, 5);
	c->birth = c->expected = DIP_DATE_NONE;
	if (band == 0)
		c->expected = d + 30 + (dip_date)synth_rng_below(&r, 200);
	else {
		static const int lo[] = { 0, 0, 5, 10, 16 }, span[] = { 0, 5, 5, 6, 2 };
		int years = lo[band] + (int)synth_rng_below(&r, (uint32_t)span[band]);

		c->birth = d - years * 365 - (dip_date)synth_rng_below(&r, 365);
	}
	c->sex = synth_rng_chance(&r, 0.5) ? 'M' : 'F';
	c->ethnicity = PICK(&r, ethnicity, ethnicity_w);
	if (synth_rng_chance(&r, 0.12)) {
		c->disability[c->ndisability++] = PICK(&r, disability, disability_w);
		if (synth_rng_chance(&r, 0.3)) {
			const char *b = PICK(&r, disability, disability_w);

			if (strcmp(b, c->disability[0]))
				c->disability[c->ndisability++] = b;
		}
	}
	if (band >= 2 && synth_rng_chance(&r, 0.85))
		snprintf(c->upn, sizeof(c->upn), "Z%012ld", 990000000000L + i);
	else
		c->upn_unknown = band <= 1 ? (band == 0 ? "UN6" : "UN1") : "UN5";
	snprintf(c->sibling_group, sizeof(c->sibling_group), "SG%07ld",
		 sibling_head(s, i) + 1);
	nep = 1 + synth_rng_pick(&r, (const int[]){ 60, 25, 10, 5 }, 4);
	for (int k = 0; k < nep && d <= span_end; k++) {
		struct syn_episode *e = &c->ep[c->nep++];

		e->referral = d;
		plans += episode(s, &r, c, e, legacy && k == 0, plans,
				 &last_category);
		if (e->nfa)
			d = e->referral + 30 + (dip_date)synth_rng_below(&r, 600);
		else if (e->closure == DIP_DATE_NONE)
			break;
		else
			d = e->closure + 14 + (dip_date)synth_rng_below(&r, 1000);
	}
}
