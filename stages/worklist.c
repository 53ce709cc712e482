/*
 * dip-worklist - the month's audit sample: which children's files the
 * QA team opens this month, and why.  Run nightly after the metric
 * stages, it reads the tables, the dip-sample lists those stages wrote
 * into RUN_DIR/lists/ and the sample history carried from the last run,
 * and writes lists/audit_sample.csv, worklist/history.csv and a printable
 * page per team (worklist/audit-sample.html).
 *
 * Who is in the sample, in this order (doc/worklist.md):
 *   1. the children already chosen for this month on an earlier night,
 *      less those whose episode has closed since (a gap);
 *   2. must-includes: re-audits due this month (or overdue), children
 *      with repeat Inadequate audits, every open file of a worker or team
 *      under review;
 *   3. dip-sample themes: N children from a list the metric stages wrote;
 *   4. the stratified sample: a quota per service area or team, filled
 *      from the eligible children in the order of a keyed hash of the
 *      child and the month, so the same month and data give the same
 *      children, and a new night only fills gaps.
 */
#include "mstage/caselist.h"
#include "dip/csvio.h"
#include "dip/exitcode.h"
#include "mstage/history.h"
#include "mstage/mstage.h"
#include "dip/number.h"
#include "dip/util.h"

#include <nettle/hmac.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The reasons, each a token KIND:DETAIL in the row's `reason`. */
#define R_SAMPLE "sample"
#define R_THEME "dip_sample"
#define R_REAUDIT "reaudit"
#define R_REPEAT "repeat_inadequate"
#define R_WORKER "worker"
#define R_TEAM "team"

#define MAX_REVIEW 64

/* Workers and teams named on the command line. */
static const char *cli_worker[MAX_REVIEW], *cli_team[MAX_REVIEW];
static size_t ncli_worker, ncli_team;

enum { OPT_WORKER = 256, OPT_TEAM };

/* One child in the sample. */
struct pick {
	const struct c_child *ch;
	const struct c_episode *ep;     /* the file's episode */
	struct strbuf reason;           /* tokens joined by "; " */
	char chosen_on[DIP_DATE_LEN];   /* the night it was first chosen */
	uint64_t key;
};

struct child_info {
	const struct c_episode *open;   /* open on the as-of date, earliest */
	const struct c_audit *last;     /* latest audit on or before it */
	uint64_t key;                   /* the keyed hash: sample order */
	int has_key;                    /* key is set (key_of()) */
	int picked;                     /* index + 1 in the picks, or 0 */
	size_t theme;                   /* the theme (+ 1) last listing it */
};

struct run {
	struct mstage *ms;
	const struct cases *c;
	struct child_info *info;        /* one per c->child */
	struct hmac_sha256_ctx keyed;   /* the sample key's state, set once */
	const struct c_child **byid;    /* children by (lea, id) text */
	struct pick *pick;
	size_t npick, cappick;
	char month[8];                  /* YYYY-MM */
	dip_date month_first, month_last, start, moderation_due;
	long open_weeks, recent_months, start_day, moderation_wd;
	int by_team;
};

/* --worker or --team NAME, kept for run(): 0, or -1 after saying
 * what is wrong (a usage error). */
static int option(int val, const char *arg)
{
	const char **list = val == OPT_WORKER ? cli_worker : cli_team;
	size_t *n = val == OPT_WORKER ? &ncli_worker : &ncli_team;
	const char *what = val == OPT_WORKER ? "--worker" : "--team";

	if (!*arg || strspn(arg, " \t") == strlen(arg)) {
		error_msg("%s needs a name, not an empty one", what);
		return -1;
	}
	for (const char *s = arg; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			error_msg("%s '%s' holds a control character", what, arg);
			return -1;
		}
	if (*n == MAX_REVIEW) {
		error_msg("%s given more than %d times", what, MAX_REVIEW);
		return -1;
	}
	list[(*n)++] = arg;
	return 0;
}

/* HMAC-SHA256(key, lea US child US month), its first 8 bytes big-endian:
 * the order the sample is drawn in (doc/worklist.md, "The selection rule"). */
static uint64_t sample_key(const struct hmac_sha256_ctx *keyed,
			   const char *lea, const char *child, const char *month)
{
	struct hmac_sha256_ctx ctx = *keyed;    /* the key's state, set once */
	uint8_t d[SHA256_DIGEST_SIZE];
	uint64_t v = 0;

	hmac_sha256_update(&ctx, strlen(lea), (const uint8_t *)lea);
	hmac_sha256_update(&ctx, 1, (const uint8_t *)"\x1f");
	hmac_sha256_update(&ctx, strlen(child), (const uint8_t *)child);
	hmac_sha256_update(&ctx, 1, (const uint8_t *)"\x1f");
	hmac_sha256_update(&ctx, strlen(month), (const uint8_t *)month);
	hmac_sha256_digest(&ctx, sizeof(d), d);
	for (int i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return v;
}

static const char *text(const char *s)
{
	return s ? s : "";
}

static int cmp_child_id(const void *x, const void *y)
{
	const struct c_child *a = *(const struct c_child *const *)x;
	const struct c_child *b = *(const struct c_child *const *)y;
	int c = strcmp(text(a->lea), text(b->lea));

	return c ? c : strcmp(text(a->id), text(b->id));
}

/* dip-ingest writes the children in (lea, id) order, so sorting them
 * for find_child() is nearly always only this check: the sort itself was
 * a quarter of the stage.  A table put out of order by hand is sorted.
 * Equal neighbours count as in order, as glibc's merge sort leaves them. */
static int sorted_by_id(const struct c_child *const *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (cmp_child_id(&v[i - 1], &v[i]) > 0)
			return 0;
	return 1;
}

static const struct c_child *find_child(const struct run *r, const char *lea,
					const char *id)
{
	struct c_child key = { 0 };
	const struct c_child *kp = &key, *const *hit;

	key.lea = lea;
	key.id = id;
	hit = bsearch(&kp, r->byid, r->c->nchild, sizeof(*r->byid),
		      cmp_child_id);
	return hit ? *hit : NULL;
}

static struct child_info *info_of(const struct run *r, const struct c_child *ch)
{
	return &r->info[ch - r->c->child];
}

/* The quota group of a child's open episode. */
static const char *group_of(const struct run *r, const struct c_episode *e)
{
	const char *g = e ? (r->by_team ? e->team : e->service_area) : NULL;

	return g && *g ? g : "unknown";
}

/* Audits by (lea, child) pointer then date: children and audits share
 * one string table, so equal text is the same pointer. */
static int cmp_audit_child(const void *x, const void *y)
{
	const struct c_audit *a = *(const struct c_audit *const *)x;
	const struct c_audit *b = *(const struct c_audit *const *)y;

	if (a->lea != b->lea)
		return (uintptr_t)a->lea < (uintptr_t)b->lea ? -1 : 1;
	if (a->child != b->child)
		return (uintptr_t)a->child < (uintptr_t)b->child ? -1 : 1;
	return (a->date > b->date) - (a->date < b->date);
}

/* A child's sample key, hashed the first time it is asked for: only
 * the children that could be drawn need one, and hashing every child
 * was a sixth of the stage. */
static uint64_t key_of(struct run *r, const struct c_child *ch)
{
	struct child_info *in = info_of(r, ch);

	if (!in->has_key) {
		in->key = sample_key(&r->keyed, text(ch->lea), text(ch->id),
				     r->month);
		in->has_key = 1;
	}
	return in->key;
}

/* Each child's open episode and latest audit; the sample key's state. */
static void know_children(struct run *r, const char *key)
{
	const struct cases *c = r->c;
	const struct c_audit **by = xcalloc(c->naudit + 1, sizeof(*by));
	size_t na = 0;

	hmac_sha256_set_key(&r->keyed, strlen(key), (const uint8_t *)key);

	for (size_t i = 0; i < c->naudit; i++)
		if (c->audit[i].child && c->audit[i].date != DIP_DATE_NONE &&
		    c->audit[i].date <= r->ms->as_of)
			by[na++] = &c->audit[i];
	if (na > 1)
		qsort(by, na, sizeof(*by), cmp_audit_child);
	r->info = xcalloc(c->nchild + 1, sizeof(*r->info));
	r->byid = xcalloc(c->nchild + 1, sizeof(*r->byid));
	for (size_t i = 0; i < c->nchild; i++) {
		const struct c_child *ch = &c->child[i];
		struct child_info *in = &r->info[i];
		size_t lo = 0, hi = na;

		r->byid[i] = ch;
		for (int k = 0; k < ch->nep; k++)
			if (episode_open_on(&ch->ep[k], r->ms->as_of) &&
			    (!in->open || ch->ep[k].referral < in->open->referral))
				in->open = &ch->ep[k];
		/* The child's last audit: the end of its run in `by`. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if ((uintptr_t)by[mid]->lea < (uintptr_t)ch->lea ||
			    (by[mid]->lea == ch->lea &&
			     (uintptr_t)by[mid]->child <= (uintptr_t)ch->id))
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo && by[lo - 1]->lea == ch->lea && by[lo - 1]->child == ch->id)
			in->last = by[lo - 1];
	}
	if (c->nchild > 1 && !sorted_by_id(r->byid, c->nchild))
		qsort(r->byid, c->nchild, sizeof(*r->byid), cmp_child_id);
	free(by);
}

/* The episode a row shows: the one named, else the open one, else the
 * latest. */
static const struct c_episode *file_episode(const struct run *r,
					    const struct c_child *ch, long no)
{
	const struct c_episode *open = info_of(r, ch)->open;

	for (int k = 0; no > 0 && k < ch->nep; k++)
		if (ch->ep[k].no == no)
			return &ch->ep[k];
	if (open)
		return open;
	return ch->nep ? &ch->ep[ch->nep - 1] : NULL;
}

/* An episode_no cell: 0 when empty or not a number (the file's episode
 * is then the open one). */
static long episode_no(const char *s)
{
	unsigned long long v;

	return parse_uint(s, 1, INT32_MAX, &v) ? 0 : (long)v;
}

/* 1 when p's reasons ("a; b") include token exactly. */
static int has_reason(const struct pick *p, const char *token)
{
	return list_has(p->reason.buf, ";", "; ", token, strlen(token));
}

/* Add a child with a reason, or the reason to the child already in. */
static struct pick *add_pick(struct run *r, const struct c_child *ch,
			     const struct c_episode *ep, const char *token)
{
	struct child_info *in = info_of(r, ch);
	struct pick *p;

	if (in->picked) {
		p = &r->pick[in->picked - 1];
	} else {
		XGROW(r->pick, r->cappick, r->npick + 1);
		p = &r->pick[r->npick++];
		memset(p, 0, sizeof(*p));
		strbuf_init(&p->reason);
		p->ch = ch;
		p->ep = ep;
		p->key = key_of(r, ch);
		date_format(r->ms->as_of, p->chosen_on);
		in->picked = (int)r->npick;
	}
	if (!has_reason(p, token)) {
		if (p->reason.len)
			strbuf_adds(&p->reason, "; ");
		strbuf_adds(&p->reason, token);
	}
	return p;
}

/* Pick ch's file for reason kind:detail; returns 0, so that the
 * selection steps chain with ||. */
static int add_reason(struct run *r, const struct c_child *ch,
		      const struct c_episode *ep, const char *kind,
		      const char *detail)
{
	struct strbuf t;

	strbuf_init(&t);
	strbuf_addf(&t, "%s:%s", kind, detail);
	add_pick(r, ch, ep, t.buf);
	strbuf_release(&t);
	return 0;
}

/* How many picks carry a reason token. */
static long count_reason(const struct run *r, const char *token)
{
	long n = 0;

	for (size_t i = 0; i < r->npick; i++)
		n += has_reason(&r->pick[i], token);
	return n;
}

/*
 * The sample history: every night's sample, as_of first.  Read before
 * any output is opened, refused at its line as dip-areas refuses its
 * history.  Columns by name.
 */
/* The list's columns: the case (caselist.h: CASELIST_WHO of them), then
 * the sample's own. */
static const char *const columns[] = { "lea", "la_child_id", "episode_no",
	"team", "service_area", "worker", "month", "open_since",
	"closure_date", "last_audit_date", "last_audit_grade", "reason",
	"audit_start_date", "moderation_due_date", "chosen_on", "sample_key" };
enum { C_LEA, C_CHILD, C_EPISODE, C_TEAM, C_AREA, C_WORKER, C_MONTH, C_OPEN,
       C_CLOSED, C_LAST, C_GRADE, C_REASON, C_START, C_DUE, C_CHOSEN, C_KEY,
       NCOL };

struct history {
	struct csv_table t;
	int loaded;
	int as_of, col[NCOL];
};

/* The picks of earlier runs (worklist/history.csv), if any, checked
 * row by row: 0, or -1 with ms->err set (a history to move aside). */
static int load_history(struct run *r, struct history *h)
{
	struct mstage *ms = r->ms;
	char *path = path_join(ms->outdir, "worklist/history.csv");
	static const int need[] = { C_MONTH, C_LEA, C_CHILD, C_EPISODE,
				    C_REASON, C_CHOSEN };
	int rc;

	memset(h, 0, sizeof(*h));
	rc = history_load(&h->t, path, &h->as_of, &ms->err);
	if (rc <= 0)
		goto out;
	rc = -1;
	h->loaded = 1;
	for (int k = 0; k < NCOL; k++)
		h->col[k] = csv_table_col(&h->t, columns[k]);
	for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++)
		if (h->col[need[k]] < 0) {
			char what[96];

			snprintf(what, sizeof(what), "no '%s' column",
				 columns[need[k]]);
			history_refuse(&ms->err, path, 1, what);
			goto out;
		}
	for (size_t i = 0; i < h->t.nrows; i++) {
		const char *chosen = h->t.row[i][h->col[C_CHOSEN]];
		const char *ep = h->t.row[i][h->col[C_EPISODE]];
		dip_date d;
		char what[160];

		if (date_parse(chosen, strlen(chosen), &d)) {
			snprintf(what, sizeof(what), "invalid chosen_on date '%.60s'",
				 chosen);
			history_refuse(&ms->err, path, h->t.line[i], what);
			goto out;
		}
		if (*ep && strspn(ep, "0123456789") != strlen(ep)) {
			snprintf(what, sizeof(what), "invalid episode_no '%.60s'", ep);
			history_refuse(&ms->err, path, h->t.line[i], what);
			goto out;
		}
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static const char *hist(const struct history *h, size_t i, int c)
{
	return h->col[c] < 0 ? "" : h->t.row[i][h->col[c]];
}

/*
 * 1. The month's sample as the last earlier night chose it: each child
 * kept with its reasons, unless its episode has closed since it was
 * chosen (or it has left the tables), which leaves a gap to fill.
 */
static void keep_earlier(struct run *r, const struct history *h)
{
	struct mstage *ms = r->ms;
	char today[DIP_DATE_LEN];
	const char *prev = NULL;
	long kept = 0;

	date_format(ms->as_of, today);
	for (size_t i = 0; h->loaded && i < h->t.nrows; i++) {
		const char *a = h->t.row[i][h->as_of];

		if (!strcmp(hist(h, i, C_MONTH), r->month) &&
		    strcmp(a, today) < 0 && (!prev || strcmp(a, prev) > 0))
			prev = a;
	}
	if (!prev)
		return;
	for (size_t i = 0; i < h->t.nrows; i++) {
		const struct c_child *ch;
		const struct c_episode *ep;
		struct pick *p;
		char gap[200] = "", d[DIP_DATE_LEN];
		const char *id = hist(h, i, C_CHILD), *reason;

		if (strcmp(h->t.row[i][h->as_of], prev) ||
		    strcmp(hist(h, i, C_MONTH), r->month))
			continue;
		ch = find_child(r, hist(h, i, C_LEA), id);
		ep = ch ? file_episode(r, ch, episode_no(hist(h, i, C_EPISODE))) : NULL;
		/* Open when chosen (no closure date then), closed now: a gap.
		 * A file chosen closed (a consent closure) stays. */
		if (!ch || !ep)
			snprintf(gap, sizeof(gap), "%.60s: no longer in the tables", id);
		else if (ep->closure != DIP_DATE_NONE && ep->closure <= ms->as_of &&
			 !*hist(h, i, C_CLOSED))
			snprintf(gap, sizeof(gap), "%.60s: episode %d closed %s", id,
				 ep->no, date_format(ep->closure, d));
		if (*gap) {
			mstage_note(ms, "gap_filled", gap);
			continue;
		}
		/* Each of its reasons, as chosen. */
		reason = hist(h, i, C_REASON);
		while (*reason) {
			size_t len = strcspn(reason, ";");
			char *tok = xstrndup(reason, len);

			p = add_pick(r, ch, ep, tok);
			free(tok);
			snprintf(p->chosen_on, sizeof(p->chosen_on), "%s",
				 hist(h, i, C_CHOSEN));
			reason += len;
			reason += strspn(reason, "; ");
		}
		kept++;
	}
	while (kept-- > 0)
		mstage_note(ms, "kept_from_earlier_night", prev);
}

/* Re-audits of Inadequate audits re-audited fewer times than due. */
static int cmp_reaudit(const void *x, const void *y)
{
	const struct c_audit *a = *(const struct c_audit *const *)x;
	const struct c_audit *b = *(const struct c_audit *const *)y;

	if (a->lea != b->lea)
		return (uintptr_t)a->lea < (uintptr_t)b->lea ? -1 : 1;
	if (a->reaudit_of != b->reaudit_of)
		return (uintptr_t)a->reaudit_of < (uintptr_t)b->reaudit_of ? -1 : 1;
	return 0;
}

/* Re-audits of a done by the as-of date. */
static size_t done_reaudits(const struct c_audit **by, size_t n,
			    const struct c_audit *a)
{
	struct c_audit key = { 0 };
	const struct c_audit *kp = &key;
	size_t lo = 0, hi = n, k = 0;

	key.lea = a->lea;
	key.reaudit_of = a->id;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_reaudit(&by[mid], &kp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + k < n && !cmp_reaudit(&by[lo + k], &kp))
		k++;
	return k;
}

/*
 * 2a. Re-audits: each interval of [audits] reaudit_months is a re-audit
 * due that many months after an Inadequate audit (as dip-audits counts
 * them: the first re-audit meets the first interval).  One due in the
 * month is a must; one due before the month and not done is too while
 * the child's file is open.
 */
static int reaudits(struct run *r)
{
	struct mstage *ms = r->ms;
	const struct cases *c = r->c;
	unsigned long long months[CONFIG_LIST_MAX];
	size_t nmonths, nby = 0;
	const struct c_audit **by;

	if (config_ulong_list(&ms->cfg, "audits", "reaudit_months", months,
			      CONFIG_LIST_MAX, &nmonths, &ms->err))
		return -1;
	by = xcalloc(c->naudit + 1, sizeof(*by));
	for (size_t i = 0; i < c->naudit; i++)
		if (c->audit[i].reaudit_of && c->audit[i].date != DIP_DATE_NONE &&
		    c->audit[i].date <= ms->as_of)
			by[nby++] = &c->audit[i];
	if (nby > 1)
		qsort(by, nby, sizeof(*by), cmp_reaudit);
	for (size_t i = 0; i < c->naudit; i++) {
		const struct c_audit *a = &c->audit[i];
		const struct c_child *ch;
		size_t done;

		/* Grades are read as dip-audits reads them. */
		if (!a->grade || strcasecmp(a->grade, "INADEQUATE") ||
		    a->date == DIP_DATE_NONE || a->date > ms->as_of || !a->child ||
		    !(ch = find_child(r, text(a->lea), a->child)))
			continue;
		done = done_reaudits(by, nby, a);
		for (size_t k = done; k < nmonths; k++) {
			dip_date due = date_add_months(a->date, (int)months[k]);
			char detail[160], d[DIP_DATE_LEN];

			if (due > r->month_last)
				break;
			if (due < r->month_first && !info_of(r, ch)->open)
				continue;
			snprintf(detail, sizeof(detail), "%llu month%s due %s of %.60s",
				 months[k], months[k] == 1 ? "" : "s",
				 date_format(due, d), a->id);
			add_reason(r, ch, file_episode(r, ch, 0), R_REAUDIT, detail);
		}
	}
	free(by);
	return 0;
}

/* One column of a list, found by name; -1 with err when missing: a
 * damaged list (exit 1), or for a column the config names, a config
 * error (exit 2). */
static int list_col(struct mstage *ms, const struct csv_table *t,
		    const char *name, int from_config)
{
	int c = csv_table_col(t, name);

	if (c >= 0)
		return c;
	if (from_config)
		err_set(&ms->err, DIP_EXIT_USAGE, ms->cfg.path, 0, 0,
			"'dip_samples' in section '[worklist]' names column '%s',"
			" which %s does not have", name, t->path);
	else
		err_set(&ms->err, DIP_EXIT_DATA, t->path, 1, 0,
			"missing column '%s'", name);
	return -1;
}

/* A dip-sample list the metric stages wrote, read strictly, by column
 * name. */
static int load_list(struct mstage *ms, const char *name, struct csv_table *t,
		     int *lea, int *child, int *episode)
{
	struct strbuf p;
	int rc;

	strbuf_init(&p);
	strbuf_addf(&p, "lists/%s.csv", name);
	{
		char *path = path_join(ms->outdir, p.buf);

		rc = csv_table_load(t, path, &ms->err);
		free(path);
	}
	strbuf_release(&p);
	if (rc) {
		/* A list is input, not config: damaged is exit 1. */
		if (ms->err.status == DIP_EXIT_USAGE)
			ms->err.status = DIP_EXIT_DATA;
		return -1;
	}
	csv_table_unguard(t);
	if ((*lea = list_col(ms, t, "lea", 0)) < 0 ||
	    (*child = list_col(ms, t, "la_child_id", 0)) < 0)
		return -1;
	*episode = csv_table_col(t, "episode_no");
	return 0;
}

/* 2b. Children with repeat Inadequate audits, from dip-audits' list. */
static int repeat_inadequate(struct run *r)
{
	struct csv_table t;
	int lea, child, ep, n;

	if (load_list(r->ms, "children_repeat_inadequate", &t, &lea, &child, &ep) ||
	    (n = list_col(r->ms, &t, "inadequate_audits", 0)) < 0) {
		if (t.path)
			csv_table_release(&t);
		return -1;
	}
	for (size_t i = 0; i < t.nrows; i++) {
		const struct c_child *ch = find_child(r, t.row[i][lea],
						      t.row[i][child]);
		char detail[64];

		if (!ch) {
			mstage_note(r->ms, "list_child_unknown", t.row[i][child]);
			continue;
		}
		snprintf(detail, sizeof(detail), "%.20s Inadequate audits",
			 t.row[i][n]);
		add_reason(r, ch, file_episode(r, ch, 0), R_REPEAT, detail);
	}
	csv_table_release(&t);
	return 0;
}

/*
 * 2c. Every open file of a worker or team under review.  A name given
 * on the command line that no open file carries is refused (a typo); one
 * in the config is noted, since the config outlives the review.
 */
static int review(struct run *r, const char *kind, const char *const *names,
		  size_t n, int from_cli)
{
	for (size_t j = 0; j < n; j++) {
		long found = 0;

		for (size_t i = 0; i < r->c->nchild; i++) {
			const struct c_child *ch = &r->c->child[i];
			const struct c_episode *e = r->info[i].open;
			const char *who = !e ? NULL
					: !strcmp(kind, R_WORKER) ? e->worker : e->team;

			if (who && !strcmp(who, names[j])) {
				add_reason(r, ch, e, kind, names[j]);
				found++;
			}
		}
		if (found)
			continue;
		if (from_cli) {
			char d[DIP_DATE_LEN];

			err_set(&r->ms->err, DIP_EXIT_USAGE, NULL, 0, 0,
				"no episode open on %s is allocated to %s '%s'",
				date_format(r->ms->as_of, d), kind, names[j]);
			return -1;
		}
		mstage_note(r->ms, !strcmp(kind, R_WORKER)
			    ? "review_worker_without_open_files"
			    : "review_team_without_open_files", names[j]);
	}
	return 0;
}

/* The reviews named in config key ([worklist] review_workers or
 * review_teams): 0, or -1 with ms->err set. */
static int review_config(struct run *r, const char *key, const char *kind)
{
	char **names;
	size_t n;
	int rc;

	if (config_items(&r->ms->cfg, "worklist", key, &names, NULL, &n,
			 &r->ms->err))
		return -1;
	rc = review(r, kind, (const char *const *)names, n, 0);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Candidates in sample order: the keyed hash, then the child's id. */
struct cand {
	const struct c_child *ch;
	const struct c_episode *ep;
	uint64_t key;
};

static int cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return cmp_child_id(&a->ch, &b->ch);
}

/* Take up to `want` candidates not already in the sample, in order. */
static long take(struct run *r, struct cand *cand, size_t n, long want,
		 const char *kind, const char *detail)
{
	long got = 0;

	if (n > 1)
		qsort(cand, n, sizeof(*cand), cmp_cand);
	for (size_t i = 0; i < n && got < want; i++) {
		if (info_of(r, cand[i].ch)->picked)
			continue;
		add_reason(r, cand[i].ch, cand[i].ep, kind, detail);
		got++;
	}
	return got;
}

static void note_short(struct mstage *ms, const char *note, const char *what,
		       long got, long want)
{
	struct strbuf v;

	strbuf_init(&v);
	strbuf_addf(&v, "%s: %ld of %ld", what, got, want);
	mstage_note(ms, note, v.buf);
	strbuf_release(&v);
}

/*
 * 3. Dip-sample themes: "LIST: N" draws N children from
 * lists/LIST.csv, "LIST/COLUMN: N" from its rows whose COLUMN is 1, in
 * sample order, beyond those an earlier night chose for the theme.
 */
static int themes(struct run *r)
{
	struct mstage *ms = r->ms;
	char **names;
	unsigned long long *want;
	size_t n;
	int rc = 0;

	if (config_items(&ms->cfg, "worklist", "dip_samples", &names, &want, &n,
			 &ms->err))
		return -1;
	for (size_t j = 0; j < n && !rc; j++) {
		char *list = xstrdup(names[j]), *slash = strchr(list, '/');
		struct csv_table t;
		struct cand *cand;
		size_t nc = 0;
		int lea, child, ep, flag = -1;
		long have;
		struct strbuf tok;

		if (slash)
			*slash++ = '\0';
		memset(&t, 0, sizeof(t));
		if (strspn(list, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
		    strlen(list) || !*list) {
			err_set(&ms->err, DIP_EXIT_USAGE, ms->cfg.path, 0, 0,
				"'dip_samples' in section '[worklist]': '%s' is"
				" not a list name (lower-case letters, digits, _)",
				list);
			rc = -1;
		} else if (load_list(ms, list, &t, &lea, &child, &ep) ||
			   (slash && (flag = list_col(ms, &t, slash, 1)) < 0)) {
			rc = -1;
		}
		if (rc) {
			if (t.path)
				csv_table_release(&t);
			free(list);
			break;
		}
		cand = xcalloc(t.nrows + 1, sizeof(*cand));
		for (size_t i = 0; i < t.nrows; i++) {
			const struct c_child *ch;

			if (flag >= 0 && strcmp(t.row[i][flag], "1"))
				continue;
			if (!(ch = find_child(r, t.row[i][lea], t.row[i][child]))) {
				mstage_note(ms, "list_child_unknown", t.row[i][child]);
				continue;
			}
			/* A child listed twice (two assessments) is one file. */
			if (info_of(r, ch)->theme == j + 1)
				continue;
			info_of(r, ch)->theme = j + 1;
			cand[nc].ch = ch;
			cand[nc].ep = file_episode(r, ch, ep < 0 ? 0 : episode_no(t.row[i][ep]));
			cand[nc++].key = key_of(r, ch);
		}
		strbuf_init(&tok);
		strbuf_addf(&tok, "%s:%s", R_THEME, names[j]);
		have = count_reason(r, tok.buf);
		if (have < (long)want[j]) {
			have += take(r, cand, nc, (long)want[j] - have, R_THEME, names[j]);
			if (have < (long)want[j])
				note_short(ms, "theme_short", names[j], have,
					   (long)want[j]);
		}
		strbuf_release(&tok);
		free(cand);
		csv_table_release(&t);
		free(list);
	}
	for (size_t j = 0; j < n; j++)
		free(names[j]);
	free(names);
	free(want);
	return rc;
}

/* Groups and their open cases, eligible candidates and quotas. */
struct group {
	const char *name;
	long open, quota;
	struct cand *cand;
	size_t ncand, capcand;
};

/* The group named name in *g, added (zeroed, name not copied) if
 * new; valid until the next one is added. */
static struct group *group_find(struct group **g, size_t *n, size_t *cap,
				const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*g)[i].name, name))
			return &(*g)[i];
	XGROW(*g, *cap, *n + 1);
	memset(&(*g)[*n], 0, sizeof(**g));
	(*g)[*n].name = name;
	return &(*g)[(*n)++];
}

static int cmp_group(const void *x, const void *y)
{
	return strcmp(((const struct group *)x)->name,
		      ((const struct group *)y)->name);
}

/* quota_total shared in proportion to open cases: each group's whole
 * share, then one more to the largest remainders (ties: group name). */
static void proportional(struct group *g, size_t n, long total)
{
	long open = 0, given = 0;
	long long *rem = xcalloc(n + 1, sizeof(*rem));

	for (size_t i = 0; i < n; i++)
		open += g[i].open;
	for (size_t i = 0; open && i < n; i++) {
		g[i].quota = (long)((long long)total * g[i].open / open);
		rem[i] = (long long)total * g[i].open % open;
		given += g[i].quota;
	}
	while (open && given < total) {
		size_t best = 0;

		for (size_t i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		g[best].quota++;
		rem[best] = -1;
		given++;
	}
	free(rem);
}

/*
 * 4. The stratified sample.  Eligible: an episode open on the as-of date
 * for at least open_weeks weeks, and no audit in the recent_audit_months
 * before it.  Each group's quota (after those an earlier night chose for
 * it) is filled in sample order.
 */
static int stratified(struct run *r)
{
	struct mstage *ms = r->ms;
	const struct cases *c = r->c;
	struct group *g = NULL;
	size_t ng = 0, capg = 0;
	dip_date recent = date_add_months(ms->as_of, -(int)r->recent_months);
	char **names = NULL;
	unsigned long long *want = NULL;
	size_t nq = 0;
	long total;

	if (mstage_number_in(ms, "worklist", "quota_total", &total) ||
	    config_items(&ms->cfg, "worklist", "quotas", &names, &want, &nq,
			 &ms->err))
		return -1;
	for (size_t i = 0; i < c->nchild; i++) {
		const struct c_child *ch = &c->child[i];
		const struct child_info *in = &r->info[i];
		struct group *gr;
		struct cand *cd;

		if (!in->open)
			continue;
		gr = group_find(&g, &ng, &capg, group_of(r, in->open));
		gr->open++;
		if (in->open->referral + 7 * r->open_weeks > ms->as_of ||
		    (in->last && r->recent_months && in->last->date > recent))
			continue;
		XGROW(gr->cand, gr->capcand, gr->ncand + 1);
		cd = &gr->cand[gr->ncand++];
		cd->ch = ch;
		cd->ep = in->open;
		cd->key = key_of(r, ch);
	}
	if (nq) {
		for (size_t j = 0; j < nq; j++) {
			struct group *gr = group_find(&g, &ng, &capg, names[j]);

			gr->quota = (long)want[j];
			if (!gr->open)
				mstage_note(ms, "quota_group_without_open_cases",
					    names[j]);
		}
		for (size_t i = 0; i < ng; i++) {
			int named = 0;

			for (size_t j = 0; j < nq; j++)
				named |= !strcmp(g[i].name, names[j]);
			if (!named)
				mstage_note(ms, "group_without_quota", g[i].name);
		}
	}
	if (ng > 1)
		qsort(g, ng, sizeof(*g), cmp_group);
	if (!nq)
		proportional(g, ng, total);
	for (size_t i = 0; i < ng; i++) {
		struct strbuf tok;
		long have;

		strbuf_init(&tok);
		strbuf_addf(&tok, "%s:%s", R_SAMPLE, g[i].name);
		have = count_reason(r, tok.buf);
		strbuf_release(&tok);
		if (have < g[i].quota) {
			have += take(r, g[i].cand, g[i].ncand, g[i].quota - have,
				     R_SAMPLE, g[i].name);
			if (have < g[i].quota)
				note_short(ms, "quota_short", g[i].name, have,
					   g[i].quota);
		}
		free(g[i].cand);
	}
	free(g);
	for (size_t j = 0; j < nq; j++)
		free(names[j]);
	free(names);
	free(want);
	return 0;
}

/* Rows in the order people read them: service area, team, child. */
static int cmp_pick(const void *x, const void *y)
{
	const struct pick *a = x, *b = y;
	int c = strcmp(text(a->ep ? a->ep->service_area : NULL),
		       text(b->ep ? b->ep->service_area : NULL));

	if (!c)
		c = strcmp(text(a->ep ? a->ep->team : NULL),
			   text(b->ep ? b->ep->team : NULL));
	return c ? c : cmp_child_id(&a->ch, &b->ch);
}

/* One row's fields; the buffers are the caller's. */
static void row_fields(const struct run *r, const struct pick *p,
		       const char **f, char bufs[][24])
{
	const struct c_episode *e = p->ep;
	const struct c_audit *last = info_of(r, p->ch)->last;

	f[C_MONTH] = r->month;
	f[C_LEA] = p->ch->lea;
	f[C_CHILD] = p->ch->id;
	fmt_long(bufs[0], e ? e->no : 0);
	f[C_EPISODE] = e ? bufs[0] : NULL;
	f[C_AREA] = e ? e->service_area : NULL;
	f[C_TEAM] = e ? e->team : NULL;
	f[C_WORKER] = e ? e->worker : NULL;
	f[C_OPEN] = e ? date_format(e->referral, bufs[1]) : NULL;
	f[C_CLOSED] = e && e->closure != DIP_DATE_NONE
		      ? date_format(e->closure, bufs[2]) : NULL;
	f[C_LAST] = last ? date_format(last->date, bufs[3]) : NULL;
	f[C_GRADE] = last ? last->grade : NULL;
	f[C_REASON] = p->reason.buf;
	f[C_START] = date_format(r->start, bufs[4]);
	f[C_DUE] = date_format(r->moderation_due, bufs[5]);
	f[C_CHOSEN] = p->chosen_on;
	snprintf(bufs[6], 24, "%016llx", (unsigned long long)p->key);
	f[C_KEY] = bufs[6];
}

/* s as HTML text: the characters markup would read escaped, a
 * control character a space. */
static void html_text(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			/* A control character (a line break in a cell) is a
			 * space on the page. */
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
		}
	}
}

/* The printable pages: one section per team, each starting a page. */
static void write_html(const struct run *r, FILE *fp)
{
	static const int shown[] = { C_CHILD, C_EPISODE, C_WORKER, C_OPEN,
		C_LAST, C_GRADE, C_REASON };
	static const char *const head[] = { "Child (Eclipse number)",
		"Episode", "Allocated worker", "Open since", "Last audit",
		"Grade", "Why selected" };
	const char *team = NULL;
	char d1[DIP_DATE_LEN], d2[DIP_DATE_LEN];

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>Audit sample ", fp);
	html_text(fp, r->month);
	fputs("</title>\n<style>\nbody{font-family:sans-serif;font-size:11pt}\n"
	      "table{border-collapse:collapse;width:100%}\n"
	      "th,td{border:1px solid #444;padding:3pt;text-align:left;"
	      "vertical-align:top}\n"
	      "section{break-before:page;page-break-before:always}\n"
	      "section:first-of-type{break-before:auto;page-break-before:auto}\n"
	      "</style></head><body>\n", fp);
	if (!r->npick)
		fputs("<p>No child is in this month's sample.</p>\n", fp);
	for (size_t i = 0; i < r->npick; i++) {
		const struct pick *p = &r->pick[i];
		const char *t = p->ep ? p->ep->team : NULL;
		const char *f[NCOL];
		char bufs[7][24];

		if (!i || strcmp(text(t), text(team))) {
			if (i)
				fputs("</table></section>\n", fp);
			team = t;
			fputs("<section>\n<h1>Audit sample ", fp);
			html_text(fp, r->month);
			fputs(": ", fp);
			html_text(fp, t && *t ? t : "no team recorded");
			fputs("</h1>\n<p>Service area ", fp);
			html_text(fp, p->ep && p->ep->service_area ?
				  p->ep->service_area : "not recorded");
			fprintf(fp, ". Audits start on %s; moderation is due by %s.</p>\n"
				"<table>\n<tr>", date_format(r->start, d1),
				date_format(r->moderation_due, d2));
			for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++) {
				fputs("<th>", fp);
				html_text(fp, head[k]);
				fputs("</th>", fp);
			}
			fputs("</tr>\n", fp);
		}
		row_fields(r, p, f, bufs);
		fputs("<tr>", fp);
		for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++) {
			fputs("<td>", fp);
			html_text(fp, f[shown[k]]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	if (r->npick)
		fputs("</table></section>\n", fp);
	fputs("</body></html>\n", fp);
}

/* Most urgent first in the list: re-audits and repeat Inadequate files,
 * then reviews of a worker or team, then themes, then the sample. */
static long urgency(const struct pick *p)
{
	static const char *const kinds[] = { R_REAUDIT ":", R_REPEAT ":",
		R_WORKER ":", R_TEAM ":", R_THEME ":", R_SAMPLE ":" };
	static const long rank[] = { 0, 0, 1, 1, 2, 3 };
	long best = 4;

	for (const char *s = p->reason.buf; s && *s;) {
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!strncmp(s, kinds[k], strlen(kinds[k])) && rank[k] < best)
				best = rank[k];
		s += strcspn(s, ";");
		s += strspn(s, "; ");
	}
	return best;
}

/* The list, the history with this month's picks and the HTML page:
 * 0, or -1 with ms->err set. */
static int write_outputs(struct run *r, const struct history *h)
{
	struct mstage *ms = r->ms;
	static const char *hist_cols[NCOL + 1];
	struct caselist *list;
	FILE *history, *html;
	char today[DIP_DATE_LEN];
	int bad = 0;

	hist_cols[0] = "as_of";
	memcpy(hist_cols + 1, columns, sizeof(columns));
	date_format(ms->as_of, today);
	/* Most urgent kind first, then the file open longest. */
	list = mstage_list(ms, "audit_sample", columns + CASELIST_WHO,
			   NCOL - CASELIST_WHO, CASELIST_ASC, CASELIST_ASC);
	if (!(history = mstage_output(ms, "worklist", "history.csv", 0600)) ||
	    !(html = mstage_output(ms, "worklist", "audit-sample.html", 0600)))
		return -1;
	bad |= csv_write_row(history, hist_cols, NCOL + 1);
	/* Earlier nights, less this date's rows (a rerun replaces them). */
	for (size_t i = 0; h->loaded && i < h->t.nrows; i++) {
		const char *f[NCOL + 1];

		if (!strcmp(h->t.row[i][h->as_of], today))
			continue;
		f[0] = h->t.row[i][h->as_of];
		for (int k = 0; k < NCOL; k++)
			f[k + 1] = hist(h, i, k);
		bad |= csv_write_row(history, f, NCOL + 1);
	}
	if (r->npick > 1)
		qsort(r->pick, r->npick, sizeof(*r->pick), cmp_pick);
	for (size_t i = 0; i < r->npick; i++) {
		const char *f[NCOL + 1];
		char bufs[7][24];

		struct caselist_who who;
		const struct pick *p = &r->pick[i];

		row_fields(r, p, f + 1, bufs);
		f[0] = today;
		who = caselist_episode(p->ch, p->ep);
		caselist_add(list, &who, urgency(p),
			     p->ep ? p->ep->referral : DIP_DATE_NONE,
			     f + 1 + CASELIST_WHO);
		bad |= csv_write_row(history, f, NCOL + 1);
	}
	write_html(r, html);
	if (bad || ferror(html))
		return outset_failed(&ms->out, ms->outdir, &ms->err);
	return 0;
}

static int run(struct mstage *ms)
{
	struct run r;
	struct history h;
	const char *key = config_str(&ms->cfg, "worklist", "selection_key");
	int y, m, d, rc = -1;
	const struct mstage_key keys[] = {
		{ "open_weeks", &r.open_weeks },
		{ "recent_audit_months", &r.recent_months },
		{ "start_day", &r.start_day },
		{ "moderation_working_days", &r.moderation_wd },
		{ NULL, NULL },
	};

	memset(&r, 0, sizeof(r));
	memset(&h, 0, sizeof(h));
	r.ms = ms;
	r.c = &ms->cases;
	r.by_team = !strcmp(config_str(&ms->cfg, "worklist", "quota_by"), "team");
	if (mstage_numbers(ms, "worklist", keys))
		return -1;
	date_to_ymd(ms->as_of, &y, &m, &d);
	snprintf(r.month, sizeof(r.month), "%04d-%02d", y, m);
	r.month_first = date_from_ymd(y, m, 1);
	r.month_last = date_from_ymd(y, m, date_days_in_month(y, m));
	r.start = date_from_ymd(y, m, (int)r.start_day);
	r.moderation_due = calendar_add_wd(&ms->cal, r.start, r.moderation_wd);
	know_children(&r, key);
	if (!load_history(&r, &h)) {
		keep_earlier(&r, &h);
		if (!reaudits(&r) && !repeat_inadequate(&r) &&
		    !review(&r, R_WORKER, cli_worker, ncli_worker, 1) &&
		    !review(&r, R_TEAM, cli_team, ncli_team, 1) &&
		    !review_config(&r, "review_workers", R_WORKER) &&
		    !review_config(&r, "review_teams", R_TEAM) &&
		    !themes(&r) && !stratified(&r) && !write_outputs(&r, &h))
			rc = 0;
	}
	for (size_t i = 0; i < r.npick; i++)
		strbuf_release(&r.pick[i].reason);
	free(r.pick);
	free(r.info);
	free(r.byid);
	if (h.loaded)
		csv_table_release(&h.t);
	if (rc && !ms->err.status)
		err_set(&ms->err, DIP_EXIT_INTERNAL, ms->outdir, 0, 0,
			"audit sample not written");
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "worker", required_argument, NULL, OPT_WORKER },
		{ "team", required_argument, NULL, OPT_TEAM },
		{ NULL, 0, NULL, 0 }
	};
	static const struct mstage_info info = { "worklist", "\
The month's audit sample (doc/worklist.md): the files the QA team\n\
opens in the month of the as-of date, and why.  Run after the metric\n\
stages, on the same RUN_DIR: it reads their lists in RUN_DIR/lists/.\n\
\n\
      --worker=NAME     also every file open on the as-of date allocated\n\
                        to worker NAME (a review of a worker's cases;\n\
                        may be repeated)\n\
      --team=NAME       the same for a team\n", run, 0, "\
Reads the tables dip-ingest wrote in TABLES_DIR, RUN_DIR/lists/*.csv and\n\
RUN_DIR/worklist/history.csv (the earlier nights' samples); writes\n\
RUN_DIR/lists/audit_sample.csv, RUN_DIR/worklist/history.csv,\n\
RUN_DIR/worklist/audit-sample.html (a page per team) and\n\
RUN_DIR/metrics/worklist-notes.csv, all owner-only but the notes.\n",
		"the day whose month is sampled (default: today)\n", "\
Exit status: 0 written; 1 a table, list or the history is damaged;\n\
2 usage or configuration error (a --worker or --team no open episode\n\
carries); 3 read or write error (a list missing); 4 internal error.\n\
When the status is not 0, no output file has been replaced.\n" };
	static const struct mstage_more more = { opts, option };

	return mstage_main_more(argc, argv, &info, &more);
}
