/* config.c - INI configuration through inih; see config.h. */
#include "dip/config.h"
#include "dip/exitcode.h"
#include "dip/number.h"
#include "dip/util.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Numbers are counts (whole numbers) or decimals, with their ranges. */
#define COUNT(lo, hi) CONFIG_COUNT, (lo), (hi), NULL
#define DECIMAL(lo, hi) CONFIG_DECIMAL, (lo), (hi), NULL
#define COUNT_LIST(lo, hi) CONFIG_COUNT_LIST, (lo), (hi), NULL
#define COUNT_MAP(lo, hi) CONFIG_COUNT_MAP, (lo), (hi), NULL
#define TEXT CONFIG_TEXT, 0, 0, NULL
#define PATH CONFIG_PATH, 0, 0, NULL
#define TEXT_LIST CONFIG_TEXT_LIST, 0, 0, NULL
#define CHOICE(list) CONFIG_CHOICE, 0, 0, (list)
/* Byte counts stay exact as doubles up to 2^53. */
#define BYTES_MAX 9007199254740992.0

const struct config_key config_keys[] = {
	{ "paths", "bank_holidays", "bank-holidays.csv",
	  "England and Wales bank holidays, CSV date,name",
	  PATH },
	{ "paths", "export_map", "export-map.csv",
	  "which XML element fills which table column",
	  PATH },
	{ "paths", "codes", "codes",
	  "directory of code-list CSVs named by the export map",
	  PATH },
	{ "paths", "consent_reasons", "consent-reasons.csv",
	  "local closure reasons that count as consent closures",
	  PATH },
	{ "paths", "areas", "improvement/areas.csv",
	  "improvement areas: area,title,judgement_area",
	  PATH },
	{ "paths", "measures", "improvement/measures.csv",
	  "the metrics that evidence each area, with target and tolerance",
	  PATH },
	{ "paths", "activity", "improvement/activity.csv",
	  "activity status by area and date, kept by the board",
	  PATH },
	{ "paths", "comparators", "comparators.csv",
	  "published England and regional figures: metric,year,geography,unit,...",
	  PATH },
	{ "paths", "board_dates", "improvement/board-dates.csv",
	  "the dates the improvement board meets (column date)",
	  PATH },
	{ "areas", "activity_max_age_days", "90",
	  "an activity status older than this many days is flagged",
	  COUNT(1, 3650) },
	{ "metrics", "trend_months", "13",
	  "months of trend reported by every metric stage",
	  COUNT(1, 36) },
	{ "metrics", "small_n", "10",
	  "denominators below this are flagged small_n",
	  COUNT(1, 1000000) },
	{ "metrics", "assessment_working_days", "45",
	  "working days an assessment may take",
	  COUNT(1, 365) },
	{ "metrics", "stale_months", "12",
	  "months after which a child's latest assessment is stale",
	  COUNT(1, 120) },
	{ "metrics", "repeat_window_months", "24",
	  "a plan within this many months of the previous plan's end repeats",
	  COUNT(1, 240) },
	{ "metrics", "step_down_days", "5",
	  "a CIN plan this many days after a CP plan ends is a step-down",
	  COUNT(0, 366) },
	{ "metrics", "icpc_working_days", "15",
	  "working days from a section 47's start to its conference",
	  COUNT(1, 365) },
	{ "metrics", "icpc_pending_days", "60",
	  "a section 47 younger than this with no conference is pending",
	  COUNT(1, 3660) },
	{ "metrics", "cpp_first_review_months", "3",
	  "months from a plan's start to its first review",
	  COUNT(1, 24) },
	{ "metrics", "cpp_review_months", "6",
	  "months between later reviews",
	  COUNT(1, 24) },
	{ "metrics", "max_line_bytes", "1048576",
	  "refuse a line of a table longer than this many bytes",
	  COUNT(1024, 1073741824) },
	/* Audit timescales are each council's QA policy, not law. */
	{ "audits", "reaudit_months", "6",
	  "months after an Inadequate audit each re-audit is due; a list"
	  " (1, 3) gives each interval its own due, done and improved rows",
	  COUNT_LIST(1, 120) },
	{ "audits", "reaudit_horizon_days", "30",
	  "days ahead the reaudits_due list looks for re-audits coming due"
	  " (0: only those already due)",
	  COUNT(0, 366) },
	{ "audits", "action_working_days", "5",
	  "working days an audit action may take (when it has no due date)",
	  COUNT(1, 365) },
	{ "audits", "repeat_inadequate_audits", "3",
	  "this many Inadequate audits of one child in the window is a repeat",
	  COUNT(2, 100) },
	{ "audits", "repeat_inadequate_months", "12",
	  "the window, in months to the as-of date, for repeat Inadequate audits",
	  COUNT(1, 120) },
	{ "audits", "moderation_working_days", "10",
	  "working days from an audit to its moderation",
	  COUNT(1, 365) },
	{ "audits", "allocation_working_days", "10",
	  "working days from an audit's allocation to the audit",
	  COUNT(1, 365) },
	/* The monthly audit sample (dip-worklist): each council's QA policy. */
	{ "worklist", "open_weeks", "4",
	  "a child's episode must have been open this many weeks on the as-of"
	  " date to be sampled",
	  COUNT(0, 520) },
	{ "worklist", "recent_audit_months", "6",
	  "a child audited in this many months before the as-of date is not"
	  " sampled (unless a re-audit, theme or review names it)",
	  COUNT(0, 120) },
	{ "worklist", "quota_by", "service_area",
	  "what the quotas are per: the open episode's service area or team",
	  CHOICE("service_area, team") },
	{ "worklist", "quotas", "",
	  "children sampled per group (GROUP: N, ...); when set, quota_total"
	  " is not used",
	  COUNT_MAP(0, 10000) },
	{ "worklist", "quota_total", "10",
	  "children sampled in all, shared among the groups in proportion to"
	  " their open cases (largest remainder)",
	  COUNT(0, 100000) },
	{ "worklist", "dip_samples", "",
	  "dip-sample lists to draw from (LIST: N, or LIST/COLUMN: N for the"
	  " rows whose COLUMN is 1)",
	  COUNT_MAP(1, 10000) },
	{ "worklist", "review_workers", "",
	  "workers every open file of whom is sampled (comma-separated)",
	  TEXT_LIST },
	{ "worklist", "review_teams", "",
	  "teams every open file of which is sampled (comma-separated)",
	  TEXT_LIST },
	{ "worklist", "selection_key", "dipsample",
	  "the key of the HMAC-SHA256 that orders children for the sample;"
	  " changing it draws another sample",
	  TEXT },
	{ "worklist", "start_day", "7",
	  "day of the month the audits of the month start",
	  COUNT(1, 28) },
	{ "worklist", "moderation_working_days", "10",
	  "working days from the audit start to the moderation due date",
	  COUNT(1, 365) },
	{ "pipeline", "keep_runs", "14",
	  "run directories the nightly pipeline keeps (older ones are removed)",
	  COUNT(1, 10000) },
	{ "pipeline", "keep_failed_runs", "3",
	  "failed or interrupted run directories the nightly keeps to look at",
	  COUNT(0, 10000) },
	{ "pipeline", "delivery_dir", "",
	  "where a successful run copies the board pack, index and charts",
	  PATH },
	{ "ingest", "reject_ratio", "0.05",
	  "fail when more than this share of records is rejected",
	  DECIMAL(0, 1) },
	{ "ingest", "max_input_bytes", "17179869184",
	  "refuse an input that decompresses to more bytes than this",
	  COUNT(1, BYTES_MAX) },
	{ "ingest", "max_expansion", "200",
	  "refuse gzip input expanding more than this many times its size"
	  " (past the first 64 MiB)",
	  DECIMAL(1, 1000000) },
	{ "ingest", "max_text_bytes", "65536",
	  "refuse an element whose text is longer than this",
	  COUNT(1, 1073741824) },
	{ "ingest", "max_depth", "32",
	  "refuse elements nested deeper than this",
	  COUNT(1, 1024) },
	/* libxml2's pairwise check grows with the square: 10,000 costs
	 * about a tenth of a second, a million a quarter of an hour. */
	{ "ingest", "max_attributes", "64",
	  "refuse a start tag with more attributes (namespace declarations"
	  " included) than this",
	  COUNT(1, 10000) },
	/* The same defaults as report.h's REPORT_EXAMPLES, REPORT_PATHS. */
	{ "ingest", "report_examples", "5",
	  "report rows listed for each check at each path in each file;"
	  " the rest are one summary row with their count",
	  COUNT(1, 100) },
	{ "ingest", "report_paths", "100",
	  "paths listed for each check in each file; occurrences at further"
	  " paths are summarised together",
	  COUNT(1, 1000) },
	{ NULL, NULL, NULL, NULL, TEXT }
};

const struct config_key *config_key_find(const char *section, const char *key)
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

static int check_numbers(const struct config *c, struct dip_err *err);

struct load_ctx {
	struct config *c;
	char *bad_section, *bad_key;
};

/* inih's handler: always 1 (go on); the first unknown key is kept in
 * the context and refused after the parse, at its line (line_of()). */
static int on_key(void *user, const char *section, const char *key,
		  const char *value)
{
	struct load_ctx *l = user;
	struct config *c = l->c;

	if (!config_key_find(section, key)) {
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
	} else if (check_numbers(c, err)) {
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
	k = config_key_find(section, key);
	return k ? k->def : NULL;
}

char *config_path(const struct config *c, const char *section,
		  const char *key)
{
	const char *v = config_str(c, section, key);

	return v ? path_join(c->dir, v) : NULL;
}

/* "a whole number from 1 to 36", "a number from 0 to 1". */
static void describe(const struct config_key *k, char *buf, size_t n)
{
	snprintf(buf, n, "%s from %.17g to %.17g%s",
		 k->type == CONFIG_COUNT ? "a whole number"
		 : k->type == CONFIG_COUNT_LIST ? "a list of whole numbers"
		 : "a number", k->min, k->max,
		 k->type == CONFIG_COUNT_LIST ? ", each larger than the last" : "");
}

/* "1, 3": whole numbers in range, separated by commas and blanks, each
 * larger than the one before; -1 on anything else. */
static int parse_list(const char *v, const struct config_key *k,
		      unsigned long long *out, size_t max, size_t *n)
{
	char buf[32];

	*n = 0;
	if (!v)
		return -1;
	for (;;) {
		size_t len;

		while (*v == ' ' || *v == '\t')
			v++;
		len = strcspn(v, ", \t");
		if (!len || len >= sizeof(buf) || *n == max)
			return -1;
		memcpy(buf, v, len);
		buf[len] = '\0';
		if (parse_uint(buf, (unsigned long long)k->min,
			       (unsigned long long)k->max, &out[*n]) ||
		    (*n && out[*n] <= out[*n - 1]))
			return -1;
		(*n)++;
		v += len;
		while (*v == ' ' || *v == '\t')
			v++;
		if (!*v)
			return 0;
		if (*v++ != ',')
			return -1;
	}
}

/* Parse a number key's value against its type and range. */
static int number_of(const struct config *c, const struct config_key *k,
		     const char *v, double *out, struct dip_err *err)
{
	unsigned long long u;
	char want[160];
	int rc;

	if (k->type == CONFIG_COUNT) {
		rc = parse_uint(v, (unsigned long long)k->min,
				(unsigned long long)k->max, &u);
		if (!rc)
			*out = (double)u;
	} else if (k->type == CONFIG_COUNT_LIST) {
		unsigned long long list[CONFIG_LIST_MAX];
		size_t n;

		rc = parse_list(v, k, list, CONFIG_LIST_MAX, &n);
		if (!rc)
			*out = (double)list[0];
	} else {
		rc = parse_decimal(v, k->min, k->max, out);
	}
	if (!rc)
		return 0;
	describe(k, want, sizeof(want));
	err_set(err, DIP_EXIT_USAGE, c->path, line_of(c->path, k->section, k->key),
		0, "'%s' in section '[%s]' must be %s, not '%s'", k->key,
		k->section, want, v ? v : "");
	return -1;
}

/*
 * Split a CONFIG_TEXT_LIST or CONFIG_COUNT_MAP value into its items; NULL
 * and *why set when one is bad.  An empty value is no items.
 */
static char **split_items(const struct config_key *k, const char *v,
			  unsigned long long **count, size_t *n,
			  char *why, size_t nwhy)
{
	char **name = NULL;
	unsigned long long *cnt = NULL;
	size_t cap = 0, ccap = 0;
	const char *p = v ? v : "";

	*n = 0;
	for (const char *s = p; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			snprintf(why, nwhy, "holds a control character");
			return NULL;
		}
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p) {
		size_t len = strcspn(p, ","), end = len;
		char *item, *colon;

		while (end && (p[end - 1] == ' ' || p[end - 1] == '\t'))
			end--;
		if (!end || *n == CONFIG_ITEMS_MAX) {
			snprintf(why, nwhy, !end ? "has an empty item"
				 : "has too many items");
			goto bad;
		}
		item = xstrndup(p, end);
		XGROW(name, cap, *n + 1);
		name[(*n)++] = item;
		if (k->type == CONFIG_COUNT_MAP) {
			XGROW(cnt, ccap, *n);
			colon = strrchr(item, ':');
			if (!colon) {
				snprintf(why, nwhy, "item '%.60s' is not NAME: N", item);
				goto bad;
			}
			*colon = '\0';
			for (char *e = colon; e > item && (e[-1] == ' ' || e[-1] == '\t');)
				*--e = '\0';
			for (colon++; *colon == ' ' || *colon == '\t';)
				colon++;
			if (!*item || parse_uint(colon,
						 (unsigned long long)k->min,
						 (unsigned long long)k->max,
						 &cnt[*n - 1])) {
				snprintf(why, nwhy, "item '%.60s' needs a name and a"
					 " whole number from %.17g to %.17g",
					 item, k->min, k->max);
				goto bad;
			}
			for (size_t j = 0; j + 1 < *n; j++)
				if (!strcmp(name[j], item)) {
					snprintf(why, nwhy, "names '%.60s' twice", item);
					goto bad;
				}
		}
		p += len;
		if (*p == ',') {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p) {
				snprintf(why, nwhy, "has an empty item");
				goto bad;
			}
		}
	}
	if (count)
		*count = cnt;
	else
		free(cnt);
	return name ? name : xcalloc(1, sizeof(*name));
bad:
	for (size_t j = 0; j < *n; j++)
		free(name[j]);
	free(name);
	free(cnt);
	*n = 0;
	return NULL;
}

/* A CONFIG_CHOICE value is one of the words of k->choices. */
static int is_choice(const struct config_key *k, const char *v)
{
	return list_has(k->choices, ", ", ", ", v, strlen(v));
}

/* A text list, map or choice key's value, checked like a number's. */
static int check_text(const struct config *c, const struct config_key *k,
		      const char *v, struct dip_err *err)
{
	char why[160] = "";

	if (k->type == CONFIG_CHOICE) {
		if (is_choice(k, v))
			return 0;
		err_set(err, DIP_EXIT_USAGE, c->path,
			line_of(c->path, k->section, k->key), 0,
			"'%s' in section '[%s]' must be one of %s, not '%.80s'",
			k->key, k->section, k->choices, v);
		return -1;
	} else {
		size_t n;
		char **items = split_items(k, v, NULL, &n, why, sizeof(why));

		if (items) {
			for (size_t j = 0; j < n; j++)
				free(items[j]);
			free(items);
			return 0;
		}
	}
	err_set(err, DIP_EXIT_USAGE, c->path, line_of(c->path, k->section, k->key),
		0, "'%s' in section '[%s]': %s", k->key, k->section, why);
	return -1;
}

/* Every number, list and choice key the file sets, checked once at load. */
static int check_numbers(const struct config *c, struct dip_err *err)
{
	double ignored;

	for (size_t i = 0; i < c->n; i++) {
		const struct config_key *k = config_key_find(c->e[i].section,
						      c->e[i].key);

		if (k->type >= CONFIG_COUNT &&
		    number_of(c, k, c->e[i].value, &ignored, err))
			return -1;
		if (k->type >= CONFIG_TEXT_LIST && k->type < CONFIG_COUNT &&
		    check_text(c, k, c->e[i].value, err))
			return -1;
	}
	return 0;
}

int config_items(const struct config *c, const char *section, const char *key,
		 char ***name, unsigned long long **count, size_t *n,
		 struct dip_err *err)
{
	const struct config_key *k = config_key_find(section, key);
	char why[160];

	if (!k || (k->type != CONFIG_TEXT_LIST && k->type != CONFIG_COUNT_MAP) ||
	    (count && k->type != CONFIG_COUNT_MAP)) {
		err_set(err, DIP_EXIT_INTERNAL, c->path, 0, 0,
			"'%s' in section '[%s]' is not a list key", key, section);
		return -1;
	}
	*name = split_items(k, config_str(c, section, key), count, n, why,
			    sizeof(why));
	if (!*name)
		return check_text(c, k, config_str(c, section, key), err);
	return 0;
}

int config_is_set(const struct config *c, const char *section, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->e[i].section, section) && !strcmp(c->e[i].key, key))
			return 1;
	return 0;
}

static const struct config_key *number_key(const struct config *c,
					   const char *section,
					   const char *key,
					   enum config_type want,
					   struct dip_err *err)
{
	const struct config_key *k = config_key_find(section, key);

	if (!k || k->type < CONFIG_COUNT ||
	    (want == CONFIG_COUNT && k->type != CONFIG_COUNT)) {
		err_set(err, DIP_EXIT_INTERNAL, c->path, 0, 0,
			"'%s' in section '[%s]' is not a %s key", key, section,
			want == CONFIG_COUNT ? "whole-number" : "number");
		return NULL;
	}
	return k;
}

int config_double(const struct config *c, const char *section,
		  const char *key, double *out, struct dip_err *err)
{
	const struct config_key *k = number_key(c, section, key,
						CONFIG_DECIMAL, err);

	return k ? number_of(c, k, config_str(c, section, key), out, err) : -1;
}

int config_ulong(const struct config *c, const char *section,
		 const char *key, unsigned long long *out, struct dip_err *err)
{
	const struct config_key *k = number_key(c, section, key,
						CONFIG_COUNT, err);
	double v;

	if (!k || number_of(c, k, config_str(c, section, key), &v, err))
		return -1;
	*out = (unsigned long long)v;
	return 0;
}

int config_ulong_list(const struct config *c, const char *section,
		      const char *key, unsigned long long *out, size_t max,
		      size_t *n, struct dip_err *err)
{
	const struct config_key *k = config_key_find(section, key);
	double first;

	if (!k || k->type != CONFIG_COUNT_LIST) {
		err_set(err, DIP_EXIT_INTERNAL, c->path, 0, 0,
			"'%s' in section '[%s]' is not a list key", key, section);
		return -1;
	}
	/* number_of() gives the file, line and message for a bad list. */
	if (number_of(c, k, config_str(c, section, key), &first, err))
		return -1;
	if (parse_list(config_str(c, section, key), k, out, max, n)) {
		err_set(err, DIP_EXIT_USAGE, c->path,
			line_of(c->path, section, key), 0,
			"'%s' in section '[%s]' must have at most %zu values",
			key, section, max);
		return -1;
	}
	return 0;
}
