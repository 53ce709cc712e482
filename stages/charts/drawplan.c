/* drawplan.c - outputs shared among gnuplot processes; see drawplan.h. */
#include "charts/drawplan.h"

#include "dip/util.h"

#include <stdlib.h>

/* The cost of output k of n charts' 2n + 1. */
static size_t cost(size_t n, size_t k)
{
	if (k == 2 * n)
		return n * DRAW_COST_PAGE;
	return k % 2 ? DRAW_COST_SVG : DRAW_COST_PNG;
}

size_t drawplan(size_t n, size_t nproc, unsigned *proc)
{
	size_t m = 2 * n + 1, used = 0;
	size_t *order = xcalloc(m, sizeof(*order));
	size_t *load;

	if (!nproc)
		nproc = 1;
	if (nproc > m)
		nproc = m;
	load = xcalloc(nproc, sizeof(*load));
	/* Dearest first, in output order among equals: an insertion sort,
	 * as there are a few dozen outputs. */
	for (size_t k = 0; k < m; k++) {
		size_t i = k;

		while (i > 0 && cost(n, order[i - 1]) < cost(n, k)) {
			order[i] = order[i - 1];
			i--;
		}
		order[i] = k;
	}
	for (size_t i = 0; i < m; i++) {
		size_t best = 0;

		for (size_t p = 1; p < nproc; p++)
			if (load[p] < load[best])
				best = p;
		load[best] += cost(n, order[i]);
		proc[order[i]] = (unsigned)best;
		if (best + 1 > used)
			used = best + 1;
	}
	free(order);
	free(load);
	return used;
}
