/* report.c - ingest problems, grouped, capped and written as CSV; see
 * report.h. */
#include "ingest/report.h"
#include "dip/csvio.h"
#include "dip/intern.h"
#include "dip/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Paths are built from an export's element names and reasons quote its
 * values: both are cut, so no row grows with the input. */
#define PATH_MAX_BYTES 500
#define REASON_MAX 500

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->examples = REPORT_EXAMPLES;
	r->paths = REPORT_PATHS;
}

void report_set_caps(struct report *r, size_t examples, size_t paths)
{
	r->examples = examples;
	r->paths = paths;
}

void report_release(struct report *r)
{
	size_t examples = r->examples, paths = r->paths;

	for (size_t i = 0; i < r->n; i++) {
		free(r->row[i].path);
		free(r->row[i].child);
		free(r->row[i].value);
		free(r->row[i].reason);
	}
	for (size_t i = 0; i < r->ngroup; i++)
		free(r->group[i].path);
	free(r->row);
	free(r->group);
	hashtab_release(&r->groups);
	report_init(r);
	report_set_caps(r, examples, paths);
}

/* How much of s to keep within max bytes, never splitting a UTF-8
 * sequence; *cut says whether anything was left off. */
static size_t cut_len(const char *s, size_t max, int *cut)
{
	size_t n = strlen(s);

	*cut = n > max;
	if (!*cut)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* A copy of s cut to max bytes, "..." marking a cut; NULL for NULL.
 * The caller frees it. */
static char *cut(const char *s, size_t max)
{
	struct strbuf sb;
	size_t n;
	int more;

	if (!s)
		return NULL;
	n = cut_len(s, max, &more);
	strbuf_init(&sb);
	strbuf_add(&sb, s, n);
	if (more)
		strbuf_adds(&sb, "...");
	if (!sb.buf)
		return xstrdup("");
	return strbuf_detach(&sb);
}

/* The key of a group; path NULL for a check's other-paths group. */
struct gkey {
	enum severity sev;
	const char *check;
	int file;
	const char *path;
	size_t pathlen;        /* bytes of path kept */
	int cut;               /* path was longer */
	uint32_t hash;
};

/* The key of an occurrence's group; k->path points into path, cut as
 * the group will keep it. */
static void gkey_make(struct gkey *k, enum severity sev, const char *check,
		      int file, const char *path)
{
	k->sev = sev;
	k->check = check;
	k->file = file;
	k->path = path;
	k->pathlen = path ? cut_len(path, PATH_MAX_BYTES, &k->cut) : 0;
	if (!path)
		k->cut = 0;
	k->hash = intern_hash(check, strlen(check)) * 31u +
		  (uint32_t)file * 0x9e3779b1u + (uint32_t)sev * 0x85ebca6bu;
	if (path)
		k->hash ^= intern_hash(path, k->pathlen) + (uint32_t)k->cut;
	else
		k->hash ^= 0x27d4eb2fu;
}

/* Is g the group of k?  g keeps its path cut and marked "...". */
static int gkey_is(const struct gkey *k, const struct report_group *g)
{
	if (g->hash != k->hash || g->sev != k->sev || g->file != k->file ||
	    strcmp(g->check, k->check))
		return 0;
	if (!k->path || !g->path)
		return !k->path && !g->path;
	return !strncmp(g->path, k->path, k->pathlen) &&
	       (k->cut ? !strcmp(g->path + k->pathlen, "...")
		       : g->path[k->pathlen] == '\0');
}

struct group_probe {
	const struct report *r;
	const struct gkey *k;
};

static int same_group(const void *key, uint32_t id)
{
	const struct group_probe *p = key;

	return gkey_is(p->k, &p->r->group[id - 1]);
}

/* k's group, made if create (else NULL when there is none).  The
 * pointer is valid until the next group is made: groups may move. */
static struct report_group *group_of(struct report *r, const struct gkey *k,
				     int create)
{
	struct group_probe p = { r, k };
	struct report_group *g;
	uint32_t id;
	size_t at;

	if (!r->groups.slot)
		hashtab_init(&r->groups, 64);
	if ((id = hashtab_find(&r->groups, k->hash, same_group, &p, &at)))
		return &r->group[id - 1];
	if (!create)
		return NULL;
	XGROW(r->group, r->capgroup, r->ngroup + 1);
	g = &r->group[r->ngroup];
	memset(g, 0, sizeof(*g));
	g->sev = k->sev;
	g->check = k->check;
	g->file = k->file;
	g->hash = k->hash;
	if (k->path) {
		g->path = xstrndup(k->path, k->pathlen);
		if (k->cut) {
			g->path = xrealloc(g->path, k->pathlen + 4);
			memcpy(g->path + k->pathlen, "...", 4);
		}
	}
	hashtab_add_at(&r->groups, at, k->hash, (uint32_t)++r->ngroup);
	return g;
}

/* The group this occurrence counts in: its path's, or, once the check
 * has `paths` paths in this file, the check's other-paths group. */
static struct report_group *place(struct report *r, enum severity sev,
				  const char *check, int file,
				  const char *path)
{
	struct gkey k, other;
	struct report_group *g;

	gkey_make(&k, sev, check, file, path ? path : "");
	if ((g = group_of(r, &k, 0)))
		return g;
	gkey_make(&other, sev, check, file, NULL);
	g = group_of(r, &other, 1);
	if (g->paths >= r->paths)
		return g;
	g->paths++;
	return group_of(r, &k, 1);
}

void report_addv(struct report *r, enum severity sev, const char *check,
		 int file, long line, const char *path, const char *child,
		 const char *value, const char *fmt, va_list ap)
{
	struct report_group *g = place(r, sev, check, file, path);
	struct report_row *row;
	struct strbuf sb;
	va_list ap2;
	int n;

	r->count[sev]++;
	if (g->shown >= r->examples) {
		g->more++;
		return;
	}
	g->shown++;
	g->last = r->n;
	XGROW(r->row, r->cap, r->n + 1);
	row = &r->row[r->n++];
	row->sev = sev;
	row->check = check;
	row->file = file;
	row->line = line;
	row->group = (size_t)(g - r->group);
	row->path = cut(path, PATH_MAX_BYTES);
	row->child = child && *child ? xstrdup(child) : NULL;
	row->value = cut(value, REPORT_VALUE_MAX);
	strbuf_init(&sb);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	XGROW(sb.buf, sb.cap, (size_t)n + 1);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	row->reason = cut(sb.buf, REASON_MAX);
	strbuf_release(&sb);
}

void report_add(struct report *r, enum severity sev, const char *check,
		int file, long line, const char *path, const char *child,
		const char *value, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_addv(r, sev, check, file, line, path, child, value, fmt, ap);
	va_end(ap);
}

void report_set_child(struct report *r, size_t from, const char *child)
{
	for (size_t i = from; i < r->n; i++)
		if (!r->row[i].child && child && *child)
			r->row[i].child = xstrdup(child);
}

const char *severity_name(enum severity s)
{
	static const char *const names[] = { "reject", "warning",
					     "superseded" };

	return names[s];
}

#define NCOL 9

/* The row standing for a group's occurrences not listed. */
static int write_summary(const struct report *r, const struct report_group *g,
			 FILE *fp, const char *const *file_label,
			 unsigned long *tally)
{
	char count[32];
	const char *f[NCOL] = { 0 };
	struct strbuf reason;
	int rc;

	strbuf_init(&reason);
	strbuf_addf(&reason, "%lu more like this at %s in this file,"
		    " not listed one by one (report_%s is %zu)", g->more,
		    g->path ? "this path" : "other paths",
		    g->path ? "examples" : "paths",
		    g->path ? r->examples : r->paths);
	snprintf(count, sizeof(count), "%lu", g->more);
	f[0] = severity_name(g->sev);
	f[1] = g->check;
	f[2] = g->file >= 0 ? file_label[g->file] : NULL;
	f[4] = g->path;
	f[7] = reason.buf;
	f[8] = count;
	rc = csv_write_row(fp, f, NCOL);
	strbuf_release(&reason);
	if (tally && g->file >= 0)
		tally[(size_t)g->file * 3 + g->sev]++;
	return rc;
}

int report_write(const struct report *r, FILE *fp,
		 const char *const *file_label, unsigned long *tally)
{
	static const char *const head[NCOL] = { "severity", "check", "file",
		"line", "path", "child", "value", "reason", "count" };

	if (csv_write_row(fp, head, NCOL))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct report_row *w = &r->row[i];
		const struct report_group *g = &r->group[w->group];
		char line[32];
		const char *f[NCOL];

		snprintf(line, sizeof(line), "%ld", w->line);
		f[0] = severity_name(w->sev);
		f[1] = w->check;
		f[2] = w->file >= 0 ? file_label[w->file] : NULL;
		f[3] = w->line > 0 ? line : NULL;
		f[4] = w->path;
		f[5] = w->child;
		f[6] = w->value;
		f[7] = w->reason;
		f[8] = "1";
		if (csv_write_row(fp, f, NCOL))
			return -1;
		if (tally && w->file >= 0)
			tally[(size_t)w->file * 3 + w->sev]++;
		/* The rest of a group follows its last example. */
		if (g->last == i && g->more &&
		    write_summary(r, g, fp, file_label, tally))
			return -1;
	}
	return 0;
}
