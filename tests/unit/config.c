/*
 * Config: defaults when a key is absent, and an unknown key or a bad
 * value is an error naming the file's line.
 */
#include "dip/config.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *dir = test_tmpdir();
	struct config c;
	struct dip_err err;
	double d;
	unsigned long long u;
	char *path, *p;

	static const struct {
		const char *section, *key, *value, *want;
	} bad[] = {
		{ "ingest", "reject_ratio", "lots", "a number from 0 to 1" },
		{ "ingest", "reject_ratio", "nan", "not 'nan'" },
		{ "ingest", "reject_ratio", "inf", "not 'inf'" },
		{ "ingest", "reject_ratio", "-0.5", "from 0 to 1" },
		{ "ingest", "reject_ratio", "1.5", "from 0 to 1" },
		{ "ingest", "reject_ratio", "5e-2", "not '5e-2'" },
		{ "ingest", "reject_ratio", "0x1p-4", "not '0x1p-4'" },
		{ "ingest", "reject_ratio", ".05", "not '.05'" },
		{ "ingest", "max_expansion", "nan", "a number from 1 to" },
		{ "metrics", "trend_months", "1000",
		  "a whole number from 1 to 36, not '1000'" },
		{ "metrics", "trend_months", "0", "from 1 to 36" },
		{ "metrics", "trend_months", "12.5", "a whole number" },
		{ "metrics", "small_n", "-3", "a whole number" },
		{ "metrics", "small_n", "18446744073709551617", "a whole number" },
		{ "pipeline", "keep_runs", "3 runs", "not '3 runs'" },
		{ "ingest", "max_depth", "", "not ''" },
		{ "audits", "reaudit_months", "3, 1",
		  "a list of whole numbers from 1 to 120, each larger than the last, not '3, 1'" },
		{ "audits", "reaudit_months", "1,,3", "not '1,,3'" },
		{ "audits", "reaudit_months", "1 3", "not '1 3'" },
		{ "audits", "reaudit_months", "0", "not '0'" },
		{ "audits", "reaudit_months", "6,", "not '6,'" },
		{ "audits", "moderation_working_days", "ten", "a whole number" },
	};

	plan(16 + 4 + 8 + (int)(sizeof(bad) / sizeof(bad[0])));
	path = test_write_file(dir, "a.conf", "[ingest]\nreject_ratio = 0.1\n");
	ok(config_load(&c, path, &err) == 0, "small config loads");
	ok(config_double(&c, "ingest", "reject_ratio", &d, &err) == 0 &&
	   d == 0.1, "value read");
	ok(config_ulong(&c, "ingest", "max_depth", &u, &err) == 0 && u == 32,
	   "absent key gives its default");
	p = config_path(&c, "paths", "export_map");
	ok(p && !strncmp(p, dir, strlen(dir)) &&
	   !strcmp(p + strlen(dir), "/export-map.csv"),
	   "paths are relative to the config file");
	free(p);
	config_release(&c);
	free(path);

	path = test_write_file(dir, "b.conf",
			  "[ingest]\nreject_ratio = 0.1\n\nmax_dpeth = 3\n");
	ok(config_load(&c, path, &err) != 0, "unknown key refused");
	is_int(4, err.line, "error on line 4");
	is_string("unknown key 'max_dpeth' in section '[ingest]'", err.msg,
		  "message names the key");
	free(path);

	/* Every number is checked when the file loads, whichever stage reads
	 * it, so a value that would turn a check off never gets through. */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128], what[160];

		snprintf(text, sizeof(text), "; a comment\n[%s]\n%s = %s\n",
			 bad[i].section, bad[i].key, bad[i].value);
		path = test_write_file(dir, "c.conf", text);
		snprintf(what, sizeof(what), "%s = '%s' refused on line 3",
			 bad[i].key, bad[i].value);
		ok(config_load(&c, path, &err) != 0 && err.line == 3 &&
		   err.status == 2 && strstr(err.msg, bad[i].want), "%s", what);
		free(path);
	}
	path = test_write_file(dir, "c.conf",
			       "[ingest]\nreject_ratio = 0\nmax_expansion = 1\n"
			       "[metrics]\ntrend_months = 36\nstep_down_days = 0\n");
	ok(config_load(&c, path, &err) == 0 &&
	   config_double(&c, "ingest", "reject_ratio", &d, &err) == 0 && d == 0 &&
	   config_ulong(&c, "metrics", "trend_months", &u, &err) == 0 && u == 36,
	   "the ends of each range are accepted");
	ok(config_ulong(&c, "ingest", "reject_ratio", &u, &err) != 0,
	   "a decimal key is not read as a whole number");
	config_release(&c);
	free(path);

	/* Re-audit intervals are a list: each gets its own rows. */
	path = test_write_file(dir, "l.conf", "[audits]\nreaudit_months = 1, 3,12\n");
	{
		unsigned long long v[CONFIG_LIST_MAX];
		size_t n = 0;

		ok(config_load(&c, path, &err) == 0 &&
		   config_ulong_list(&c, "audits", "reaudit_months", v,
				     CONFIG_LIST_MAX, &n, &err) == 0 &&
		   n == 3 && v[0] == 1 && v[1] == 3 && v[2] == 12,
		   "a list of re-audit intervals is read in order");
		config_release(&c);
		free(path);
		path = test_write_file(dir, "l.conf", "");
		ok(config_load(&c, path, &err) == 0 &&
		   config_ulong_list(&c, "audits", "reaudit_months", v,
				     CONFIG_LIST_MAX, &n, &err) == 0 &&
		   n == 1 && v[0] == 6, "the default is one re-audit at 6 months");
		config_release(&c);
		free(path);
		path = test_write_file(dir, "l.conf",
				       "[audits]\nreaudit_months = 1,2,3,4,5,6,7,8,9,10,11,12,13\n");
		ok(config_load(&c, path, &err) != 0 && err.line == 2,
		   "more intervals than a list holds are refused at their line");
		free(path);
	}

	/* Names with their numbers, and names alone, split on commas. */
	path = test_write_file(dir, "m.conf",
			       "[worklist]\nquotas = CIC: 3,  Assessment Team 4 :0\n"
			       "review_teams = Duty Team, Gone\nquota_by = team\n");
	{
		char **name;
		unsigned long long *cnt;
		size_t n;

		ok(config_load(&c, path, &err) == 0 &&
		   config_items(&c, "worklist", "quotas", &name, &cnt, &n, &err) == 0 &&
		   n == 2 && !strcmp(name[0], "CIC") && cnt[0] == 3 &&
		   !strcmp(name[1], "Assessment Team 4") && cnt[1] == 0,
		   "a count map: names trimmed, numbers read");
		for (size_t i = 0; i < n; i++)
			free(name[i]);
		free(name);
		free(cnt);
		ok(config_items(&c, "worklist", "review_teams", &name, NULL, &n,
				&err) == 0 && n == 2 && !strcmp(name[1], "Gone"),
		   "a text list");
		for (size_t i = 0; i < n; i++)
			free(name[i]);
		free(name);
		ok(config_items(&c, "worklist", "review_workers", &name, NULL, &n,
				&err) == 0 && n == 0, "an empty list has no items");
		free(name);
		ok(config_is_set(&c, "worklist", "quotas") &&
		   !config_is_set(&c, "worklist", "quota_total"),
		   "config_is_set tells a set key from a default");
		config_release(&c);
		free(path);
	}
	{
		static const char *const bad_items[] = {
			"quotas = CIC", "quotas = CIC: 1,", "quotas = : 2",
			"quotas = CIC: 1, CIC: 2", "quotas = CIC: 10001",
			"review_workers = a,,b", "quota_by = worker",
			"review_teams = \x01x",
		};

		for (size_t i = 0; i < sizeof(bad_items) / sizeof(bad_items[0]); i++) {
			char text[128];

			snprintf(text, sizeof(text), "[worklist]\n%s\n", bad_items[i]);
			path = test_write_file(dir, "n.conf", text);
			ok(config_load(&c, path, &err) != 0 && err.line == 2 &&
			   err.status == 2, "'%s' refused on line 2", bad_items[i]);
			free(path);
		}
	}

	/* The shipped defaults must satisfy their own ranges. */
	path = test_write_file(dir, "e.conf", "");
	ok(config_load(&c, path, &err) == 0, "empty config loads");
	{
		int all = 1;

		for (const struct config_key *k = config_keys; k->section; k++)
			if (k->type >= CONFIG_COUNT &&
			    config_double(&c, k->section, k->key, &d, &err)) {
				diag("default of '%s': %s", k->key, err.msg);
				all = 0;
			}
		ok(all, "every number key's default is in its range");
	}
	config_release(&c);
	free(path);

	path = test_write_file(dir, "d.conf", "[ingest\nx=1\n");
	ok(config_load(&c, path, &err) != 0 && err.line == 1,
	   "syntax error on line 1");
	free(path);
	ok(config_load(&c, "/nonexistent.conf", &err) != 0 && err.status == 2,
	   "missing config is a configuration error");
	free(dir);
	return 0;
}
