/* outfile.c - temp file, fsync, rename; see outfile.h. */
#define _GNU_SOURCE 1   /* fopencookie */
#include "dip/outfile.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <sys/stat.h>
#include <unistd.h>

static struct outfile *open_list;
static int cleanup_installed;

/* At exit or a signal: remove every temporary file still open, so
 * that no half-written output is left behind. */
static void unlink_open(void)
{
	for (struct outfile *o = open_list; o; o = o->next_open)
		if (o->tmp)
			unlink(o->tmp);
}

/* Clean up, then die of the same signal (the exit status tells the
 * caller it was a signal). */
static void on_signal(int sig)
{
	unlink_open();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_cleanup(void)
{
	if (cleanup_installed)
		return;
	cleanup_installed = 1;
	atexit(unlink_open);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

static void unlist(struct outfile *o)
{
	for (struct outfile **p = &open_list; *p; p = &(*p)->next_open)
		if (*p == o) {
			*p = o->next_open;
			break;
		}
}

/* Forget the file's names and stream (their memory freed); the file
 * itself is left to the caller: finished or unlinked. */
static void release(struct outfile *o)
{
	unlist(o);
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fp = NULL;
}

/*
 * Writes go through this cookie rather than fdopen() so that the first
 * failure's errno (ENOSPC, EIO, EFBIG…) is kept: by the time a caller
 * checks ferror(), stdio's errno may belong to some later call.
 */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
	struct outfile *o = cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(o->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!o->werr)
				o->werr = w < 0 ? errno : EIO;
			return done ? (ssize_t)done : -1;
		}
		/* Counted here, while the bytes are in the cache, so that
		 * a file's checksum never needs it read back. */
		o->crc = crc32(o->crc, (const Bytef *)buf + done, (uInt)w);
		o->bytes += (unsigned long long)w;
		done += (size_t)w;
	}
	return (ssize_t)done;
}

/* The stream's close: a failed close(2) is a write error too (NFS
 * reports there), kept in o->werr. */
static int cookie_close(void *cookie)
{
	struct outfile *o = cookie;
	int rc = close(o->fd);

	if (rc < 0 && !o->werr)
		o->werr = errno;
	o->fd = -1;
	return rc;
}

int outfile_open(struct outfile *o, const char *path, mode_t mode,
		 struct dip_err *err)
{
	static const cookie_io_functions_t io = { NULL, cookie_write, NULL,
						  cookie_close };
	struct stat st;
	char *dir = path_dirname(path);
	const char *base = strrchr(path, '/');
	struct strbuf sb;
	int fd;

	memset(o, 0, sizeof(*o));
	base = base ? base + 1 : path;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/.%s.tmp-XXXXXX", dir, base);
	free(dir);
	install_cleanup();
	fd = mkstemp(sb.buf);
	if (fd < 0) {
		err_set(err, DIP_EXIT_IO, path, 0, 0, "cannot create: %s",
			strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	o->fd = fd;
	o->crc = crc32(0L, Z_NULL, 0);
	if (fchmod(fd, mode) < 0 || fstat(fd, &st) < 0 ||
	    !(o->fp = fopencookie(o, "w", io))) {
		err_set(err, DIP_EXIT_IO, path, 0, 0, "cannot create: %s",
			strerror(errno));
		close(fd);
		unlink(sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	/* A table of tens of megabytes in stdio's 8 KiB writes is
	 * thousands of system calls.  (glibc ignores the size unless it is
	 * given the buffer.) */
	o->iobuf = xmalloc(OUTFILE_BUFFER);
	setvbuf(o->fp, o->iobuf, _IOFBF, OUTFILE_BUFFER);
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	o->path = xstrdup(path);
	o->tmp = strbuf_detach(&sb);
	o->next_open = open_list;
	open_list = o;
	return 0;
}

/* The fsyncs of outfile_finish_all(): fd[i]'s errno into e[i] (0 when
 * synced), files shared among the threads by a counter. */
struct syncs {
	const int *fd;
	int *e;
	size_t n;
	atomic_size_t next;
};

static void *sync_some(void *arg)
{
	struct syncs *s = arg;
	size_t i;

	while ((i = atomic_fetch_add(&s->next, 1)) < s->n)
		if (s->fd[i] >= 0 && fsync(s->fd[i]) < 0)
			s->e[i] = errno;
	return NULL;
}

/* fsync every fd[i] >= 0, at once on up to 8 threads (the caller's
 * among them); a thread that cannot start leaves its share to the
 * others. */
static void sync_all(const int *fd, int *e, size_t n)
{
	struct syncs s = { fd, e, n, 0 };
	pthread_t t[7];
	size_t nt = 0;

	while (nt < sizeof(t) / sizeof(t[0]) && nt + 1 < n &&
	       !pthread_create(&t[nt], NULL, sync_some, &s))
		nt++;
	sync_some(&s);
	while (nt)
		pthread_join(t[--nt], NULL);
}

int outfile_finish_all(struct outfile *const *o, size_t n,
		       struct dip_err *err)
{
	int *fd = xcalloc(n ? n : 1, sizeof(*fd));
	int *e = xcalloc(n ? n : 1, sizeof(*e));
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		fd[i] = -1;
		if (o[i]->finished)
			continue;
		if (fflush(o[i]->fp) || ferror(o[i]->fp))
			e[i] = o[i]->werr ? o[i]->werr : errno ? errno : EIO;
		else
			fd[i] = o[i]->fd;
	}
	sync_all(fd, e, n);
	for (size_t i = 0; i < n && !rc; i++) {
		if (o[i]->finished)
			continue;
		if (fclose(o[i]->fp) && !e[i])
			e[i] = o[i]->werr ? o[i]->werr : errno ? errno : EIO;
		o[i]->fp = NULL;
		free(o[i]->iobuf);
		o[i]->iobuf = NULL;
		if (e[i]) {
			/* A full disk, an I/O error or a size limit: every
			 * one is a write error, exit status 3, whatever the
			 * cause. */
			err_set(err, DIP_EXIT_IO, o[i]->path, 0, 0,
				"write failed: %s", strerror(e[i]));
			outfile_abort(o[i]);
			rc = -1;
			break;
		}
		o[i]->finished = 1;
	}
	free(fd);
	free(e);
	return rc;
}

int outfile_finish(struct outfile *o, struct dip_err *err)
{
	return outfile_finish_all(&o, 1, err);
}

void outfile_abort(struct outfile *o)
{
	if (o->fp) {
		fclose(o->fp);
		o->fp = NULL;
	}
	free(o->iobuf);
	o->iobuf = NULL;
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}
