/*
 * model.h - deterministic synthetic exports for demos, tests and
 * benchmarks (dip-synth).  No real person is behind any record.
 *
 * Each child's whole history is drawn from its own random stream (seed
 * and child number), so output is the same bytes for the same options
 * and children can be written one at a time in any number.  Each census
 * year's file then shows that history as the return of that year would:
 * only what was open on 1 April or happened in the year, cut at the
 * year's ReferenceDate or the export date, whichever is earlier.
 *
 * Returns: synth_census_child() and synth_write_audits() return 1 when
 * they wrote something, 0 when there was nothing to write; the rest
 * cannot fail.
 */
#ifndef DIP_SYNTH_H
#define DIP_SYNTH_H

#include <stdint.h>

#include "dip/calendar.h"
#include "dip/date.h"
#include "dip/error.h"

/* splitmix64: small, fast and the same on every platform, which the
 * "same seed, same bytes" promise needs (rand() differs between libcs). */
struct synth_rng {
	uint64_t s;
};
/* Stream number `stream` of seed: each child draws from its own, so
 * that a child is the same whatever is drawn before it. */
void synth_rng_seed(struct synth_rng *r, uint64_t seed, uint64_t stream);
uint64_t synth_rng_next(struct synth_rng *r);
/* Uniform in [0, n). */
uint32_t synth_rng_below(struct synth_rng *r, uint32_t n);
/* 1 with probability p. */
int synth_rng_chance(struct synth_rng *r, double p);
/* Index drawn from weights[0..n) (any positive scale). */
int synth_rng_pick(struct synth_rng *r, const int *weights, int n);

#define SYN_MAX_EP 4
#define SYN_MAX_AS 3
#define SYN_MAX_FAC 5
#define SYN_MAX_S47 2
#define SYN_MAX_CPP 2
#define SYN_MAX_REV 12
#define SYN_MAX_CIN 2
#define SYN_MAX_CARE 2

struct syn_assessment {
	dip_date start, auth;              /* auth DIP_DATE_NONE: never */
	const char *factor[SYN_MAX_FAC];
	int nfactor;
	const char *type;
};

struct syn_s47 {
	dip_date start, target, icpc;      /* icpc NONE: none held */
	int not_required;
};

struct syn_cpp {
	dip_date start, end;               /* end NONE: open */
	const char *initial, *latest;
	int previous;
	dip_date review[SYN_MAX_REV];
	int nreview;
};

struct syn_cin_plan {
	dip_date start, end;
};

struct syn_pp {
	dip_date start, letter, meeting, decision;
	int offered, facilitated, reviews;
	const char *outcome;
};

struct syn_episode {
	dip_date referral, closure;        /* closure NONE: open */
	const char *source, *need, *reason, *local_reason;
	const char *team, *service_area, *worker;
	const char *agreement_role;
	dip_date agreement_date;
	int nfa;
	dip_date icpc;                     /* episode-level (transfer in) */
	struct syn_assessment as[SYN_MAX_AS];
	int nas;
	struct syn_s47 s47[SYN_MAX_S47];
	int ns47;
	struct syn_cpp cpp[SYN_MAX_CPP];
	int ncpp;
	struct syn_cin_plan cin[SYN_MAX_CIN];
	int ncin;
	struct syn_pp pp;
	int has_pp;
};

struct syn_care {
	dip_date start, end;
	const char *legal_status;
};

struct syn_child {
	char id[24];
	char upn[24];                       /* fake, never real */
	const char *upn_unknown;
	dip_date birth;                     /* NONE for the unborn */
	dip_date expected;                  /* unborn only */
	char sex;                           /* M F U */
	const char *ethnicity;
	const char *disability[2];
	int ndisability;
	char sibling_group[24];
	struct syn_episode ep[SYN_MAX_EP];
	int nep;
	struct syn_care care[SYN_MAX_CARE];
	int ncare;
};

struct synth {
	uint64_t seed;
	long children;
	int from_year, to_year;            /* census end years */
	dip_date as_of;                    /* nothing happens after this */
	const char *lea;
	const struct calendar *cal;
};

/* Draw child number i (0-based). */
void synth_child(const struct synth *s, long i, struct syn_child *c);

/* Census period of end year y: 1 April (y-1) .. 31 March y. */
dip_date synth_census_start(int y);
dip_date synth_census_end(int y);

/*
 * Write the census return of end year y for child c into buf (appended),
 * as seen on the day cut.  Returns 1 if the child belongs in that return.
 */
struct strbuf;
int synth_census_child(const struct synth *s, const struct syn_child *c,
		       int y, dip_date cut, struct strbuf *buf);

/* Audit export: audits of the children, over the year before as_of. */
int synth_write_audits(const struct synth *s, struct strbuf *buf);

#endif
