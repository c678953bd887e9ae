/* bench_suite.c — runs that print JSON: one ring run, a comparison of
 * the ring with every alternative, and the project's standard set. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "bench-verify.h"
#include "bench_internal.h"

bool sm_bench_result_clean(const struct sm_bench_result *r)
{
	return sm_bench_clean(r->lost, r->duplicated + r->reordered, r->corrupted);
}

int sm_bench_ring(const struct sm_bench_ring_opts *o, FILE *json)
{
	struct sm_bench_result r;
	int e = sm_bench_run(o && o->burst > 1 ? SM_BENCH_RING_BURST : SM_BENCH_RING, o, &r);
	if (e < 0)
		return e;
	sm_bench_result_json(json, &r, NULL);
	fputc('\n', json);
	return sm_bench_result_clean(&r) ? 0 : 1;
}

static bool is_ring(enum sm_bench_transport t) { return t <= SM_BENCH_RING_ZEROCOPY; }

void sm_bench_ratios(const struct sm_bench_result *res, const enum sm_bench_transport *ts,
		     size_t n, size_t i, struct sm_bench_ratios *out)
{
	const struct sm_bench_result *x = &res[i], *pipe = NULL, *memcpy_ = NULL, *best = NULL;
	for (size_t k = 0; k < n; k++) {
		if (ts[k] == SM_BENCH_PIPE)
			pipe = &res[k];
		if (ts[k] == SM_BENCH_MEMCPY)
			memcpy_ = &res[k];
		else if (!is_ring(ts[k]) && sm_bench_result_clean(&res[k]) &&
			 (!best || res[k].msgs_per_s > best->msgs_per_s))
			best = &res[k];
	}
	bool clean = sm_bench_result_clean(x);
	out->vs_pipe = pipe ? sm_bench_ratio(x->msgs_per_s, clean, pipe->msgs_per_s,
					     sm_bench_result_clean(pipe)) : NAN;
	out->vs_memcpy = memcpy_ ? sm_bench_ratio(x->msgs_per_s, clean, memcpy_->msgs_per_s,
						  sm_bench_result_clean(memcpy_)) : NAN;
	out->vs_best = best ? sm_bench_ratio(x->msgs_per_s, clean, best->msgs_per_s, true) : NAN;
}

/* `"key": value` after what `extra` holds (n bytes), unless value is NAN.
 * Six significant digits: three decimals made 0.00122 "0.001". */
static size_t add_ratio(char *extra, size_t size, size_t n, const char *key, double value)
{
	if (isnan(value) || n >= size)
		return n;
	return n + (size_t)snprintf(extra + n, size - n, "%s\"%s\": %.6g", n ? ", " : "", key, value);
}

int sm_bench_compare(const struct sm_bench_ring_opts *o, FILE *json)
{
	struct sm_bench_result res[SM_BENCH_N_TRANSPORTS];
	enum sm_bench_transport ran[SM_BENCH_N_TRANSPORTS];
	size_t n = 0;
	for (int t = 0; t < SM_BENCH_N_TRANSPORTS; t++) {
		int e = sm_bench_run((enum sm_bench_transport)t, o, &res[n]);
		if (e == -ENOTSUP)
			continue; /* this transport cannot carry the workload */
		if (e < 0)
			return e;
		ran[n++] = (enum sm_bench_transport)t;
	}
	int bad = 0;
	fputs("[", json);
	for (size_t i = 0; i < n; i++) {
		char extra[192] = "";
		if (is_ring(ran[i])) {
			struct sm_bench_ratios q;
			sm_bench_ratios(res, ran, n, i, &q);
			size_t len = add_ratio(extra, sizeof extra, 0, "ratio_vs_pipe", q.vs_pipe);
			len = add_ratio(extra, sizeof extra, len, "ratio_vs_memcpy", q.vs_memcpy);
			add_ratio(extra, sizeof extra, len, "ratio_vs_best_alternative", q.vs_best);
		}
		fputs(i ? ",\n  " : "\n  ", json);
		sm_bench_result_json(json, &res[i], extra[0] ? extra : NULL);
		bad |= !sm_bench_result_clean(&res[i]);
	}
	fputs("\n]", json);
	return bad;
}

int sm_bench_standard(double seconds, FILE *json)
{
	const struct sm_bench_ring_opts set[] = {
		{ .workload = "64B 1->1", .msg_size = 64, .producers = 1, .consumers = 1 },
		{ .workload = "1KiB 1->1", .msg_size = 1024, .producers = 1, .consumers = 1 },
		{ .workload = "1MiB 1->1 16 nodes", .msg_size = 1 << 20, .producers = 1,
		  .consumers = 1, .node_count = 16 },
		{ .workload = "64B 4->4", .msg_size = 64, .producers = 4, .consumers = 4 },
	};
	int bad = 0;
	fputs("[\n", json);
	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++) {
		struct sm_bench_ring_opts o = set[i];
		o.seconds = seconds;
		int e = sm_bench_compare(&o, json);
		if (e < 0)
			return e;
		bad |= e;
		fputs(i + 1 < sizeof set / sizeof set[0] ? ",\n" : "\n", json);
	}
	fputs("]\n", json);
	return bad;
}
