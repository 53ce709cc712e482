/* snapshot.c - tables.snap mapped and checked; see snapshot.h. */
#include "dip/snapshot.h"
#include "dip/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

_Static_assert(sizeof(struct snap_header) == 64, "header layout");
_Static_assert(sizeof(struct snap_table) == 736, "directory layout");

size_t snapshot_width(enum schema_type type)
{
	switch (type) {
	case SCHEMA_TEXT: return 4;
	case SCHEMA_DATE: return 4;
	case SCHEMA_ORDINAL: return 4;
	case SCHEMA_COUNT: return 8;
	case SCHEMA_FLAG:
	case SCHEMA_BOOL: return 1;
	}
	return 0;
}

const char *snapshot_status_text(uint32_t status)
{
	static const char *const text[SNAP_NSTATUS] = {
		"held", "a value the stages cannot read",
		"a row not written under its parent",
		"a row without its key", "a column the export map does not fill",
	};

	return status < SNAP_NSTATUS ? text[status] : "an unknown reason";
}

/* CRC-32 of n bytes, fed to zlib in pieces it takes (its length is an
 * unsigned int). */
static uint32_t crc_of(const void *p, uint64_t n)
{
	const unsigned char *b = p;
	uLong crc = crc32(0L, Z_NULL, 0);

	while (n) {
		uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;

		crc = crc32(crc, b, k);
		b += k;
		n -= k;
	}
	return (uint32_t)crc;
}

/* A fixed-size name field holds a NUL-terminated name. */
static int name_is(const char *field, const char *name)
{
	return memchr(field, '\0', SNAPSHOT_NAME_MAX) &&
	       !strcmp(field, name);
}

static int fail(struct strbuf *why, const char *fmt, ...) DIP_PRINTF(2, 3);

static int fail(struct strbuf *why, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strbuf_reset(why);
	strbuf_adds(why, msg);
	return -1;
}

static int check_header(struct snapshot *s, struct strbuf *why)
{
	struct snap_header h;
	uint64_t dir_end;
	uint32_t crc;

	if (s->size < sizeof(h) || memcmp(s->map, SNAPSHOT_MAGIC, 8))
		return fail(why, "%s is not a snapshot of tables", SNAPSHOT_NAME);
	memcpy(&h, s->map, sizeof(h));
	if (h.bom != SNAPSHOT_BOM)
		return fail(why, "%s was written on a machine of another byte order",
			    SNAPSHOT_NAME);
	if (h.version != SNAPSHOT_VERSION)
		return fail(why, "%s is format %u; this build reads format %u",
			    SNAPSHOT_NAME, h.version, SNAPSHOT_VERSION);
	if (h.file_size != s->size)
		return fail(why, "%s is damaged: %zu bytes where its header says %llu",
			    SNAPSHOT_NAME, s->size,
			    (unsigned long long)h.file_size);
	if (h.ntable > SNAPSHOT_MAX_TABLE)
		return fail(why, "%s is damaged: it claims %u tables",
			    SNAPSHOT_NAME, h.ntable);
	dir_end = sizeof(h) + (uint64_t)h.ntable * sizeof(struct snap_table);
	if (dir_end > s->size)
		return fail(why, "%s is damaged: its directory is cut short",
			    SNAPSHOT_NAME);
	crc = h.crc;
	h.crc = 0;
	{
		uLong c = crc32(0L, (const Bytef *)&h, sizeof(h));

		c = crc32(c, s->map + sizeof(h), (uInt)(dir_end - sizeof(h)));
		if ((uint32_t)c != crc)
			return fail(why, "%s is damaged: the checksum of its header does not match",
				    SNAPSHOT_NAME);
	}
	if (h.pool_off < dir_end || h.pool_off > s->size ||
	    h.pool_len > s->size - h.pool_off || !h.pool_len ||
	    s->map[h.pool_off + h.pool_len - 1] != '\0' ||
	    s->map[h.pool_off] != '\0')
		return fail(why, "%s is damaged: its strings are out of bounds",
			    SNAPSHOT_NAME);
	if (crc_of(s->map + h.pool_off, h.pool_len) != h.pool_crc)
		return fail(why, "%s is damaged: the checksum of its strings does not match",
			    SNAPSHOT_NAME);
	s->head = (const struct snap_header *)s->map;
	s->dir = (const struct snap_table *)(s->map + sizeof(h));
	s->pool = (const char *)s->map + h.pool_off;
	s->pool_len = h.pool_len;
	return 0;
}

int snapshot_open(struct snapshot *s, const char *dir, struct strbuf *why)
{
	char *path = path_join(dir, SNAPSHOT_NAME);
	struct stat st;
	void *map;
	int fd;

	memset(s, 0, sizeof(*s));
	strbuf_reset(why);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd < 0)
		return errno == ENOENT ? -1
		       : fail(why, "cannot open %s: %s", SNAPSHOT_NAME,
			      strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(why, "%s is not a regular file", SNAPSHOT_NAME);
	}
	if ((uint64_t)st.st_size < sizeof(struct snap_header)) {
		close(fd);
		return fail(why, "%s is damaged: %lld bytes: shorter than its header",
			    SNAPSHOT_NAME, (long long)st.st_size);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return fail(why, "cannot map %s: %s", SNAPSHOT_NAME,
			    strerror(errno));
	s->map = map;
	s->size = (size_t)st.st_size;
	if (check_header(s, why)) {
		snapshot_release(s);
		return -1;
	}
	return 0;
}

/* CRC-32 of a whole file, read in blocks; 0 and *ok = 0 on error. */
static uint32_t file_crc(int fd, int *ok)
{
	static unsigned char buf[1 << 16];
	uLong crc = crc32(0L, Z_NULL, 0);
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		crc = crc32(crc, buf, (uInt)n);
	*ok = n == 0;
	return (uint32_t)crc;
}

/*
 * The CSV is the one the snapshot was made from: the same size, and the
 * same file (inode and modification time) or the same bytes.  A hand
 * edit changes one of them; a copied directory keeps the bytes.
 */
static int csv_matches(const struct snap_table *t, const char *dir,
		       struct strbuf *why)
{
	char name[SNAPSHOT_NAME_MAX + 8];
	char *path;
	struct stat st;
	int fd, ok = 0;
	uint32_t crc;

	snprintf(name, sizeof(name), "%s.csv", t->name);
	path = path_join(dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return fail(why, "%s cannot be opened: %s", name, strerror(errno));
	if (fstat(fd, &st) || (uint64_t)st.st_size != t->csv_size) {
		close(fd);
		return fail(why, "%s has changed since %s was written", name,
			    SNAPSHOT_NAME);
	}
	if ((uint64_t)st.st_ino == t->csv_ino &&
	    (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec ==
		    t->csv_mtime_ns) {
		close(fd);
		return 0;
	}
	crc = file_crc(fd, &ok);
	close(fd);
	if (!ok || crc != t->csv_crc)
		return fail(why, "%s has changed since %s was written", name,
			    SNAPSHOT_NAME);
	return 0;
}

const struct snap_table *snapshot_table(struct snapshot *s, const char *dir,
					const struct schema_table *t,
					unsigned stages, int *at,
					struct strbuf *why)
{
	const struct snap_table *st = NULL;
	uint32_t want = (t->parent >= 0 ? SNAP_PARENT : 0) |
			(t->line != SCHEMA_NOWHERE ? SNAP_LINE : 0);
	uint32_t head = (want & SNAP_PARENT ? 4 : 0) + (want & SNAP_LINE ? 4 : 0);

	for (uint32_t i = 0; i < s->head->ntable && !st; i++)
		if (name_is(s->dir[i].name, t->name))
			st = &s->dir[i];
	if (!st) {
		fail(why, "%s does not hold table '%s'", SNAPSHOT_NAME, t->name);
		return NULL;
	}
	if (st->status != SNAP_HELD) {
		fail(why, "%s does not hold table '%s': %s", SNAPSHOT_NAME,
		     t->name, snapshot_status_text(st->status));
		return NULL;
	}
	if (st->flags != want || st->ncol > SNAPSHOT_MAX_COL ||
	    st->row_size < head || st->off > s->size ||
	    (st->row_size && st->nrow > (s->size - st->off) / st->row_size) ||
	    (!st->row_size && st->nrow) || st->nrow > UINT32_MAX) {
		fail(why, "%s is damaged: table '%s' is out of bounds",
		     SNAPSHOT_NAME, t->name);
		return NULL;
	}
	for (int k = 0; k < t->ncol; k++) {
		const struct schema_col *c = &t->col[k];
		uint32_t j;

		at[k] = -1;
		if (c->offset == SCHEMA_NOWHERE || !schema_col_read(c, stages))
			continue;
		for (j = 0; j < st->ncol; j++)
			if (name_is(st->col[j].name, c->name))
				break;
		if (j == st->ncol || st->col[j].type != (uint32_t)c->type ||
		    st->col[j].at < head ||
		    st->col[j].at > st->row_size ||
		    snapshot_width(c->type) > st->row_size - st->col[j].at) {
			fail(why, "%s has no column '%s' of table '%s' as this build reads it",
			     SNAPSHOT_NAME, c->name, t->name);
			return NULL;
		}
		at[k] = (int)st->col[j].at;
	}
	if (crc_of(s->map + st->off, st->nrow * st->row_size) != st->crc) {
		fail(why, "%s is damaged: the checksum of table '%s' does not match",
		     SNAPSHOT_NAME, t->name);
		return NULL;
	}
	if (csv_matches(st, dir, why))
		return NULL;
	return st;
}

const unsigned char *snapshot_row(const struct snapshot *s,
				  const struct snap_table *t, uint64_t r)
{
	return s->map + t->off + r * t->row_size;
}

void snapshot_done_with(struct snapshot *s, const struct snap_table *t)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t from, to;

	if (page <= 0)
		return;
	/* Whole pages inside the table only: the pool stays. */
	from = (t->off + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page;
	to = (t->off + t->nrow * t->row_size) / (uint64_t)page * (uint64_t)page;
	if (to > from)
		madvise((void *)(s->map + from), to - from, MADV_DONTNEED);
}

void snapshot_release(struct snapshot *s)
{
	if (s->map)
		munmap((void *)s->map, s->size);
	memset(s, 0, sizeof(*s));
}
