/* config.c - INI configuration through inih; see config.h. */
#include "dip/config.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct config_key config_keys[] = {
	{ "paths", "bank_holidays", "bank-holidays.csv",
	  "England and Wales bank holidays, CSV date,name" },
	{ "paths", "export_map", "export-map.csv",
	  "which XML element fills which table column" },
	{ "paths", "codes", "codes",
	  "directory of code-list CSVs named by the export map" },
	{ "paths", "consent_reasons", "consent-reasons.csv",
	  "local closure reasons that count as consent closures" },
	{ "paths", "areas", "improvement/areas.csv",
	  "improvement areas: area,title,judgement_area" },
	{ "paths", "measures", "improvement/measures.csv",
	  "the metrics that evidence each area, with target and tolerance" },
	{ "paths", "activity", "improvement/activity.csv",
	  "activity status by area and date, kept by the board" },
	{ "metrics", "trend_months", "13",
	  "months of trend reported by every metric stage" },
	{ "metrics", "small_n", "10",
	  "denominators below this are flagged small_n" },
	{ "metrics", "assessment_working_days", "45",
	  "working days an assessment may take" },
	{ "metrics", "stale_months", "12",
	  "months after which a child's latest assessment is stale" },
	{ "metrics", "repeat_window_months", "24",
	  "a plan within this many months of the previous plan's end repeats" },
	{ "metrics", "step_down_days", "5",
	  "a CIN plan this many days after a CP plan ends is a step-down" },
	{ "metrics", "icpc_working_days", "15",
	  "working days from a section 47's start to its conference" },
	{ "metrics", "icpc_pending_days", "60",
	  "a section 47 younger than this with no conference is pending" },
	{ "metrics", "cpp_first_review_months", "3",
	  "months from a plan's start to its first review" },
	{ "metrics", "cpp_review_months", "6",
	  "months between later reviews" },
	{ "pipeline", "keep_runs", "14",
	  "run directories the nightly pipeline keeps (older ones are removed)" },
	{ "pipeline", "delivery_dir", "",
	  "where a successful run copies the board pack, index and charts" },
	{ "ingest", "reject_ratio", "0.05",
	  "fail when more than this share of records is rejected" },
	{ "ingest", "max_input_bytes", "17179869184",
	  "refuse an input that decompresses to more bytes than this" },
	{ "ingest", "max_expansion", "200",
	  "refuse gzip input expanding more than this many times its size"
	  " (past the first 64 MiB)" },
	{ "ingest", "max_text_bytes", "65536",
	  "refuse an element whose text is longer than this" },
	{ "ingest", "max_depth", "32",
	  "refuse elements nested deeper than this" },
	{ NULL, NULL, NULL, NULL }
};

static const struct config_key *find_key(const char *section, const char *key)
{
	for (const struct config_key *k = config_keys; k->section; k++)
		if (!strcmp(k->section, section) && !strcmp(k->key, key))
			return k;
	return NULL;
}

char *config_locate(const char *explicit_path)
{
	static const char *const rel[] = { "../config/dipsample.conf",
					   "../etc/dipsample/dipsample.conf" };
	const char *env = getenv("DIPSAMPLE_CONFIG");
	char exe[PATH_MAX];
	ssize_t n;

	if (explicit_path)
		return xstrdup(explicit_path);
	if (env && *env)
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *dir;

		exe[n] = '\0';
		dir = path_dirname(exe);
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			char *p = path_join(dir, rel[i]);

			if (access(p, R_OK) == 0) {
				free(dir);
				return p;
			}
			free(p);
		}
		free(dir);
	}
	return xstrdup("config/dipsample.conf");
}

struct load_ctx {
	struct config *c;
	char *bad_section, *bad_key;
};

static int on_key(void *user, const char *section, const char *key,
		  const char *value)
{
	struct load_ctx *l = user;
	struct config *c = l->c;

	if (!find_key(section, key)) {
		if (!l->bad_key) {
			l->bad_section = xstrdup(section);
			l->bad_key = xstrdup(key);
		}
		return 1;
	}
	XGROW(c->e, c->cap, c->n + 1);
	c->e[c->n].section = xstrdup(section);
	c->e[c->n].key = xstrdup(key);
	c->e[c->n].value = xstrdup(value);
	c->n++;
	return 1;
}

/* inih does not pass line numbers to the handler: find the key again. */
static long line_of(const char *path, const char *section, const char *key)
{
	FILE *fp = fopen(path, "r");
	char line[4096], cur[256] = "";
	long n = 0;
	size_t klen = strlen(key);

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		char *s = line;

		n++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (end)
				snprintf(cur, sizeof(cur), "%.*s",
					 (int)(end - s - 1), s + 1);
			continue;
		}
		if (!strcmp(cur, section) && !strncmp(s, key, klen) &&
		    strchr(" \t=:", s[klen])) {
			fclose(fp);
			return n;
		}
	}
	fclose(fp);
	return 0;
}

int config_load(struct config *c, const char *path, struct dip_err *err)
{
	struct load_ctx l = { c, NULL, NULL };
	int rc;

	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	c->dir = path_dirname(path);
	rc = ini_parse(path, on_key, &l);
	if (rc == -1) {
		err_set(err, DIP_EXIT_USAGE, path, 0, 0,
			"cannot open config: %s", strerror(errno));
	} else if (rc == -2) {
		err_set(err, DIP_EXIT_INTERNAL, path, 0, 0,
			"out of memory reading config");
	} else if (rc > 0) {
		err_set(err, DIP_EXIT_USAGE, path, rc, 0, "syntax error");
	} else if (l.bad_key) {
		err_set(err, DIP_EXIT_USAGE, path,
			line_of(path, l.bad_section, l.bad_key), 0,
			"unknown key '%s' in section '[%s]'", l.bad_key,
			l.bad_section);
		rc = 1;
	}
	free(l.bad_section);
	free(l.bad_key);
	if (rc) {
		config_release(c);
		return -1;
	}
	return 0;
}

void config_release(struct config *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].section);
		free(c->e[i].key);
		free(c->e[i].value);
	}
	free(c->e);
	free(c->path);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}

const char *config_str(const struct config *c, const char *section,
		       const char *key)
{
	const struct config_key *k;

	/* The last assignment wins, as in most INI readers. */
	for (size_t i = c->n; i-- > 0;)
		if (!strcmp(c->e[i].section, section) &&
		    !strcmp(c->e[i].key, key))
			return c->e[i].value;
	k = find_key(section, key);
	return k ? k->def : NULL;
}

char *config_path(const struct config *c, const char *section,
		  const char *key)
{
	const char *v = config_str(c, section, key);

	return v ? path_join(c->dir, v) : NULL;
}

static void bad_value(const struct config *c, const char *section,
		      const char *key, const char *v, const char *want,
		      struct dip_err *err)
{
	err_set(err, DIP_EXIT_USAGE, c->path, line_of(c->path, section, key),
		0, "'%s' in section '[%s]' must be %s, not '%s'", key, section,
		want, v);
}

int config_double(const struct config *c, const char *section,
		  const char *key, double *out, struct dip_err *err)
{
	const char *v = config_str(c, section, key);
	char *end;

	errno = 0;
	*out = v ? strtod(v, &end) : 0;
	if (!v || !*v || *end || errno || *out < 0) {
		bad_value(c, section, key, v ? v : "", "a number >= 0", err);
		return -1;
	}
	return 0;
}

int config_ulong(const struct config *c, const char *section,
		 const char *key, unsigned long long *out, struct dip_err *err)
{
	const char *v = config_str(c, section, key);
	char *end;

	errno = 0;
	*out = v ? strtoull(v, &end, 10) : 0;
	if (!v || !*v || *end || errno || *v == '-' || *out == 0) {
		bad_value(c, section, key, v ? v : "", "a whole number > 0",
			  err);
		return -1;
	}
	return 0;
}
