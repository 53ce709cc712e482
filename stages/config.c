/*
 * dip-config - the configuration as every stage reads it, for the
 * pipeline scripts: one INI reader (inih, with its inline comments and
 * its checks of every key and number), so a script never parses the file
 * its own way and never disagrees with the stages about a value.
 */
#include "dip/config.h"
#include "dip/csvio.h"
#include "dip/error.h"
#include "dip/exitcode.h"
#include "dip/stage.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(int status)
{
	if (status)
		stage_try_help();
	printf("Usage: %s [OPTION]... get SECTION KEY\n"
	       "  or:  %s [OPTION]... check\n"
	       "  or:  %s [OPTION]... keys\n", error_progname(),
	       error_progname(), error_progname());
	fputs("\
Read the configuration exactly as every stage does, and\n\
  get SECTION KEY  print the key's value (its default when the file does\n\
                   not set it); a path is made absolute against the\n\
                   config file's directory; an empty value prints nothing\n\
  check            print nothing: exit 0 when the file loads\n\
  keys             list every known key as CSV: section, key, default,\n\
                   kind (text, path, count, decimal; count list: whole\n\
                   numbers separated by commas; text list: names\n\
                   separated by commas; count map: NAME: N items\n\
                   separated by commas; one of WORDS), min, max, meaning\n\
\n\
  -c, --config=FILE   configuration file (default: $DIPSAMPLE_CONFIG, or\n\
                      config/dipsample.conf beside the program)\n\
  -h, --help          display this help and exit\n\
  -V, --version       output version information and exit\n\
\n\
Exit status: 0 done; 2 usage or configuration error (a file that cannot\n\
be opened, an unknown key, a number out of range, with the file and\n\
line); 3 standard output cannot be written; 4 internal error.\n", stdout);
	exit(stage_end(DIP_EXIT_OK));
}

static const char *kind_name(enum config_type t)
{
	switch (t) {
	case CONFIG_PATH: return "path";
	case CONFIG_COUNT: return "count";
	case CONFIG_DECIMAL: return "decimal";
	case CONFIG_COUNT_LIST: return "count list";
	case CONFIG_COUNT_MAP: return "count map";
	case CONFIG_TEXT_LIST: return "text list";
	case CONFIG_CHOICE: return "choice";
	case CONFIG_TEXT: break;
	}
	return "text";
}

/* Every known key as CSV on stdout: 0, or -1 on a write error. */
static int list_keys(void)
{
	static const char *const head[] = { "section", "key", "default",
		"kind", "min", "max", "meaning" };

	if (csv_write_row(stdout, head, 7))
		return -1;
	for (const struct config_key *k = config_keys; k->section; k++) {
		int number = k->type >= CONFIG_COUNT_MAP;
		char lo[32] = "", hi[32] = "", kind[96];
		const char *row[7] = { k->section, k->key, k->def, kind, lo, hi,
				       k->doc };

		/* A choice names its words, so the manual page can show them. */
		if (k->type == CONFIG_CHOICE)
			snprintf(kind, sizeof(kind), "one of %s", k->choices);
		else
			snprintf(kind, sizeof(kind), "%s", kind_name(k->type));

		if (number) {
			snprintf(lo, sizeof(lo), "%.17g", k->min);
			snprintf(hi, sizeof(hi), "%.17g", k->max);
		}
		if (csv_write_row(stdout, row, 7))
			return -1;
	}
	return 0;
}

/* Print one key's value (a path made absolute): an exit status. */
static int get(const struct config *c, const char *section, const char *key)
{
	const struct config_key *k = config_key_find(section, key);
	char *path;

	if (!k) {
		error_msg("no key '%s' in section '[%s]'", key, section);
		return DIP_EXIT_USAGE;
	}
	if (k->type != CONFIG_PATH || !*config_str(c, section, key)) {
		printf("%s\n", config_str(c, section, key));
		return DIP_EXIT_OK;
	}
	path = config_path(c, section, key);
	printf("%s\n", path);
	free(path);
	return DIP_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config_file = NULL, *cmd;
	struct config cfg;
	int c, status;

	stage_begin(argv[0]);
	while ((c = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config_file = optarg; break;
		case 'h': usage(0); break;
		case 'V': stage_version(); return stage_end(DIP_EXIT_OK);
		default: usage(DIP_EXIT_USAGE);
		}
	}
	cmd = optind < argc ? argv[optind] : "";
	if (!strcmp(cmd, "keys") && argc - optind == 1)
		return stage_end(list_keys() ? DIP_EXIT_IO : DIP_EXIT_OK);
	if (!(!strcmp(cmd, "get") && argc - optind == 3) &&
	    !(!strcmp(cmd, "check") && argc - optind == 1)) {
		error_msg(*cmd ? "bad command or arguments: '%s'"
			       : "missing command%s", cmd);
		usage(DIP_EXIT_USAGE);
	}
	if ((status = stage_config(&cfg, config_file)))
		return stage_end(status);
	if (!strcmp(cmd, "get"))
		status = get(&cfg, argv[optind + 1], argv[optind + 2]);
	config_release(&cfg);
	return stage_end(status);
}
