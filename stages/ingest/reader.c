/* reader.c - one export through the map into the store; see run.h. */
#include "ingest/run.h"
#include "dip/number.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct frame {
	struct map_node *node;      /* NULL inside an unknown element */
	struct pending *rec;        /* record opened by this element */
	long line;
	int unknown_top;            /* the outermost unknown element */
	int had_child;
	int mixed;                  /* a field with an element inside it */
	/* What on_text() does with text directly inside this element:
	 * decided once, at the start tag.  TEXT_QUOTE: inside an unknown
	 * element, kept for the report's quote of it (quote_text()). */
	enum { TEXT_DROP, TEXT_KEEP, TEXT_STRAY, TEXT_QUOTE } text;
	const char *ns, *local;     /* interned by libxml2 for the parse */
};

struct reader {
	struct ingest *g;
	struct ingest_file *f;
	int fileno;
	struct frame *stack;
	size_t depth, cap;
	struct strbuf text;         /* text of the current leaf */
	struct strbuf path;         /* built by path_of() for reports */
	size_t top_report;          /* first report row of that record */
	int header_checked;
	/* To say why an export gave no records: the record element this
	 * root's export should hold, and the first element not in the map
	 * found on the way to it. */
	const struct map_node *record_node;
	struct {
		const struct map_node *parent;
		char local[128], ns[256];
		int has_ns;
		long line;
	} stray;
	const struct map_node **header_groups;   /* met in the header */
	size_t nheader_groups, capheader_groups;
};

struct seen_group {
	const struct map_node *node;
	struct seen_group *next;
};

/*
 * A column given twice in one record with different values holds this
 * mark until the record ends, and is then left empty: which value the
 * export meant cannot be known, and keeping the first would make the
 * result depend on element order.
 */
static const char conflict[] = "";

const char *ingest_header(const struct ingest *g, const struct ingest_file *f,
			  const char *name)
{
	int col = map_col_index(g->map, g->map->header, name);
	const char *v = col >= 0 && f->header ? f->header[col] : NULL;

	return v == conflict ? NULL : v;
}

/* 1 when a header value is missing because it was given twice with
 * different values, rather than not at all. */
static int header_conflict(const struct ingest *g, const struct ingest_file *f,
			   const char *name)
{
	int col = map_col_index(g->map, g->map->header, name);

	return col >= 0 && f->header && f->header[col] == conflict;
}

#define TWO_LEAS "'LEA' is given twice in the header with different values:" \
	" whose records these are cannot be known"

static void warn(struct reader *rd, const char *check, long line,
		 const char *path, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void warn(struct reader *rd, const char *check, long line,
		 const char *path, const char *value, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_addv(&rd->g->report, SEV_WARNING, check, rd->fileno, line,
		    path, NULL, value, fmt, ap);
	va_end(ap);
}

/* A record dropped: reported, and counted against the run's reject
 * ratio. */
static void reject(struct reader *rd, const char *check, long line,
		   const char *path, const char *fmt, const char *arg)
{
	report_add(&rd->g->report, SEV_REJECT, check, rd->fileno, line, path,
		   NULL, NULL, fmt, arg);
	rd->g->rejects++;
}

/* The census of end year 2023 as people name it: "2022-23". */
static const char *census_label(int y, char *buf, size_t n)
{
	snprintf(buf, n, "%d-%02d", y - 1, y % 100);
	return buf;
}

#define DATE_CACHE_FIRST 1900
#define DATE_CACHE_YEARS 200    /* 1900 to 2099 */
#define DATE_CACHE_SLOTS (DATE_CACHE_YEARS * 12 * 31)

/* The cache's slot for year y, month m, day d, or -1 outside it. */
static long date_slot(int y, int m, int d)
{
	if (y < DATE_CACHE_FIRST || y >= DATE_CACHE_FIRST + DATE_CACHE_YEARS ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return ((long)(y - DATE_CACHE_FIRST) * 12 + (m - 1)) * 31 + (d - 1);
}

/* The interned "YYYY-MM-DD" of day d, cached by year, month and day
 * from 1900 to 2099 so that the commonest values are interned without
 * hashing. */
static const char *date_value(struct ingest *g, dip_date d)
{
	char buf[DIP_DATE_LEN];
	int y, m, dd;
	long i;

	date_to_ymd(d, &y, &m, &dd);
	i = date_slot(y, m, dd);
	if (i < 0)
		return intern_str(&g->store.strings, date_format(d, buf));
	if (!g->date_str[i])
		g->date_str[i] = intern_str(&g->store.strings,
					    date_format(d, buf));
	return g->date_str[i];
}

/* A date written exactly "YYYY-MM-DD" whose day has been read before:
 * its value from the cache, without parsing it again; else NULL (a
 * slot is filled only with a day date_parse() accepted). */
static const char *date_seen(const struct ingest *g, const char *s, size_t n)
{
	int v[8];
	static const unsigned char at[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	long i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return NULL;
	for (int k = 0; k < 8; k++) {
		v[k] = (unsigned char)s[at[k]] - '0';
		if (v[k] < 0 || v[k] > 9)
			return NULL;
	}
	i = date_slot(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3],
		      v[4] * 10 + v[5], v[6] * 10 + v[7]);
	return i < 0 ? NULL : g->date_str[i];
}

/*
 * Check and normalise one field's text.  Returns the value to store,
 * interned in the store's strings, or NULL when it is unusable (after
 * a warning).  An unknown code is kept as given, with a warning; a code
 * out of its years is warned about only if its element was not
 * (year_checked).
 */
static const char *convert(struct reader *rd, const struct map_node *c,
			   const char *s, size_t n, long line, int year_checked)
{
	struct intern *a = &rd->g->store.strings;
	int y = rd->f->census_year;
	char buf[DIP_DATETIME_LEN], yb[16];
	const char *seen;
	dip_date d;

	switch (c->type) {
	case MAP_STRING:
		return intern(a, s, n);
	case MAP_DATE:
		if ((seen = date_seen(rd->g, s, n)))
			return seen;
		if (date_parse(s, n, &d) == 0)
			return date_value(rd->g, d);
		warn(rd, "invalid_date", line, c->path, s,
		     "'%s' is not a date (YYYY-MM-DD)", s);
		return NULL;
	case MAP_DATETIME:
		if (datetime_parse(s, n, buf) == 0)
			return intern_str(a, buf);
		warn(rd, "invalid_datetime", line, c->path, s,
		     "'%s' is not a date and time (YYYY-MM-DDThh:mm:ss)", s);
		return NULL;
	case MAP_BOOL:
		if (!strcasecmp(s, "true") || !strcmp(s, "1"))
			return rd->g->bool_str[1];
		if (!strcasecmp(s, "false") || !strcmp(s, "0"))
			return rd->g->bool_str[0];
		warn(rd, "invalid_bool", line, c->path, s,
		     "'%s' is not true, false, 1 or 0", s);
		return NULL;
	case MAP_COUNT:
		if (n > 0 && n < 10 && strspn(s, "0123456789") == n)
			return intern(a, s, n);
		warn(rd, "invalid_count", line, c->path, s,
		     "'%s' is not a whole number of 0 or more", s);
		return NULL;
	case MAP_CODE: {
		const struct codelist *cl = &rd->g->map->codes[c->codelist];
		const struct code *k = codelist_find(cl, s);

		if (!k) {
			warn(rd, "unknown_code", line, c->path, s,
			     "'%s' is not in the code list", s);
			return intern(a, s, n);
		}
		if (!year_checked && !code_valid_in(k, y))
			warn(rd, "code_not_in_year", line, c->path, s,
			     "'%s' is not valid in the %s census", s,
			     census_label(y, yb, sizeof(yb)));
		return k->interned;
	}
	}
	return NULL;
}

/* The innermost record of table still open on the stack, or NULL. */
static struct pending *open_record(struct reader *rd, int table)
{
	for (size_t i = rd->depth; i-- > 0;)
		if (rd->stack[i].rec && rd->stack[i].rec->table == table)
			return rd->stack[i].rec;
	return NULL;
}

/* A new frame on the stack, which may move: pointers to older frames
 * are stale after it. */
static struct frame *push(struct reader *rd, const char *ns, const char *local)
{
	struct frame *fr;

	XGROW(rd->stack, rd->cap, rd->depth + 1);
	fr = &rd->stack[rd->depth++];
	memset(fr, 0, sizeof(*fr));
	fr->ns = ns;
	fr->local = local;
	return fr;
}

/* The current element's path as the map writes it ("x:" for the
 * extension namespace), built only when a report row needs it. */
static const char *path_of(struct reader *rd)
{
	const struct exportmap *m = rd->g->map;

	strbuf_reset(&rd->path);
	for (size_t d = 0; d < rd->depth; d++) {
		const struct frame *fr = &rd->stack[d];

		if (d)
			strbuf_add(&rd->path, "/", 1);
		for (size_t i = 0; fr->ns && i < m->nns; i++)
			if (!strcmp(m->nsuri[i], fr->ns)) {
				strbuf_adds(&rd->path, m->nsprefix[i]);
				strbuf_add(&rd->path, ":", 1);
				break;
			}
		strbuf_adds(&rd->path, fr->local);
	}
	return rd->path.buf ? rd->path.buf : "";
}

static void check_header(struct reader *rd, struct xmlin *x);

/* Text inside known element n: a field's is kept, an ignored element's
 * dropped, and any other is text between elements, reported. */
static int text_of(const struct map_node *n)
{
	return n->ignore ? TEXT_DROP : n->field_col >= 0 ? TEXT_KEEP
							 : TEXT_STRAY;
}

/* The first element under root that starts a top-level record. */
static const struct map_node *first_record(const struct exportmap *m,
					   const struct map_node *n)
{
	if (n->table >= 0 && m->table[n->table].parent < 0)
		return n;
	for (size_t i = 0; i < n->nchild; i++) {
		const struct map_node *r = first_record(m, n->child[i]);

		if (r)
			return r;
	}
	return NULL;
}

/* Remember the first unknown element on the way from the root to the
 * record element (Children where Childern stands, or Children in a
 * namespace the map does not read). */
static void note_stray(struct reader *rd, const struct map_node *parent,
		       const char *ns, const char *local, long line)
{
	const struct map_node *a = rd->record_node;

	if (rd->stray.parent)
		return;
	while (a && a != parent)
		a = a->up;
	if (!a)
		return;
	rd->stray.parent = parent;
	snprintf(rd->stray.local, sizeof(rd->stray.local), "%s", local);
	snprintf(rd->stray.ns, sizeof(rd->stray.ns), "%s", ns ? ns : "");
	rd->stray.has_ns = ns != NULL;
	rd->stray.line = line;
}

static void ns_phrase(char *buf, size_t n, const char *ns)
{
	if (ns)
		snprintf(buf, n, "namespace '%s'", ns);
	else
		snprintf(buf, n, "no namespace");
}

/* An export that gave no record at all is refused, saying why. */
static void no_records(struct reader *rd, struct dip_err *err)
{
	const struct map_node *want = rd->record_node;
	const char *label = rd->f->label;

	if (!want) {
		err_set(err, DIP_EXIT_DATA, label, 0, 0, "no records: the"
			" export map has no record element for this root");
		return;
	}
	if (!rd->stray.parent) {
		err_set(err, DIP_EXIT_DATA, label, 0, 0, "no records: no"
			" '%s' element in the export", want->path);
		return;
	}
	/* The element the map expected where the stray one stands. */
	while (want->up && want->up != rd->stray.parent)
		want = want->up;
	if (!strcmp(want->local, rd->stray.local)) {
		char found[300], expect[300];

		ns_phrase(found, sizeof(found),
			  rd->stray.has_ns ? rd->stray.ns : NULL);
		ns_phrase(expect, sizeof(expect), want->ns);
		err_set(err, DIP_EXIT_DATA, label, rd->stray.line, 0,
			"no records: '%s' is in %s; the export map reads it"
			" in %s", rd->stray.local, found, expect);
		return;
	}
	err_set(err, DIP_EXIT_DATA, label, rd->stray.line, 0,
		"no records: element '%s' is not in the export map where"
		" '%s' was expected", rd->stray.local, want->local);
}

/*
 * A group of fields that cannot repeat (ChildIdentifiers, Moderation)
 * given a second time in one record: said so, since its fields are then
 * taken one by one (the field rule of put_value() applies to each), not
 * as the block the export wrote.
 */
static void note_group(struct reader *rd, const struct map_node *n, long line)
{
	struct pending *p = NULL;
	int seen = 0;

	for (size_t i = rd->depth; i-- > 0 && !p;)
		p = rd->stack[i].rec;
	if (p) {
		for (const struct seen_group *g = p->groups; g && !seen;
		     g = g->next)
			seen = g->node == n;
		if (!seen) {
			struct seen_group *g = arena_alloc(&rd->g->scratch,
							   sizeof(*g));

			g->node = n;
			g->next = p->groups;
			p->groups = g;
		}
	} else {
		for (size_t i = 0; i < rd->nheader_groups && !seen; i++)
			seen = rd->header_groups[i] == n;
		if (!seen) {
			XGROW(rd->header_groups, rd->capheader_groups,
			      rd->nheader_groups + 1);
			rd->header_groups[rd->nheader_groups++] = n;
		}
	}
	if (seen)
		warn(rd, "repeated_element", line, path_of(rd), NULL,
		     "'%s' given twice where it cannot repeat: its fields are"
		     " taken one by one, and one given twice with different"
		     " values is left empty", n->local);
}

/* An element opens: find it in the map, refuse a root the map does not
 * read, open a record, start collecting a field's text. */
static void on_start(struct xmlin *x, const char *ns, const char *local,
		     long line)
{
	struct reader *rd = xmlin_user(x);
	struct frame *up = rd->depth ? &rd->stack[rd->depth - 1] : NULL;
	/* push() may move the stack: take what is needed from up first. */
	struct map_node *parent = up ? up->node : &rd->g->map->top;
	int is_root = !up, in_ignored = up && up->node && up->node->ignore;
	int in_quote = up && up->text == TEXT_QUOTE;
	struct map_node *n;
	struct frame *fr;

	if (up) {
		up->had_child = 1;
		if (up->node && up->node->field_col >= 0 && !up->node->ignore)
			up->mixed = 1;
	}
	n = parent && !in_ignored ? map_child_interned(parent, ns, local)
				  : NULL;
	if (is_root && (!n || n->root == ROOT_NONE)) {
		xmlin_fail(x, "root element '%s' is not an export this map"
			   " reads (census 'Message' or audit 'AuditExport')",
			   local);
		return;
	}
	fr = push(rd, ns, local);
	fr->node = n;
	fr->line = line;
	if (is_root) {
		fr->text = text_of(n);
		rd->f->kind = n->root;
		rd->record_node = first_record(rd->g->map, n);
		return;
	}
	if (in_ignored) {
		fr->node = parent;    /* stay inside the ignored part */
		return;
	}
	if (!n) {
		/* Report only the outermost unknown element, quoting its text
		 * and the text of every element inside it, in order (XML's
		 * string value of it). */
		fr->unknown_top = parent != NULL;
		fr->text = fr->unknown_top || in_quote ? TEXT_QUOTE : TEXT_DROP;
		if (fr->unknown_top)
			strbuf_reset(&rd->text);
		if (parent)
			note_stray(rd, parent, ns, local, line);
		return;
	}
	fr->text = text_of(n);
	if (n->ignore)
		return;
	if (n->group)
		note_group(rd, n, line);
	if (n->table >= 0) {
		struct pending *p = pending_new(&rd->g->scratch, rd->g->map,
						n->table, line);
		const struct map_table *t = &rd->g->map->table[n->table];

		rd->f->records++;
		rd->g->records++;
		if (t->parent < 0) {
			if (!rd->header_checked)
				check_header(rd, x);
			rd->top_report = rd->g->report.n;
		} else {
			struct pending *parent_rec = open_record(rd, t->parent);

			p->up = parent_rec;   /* NULL only if the map is odd */
		}
		fr->rec = p;
	}
	if (n->field_col >= 0)
		strbuf_reset(&rd->text);
}

/*
 * An unknown element's text, for the report's quote of it: white space
 * before the first word is skipped (the quote is trimmed), and no more
 * is kept than the report could quote, with room to see that it goes on.
 * The text of the elements inside it adds up with no cap per element,
 * so without this an unknown element could hold the whole export.
 */
static void quote_text(struct strbuf *q, const char *s, size_t n)
{
	size_t room;

	if (!q->len)
		while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++, n--;
	room = 2 * REPORT_VALUE_MAX;
	room = q->len < room ? room - q->len : 0;
	strbuf_add(q, s, n < room ? n : room);
}

/* Text is kept for a field, and for the outermost unknown element (to
 * quote it in the report); text between elements is reported once per
 * element. */
static void on_text(struct xmlin *x, const char *s, size_t n)
{
	struct reader *rd = xmlin_user(x);
	struct frame *fr;

	if (!rd->depth)
		return;
	fr = &rd->stack[rd->depth - 1];
	if (fr->text == TEXT_KEEP) {
		strbuf_add(&rd->text, s, n);
		return;
	}
	if (fr->text == TEXT_QUOTE) {
		quote_text(&rd->text, s, n);
		return;
	}
	if (fr->text == TEXT_STRAY && !is_blank(s, n)) {
		struct strbuf v;

		fr->text = TEXT_DROP;    /* once per element */
		strbuf_init(&v);
		strbuf_add(&v, s, n);
		strbuf_trim(&v);
		warn(rd, "stray_text", xmlin_line(x), path_of(rd), v.buf,
		     "text '%s' between elements is ignored", v.buf);
		strbuf_release(&v);
	}
}

/* Warn when an element does not belong to this census year; returns 1
 * if it warned, so the element's code is not faulted a second time. */
static int element_year(struct reader *rd, const struct map_node *n,
			long line)
{
	int y = rd->f->census_year;
	char yb[16];

	if (!y || (!n->first_year && !n->last_year))
		return 0;
	if ((n->first_year && y < n->first_year) ||
	    (n->last_year && y > n->last_year)) {
		warn(rd, "element_not_in_year", line, path_of(rd), NULL,
		     "'%s' is not part of the %s census", n->local,
		     census_label(y, yb, sizeof(yb)));
		return 1;
	}
	return 0;
}

/*
 * Fill column col of the record being read (or of the header).  A column
 * takes one value per record: a second occurrence is reported naming both
 * values, and if they differ the column is left empty (see conflict).
 * Header values outlive the scratch arena, so they are copied (heap).
 * quiet: another column reports this element (the text as given names
 * the values as the export wrote them: GenderCurrent 0 and 9, not U, U).
 */
static void put_value(struct reader *rd, struct frame *fr,
		      const struct map_table *t, const char **val,
		      long *vline, int col, const char *v, int heap, int quiet)
{
	const char **slot = &val[col];
	const char *name = t->col[col].name;

	if (!*slot) {
		*slot = heap ? xstrdup(v) : v;
		if (vline)
			vline[col] = fr->line;
		return;
	}
	if (*slot != conflict && strcmp(*slot, v)) {
		if (!quiet)
			warn(rd, "repeated_element", fr->line, path_of(rd), v,
			     "given twice, as '%s' and as '%s'; %s left empty,"
			     " since which one holds cannot be known", *slot,
			     v, name);
		if (heap)
			free((char *)*slot);
		*slot = conflict;
	} else if (quiet) {
		return;
	} else if (*slot == conflict) {
		warn(rd, "repeated_element", fr->line, path_of(rd), v,
		     "given again as '%s', after two different values; %s"
		     " stays empty", v, name);
	} else {
		warn(rd, "repeated_element", fr->line, path_of(rd), v,
		     "given twice, both times '%s'; kept once", v);
	}
}

/* A field's element ends: its text, checked, goes to its record (or to
 * the header); a key that cannot be used marks the record. */
static void set_field(struct reader *rd, struct frame *fr)
{
	const struct map_node *n = fr->node;
	const struct map_table *t = &rd->g->map->table[n->field_table];
	struct pending *p = NULL;
	const char **val;
	long *vline = NULL;
	const char *v;
	int out_of_year;

	strbuf_trim(&rd->text);
	out_of_year = element_year(rd, n, fr->line);
	if (t->is_header) {
		val = rd->f->header;
	} else {
		p = fr->rec ? fr->rec : open_record(rd, n->field_table);
		if (!p)
			return;
		val = p->val;
		vline = p->vline;
	}
	if (fr->mixed) {
		/* Its own text and its children's cannot be told apart
		 * as one value: neither is used. */
		warn(rd, "mixed_content", fr->line, path_of(rd), NULL,
		     "'%s' has elements inside its value; the value is not"
		     " used", n->local);
		if (p && n->field_col == t->key)
			p->bad_key = 1;
		return;
	}
	if (!rd->text.len)
		return;
	v = convert(rd, n, rd->text.buf, rd->text.len, fr->line,
		    out_of_year);
	if (n->given_col >= 0)
		put_value(rd, fr, t, val, vline, n->given_col,
			  intern(&rd->g->store.strings, rd->text.buf,
				 rd->text.len), !p, 0);
	if (!v) {
		if (p && n->field_col == t->key)
			p->bad_key = 1;
		return;
	}
	put_value(rd, fr, t, val, vline, n->field_col, v, !p,
		  n->given_col >= 0);
}

/* Columns given twice with different values are left empty; a key so
 * given is a key that cannot be known. */
static void clear_conflicts(const struct map_table *t, struct pending *p)
{
	for (size_t c = 0; c < t->ncol; c++)
		if (p->val[c] == conflict) {
			p->val[c] = NULL;
			if ((int)c == t->key)
				p->bad_key = 1;
		}
}

static int has_values(const struct map_table *t, const struct pending *p)
{
	for (size_t c = 0; c < t->ncol; c++)
		if (p->val[c])
			return 1;
	return 0;
}

/* A record's element ends: an empty block or a record with no key is
 * dropped (with what it holds); a nested record joins its parent; a
 * top-level one, with the whole tree under it, is merged into the store
 * and the scratch arena emptied. */
static void end_record(struct reader *rd, struct xmlin *x, struct frame *fr)
{
	struct pending *p = fr->rec;
	const struct map_table *t = &rd->g->map->table[p->table];
	const char *lea;

	clear_conflicts(t, p);
	if (t->key < 0 && !has_values(t, p)) {
		/* A block with nothing in it says nothing: no row. */
		warn(rd, "empty_element", fr->line, path_of(rd), NULL,
		     "'%s' has no values inside it; no row",
		     strrchr(t->path, ':') ? strrchr(t->path, ':') + 1
		     : strrchr(t->path, '/') ? strrchr(t->path, '/') + 1
		     : t->path);
		return;
	}
	if (t->key >= 0 && !p->val[t->key]) {
		char what[256];

		const char *elem = strrchr(t->col[t->key].path, '/');

		elem = elem ? elem + 1 : t->col[t->key].path;
		if (strchr(elem, ':'))
			elem = strchr(elem, ':') + 1;
		snprintf(what, sizeof(what), "'%s' has no%s '%s'; dropped",
			 strrchr(t->path, '/') ? strrchr(t->path, '/') + 1
					       : t->path,
			 p->bad_key ? " valid" : "", elem);
		reject(rd, "missing_key", fr->line, path_of(rd), "%s", what);
		if (t->parent < 0) {
			report_set_child(&rd->g->report, rd->top_report, NULL);
			arena_reset(&rd->g->scratch);
		}
		return;
	}
	if (t->parent >= 0) {
		/* Attach in document order; dropped with a rejected parent. */
		if (!p->up)
			return;
		if (p->up->last)
			p->up->last->next = p;
		else
			p->up->child = p;
		p->up->last = p;
		return;
	}
	lea = ingest_header(rd->g, rd->f, "lea");
	if (lea)
		lea = intern_str(&rd->g->store.strings, lea);
	if (!lea) {
		if (header_conflict(rd->g, rd->f, "lea"))
			xmlin_fail(x, TWO_LEAS);
		else
			xmlin_fail(x, "no 'LEA' in the header before the first"
				   " record: the header must come first");
		return;
	}
	rd->f->top_records++;
	report_set_child(&rd->g->report, rd->top_report, p->val[t->key]);
	if (store_merge(&rd->g->store, p, rd->fileno, lea, &rd->g->report))
		xmlin_fail(x, "more records than one run can hold (%zu GiB of"
			   " them)", (size_t)(STORE_MAX_BYTES >> 30));
	arena_reset(&rd->g->scratch);
}

/* An element closes: report it if unknown or empty, finish its field
 * and its record. */
static void on_end(struct xmlin *x, const char *ns, const char *local)
{
	struct reader *rd = xmlin_user(x);
	struct frame *fr = &rd->stack[rd->depth - 1];
	const struct map_node *n = fr->node;

	(void)ns;
	(void)local;
	if (fr->unknown_top) {
		strbuf_trim(&rd->text);
		warn(rd, "unknown_element", fr->line, path_of(rd),
		     rd->text.len ? rd->text.buf : NULL,
		     "element '%s' is not in the export map; ignored", local);
	} else if (n && !n->ignore) {
		if (n->field_col >= 0)
			set_field(rd, fr);
		else if (n->nchild && !fr->had_child && n->table < 0)
			warn(rd, "empty_element", fr->line, path_of(rd), NULL,
			     "'%s' has no elements inside it", local);
		if (fr->rec)
			end_record(rd, x, fr);
	}
	rd->depth--;
}

/* Validate the header once, before the first record needs it. */
static void check_header(struct reader *rd, struct xmlin *x)
{
	struct ingest_file *f = rd->f;
	const char *year = ingest_header(rd->g, f, "census_year");
	const char *ref = ingest_header(rd->g, f, "reference_date");
	const char *dt = ingest_header(rd->g, f, "export_datetime");
	long line = x ? xmlin_line(x) : 0;
	dip_date d;
	int y = 0, m = 0, dd = 0;
	unsigned long long u;

	rd->header_checked = 1;
	if (ref && date_parse(ref, strlen(ref), &d) == 0)
		date_to_ymd(d, &y, &m, &dd);
	/* A Year that is not a year is left to the check below to report,
	 * against the ReferenceDate. */
	if (year && !parse_uint(year, 1, 9999, &u))
		f->census_year = (int)u;
	else if (y)
		f->census_year = m <= 3 ? y : y + 1;
	if (f->kind == ROOT_CENSUS && y &&
	    !(y == f->census_year && m == 3 && dd == 31))
		warn(rd, "reference_date_mismatch", line,
		     "Message/Header/CollectionDetails/ReferenceDate", ref,
		     "ReferenceDate should be 31 March of the census Year %d",
		     f->census_year);
	if (!dt)
		warn(rd, "no_export_datetime", line, "Header", NULL,
		     "no export DateTime: this file's values lose to every"
		     " dated export");
	store_set_rank(&rd->g->store, rd->fileno, f->label, dt);
}

/* One slot per header column; values there are heap copies (they
 * outlive the scratch arena), freed by ingest_release(). */
static void header_columns(struct ingest *g, struct ingest_file *f)
{
	size_t n = g->map->header >= 0 ? g->map->table[g->map->header].ncol : 0;

	f->header = xcalloc(n ? n : 1, sizeof(*f->header));
}

int ingest_file(struct ingest *g, const char *path, struct dip_err *err)
{
	static const struct xmlin_sax sax = { on_start, on_end, on_text };
	struct reader rd = { 0 };
	struct ingest_file *f;
	int rc;

	XGROW(g->file, g->capfile, g->nfile + 1);
	f = &g->file[g->nfile];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->label = xstrdup(path);
	header_columns(g, f);
	rd.g = g;
	rd.f = f;
	rd.fileno = (int)g->nfile++;
	strbuf_init(&rd.text);
	strbuf_init(&rd.path);
	store_set_rank(&g->store, rd.fileno, f->label, "");
	map_forget_names(&g->map->top);
	rc = xmlin_parse(path, f->label, &g->lim, &sax, &rd, &f->info, err);
	if (!rc && !f->records) {
		no_records(&rd, err);
		rc = -1;
	}
	if (!rc && !rd.header_checked)
		check_header(&rd, NULL);
	if (!rc && !ingest_header(g, f, "lea")) {
		err_set(err, DIP_EXIT_DATA, f->label, 0, 0, "%s",
			header_conflict(g, f, "lea") ? TWO_LEAS
			: "no 'LEA' in the header");
		rc = -1;
	}
	if (!rc && f->kind == ROOT_CENSUS) {
		const char *ref = ingest_header(g, f, "reference_date");

		if (!ref) {
			err_set(err, DIP_EXIT_DATA, f->label, 0, 0,
				"%s in the header: the census period cannot be"
				" known", header_conflict(g, f, "reference_date")
				? "'ReferenceDate' is given twice with different"
				  " values" : "no valid 'ReferenceDate'");
			rc = -1;
		}
	}
	arena_reset(&g->scratch);
	strbuf_release(&rd.text);
	strbuf_release(&rd.path);
	free(rd.stack);
	free(rd.header_groups);
	return rc;
}

void ingest_init(struct ingest *g, struct exportmap *map,
		 const struct xmlin_limits *lim)
{
	memset(g, 0, sizeof(*g));
	g->map = map;
	g->lim = *lim;
	store_init(&g->store, map);
	report_init(&g->report);
	arena_init(&g->scratch);
	g->bool_str[0] = intern_str(&g->store.strings, "0");
	g->bool_str[1] = intern_str(&g->store.strings, "1");
	g->date_str = xcalloc(DATE_CACHE_SLOTS, sizeof(*g->date_str));
	for (size_t i = 0; i < map->ncodes; i++)
		for (size_t j = 0; j < map->codes[i].n; j++)
			map->codes[i].code[j].interned =
				intern_str(&g->store.strings,
					   map->codes[i].code[j].value);
}

void ingest_release(struct ingest *g)
{
	for (size_t i = 0; i < g->nfile; i++) {
		struct ingest_file *f = &g->file[i];

		if (f->header && g->map->header >= 0)
			for (size_t j = 0;
			     j < g->map->table[g->map->header].ncol; j++)
				if (f->header[j] != conflict)
					free((char *)f->header[j]);
		free(f->header);
		free(f->path);
		free(f->label);
	}
	free(g->file);
	store_release(&g->store);
	report_release(&g->report);
	free(g->date_str);
	arena_release(&g->scratch);
	memset(g, 0, sizeof(*g));
}
