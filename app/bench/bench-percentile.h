/* bench-percentile.h — latency percentiles, computed one way for every
 * figure the project reports: `sharedmem bench rpc` (app/bench) and the
 * workbench's RPC bench runs (ui/).  libc only.
 *
 * The q-th percentile of n sorted values is the nearest rank: the value
 * of rank ceil(q / 100 * n), counted from 1 (rank 0 taken as 1).  Of the
 * values 1..100, p50 = 50, p99 = 99, p100 = 100 = the maximum. */
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
