/* caselist.c - the dip-sample lists, most urgent first; see caselist.h. */
#include "mstage/caselist.h"
#include "dip/csvio.h"
#include "dip/number.h"
#include "dip/util.h"

#include <stdlib.h>
#include <string.h>

struct row {
	long key[2];
	long episode;                   /* -1: none */
	size_t seq;                     /* order added: the last tie-break */
	size_t off;                     /* first cell in the list's text */
};

struct caselist {
	char *metric;
	size_t ncol;                    /* CASELIST_WHO + the list's own */
	const char **header;
	enum caselist_order order[2];
	struct row *row;
	size_t nrow, caprow;
	char *text;                     /* every cell, NUL-terminated, in turn */
	size_t ntext, captext;
};

static const char *const who_cols[CASELIST_WHO] = { "lea", "la_child_id",
	"episode_no", "team", "service_area", "worker" };

struct caselist *caselist_new(const char *metric, const char *const *columns,
			      size_t ncolumns, enum caselist_order first,
			      enum caselist_order second)
{
	struct caselist *l = xcalloc(1, sizeof(*l));

	l->metric = xstrdup(metric);
	l->ncol = CASELIST_WHO + ncolumns;
	l->header = xcalloc(l->ncol, sizeof(*l->header));
	for (size_t i = 0; i < CASELIST_WHO; i++)
		l->header[i] = who_cols[i];
	for (size_t i = 0; i < ncolumns; i++)
		l->header[CASELIST_WHO + i] = columns[i];
	l->order[0] = first;
	l->order[1] = second;
	return l;
}

struct caselist_who caselist_episode(const struct c_child *ch,
				     const struct c_episode *e)
{
	struct caselist_who w = { ch->lea, ch->id, e, NULL, NULL };

	return w;
}

/* Append s (NULL as empty) to the list's one block of cell text,
 * NUL-terminated: a cell is its offset there. */
static void add_cell(struct caselist *l, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	XGROW(l->text, l->captext, l->ntext + n + 1);
	if (n)
		memcpy(l->text + l->ntext, s, n);
	l->text[l->ntext + n] = '\0';
	l->ntext += n + 1;
}

void caselist_add(struct caselist *l, const struct caselist_who *who,
		  long key1, long key2, const char *const *cells)
{
	const struct c_episode *e = who->ep;
	struct row *r;
	char no[24];

	XGROW(l->row, l->caprow, l->nrow + 1);
	r = &l->row[l->nrow];
	r->key[0] = key1;
	r->key[1] = l->order[1] ? key2 : 0;
	r->episode = e ? e->no : -1;
	r->seq = l->nrow++;
	r->off = l->ntext;
	fmt_long(no, e ? e->no : 0);
	add_cell(l, who->lea);
	add_cell(l, who->child);
	add_cell(l, e ? no : NULL);
	add_cell(l, who->team ? who->team : e ? e->team : NULL);
	add_cell(l, who->service_area ? who->service_area
		    : e ? e->service_area : NULL);
	add_cell(l, e ? e->worker : NULL);
	for (size_t i = CASELIST_WHO; i < l->ncol; i++)
		add_cell(l, cells[i - CASELIST_WHO]);
}

const char *caselist_metric(const struct caselist *l)
{
	return l->metric;
}

size_t caselist_rows(const struct caselist *l)
{
	return l->nrow;
}

/* The cells of a row, in order, into out (ncol of them). */
static void cells_of(const struct caselist *l, const struct row *r,
		     const char **out)
{
	const char *p = l->text + r->off;

	for (size_t i = 0; i < l->ncol; i++) {
		out[i] = p;
		p += strlen(p) + 1;
	}
}

static int cmp_long(long a, long b)
{
	return (a > b) - (a < b);
}

/* qsort has no context argument: the list being sorted. */
static const struct caselist *sorting;

/* The keys in the list's order, then child id, LEA, episode, every
 * other cell and the order added: the same rows always come out in the
 * same order. */
static int cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	const struct caselist *l = sorting;
	const char *ca, *cb;
	int c;

	for (int k = 0; k < 2; k++)
		if (l->order[k] && (c = cmp_long(a->key[k], b->key[k])))
			return l->order[k] == CASELIST_DESC ? -c : c;
	ca = l->text + a->off;
	cb = l->text + b->off;
	{
		const char *lea_a = ca, *lea_b = cb;
		const char *id_a = ca + strlen(ca) + 1, *id_b = cb + strlen(cb) + 1;

		if ((c = strcmp(id_a, id_b)) || (c = strcmp(lea_a, lea_b)) ||
		    (c = cmp_long(a->episode, b->episode)))
			return c;
	}
	for (size_t i = 0; i < l->ncol; i++) {
		if ((c = strcmp(ca, cb)))
			return c;
		ca += strlen(ca) + 1;
		cb += strlen(cb) + 1;
	}
	return cmp_long((long)a->seq, (long)b->seq);
}

int caselist_write(struct caselist *l, FILE *fp)
{
	const char **cell = xcalloc(l->ncol, sizeof(*cell));
	int rc = 0;

	if (l->nrow > 1) {
		sorting = l;
		qsort(l->row, l->nrow, sizeof(*l->row), cmp_row);
		sorting = NULL;
	}
	if (csv_write_row(fp, l->header, l->ncol))
		rc = -1;
	for (size_t i = 0; !rc && i < l->nrow; i++) {
		cells_of(l, &l->row[i], cell);
		if (csv_write_row(fp, cell, l->ncol))
			rc = -1;
	}
	free(cell);
	return rc;
}

void caselist_free(struct caselist *l)
{
	if (!l)
		return;
	free(l->metric);
	free(l->header);
	free(l->row);
	free(l->text);
	free(l);
}
