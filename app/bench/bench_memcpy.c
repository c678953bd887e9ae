/* bench_memcpy.c — the ceiling: one process copying the same messages
 * into the same amount of memory a ring of node_count nodes would use,
 * round robin.  No second process, no synchronisation: what one memcpy
 * stream reaches on this machine. */
#include <errno.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "bench_internal.h"

int bench_memcpy_run(struct bench_run *run, struct sm_bench_result *res)
{
	const struct sm_bench_ring_opts *o = &run->o;
	size_t size = o->msg_size;
	size_t stride = (size + 63) / 64 * 64;
	uint8_t *src = bench_template(run, 1);
	uint8_t *dst = aligned_alloc(64, stride * o->node_count);
	if (!src || !dst) {
		free(src);
		free(dst);
		return -ENOMEM;
	}
	memset(dst, 0, stride * o->node_count);
	uint64_t want = o->messages ? o->messages * o->producers : UINT64_MAX;
	uint64_t check = size >= 4096 ? 1 : 1024;
	clock_t c0 = clock();
	uint64_t t0 = bench_now_ns(), end = t0 + (uint64_t)(o->seconds * 1e9), now = t0, n = 0;
	while (n < want) {
		memcpy(dst + (n % o->node_count) * stride, src, size);
		__asm__ __volatile__("" ::: "memory"); /* keep every copy */
		n++;
		if (n % check == 0 && !o->messages && (now = bench_now_ns()) >= end)
			break;
	}
	now = bench_now_ns();
	bench_result_init(run, res);
	res->messages = n;
	res->seconds = (double)(now - t0) / 1e9;
	res->msgs_per_s = res->seconds > 0 ? (double)n / res->seconds : 0;
	res->bytes_per_s = res->msgs_per_s * (double)size;
	res->cpu_seconds = (double)(clock() - c0) / CLOCKS_PER_SEC;
	free(src);
	free(dst);
	return 0;
}
