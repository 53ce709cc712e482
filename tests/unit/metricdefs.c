/*
 * What a stage declares about its metrics, read back: the kinds by
 * name, <stage>-defs.csv written and loaded beside a metrics file (and
 * skipped as metrics), a bad kind refused at its line, and breakdown
 * groups ranked in their declared order rather than as text sorts them.
 */
#include "mstage/groups.h"
#include "mstage/metric.h"
#include "mstage/metricsin.h"
#include "dip/util.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct metric_def defs[] = {
	{ "m_rate", "assessments", METRIC_PROPORTION, 0, "Assessments on time" },
	{ "m_kappa", "ratio", METRIC_RATIO, 0, "Agreement, beyond chance" },
	{ "m_stale", "children", METRIC_COUNT_OF, 1, "Stale children" },
};

int main(void)
{
	char *dir = test_tmpdir(), *path;
	struct metrics m;
	struct dip_err err = { 0 };
	FILE *fp;
	const struct mdef *d;

	plan_lazy();
	for (int k = METRIC_COUNT; k <= METRIC_COUNT_OF; k++)
		is_int(k, metric_kind_parse(metric_kind_name(k)),
		       "kind %d by its name", k);
	is_int(-1, metric_kind_parse("percent"), "an unknown kind is -1");

	/* A metrics file, and its definitions beside it. */
	free(test_write_file(dir, "s.csv",
		"metric,unit,period_type,period_start,period_end,breakdown,"
		"group,numerator,denominator,value,ci_low,ci_high,small_n\n"
		"m_kappa,ratio,month,2026-10-01,2026-10-31,all,all,6,10,0.600,,,0\n"
		"m_stale,children,as_of,2026-11-20,2026-11-20,all,all,146,146,146,,,0\n"));
	path = path_join(dir, "s-defs.csv");
	fp = fopen(path, "w");
	ok(fp && !metric_defs_write(defs, 3, fp) && !fclose(fp),
	   "definitions written");
	free(path);
	ok(!metrics_load(&m, dir, &err), "metrics and definitions loaded");
	is_int(2, (long)m.n, "the definitions are not read as metrics");
	is_int(3, (long)m.ndef, "every definition read");
	d = metrics_def(&m, "m_kappa");
	ok(d && !strcmp(d->title, "Agreement, beyond chance") &&
	   d->kind == METRIC_RATIO && !strcmp(d->unit, "ratio"),
	   "a title with a comma, its kind and unit");
	ok(!metrics_percent(&m, &m.row[0]),
	   "a ratio is no percentage (its value is not its numerator)");
	ok(!metrics_percent(&m, &m.row[1]), "a count of a population is none");
	ok(!metrics_def(&m, "m_none"), "an undeclared metric has none");
	metrics_release(&m);

	free(test_write_file(dir, "s-defs.csv",
		"metric,unit,kind,title\nm_kappa,ratio,percent,Kappa\n"));
	ok(metrics_load(&m, dir, &err), "a bad kind is refused");
	is_int(2, err.line, "at its line");

	is_int(0, group_rank("age_band", "unborn"), "unborn first");
	is_int(2, group_rank("age_band", "5-9"), "5-9 before 10-15");
	is_int(3, group_rank("age_band", "10-15"), "10-15 after 5-9");
	is_int(4, group_rank("age_band", "16+"), "16+ last of the ages");
	is_int(3, group_rank("duration_band", "21+"), "C4's 21+ is its last");
	is_int(4, group_rank("duration_band", "2 years+"), "D7's 2 years+ too");
	is_int(-1, group_rank("team", "Team A"), "a team has no declared place");
	is_int(-1, group_rank("age_band", "Team A"), "nor a group not listed");
	free(dir);
	return 0;
}
