/* outset.c - a stage's outputs replaced all or none; see outset.h. */
#define _GNU_SOURCE 1   /* renameat2, RENAME_EXCHANGE */
#include "dip/outset.h"
#include "dip/exitcode.h"
#include "dip/outfile.h"
#include "dip/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int outset_no_exchange;

struct outset_member {
	struct outfile f;
	/* Full names, kept after outfile.c has released f. */
	char *target, *tmp, *bak;
	dev_t dev;
	ino_t ino;
};

/* One journal record: device, inode, target, temporary and backup
 * names relative to the root, each ended by a NUL (names are data from
 * the config and the export map and may hold any other byte). */
#define NFIELD 5
#define COMMITTED "/committed"   /* no record field starts with '/' */

void outset_init(struct outset *s, const char *root, const char *owner)
{
	struct strbuf sb;

	memset(s, 0, sizeof(*s));
	s->root = xstrdup(root);
	strbuf_init(&sb);
	strbuf_addf(&sb, ".dip-%s.journal", owner);
	s->journal = path_join(root, sb.buf);
	strbuf_release(&sb);
	s->jfd = -1;
}

/* mkdir -p of one level: 0 when dir is (now) a directory, else -1
 * with err set. */
static int ensure_dir(const char *dir, struct dip_err *err)
{
	struct stat st;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	err_set(err, DIP_EXIT_IO, dir, 0, 0, "cannot create directory: %s",
		errno == EEXIST ? "not a directory" : strerror(errno));
	return -1;
}

static void fsync_path(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* Best effort: some file systems refuse fsync on directories. */
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* write(2) until done: 0, or -1 with errno set (EIO for a write
 * that wrote nothing). */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int same_file(const struct stat *st, dev_t dev, ino_t ino)
{
	return st->st_dev == dev && st->st_ino == ino;
}

/*
 * Put one member back as it was before the set: the inode tells whether
 * the target already holds the new file.  If it does, the old one is at
 * the temporary name (after a swap) or the backup name (the fallback),
 * or there was none.  Idempotent, so that recovery may itself be cut
 * short and run again.  Returns 0 or an errno.
 */
static int undo(const char *target, const char *tmp, const char *bak,
		dev_t dev, ino_t ino)
{
	struct stat st;
	int rc = 0;

	if (lstat(target, &st) == 0) {
		if (same_file(&st, dev, ino)) {
			if (lstat(tmp, &st) == 0 && !same_file(&st, dev, ino))
				rc = rename(tmp, target);
			else if (lstat(bak, &st) == 0)
				rc = rename(bak, target);
			else
				rc = unlink(target);
		}
	} else if (errno == ENOENT && lstat(bak, &st) == 0) {
		/* Cut short between moving the old file aside and the new
		 * one in (the fallback without hard links). */
		rc = rename(bak, target);
	}
	if (rc)
		rc = errno ? errno : EIO;
	if (unlink(tmp) && errno != ENOENT && !rc)
		rc = errno;
	if (unlink(bak) && errno != ENOENT && !rc)
		rc = errno;
	return rc;
}

/* A journal name must stay under the root: relative, no "..". */
static int safe_name(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		if (*p)
			p++;
	}
	return 1;
}

/* Finish what a killed run left: see outset.h. */
static int recover(struct outset *s, struct dip_err *err)
{
	struct strbuf buf;
	const char *f[NFIELD];
	char chunk[8192];
	size_t nf = 0;
	int committed = 0, rc = 0;
	ssize_t r;

	strbuf_init(&buf);
	if (lseek(s->jfd, 0, SEEK_SET) < 0)
		goto io;
	while ((r = read(s->jfd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto io;
		strbuf_add(&buf, chunk, (size_t)r);
	}
	if (!buf.len) {
		strbuf_release(&buf);
		return 0;
	}
	for (const char *p = buf.buf; p < buf.buf + buf.len; p += strlen(p) + 1)
		if (!strcmp(p, COMMITTED))
			committed = 1;
	/* A record cut short by the kill is incomplete and ignored: its
	 * member had not been swapped (records are written before). */
	for (const char *p = buf.buf; p < buf.buf + buf.len && !rc;
	     p += strlen(p) + 1) {
		if (!strcmp(p, COMMITTED))
			continue;
		f[nf++] = p;
		if (nf < NFIELD)
			continue;
		nf = 0;
		if (f[4] + strlen(f[4]) >= buf.buf + buf.len)
			break;       /* its last NUL never reached the disk */
		if (!safe_name(f[2]) || !safe_name(f[3]) || !safe_name(f[4])) {
			err_set(err, DIP_EXIT_IO, s->journal, 0, 0,
				"names a file outside '%s'; remove it by hand "
				"after checking the outputs", s->root);
			strbuf_release(&buf);
			return -1;
		}
		{
			char *target = path_join(s->root, f[2]);
			char *tmp = path_join(s->root, f[3]);
			char *bak = path_join(s->root, f[4]);
			int e = 0;

			if (committed) {
				/* The new set is whole: only old files left. */
				if (unlink(tmp) && errno != ENOENT)
					e = errno;
				if (unlink(bak) && errno != ENOENT)
					e = errno;
			} else {
				e = undo(target, tmp, bak,
					 (dev_t)strtoull(f[0], NULL, 10),
					 (ino_t)strtoull(f[1], NULL, 10));
			}
			if (e) {
				err_set(err, DIP_EXIT_IO, target, 0, 0,
					"cannot restore after an interrupted run: %s",
					strerror(e));
				rc = -1;
			}
			free(target);
			free(tmp);
			free(bak);
		}
	}
	strbuf_release(&buf);
	if (rc)
		return -1;
	fsync_path(s->root);
	if (ftruncate(s->jfd, 0) < 0)
		goto io_nobuf;
	return 0;
io:
	strbuf_release(&buf);
io_nobuf:
	err_set(err, DIP_EXIT_IO, s->journal, 0, 0, "cannot read: %s",
		strerror(errno));
	return -1;
}

/*
 * Other stages' journals in the same root that no running stage holds:
 * a stage killed there (a rerun killed by SIGKILL, say) left its
 * temporary files among the published ones, and the next run of any
 * stage in that root puts them right, not only the next run of the same
 * stage.
 */
static int recover_others(struct outset *s, struct dip_err *err)
{
	DIR *d = opendir(s->root);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return 0;
	while (!rc && (e = readdir(d))) {
		struct outset other = *s;
		size_t n = strlen(e->d_name);

		if (strncmp(e->d_name, ".dip-", 5) || n < 13 ||
		    strcmp(e->d_name + n - 8, ".journal"))
			continue;
		other.journal = path_join(s->root, e->d_name);
		if (strcmp(other.journal, s->journal) &&
		    (other.jfd = open(other.journal, O_RDWR | O_CLOEXEC)) >= 0) {
			/* Held: that stage is running and will see to it. */
			if (flock(other.jfd, LOCK_EX | LOCK_NB) == 0 &&
			    !(rc = recover(&other, err)))
				unlink(other.journal);  /* still locked: see open_journal() */
			close(other.jfd);
		}
		free(other.journal);
	}
	closedir(d);
	return rc;
}

/*
 * Lock fd, waiting a little if it is held: another stage starting in
 * the same root (the nightly runs the metric stages at once) may hold
 * this journal for the moment recover_others() takes to look into it,
 * whereas a second run of this stage holds it for the whole run.  0, or
 * -1 with errno set (EWOULDBLOCK: still held after half a second).
 */
static int lock_journal(int fd)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	for (int tries = 0; flock(fd, LOCK_EX | LOCK_NB) < 0; tries++) {
		if (errno != EWOULDBLOCK || tries == 50)
			return -1;
		nanosleep(&pause, NULL);
	}
	return 0;
}

/* Lock the journal, and if a killed run left one, recover from it. */
static int open_journal(struct outset *s, struct dip_err *err)
{
	if (ensure_dir(s->root, err))
		return -1;
	for (;;) {
		int fd = open(s->journal, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		struct stat a, b;
		int e;

		if (fd < 0) {
			err_set(err, DIP_EXIT_IO, s->journal, 0, 0,
				"cannot create: %s", strerror(errno));
			return -1;
		}
		if (lock_journal(fd) < 0) {
			e = errno;
			close(fd);
			err_set(err, DIP_EXIT_IO, s->journal, 0, 0,
				e == EWOULDBLOCK
				? "another run of this stage is writing into '%s'"
				: "cannot lock: %s",
				e == EWOULDBLOCK ? s->root : strerror(e));
			return -1;
		}
		/* The run that held it may have removed it meanwhile: lock
		 * the one that is there now. */
		if (fstat(fd, &a) == 0 && stat(s->journal, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			s->jfd = fd;
			break;
		}
		close(fd);
	}
	return recover(s, err) || recover_others(s, err) ? -1 : 0;
}

/* Record member m in the journal and sync it before anything is
 * swapped: 0, or -1 with errno set. */
static int journal_add(struct outset *s, const struct outset_member *m)
{
	size_t skip = strlen(s->root);
	struct strbuf rec;
	int rc;

	/* path_join(root, x) starts with root and one '/'. */
	if (s->root[skip - 1] != '/')
		skip++;
	strbuf_init(&rec);
	strbuf_addf(&rec, "%llu", (unsigned long long)m->dev);
	strbuf_add(&rec, "", 1);
	strbuf_addf(&rec, "%llu", (unsigned long long)m->ino);
	strbuf_add(&rec, "", 1);
	strbuf_add(&rec, m->target + skip, strlen(m->target + skip) + 1);
	strbuf_add(&rec, m->tmp + skip, strlen(m->tmp + skip) + 1);
	strbuf_add(&rec, m->bak + skip, strlen(m->bak + skip) + 1);
	rc = write_all(s->jfd, rec.buf, rec.len);
	strbuf_release(&rec);
	return rc;
}

/* Forget a member's outfile without touching its temporary name. */
static void forget(struct outset_member *m)
{
	if (m->f.path) {
		if (m->f.fp) {
			fclose(m->f.fp);
			m->f.fp = NULL;
		}
		free(m->f.tmp);
		m->f.tmp = NULL;
		outfile_abort(&m->f);
	}
}

static void free_member(struct outset_member *m)
{
	free(m->target);
	free(m->tmp);
	free(m->bak);
	free(m);
}

FILE *outset_open(struct outset *s, const char *sub, const char *name,
		  mode_t mode, struct dip_err *err)
{
	struct outset_member *m;
	char *dir, *path;
	const char *suffix;
	struct strbuf bak;

	if (s->jfd < 0 && open_journal(s, err))
		return NULL;
	dir = sub ? path_join(s->root, sub) : xstrdup(s->root);
	if (sub && ensure_dir(dir, err)) {
		free(dir);
		return NULL;
	}
	path = path_join(dir, name);
	free(dir);
	m = xcalloc(1, sizeof(*m));
	if (outfile_open(&m->f, path, mode, err)) {
		free(path);
		free(m);
		return NULL;
	}
	m->target = path;
	m->tmp = xstrdup(m->f.tmp);
	m->dev = m->f.dev;
	m->ino = m->f.ino;
	/* ".NAME.tmp-XXXXXX" -> ".NAME.old-XXXXXX", in the same directory. */
	suffix = strrchr(m->tmp, '-');
	strbuf_init(&bak);
	strbuf_add(&bak, m->tmp, (size_t)(suffix - m->tmp) - 3);
	strbuf_addf(&bak, "old%s", suffix);
	m->bak = strbuf_detach(&bak);
	XGROW(s->m, s->cap, s->n + 1);
	s->m[s->n++] = m;
	if (journal_add(s, m)) {
		err_set(err, DIP_EXIT_IO, s->journal, 0, 0, "write failed: %s",
			strerror(errno));
		return NULL;
	}
	return m->f.fp;
}

int outset_copy(struct outset *s, const char *sub, const char *name,
		const char *from, mode_t mode, struct dip_err *err)
{
	FILE *out = outset_open(s, sub, name, mode, err);
	char buf[65536];
	int fd;
	ssize_t r;

	if (!out)
		return -1;
	if ((fd = open(from, O_RDONLY | O_CLOEXEC)) < 0) {
		err_set(err, DIP_EXIT_IO, from, 0, 0, "cannot open: %s",
			strerror(errno));
		return -1;
	}
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_set(err, DIP_EXIT_IO, from, 0, 0, "cannot read: %s",
				strerror(errno));
			close(fd);
			return -1;
		}
		if (fwrite(buf, 1, (size_t)r, out) != (size_t)r)
			break;
	}
	close(fd);
	return outset_write_error(s, err);
}

const struct outfile *outset_file(const struct outset *s, FILE *fp)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->m[i]->f.fp == fp)
			return &s->m[i]->f;
	return NULL;
}

int outset_write_error(struct outset *s, struct dip_err *err)
{
	for (size_t i = 0; i < s->n; i++) {
		struct outfile *f = &s->m[i]->f;

		if (f->werr || (f->fp && ferror(f->fp))) {
			err_set(err, DIP_EXIT_IO, s->m[i]->target, 0, 0,
				"write failed: %s", strerror(f->werr ? f->werr : EIO));
			return -1;
		}
	}
	return 0;
}

int outset_failed(struct outset *s, const char *what, struct dip_err *err)
{
	if (!outset_write_error(s, err))
		err_set(err, DIP_EXIT_IO, what, 0, 0, "write failed");
	return -1;
}

/* Put the new file in place, keeping the old one for undo(). */
static int swap_in(const struct outset_member *m)
{
	struct stat st;

	if (lstat(m->target, &st) < 0) {
		if (errno != ENOENT)
			return errno;
		return rename(m->tmp, m->target) ? errno : 0;
	}
	/* An exchange would happily move a directory aside: refuse, as a
	 * rename over it would. */
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!outset_no_exchange &&
	    renameat2(AT_FDCWD, m->tmp, AT_FDCWD, m->target, RENAME_EXCHANGE) == 0)
		return 0;
	if (!outset_no_exchange && errno != EINVAL && errno != ENOSYS)
		return errno;
	if (link(m->target, m->bak) < 0) {
		if (errno != EPERM && errno != EOPNOTSUPP && errno != EMLINK)
			return errno;
		if (rename(m->target, m->bak) < 0)
			return errno;
	}
	return rename(m->tmp, m->target) ? errno : 0;
}

/* Sync each directory holding a member, once: the renames last
 * only once their directories are on disk (best effort). */
static void fsync_dirs(struct outset *s)
{
	char **done = xcalloc(s->n + 1, sizeof(*done));
	size_t nd = 0;

	for (size_t i = 0; i < s->n; i++) {
		char *dir = path_dirname(s->m[i]->target);
		size_t k;

		for (k = 0; k < nd && strcmp(done[k], dir); k++)
			;
		if (k < nd) {
			free(dir);
			continue;
		}
		fsync_path(dir);
		done[nd++] = dir;
	}
	for (size_t k = 0; k < nd; k++)
		free(done[k]);
	free(done);
}

/* Undo every member (the ones not swapped only lose their temporary
 * file).  A failure here leaves the journal for the next run. */
static int undo_all(struct outset *s)
{
	int bad = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct outset_member *m = s->m[i];
		int e = undo(m->target, m->tmp, m->bak, m->dev, m->ino);

		if (e) {
			error_at(m->target, 0, 0,
				 "cannot put the old file back: %s; the next run "
				 "will try again", strerror(e));
			bad = 1;
		}
		forget(m);
	}
	fsync_dirs(s);
	return bad;
}

/* The set is whole: the journal goes (and the root is synced, so
 * that a crash cannot bring it back and undo the set). */
static void drop_journal(struct outset *s)
{
	unlink(s->journal);
	close(s->jfd);
	s->jfd = -1;
	fsync_path(s->root);
}

int outset_commit(struct outset *s, struct dip_err *err)
{
	sigset_t hold, old;
	size_t i;
	int e = 0;

	if (s->jfd < 0)
		return 0;            /* nothing was opened */
	if (outset_write_error(s, err))
		goto discard;
	{
		struct outfile **f = xcalloc(s->n ? s->n : 1, sizeof(*f));
		int bad;

		for (i = 0; i < s->n; i++)
			f[i] = &s->m[i]->f;
		bad = outfile_finish_all(f, s->n, err);
		free(f);
		if (bad)
			goto discard;
	}
	if (fsync(s->jfd) < 0) {
		err_set(err, DIP_EXIT_IO, s->journal, 0, 0, "write failed: %s",
			strerror(errno));
		goto discard;
	}
	fsync_path(s->root);
	/* outfile.c unlinks temporary names on these signals; from the
	 * first swap on, a temporary name may hold an old file. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, &old);
	for (i = 0; i < s->n; i++)
		if ((e = swap_in(s->m[i])))
			break;
	if (e) {
		err_set(err, DIP_EXIT_IO, s->m[i]->target, 0, 0,
			"cannot replace: %s", strerror(e));
	} else {
		fsync_dirs(s);
		if (write_all(s->jfd, COMMITTED, sizeof(COMMITTED)) ||
		    fsync(s->jfd) < 0) {
			e = errno ? errno : EIO;
			err_set(err, DIP_EXIT_IO, s->journal, 0, 0,
				"write failed: %s", strerror(e));
		}
	}
	if (e) {
		if (!undo_all(s))
			drop_journal(s);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	/* Committed: the temporary and backup names hold old files. */
	for (i = 0; i < s->n; i++) {
		unlink(s->m[i]->tmp);
		unlink(s->m[i]->bak);
		forget(s->m[i]);
	}
	fsync_dirs(s);
	drop_journal(s);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
discard:
	if (!undo_all(s))
		drop_journal(s);
	return -1;
}

void outset_release(struct outset *s)
{
	if (s->jfd >= 0 && !undo_all(s))
		drop_journal(s);
	if (s->jfd >= 0) {
		close(s->jfd);
		s->jfd = -1;
	}
	for (size_t i = 0; i < s->n; i++)
		free_member(s->m[i]);
	free(s->m);
	free(s->root);
	free(s->journal);
	memset(s, 0, sizeof(*s));
	s->jfd = -1;
}
