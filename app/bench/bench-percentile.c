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
	if (q < 0)
		q = 0;
	size_t i = (size_t)((double)n * (q / 100.0)); /* n * 0.99 exactly as before */
	return sorted[i < n ? i : n - 1];
}
