/* bench-percentile.c — see bench-percentile.h. */
#include "bench-percentile.h"

#include <stdlib.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void smb_sort_u64(uint64_t *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_u64);
}

uint64_t smb_percentile(const uint64_t *sorted, size_t n, double q)
{
	if (n == 0)
		return 0;
	/* n * q first, then / 100: exact when q is whole, so a whole rank
	 * (p99 of 100 values: 99) is not pushed to the next by the ceil. */
	double at = q > 0 ? (double)n * q / 100.0 : 0;
	size_t rank = (size_t)at;
	if ((double)rank < at)
		rank++; /* ceil, without libm */
	if (rank < 1)
		rank = 1;
	return sorted[(rank < n ? rank : n) - 1];
}
