/*
 * Config: defaults when a key is absent, and an unknown key or a bad
 * value is an error naming the file's line.
 */
#include "dip/config.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *dir = test_tmpdir();
	struct config c;
	struct dip_err err;
	double d;
	unsigned long long u;
	char *path, *p;

	plan(12);
	path = test_write_file(dir, "a.conf", "[ingest]\nreject_ratio = 0.1\n");
	ok(config_load(&c, path, &err) == 0, "small config loads");
	ok(config_double(&c, "ingest", "reject_ratio", &d, &err) == 0 &&
	   d == 0.1, "value read");
	ok(config_ulong(&c, "ingest", "max_depth", &u, &err) == 0 && u == 32,
	   "absent key gives its default");
	p = config_path(&c, "paths", "export_map");
	ok(p && !strncmp(p, dir, strlen(dir)) &&
	   !strcmp(p + strlen(dir), "/export-map.csv"),
	   "paths are relative to the config file");
	free(p);
	config_release(&c);
	free(path);

	path = test_write_file(dir, "b.conf",
			  "[ingest]\nreject_ratio = 0.1\n\nmax_dpeth = 3\n");
	ok(config_load(&c, path, &err) != 0, "unknown key refused");
	is_int(4, err.line, "error on line 4");
	is_string("unknown key 'max_dpeth' in section '[ingest]'", err.msg,
		  "message names the key");
	free(path);

	path = test_write_file(dir, "c.conf", "[ingest]\nreject_ratio = lots\n");
	ok(config_load(&c, path, &err) == 0, "bad value loads");
	ok(config_double(&c, "ingest", "reject_ratio", &d, &err) != 0,
	   "bad number refused");
	is_int(2, err.line, "bad value on line 2");
	config_release(&c);
	free(path);

	path = test_write_file(dir, "d.conf", "[ingest\nx=1\n");
	ok(config_load(&c, path, &err) != 0 && err.line == 1,
	   "syntax error on line 1");
	free(path);
	ok(config_load(&c, "/nonexistent.conf", &err) != 0 && err.status == 2,
	   "missing config is a configuration error");
	free(dir);
	return 0;
}
