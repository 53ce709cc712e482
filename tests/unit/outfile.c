/*
 * One output's temporary file: the target is never touched; finish
 * leaves the whole content under the temporary name with the mode asked
 * for; an abort or a failed flush leaves no temporary file behind.
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

	plan(16);
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

	/* A write that fails at flush time (the descriptor is gone). */
	ok(outfile_open(&o, path, 0644, &err) == 0, "open a third time");
	fputs("doomed\n", o.fp);
	close(o.fd);
	ok(outfile_finish(&o, &err) != 0 && err.status == 3,
	   "a failed flush makes finish fail with a write error");
	is_string("write failed: Bad file descriptor", err.msg,
		  "and says why");
	is_int(1, entries(dir), "no temporary file after a failed finish");

	snprintf(path, sizeof(path), "%s/missing/table.csv", dir);
	ok(outfile_open(&o, path, 0600, &err) != 0 && err.status == 3,
	   "no directory: an I/O error");
	free(dir);
	return 0;
}
