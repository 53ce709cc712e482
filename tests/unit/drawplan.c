/*
 * The charts' outputs shared among gnuplot processes (drawplan.h): each
 * output drawn once, the pack whole by one process, the load balanced as
 * the costs allow.  The expected plans are worked by hand below from the
 * costs in drawplan.h (PNG 35, SVG 1, a page of the pack 10).
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
	 * 25 charts, 2 processes: 50 + 1 outputs, 1,150 in all (25 PNGs at
	 * 35 = 875, 25 SVGs at 1, the pack's 25 pages at 10 = 250).  The
	 * pack goes first, to process 0 (250).  PNGs then go to process 1
	 * until it passes 250: 8 of them (280).  The other 17 alternate,
	 * process 0 first: 9 more there (250 + 315 = 565), 8 more on 1
	 * (280 + 280 = 560).  Of the SVGs, 5 go to process 1 (565), then
	 * they alternate from process 0, 10 each: 575 and 575.
	 */
	np = drawplan(25, 2, proc);
	is_int(2, (long)np, "25 charts on 2 processors: 2 gnuplots");
	is_int(0, proc[50], "the pack is process 0's");
	for (size_t k = 0; k < 50; k++) {
		png0 += k % 2 == 0 && proc[k] == 0;
		svg0 += k % 2 == 1 && proc[k] == 0;
	}
	is_int(9, (long)png0, "process 0 draws 9 PNGs, process 1 the other 16");
	is_int(10, (long)svg0, "process 0 draws 10 SVGs, process 1 the other 15");
	loads(25, proc, np, load);
	is_int(575, (long)load[0], "process 0's load is half of 1,150");
	is_int(575, (long)load[1], "process 1's load is the other half");
	is_int(1, proc[0] == 1 && proc[14] == 1 && proc[16] == 0,
	       "PNGs 1-8 on process 1, the 9th on process 0");

	/* One processor: everything in one script. */
	np = drawplan(25, 1, proc);
	is_int(1, (long)np, "one processor: one gnuplot");
	loads(25, proc, np, load);
	is_int(1150, (long)load[0], "which draws everything");

	/* No processor count at all counts as one. */
	is_int(1, (long)drawplan(3, 0, proc), "0 processors counts as 1");

	/*
	 * One chart on 8 processors: only 3 outputs, so 3 processes.
	 * Dearest first: the PNG (35) to 0, the pack (one page, 10) to 1,
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
