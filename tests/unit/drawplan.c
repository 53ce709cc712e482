/*
 * The charts' outputs shared among gnuplot processes (drawplan.h): each
 * output drawn once, the pack whole by one process, the load balanced as
 * the costs allow.  The expected plans are worked by hand below from the
 * costs in drawplan.h (PNG 35, SVG 1, a page of the pack 3).
 */
#include "charts/drawplan.h"
#include "tap.h"

#include <stdlib.h>

/* The summed cost each of np processes is given. */
static void loads(size_t n, const unsigned *proc, size_t np, size_t *load)
{
	for (size_t p = 0; p < np; p++)
		load[p] = 0;
	for (size_t k = 0; k <= 2 * n; k++)
		load[proc[k]] += k == 2 * n ? n * DRAW_COST_PAGE :
				 k % 2 ? DRAW_COST_SVG : DRAW_COST_PNG;
}

int main(void)
{
	unsigned proc[51];
	size_t load[8], np, png0 = 0, svg0 = 0;

	plan(14);

	/*
	 * 25 charts, 2 processes: 50 + 1 outputs, 975 in all (25 PNGs at
	 * 35 = 875, 25 SVGs at 1, the pack's 25 pages at 3 = 75).  The
	 * pack is dearest and goes first, to process 0 (75).  PNGs 1-3 go
	 * to process 1 (105), which then passes process 0, so from PNG 4
	 * they alternate, process 0 first: PNGs 4, 6, ..., 24 (11 of them)
	 * on 0 (75 + 385 = 460) and 5, 7, ..., 25 on 1 (14 PNGs, 490).
	 * Process 0 stays below 490 through all 25 SVGs: 485 and 490.
	 */
	np = drawplan(25, 2, proc);
	is_int(2, (long)np, "25 charts on 2 processors: 2 gnuplots");
	is_int(0, proc[50], "the pack is process 0's");
	for (size_t k = 0; k < 50; k++) {
		png0 += k % 2 == 0 && proc[k] == 0;
		svg0 += k % 2 == 1 && proc[k] == 0;
	}
	is_int(11, (long)png0, "process 0 draws 11 PNGs, process 1 the other 14");
	is_int(25, (long)svg0, "process 0 draws every SVG");
	loads(25, proc, np, load);
	is_int(485, (long)load[0], "process 0's load: pack, 11 PNGs, 25 SVGs");
	is_int(490, (long)load[1], "process 1's load: 14 PNGs");
	is_int(1, proc[0] == 1 && proc[2] == 1 && proc[4] == 1 &&
		  proc[6] == 0 && proc[8] == 1,
	       "PNGs 1-3 on process 1, then 4 on 0 and 5 on 1");

	/* One processor: everything in one script. */
	np = drawplan(25, 1, proc);
	is_int(1, (long)np, "one processor: one gnuplot");
	loads(25, proc, np, load);
	is_int(975, (long)load[0], "which draws everything");

	/* No processor count at all counts as one. */
	is_int(1, (long)drawplan(3, 0, proc), "0 processors counts as 1");

	/*
	 * One chart on 8 processors: only 3 outputs, so 3 processes.
	 * Dearest first: the PNG (35) to 0, the pack (one page, 3) to 1,
	 * the SVG (1) to 2.
	 */
	np = drawplan(1, 8, proc);
	is_int(3, (long)np, "one chart: no more gnuplots than outputs");
	is_int(1, proc[0] == 0 && proc[2] == 1 && proc[1] == 2,
	       "PNG, pack, SVG each on its own");

	/* No charts: only the pack (empty), drawn by one. */
	np = drawplan(0, 4, proc);
	is_int(1, (long)np, "no charts: one gnuplot for the empty pack");
	is_int(0, proc[0], "which is process 0");
	return 0;
}
