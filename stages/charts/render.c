/*
 * render.c - gnuplot draws every chart into the private work directory
 * (a PNG and an SVG each, and a page each of board-pack.pdf), the work
 * shared among several gnuplots at once (drawplan.h).  Only when every
 * gnuplot succeeded and every file ends whole are they copied into the
 * stage's output set, which replaces every file in charts/ or none, so a
 * failed or missing gnuplot leaves the last charts as they were.
 */
#define _GNU_SOURCE 1   /* sched_getaffinity, CPU_COUNT */
#include "charts.h"

#include "dip/exitcode.h"
#include "charts/drawplan.h"
#include "charts/gnuplot.h"

#include <dirent.h>
#include <sched.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "set output" to WORK/NAME.EXT, the path through gp_str(). */
static void set_output(struct strbuf *b, const char *work, const char *name,
		       const char *ext)
{
	struct strbuf path;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s.%s", work, name, ext);
	strbuf_adds(b, "set output ");
	gp_str(b, path.buf);
	strbuf_adds(b, "\n");
	strbuf_release(&path);
}

/* What every page starts with: its title, and a footer with the as-of
 * date, the period it shows and its page in the pack (page K of N). */
static void page_start(struct strbuf *b, const struct charts *c, size_t k)
{
	const struct chart *ch = &c->chart[k];
	struct strbuf foot;

	strbuf_adds(b, "reset\nset encoding utf8\nset title ");
	gp_str(b, ch->title);
	strbuf_adds(b, " font \",14\"\nset grid ytics lc rgb \"#DDDDDD\"\n"
		    "set bmargin 6\nset label 1000 ");
	strbuf_init(&foot);
	strbuf_addf(&foot, "as of %s   |   %s   |   page %zu of %zu", c->as_of,
		    ch->period, k + 1, c->n);
	gp_str(b, foot.buf);
	strbuf_adds(b, " at screen 0.5, screen 0.025 center font \",9\"\n");
	strbuf_release(&foot);
	if (ch->body.len)
		strbuf_adds(b, ch->body.buf);
}

/* Output k of the 2n + 1 in the commands of script B: set its terminal
 * and output, and draw its page (or, for the pack, every page). */
static void draw(struct strbuf *b, const struct charts *c, size_t k)
{
	static const char *const image[] = {
		"png", "set terminal pngcairo size 1200,700 font \"DejaVu Sans,11\" noenhanced\n",
		"svg", "set terminal svg size 1200,700 font \"DejaVu Sans,11\" noenhanced\n",
	};

	if (k == 2 * c->n) {
		/* The board pack: every chart a page, in the order they
		 * were added. */
		strbuf_adds(b, "set terminal pdfcairo size 29.7cm,21cm font \"DejaVu Sans,10\" noenhanced\n");
		set_output(b, c->work, "board-pack", "pdf");
		for (size_t i = 0; i < c->n; i++)
			page_start(b, c, i);
	} else {
		strbuf_adds(b, image[k % 2 * 2 + 1]);
		set_output(b, c->work, c->chart[k / 2].name, image[k % 2 * 2]);
		page_start(b, c, k / 2);
	}
	/* Closes the file, so the pack's last page is written. */
	strbuf_adds(b, "unset output\n");
}

/* Script PATH, drawing the outputs PROC gives process P: 0, or -1 with
 * c->ms->err set. */
static int write_script(struct charts *c, const unsigned *proc, unsigned p,
			const char *path)
{
	struct strbuf b;
	FILE *fp;

	strbuf_init(&b);
	for (size_t k = 0; k <= 2 * c->n; k++)
		if (proc[k] == p)
			draw(&b, c, k);
	if (!(fp = fopen(path, "w"))) {
		err_set(&c->ms->err, DIP_EXIT_IO, path, 0, 0, "cannot create: %s",
			strerror(errno));
		strbuf_release(&b);
		return -1;
	}
	fwrite(b.buf, 1, b.len, fp);
	strbuf_release(&b);
	return gp_file_close(fp, path, &c->ms->err);
}

/* How many gnuplots to run at once: one a processor this process may
 * run on (so `taskset -c 0` draws with one), as each draws on one, but
 * no more than a handful, as each also holds its fonts. */
static size_t processes(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
}

/* Draw every output into the work directory: the drawing shared among
 * gnuplots run at once (drawplan.h), each with its script WORK/charts-P.gp
 * and log WORK/gnuplot-P.log.  0, or -1 with c->ms->err set. */
static int draw_all(struct charts *c)
{
	unsigned *proc = xcalloc(2 * c->n + 1, sizeof(*proc));
	size_t np = drawplan(c->n, processes(), proc);
	char **script = xcalloc(np, sizeof(*script));
	char **log = xcalloc(np, sizeof(*log));
	int rc = 0;

	for (size_t p = 0; p < np; p++) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s/charts-%zu.gp", c->work, p + 1);
		script[p] = strbuf_detach(&sb);
		strbuf_addf(&sb, "%s/gnuplot-%zu.log", c->work, p + 1);
		log[p] = strbuf_detach(&sb);
		if (!rc)
			rc = write_script(c, proc, (unsigned)p, script[p]);
	}
	if (!rc)
		rc = gnuplot_run((const char *const *)script,
				 (const char *const *)log, np, &c->ms->err);
	for (size_t p = 0; p < np; p++) {
		free(script[p]);
		free(log[p]);
	}
	free(script);
	free(log);
	free(proc);
	return rc;
}

/* 1 when FILE ends as a whole file of its kind ends: gnuplot's cairo
 * and SVG terminals exit 0 after a write fails (a full disk), leaving a
 * short file, so that is only seen here. */
static int whole(const char *file, const char *ext)
{
	static const struct { const char *ext, *tail; size_t n; } k[] = {
		{ "png", "IEND\xae\x42\x60\x82", 8 },
		{ "svg", "</svg>", 6 },
		{ "pdf", "%%EOF", 5 },
	};
	char buf[32];
	FILE *fp = fopen(file, "rb");
	size_t i = 0, got;

	if (!fp)
		return 0;
	while (strcmp(k[i].ext, ext))
		i++;
	/* The marker, then at most a few line ends. */
	if (fseek(fp, -(long)sizeof(buf), SEEK_END))
		rewind(fp);
	got = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	while (got && (buf[got - 1] == '\n' || buf[got - 1] == '\r'))
		got--;
	return got >= k[i].n && !memcmp(buf + got - k[i].n, k[i].tail, k[i].n);
}

/* Output K of 2n+1 (each chart's PNG and SVG, then the pack): its name
 * in SB, under DIR when DIR is not NULL; returns its kind. */
static const char *output(const struct charts *c, size_t k, const char *dir,
			  struct strbuf *sb)
{
	const char *ext = k == 2 * c->n ? "pdf" : k % 2 ? "svg" : "png";

	strbuf_reset(sb);
	if (dir)
		strbuf_addf(sb, "%s/", dir);
	strbuf_addf(sb, "%s.%s",
		    k == 2 * c->n ? "board-pack" : c->chart[k / 2].name, ext);
	return ext;
}

/* Every image and the pack whole, before any is published. */
static int check_outputs(struct charts *c)
{
	struct strbuf f;
	int rc = 0;

	strbuf_init(&f);
	for (size_t k = 0; k <= 2 * c->n && !rc; k++) {
		const char *ext = output(c, k, c->work, &f);

		if (whole(f.buf, ext))
			continue;
		if (gnuplot_disk_full(f.buf))
			err_set(&c->ms->err, DIP_EXIT_IO, f.buf, 0, 0,
				"gnuplot could not finish it: %s",
				strerror(ENOSPC));
		else
			/* Short but space left: a write error all the same
			 * (EIO), which gnuplot does not report. */
			err_set(&c->ms->err, DIP_EXIT_IO, f.buf, 0, 0,
				"gnuplot left it incomplete: a write failed");
		rc = -1;
	}
	strbuf_release(&f);
	return rc;
}

/* The work directory's images join the output set under charts/. */
static int publish(struct charts *c)
{
	struct strbuf from, name;
	int rc = 0;

	strbuf_init(&from);
	strbuf_init(&name);
	for (size_t k = 0; k <= 2 * c->n && !rc; k++) {
		output(c, k, c->work, &from);
		output(c, k, NULL, &name);
		rc = outset_copy(&c->ms->out, "charts", name.buf, from.buf,
				 0644, &c->ms->err);
	}
	strbuf_release(&from);
	strbuf_release(&name);
	return rc;
}

int charts_render(struct charts *c)
{
	return draw_all(c) || check_outputs(c) || publish(c) ? -1 : 0;
}
void charts_remove_work(const char *work)
{
	DIR *d = opendir(work);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char *path;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			path = path_join(work, e->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	if (rmdir(work))
		error_msg("could not remove %s: %s", work, strerror(errno));
}
