/*
 * drawplan.h - share the drawing among several gnuplot processes.
 *
 * gnuplot draws on one core, and drawing the charts is most of
 * dip-charts' time; the outputs are independent of each other (every
 * page starts with "reset" and reads its own data file), so they can be
 * drawn by several gnuplots at once and come out the same.  Outputs are
 * numbered as render.c numbers them: 2k is chart k's PNG, 2k + 1 its
 * SVG, and 2n the board pack, which one process draws whole as it is
 * one file.
 *
 * Returns: drawplan() cannot fail; it returns how many processes the
 * plan uses, at least 1.
 */
#ifndef DIP_DRAWPLAN_H
#define DIP_DRAWPLAN_H

#include <stddef.h>

/* What an output costs to draw, in the same unit, measured with gnuplot
 * 5.4's pngcairo, svg and pdfcairo terminals at 1200x700, each kind
 * drawn on its own by one gnuplot (start-up subtracted): the 25 PNGs of
 * the sample run took about 0.9 s, 35 ms each; their SVGs 1 ms each;
 * the 25-page pack 85 ms, 3 ms a page.  A PNG is dear because libpng
 * and zlib encode it. */
enum {
	DRAW_COST_PNG = 35,
	DRAW_COST_SVG = 1,
	DRAW_COST_PAGE = 3,
};

/*
 * Give each of the 2n + 1 outputs of n charts to one of at most NPROC
 * processes (NPROC 0 counts as 1), so that the most loaded one has as
 * little to do as the costs above allow: the dearest outputs first, each
 * to the least loaded process (the lowest-numbered of equals), so the
 * plan depends only on n and NPROC.  proc[k] gets output k's process,
 * numbered from 0 with none left empty.
 */
size_t drawplan(size_t n, size_t nproc, unsigned *proc);

#endif
