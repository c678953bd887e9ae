/* bench-percentile.h — latency percentiles, computed one way for every
 * figure the project reports: `sharedmem bench rpc` (app/bench) and the
 * workbench's RPC bench runs (ui/).  libc only.
 *
 * The q-th percentile of n sorted values is the value at index
 * floor(n * q / 100), clamped to n - 1: p50 = v[n/2], p99 = v[floor(0.99 n)],
 * p100 = the maximum — what bench-rpc.c reported inline before. */
#ifndef SM_BENCH_PERCENTILE_H
#define SM_BENCH_PERCENTILE_H

#include <stddef.h>
#include <stdint.h>

/* Sort `n` values ascending (in place). */
void smb_sort_u64(uint64_t *v, size_t n);

/* The q-th percentile (0 <= q <= 100) of `n` values sorted ascending; 0
 * when n == 0. */
uint64_t smb_percentile(const uint64_t *sorted, size_t n, double q);

#endif
