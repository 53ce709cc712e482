/* outfile.c - temp file, fsync, rename; see outfile.h. */
#include "dip/outfile.h"
#include "dip/exitcode.h"
#include "dip/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct outfile *open_list;
static int cleanup_installed;

static void unlink_open(void)
{
	for (struct outfile *o = open_list; o; o = o->next_open)
		if (o->tmp)
			unlink(o->tmp);
}

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

static void release(struct outfile *o)
{
	unlist(o);
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fp = NULL;
}

int outfile_open(struct outfile *o, const char *path, mode_t mode,
		 struct dip_err *err)
{
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
	if (fchmod(fd, mode) < 0 || !(o->fp = fdopen(fd, "w"))) {
		err_set(err, DIP_EXIT_IO, path, 0, 0, "cannot create: %s",
			strerror(errno));
		close(fd);
		unlink(sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	o->path = xstrdup(path);
	o->tmp = sb.buf;
	o->next_open = open_list;
	open_list = o;
	return 0;
}

int outfile_finish(struct outfile *o, struct dip_err *err)
{
	int bad = 0, e = 0;

	if (o->finished)
		return 0;
	if (fflush(o->fp) || ferror(o->fp)) {
		bad = 1;
		e = errno;
	}
	if (!bad && fsync(fileno(o->fp)) < 0) {
		bad = 1;
		e = errno;
	}
	if (fclose(o->fp) && !bad) {
		bad = 1;
		e = errno;
	}
	o->fp = NULL;
	if (bad) {
		err_set(err, DIP_EXIT_IO, o->path, 0, 0, "write failed: %s",
			strerror(e ? e : EIO));
		outfile_abort(o);
		return -1;
	}
	o->finished = 1;
	return 0;
}

static void fsync_dir(const char *path)
{
	char *dir = path_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	/* Best effort: some file systems refuse fsync on directories. */
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int outfile_publish(struct outfile *o, struct dip_err *err)
{
	if (!o->finished) {
		err_set(err, DIP_EXIT_INTERNAL, o->path, 0, 0,
			"published before finished");
		outfile_abort(o);
		return -1;
	}
	if (rename(o->tmp, o->path) < 0) {
		err_set(err, DIP_EXIT_IO, o->path, 0, 0, "cannot rename: %s",
			strerror(errno));
		outfile_abort(o);
		return -1;
	}
	fsync_dir(o->path);
	free(o->tmp);
	o->tmp = NULL;
	release(o);
	return 0;
}

int outfile_commit(struct outfile *o, struct dip_err *err)
{
	if (outfile_finish(o, err))
		return -1;
	return outfile_publish(o, err);
}

void outfile_abort(struct outfile *o)
{
	if (o->fp) {
		fclose(o->fp);
		o->fp = NULL;
	}
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}
