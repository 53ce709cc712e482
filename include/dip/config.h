/*
 * config.h - the INI file every stage reads (inih), with the one table of
 * known keys and their defaults.
 *
 * Unknown sections or keys are an error naming the file and line, so a
 * typo never silently falls back to a default.  Paths in the file are
 * relative to the file's own directory.
 *
 * Where the file is found: --config FILE, else $DIPSAMPLE_CONFIG, else
 * ../config/dipsample.conf beside the executable (the source tree), else
 * ../etc/dipsample/dipsample.conf beside it (an installed tree).
 *
 * Returns: what can fail (loading, reading a value as a number or a
 * list) returns 0, or -1 with err naming the file and line; nothing is
 * printed.  Lookups return NULL (config_str(), config_key_find()) for a
 * key not in the table of known keys, which is the caller's mistake, not
 * the file's.  A char * returned is the caller's to free.
 */
#ifndef DIP_CONFIG_H
#define DIP_CONFIG_H

#include "dip/error.h"

struct config_entry {
	char *section, *key, *value;
};

struct config {
	char *path;
	char *dir;
	struct config_entry *e;
	size_t n, cap;
};

/* Resolve the config file to use; caller frees.  explicit may be NULL. */
char *config_locate(const char *explicit_path);
/* Read the file at path, checking every key and number in it. */
int config_load(struct config *c, const char *path, struct dip_err *err);
void config_release(struct config *c);

/* The value, or the key's default; NULL for a key not in the table. */
const char *config_str(const struct config *c, const char *section,
		       const char *key);
/* A path value made absolute against the config directory; caller frees. */
char *config_path(const struct config *c, const char *section,
		  const char *key);
/* A CONFIG_DECIMAL or CONFIG_COUNT key's value, checked against its
 * range; -1 with err naming the file and line otherwise. */
int config_double(const struct config *c, const char *section,
		  const char *key, double *out, struct dip_err *err);
/* A CONFIG_COUNT key's value, likewise. */
int config_ulong(const struct config *c, const char *section,
		 const char *key, unsigned long long *out, struct dip_err *err);
/* A CONFIG_COUNT_LIST key's values ("1, 3": whole numbers, each larger
 * than the one before), at most max of them; *n says how many. */
int config_ulong_list(const struct config *c, const char *section,
		      const char *key, unsigned long long *out, size_t max,
		      size_t *n, struct dip_err *err);

/* A CONFIG_TEXT_LIST or CONFIG_COUNT_MAP key's items, split on commas
 * and trimmed ("Duty Team, Assessment Team 4"; "CIC: 3, DAT: 2"): name[i]
 * (and for a map count[i]) for i < *n; the caller frees each name and
 * both arrays.  A CONFIG_COUNT_MAP item is NAME: N with N in range and
 * each name once; a CONFIG_TEXT_LIST item any text without a control
 * character.  Checked at load, so only an unknown key fails here. */
int config_items(const struct config *c, const char *section, const char *key,
		 char ***name, unsigned long long **count, size_t *n,
		 struct dip_err *err);
/* 1 when the file itself sets the key (not its default). */
int config_is_set(const struct config *c, const char *section, const char *key);

/*
 * Every known key: for --help texts and the man page.  A number key's value
 * must parse strictly (see number.h) and lie in [min, max]; every number
 * key present in a file is checked when the file is loaded, so a bad
 * value fails every stage the same way, with the file and line.
 */
/* Number kinds come last: k->type >= CONFIG_COUNT is "a number". */
enum config_type { CONFIG_TEXT, CONFIG_PATH, CONFIG_TEXT_LIST, CONFIG_CHOICE,
		   CONFIG_COUNT_MAP, CONFIG_COUNT, CONFIG_DECIMAL,
		   CONFIG_COUNT_LIST };
/* The most values a CONFIG_COUNT_LIST key may hold. */
#define CONFIG_LIST_MAX 12
/* The most items a CONFIG_TEXT_LIST or CONFIG_COUNT_MAP key may hold. */
#define CONFIG_ITEMS_MAX 1000
struct config_key {
	const char *section, *key, *def, *doc;
	enum config_type type;
	double min, max;
	const char *choices;    /* CONFIG_CHOICE: "a, b" */
};
extern const struct config_key config_keys[];
/* The key's entry in config_keys, or NULL. */
const struct config_key *config_key_find(const char *section, const char *key);

#endif
