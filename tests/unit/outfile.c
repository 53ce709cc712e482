/*
 * Atomic outputs: the target changes only on commit; an abort or a
 * failed flush leaves the old content and no temporary file behind.
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

	plan(14);
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
	ok(outfile_commit(&o, &err) == 0, "commit");
	is_string("new\n", slurp(path), "commit replaces the content");
	is_int(1, entries(dir), "no temporary file after commit");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "mode 0600 as asked");

	/* A write that fails at flush time (the descriptor is gone). */
	ok(outfile_open(&o, path, 0644, &err) == 0, "open a third time");
	fputs("doomed\n", o.fp);
	close(fileno(o.fp));
	ok(outfile_commit(&o, &err) != 0, "failed flush makes commit fail");
	is_string("new\n", slurp(path), "failed commit keeps the old content");

	snprintf(path, sizeof(path), "%s/missing/table.csv", dir);
	ok(outfile_open(&o, path, 0600, &err) != 0 && err.status == 3,
	   "no directory: an I/O error");
	free(dir);
	return 0;
}
