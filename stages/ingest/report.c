/* report.c - ingest problems, kept in order and written as CSV. */
#include "dip/report.h"
#include "dip/csvio.h"
#include "dip/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MAX 200

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

void report_release(struct report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->row[i].path);
		free(r->row[i].child);
		free(r->row[i].value);
		free(r->row[i].reason);
	}
	free(r->row);
	report_init(r);
}

static char *cut(const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	if (n <= VALUE_MAX)
		return xstrdup(s);
	/* Do not split a UTF-8 sequence. */
	n = VALUE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	{
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_add(&sb, s, n);
		strbuf_adds(&sb, "...");
		return sb.buf;
	}
}

void report_addv(struct report *r, enum severity sev, const char *check,
		 int file, long line, const char *path, const char *child,
		 const char *value, const char *fmt, va_list ap)
{
	struct report_row *row;
	struct strbuf sb;
	va_list ap2;
	int n;

	XGROW(r->row, r->cap, r->n + 1);
	row = &r->row[r->n++];
	row->sev = sev;
	row->check = check;
	row->file = file;
	row->line = line;
	row->path = path ? xstrdup(path) : NULL;
	row->child = child && *child ? xstrdup(child) : NULL;
	row->value = cut(value);
	strbuf_init(&sb);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	XGROW(sb.buf, sb.cap, (size_t)n + 1);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	row->reason = sb.buf;
	r->count[sev]++;
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

int report_write(const struct report *r, FILE *fp,
		 const char *const *file_label, unsigned long *tally)
{
	static const char *const head[] = { "severity", "check", "file",
		"line", "path", "child", "value", "reason" };

	if (csv_write_row(fp, head, 8))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct report_row *w = &r->row[i];
		char line[32];
		const char *f[8];

		snprintf(line, sizeof(line), "%ld", w->line);
		f[0] = severity_name(w->sev);
		f[1] = w->check;
		f[2] = w->file >= 0 ? file_label[w->file] : NULL;
		f[3] = w->line > 0 ? line : NULL;
		f[4] = w->path;
		f[5] = w->child;
		f[6] = w->value;
		f[7] = w->reason;
		if (csv_write_row(fp, f, 8))
			return -1;
		if (tally && w->file >= 0)
			tally[(size_t)w->file * 3 + w->sev]++;
	}
	return 0;
}
