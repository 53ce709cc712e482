/*
 * One output's temporary file: the target is never touched; finish
 * leaves the whole content under the temporary name with the mode asked
 * for; an abort or a failed flush leaves no temporary file behind.
 * Several finished at once (their fsyncs on threads) end the same as
 * one by one, and a failure among them is the first that failed, in the
 * order given, with the files before it finished and those after it
 * left open for the caller.  It counts the bytes it passes on and their
 * CRC-32, so that a checksum of it needs no reading back.
 * (Replacing targets is the output set's: tests/unit/outset.c.)
 */
#include "dip/outfile.h"
#include "tap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

int main(void)
{
	char *dir = test_tmpdir();
	char path[4200];
	struct outfile o;
	struct dip_err err;
	struct stat st;
	FILE *fp;
	char *tmp;

	plan(28);
	snprintf(path, sizeof(path), "%s/table.csv", dir);
	fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);

	ok(outfile_open(&o, path, 0600, &err) == 0, "open beside the target");
	fputs("new\n", o.fp);
	is_string("old\n", slurp(path), "target unchanged while writing");
	is_int(2, entries(dir), "a temporary file exists while writing");
	outfile_abort(&o);
	is_string("old\n", slurp(path), "abort keeps the old content");
	is_int(1, entries(dir), "abort removes the temporary file");

	ok(outfile_open(&o, path, 0600, &err) == 0, "open again");
	fputs("new\n", o.fp);
	tmp = strdup(o.tmp);
	ok(outfile_finish(&o, &err) == 0, "finish");
	is_string("new\n", slurp(tmp), "finish leaves the whole content");
	is_string("old\n", slurp(path), "the target is not touched");
	ok(stat(tmp, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "mode 0600 as asked");
	outfile_abort(&o);
	is_int(1, entries(dir), "abort after finish removes the temporary file");
	free(tmp);

	/* The file counts its bytes and their CRC-32 as they go out:
	 * "123456789" is CRC-32's published check value, 0xCBF43926, and
	 * it comes out the same written in two flushes.  Nothing is counted
	 * until stdio passes the bytes on. */
	ok(outfile_open(&o, path, 0600, &err) == 0, "open for the checksum");
	fputs("1234", o.fp);
	ok(o.bytes == 0, "bytes held by stdio are not counted yet");
	fflush(o.fp);
	fputs("56789", o.fp);
	fflush(o.fp);
	ok(o.bytes == 9, "nine bytes written, nine counted");
	ok(o.crc == 0xCBF43926UL, "CRC-32 of 123456789 is 0xCBF43926");
	outfile_abort(&o);

	/* A write that fails at flush time (the descriptor is gone). */
	ok(outfile_open(&o, path, 0644, &err) == 0, "open a third time");
	fputs("doomed\n", o.fp);
	close(o.fd);
	ok(outfile_finish(&o, &err) != 0 && err.status == 3,
	   "a failed flush makes finish fail with a write error");
	is_string("write failed: Bad file descriptor", err.msg,
		  "and says why");
	is_int(1, entries(dir), "no temporary file after a failed finish");

	/* Nine files at once: every one finished with its own content. */
	{
		struct outfile many[9], *pm[9];
		char name[4300], want[32];
		int same = 1, fin = 1, opened = 1;

		for (int i = 0; i < 9; i++) {
			snprintf(name, sizeof(name), "%s/t%d.csv", dir, i);
			opened &= outfile_open(&many[i], name, 0644, &err) == 0;
			fprintf(many[i].fp, "file %d\n", i);
			pm[i] = &many[i];
		}
		ok(opened, "nine opened");
		ok(outfile_finish_all(pm, 9, &err) == 0, "nine finished at once");
		for (int i = 0; i < 9; i++) {
			snprintf(want, sizeof(want), "file %d\n", i);
			same &= !strcmp(want, slurp(many[i].tmp) ? slurp(many[i].tmp) : "");
			fin &= many[i].finished && !many[i].fp;
		}
		ok(same && fin, "each holds its own content, closed");
		for (int i = 0; i < 9; i++)
			outfile_abort(&many[i]);

		/* The 3rd and the 6th fail (their descriptors gone): the 3rd
		 * is named; the first two are finished; the 3rd is gone; from
		 * the 4th on they are still open, the caller's to abort. */
		for (int i = 0; i < 9; i++) {
			snprintf(name, sizeof(name), "%s/u%d.csv", dir, i);
			outfile_open(&many[i], name, 0644, &err);
			fprintf(many[i].fp, "file %d\n", i);
		}
		close(many[2].fd);
		close(many[5].fd);
		ok(outfile_finish_all(pm, 9, &err) != 0 && err.status == 3,
		   "a failure among them: a write error");
		snprintf(name, sizeof(name), "%s/u2.csv", dir);
		is_string(name, err.file, "naming the first that failed");
		ok(many[0].finished && many[1].finished && !many[2].fp,
		   "the ones before it finished, it closed");
		ok(!many[3].finished && many[3].fp && many[8].fp,
		   "the ones after it still open");
		for (int i = 0; i < 9; i++)
			outfile_abort(&many[i]);
		is_int(1, entries(dir), "every temporary file gone after aborts");
	}

	snprintf(path, sizeof(path), "%s/missing/table.csv", dir);
	ok(outfile_open(&o, path, 0600, &err) != 0 && err.status == 3,
	   "no directory: an I/O error");
	free(dir);
	return 0;
}
