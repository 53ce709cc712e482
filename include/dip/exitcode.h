/*
 * exitcode.h - the one exit-status table shared by every dip-* stage.
 *
 * Scripts in pipeline/ branch on these values, so they are part of the
 * stable command-line interface: never renumber, only add.
 *
 * Returns: no functions: these are what every stage's main() returns.
 */
#ifndef DIP_EXITCODE_H
#define DIP_EXITCODE_H

enum dip_exit {
	DIP_EXIT_OK = 0,       /* every output written */
	DIP_EXIT_DATA = 1,     /* input refused: malformed, hostile, truncated,
	                          wrong root, missing header, too many rejects */
	DIP_EXIT_USAGE = 2,    /* bad option or bad configuration */
	DIP_EXIT_IO = 3,       /* cannot read an input or write an output */
	DIP_EXIT_INTERNAL = 4  /* out of memory or a bug */
};

#endif
