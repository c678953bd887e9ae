/* bench_suite.c — runs that print JSON: one ring run, a comparison of
 * the ring with every alternative, and the project's standard set. */
#include <errno.h>
#include <string.h>

#include "bench_internal.h"

int sm_bench_ring(const struct sm_bench_ring_opts *o, FILE *json)
{
	struct sm_bench_result r;
	int e = sm_bench_run(o && o->burst > 1 ? SM_BENCH_RING_BURST : SM_BENCH_RING, o, &r);
	if (e < 0)
		return e;
	sm_bench_result_json(json, &r, NULL);
	fputc('\n', json);
	return r.lost || r.duplicated || r.corrupted || r.reordered ? 1 : 0;
}

static bool is_ring(int t) { return t <= SM_BENCH_RING_ZEROCOPY; }

static double ratio(double a, double b) { return b > 0 ? a / b : 0; }

int sm_bench_compare(const struct sm_bench_ring_opts *o, FILE *json)
{
	struct sm_bench_result res[SM_BENCH_N_TRANSPORTS];
	bool have[SM_BENCH_N_TRANSPORTS] = { false };
	for (int t = 0; t < SM_BENCH_N_TRANSPORTS; t++) {
		int e = sm_bench_run((enum sm_bench_transport)t, o, &res[t]);
		if (e == -ENOTSUP)
			continue; /* this transport cannot carry the workload */
		if (e < 0)
			return e;
		have[t] = true;
	}
	double best_alt = 0;
	for (int t = SM_BENCH_PIPE; t < SM_BENCH_MEMCPY; t++)
		if (have[t] && res[t].msgs_per_s > best_alt)
			best_alt = res[t].msgs_per_s;
	fputs("[", json);
	bool first = true;
	for (int t = 0; t < SM_BENCH_N_TRANSPORTS; t++) {
		if (!have[t])
			continue;
		/* Ratios for the ring's results, each only when its reference ran. */
		char extra[192] = "";
		size_t n = 0;
		if (is_ring(t) && have[SM_BENCH_PIPE])
			n += (size_t)snprintf(extra + n, sizeof extra - n, "%s\"ratio_vs_pipe\": %.3f",
					      n ? ", " : "",
					      ratio(res[t].msgs_per_s, res[SM_BENCH_PIPE].msgs_per_s));
		if (is_ring(t) && have[SM_BENCH_MEMCPY])
			n += (size_t)snprintf(extra + n, sizeof extra - n, "%s\"ratio_vs_memcpy\": %.3f",
					      n ? ", " : "",
					      ratio(res[t].bytes_per_s, res[SM_BENCH_MEMCPY].bytes_per_s));
		if (is_ring(t) && best_alt > 0)
			snprintf(extra + n, sizeof extra - n, "%s\"ratio_vs_best_alternative\": %.3f",
				 n ? ", " : "", ratio(res[t].msgs_per_s, best_alt));
		fputs(first ? "\n  " : ",\n  ", json);
		sm_bench_result_json(json, &res[t], extra[0] ? extra : NULL);
		first = false;
	}
	fputs("\n]", json);
	for (int t = 0; t < SM_BENCH_N_TRANSPORTS; t++)
		if (have[t] && (res[t].lost || res[t].duplicated || res[t].corrupted || res[t].reordered))
			return 1;
	return 0;
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
