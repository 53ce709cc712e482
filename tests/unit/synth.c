/*
 * dip-synth's model covers what the metrics need (SPEC 6): drawn over
 * 3,000 children, each feature below must occur at least once; and a
 * child is the same whenever it is drawn.  Working days are counted
 * with the same calendar the metrics use.
 */
#include "synth/model.h"
#include "dip/util.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	struct calendar cal;
	struct dip_err err;
	char *path = test_path("config/bank-holidays.csv");
	struct synth s = { 7, 3000, 2022, 2027, 0, "999", &cal };
	long wd45 = 0, wd46 = 0, early = 0, never = 0, nfa = 0, unborn = 0;
	long consent_sm = 0, consent_no_sm = 0, in_care = 0, step_down = 0;
	long repeat_in = 0, repeat_out = 0, same_cat = 0, other_cat = 0;
	long da = 0, s47_icpc = 0, s47_no = 0, pp = 0, multi_ep = 0;
	int rc_seen[10] = { 0 }, cat_seen[5] = { 0 };
	static const char *const cats[] = { "NEG", "EMO", "PHY", "SAB", "MUL" };
	struct syn_child c, again;

	calendar_init(&cal);
	if (calendar_load(&cal, path, &err)) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	free(path);
	s.as_of = date_from_ymd(2026, 11, 21);
	plan(22);
	for (long i = 0; i < s.children; i++) {
		dip_date prev_end = DIP_DATE_NONE;
		const char *prev_cat = NULL;

		synth_child(&s, i, &c);
		unborn += c.birth == DIP_DATE_NONE;
		in_care += c.ncare > 0;
		multi_ep += c.nep > 1;
		for (int k = 0; k < c.nep; k++) {
			const struct syn_episode *e = &c.ep[k];

			nfa += e->nfa;
			if (e->reason)
				rc_seen[e->reason[2] - '0'] = 1;
			if (e->local_reason && strstr(e->local_reason, "onsent")) {
				if (e->agreement_role && !strcmp(e->agreement_role, "SM") &&
				    e->agreement_date <= e->closure)
					consent_sm++;
				else
					consent_no_sm++;
			}
			for (int j = 0; j < e->nas; j++) {
				const struct syn_assessment *a = &e->as[j];
				long n;

				if (a->auth == DIP_DATE_NONE) {
					never++;
					continue;
				}
				n = calendar_wd(&cal, a->start, a->auth);
				wd45 += n == 45;
				wd46 += n == 46;
				early += n <= 20;
				for (int q = 0; q < a->nfactor; q++)
					da += a->factor[q][0] == '3' && a->factor[q][1] >= 'A';
			}
			for (int j = 0; j < e->ns47; j++) {
				s47_icpc += e->s47[j].icpc != DIP_DATE_NONE;
				s47_no += e->s47[j].icpc == DIP_DATE_NONE;
			}
			for (int j = 0; j < e->ncpp; j++) {
				const struct syn_cpp *p = &e->cpp[j];

				for (int q = 0; q < 5; q++)
					cat_seen[q] |= !strcmp(p->initial, cats[q]);
				if (prev_end != DIP_DATE_NONE) {
					if (p->start <= date_add_months(prev_end, 24))
						repeat_in++;
					else
						repeat_out++;
					if (!strcmp(p->initial, prev_cat))
						same_cat++;
					else
						other_cat++;
				}
				for (int q = 0; q < e->ncin; q++)
					step_down += e->cin[q].start == p->end;
				prev_end = p->end;
				prev_cat = p->latest;
			}
			pp += e->has_pp;
		}
	}
	ok(unborn > 0, "unborn children (%ld)", unborn);
	ok(multi_ep > 0, "children with several episodes (%ld)", multi_ep);
	ok(nfa > 0, "NFA referrals (%ld)", nfa);
	ok(early > 0, "assessments authorised early (%ld)", early);
	ok(wd45 > 0, "assessments authorised on the 45th working day (%ld)", wd45);
	ok(wd46 > 0, "assessments authorised on the 46th working day (%ld)", wd46);
	ok(never > 0, "assessments never authorised (%ld)", never);
	ok(da > 0, "domestic abuse factors (%ld)", da);
	ok(s47_icpc > 0 && s47_no > 0, "S47s with (%ld) and without (%ld) ICPC",
	   s47_icpc, s47_no);
	for (int q = 0; q < 5; q++)
		ok(cat_seen[q], "a plan of category %s", cats[q]);
	ok(repeat_in > 0, "repeat plans within 24 months (%ld)", repeat_in);
	ok(repeat_out > 0, "repeat plans after 24 months (%ld)", repeat_out);
	ok(same_cat > 0 && other_cat > 0,
	   "repeat plans of the same (%ld) and another (%ld) category",
	   same_cat, other_cat);
	ok(step_down > 0, "CIN plans starting the day a CP plan ends (%ld)",
	   step_down);
	{
		int all = 1;

		for (int q = 1; q <= 9; q++)
			all &= rc_seen[q];
		ok(all, "closures with every reason RC1-RC9");
	}
	ok(consent_sm > 0 && consent_no_sm > 0,
	   "consent closures with (%ld) and without (%ld) SM agreement",
	   consent_sm, consent_no_sm);
	ok(in_care > 0 && pp > 0, "children in care (%ld), pre-proceedings (%ld)",
	   in_care, pp);
	synth_child(&s, 1234, &c);
	synth_child(&s, 1234, &again);
	ok(!memcmp(&c, &again, sizeof(c)), "a child is the same whenever drawn");
	calendar_release(&cal);
	return 0;
}
