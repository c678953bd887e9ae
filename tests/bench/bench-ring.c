/* bench-ring.c — a thin program over the benchmark engine (app/bench).
 *   bench-ring                 the standard set (issue 3's workloads), 1 s each
 *   bench-ring SECONDS         the standard set, SECONDS each
 *   bench-ring compare SIZE P C [NODES] [SECONDS]   one workload, all transports
 *   bench-ring run TRANSPORT SIZE P C [NODES] [SECONDS] [BURST]   one run
 *   bench-ring check           a short run; exit 1 unless every message verified
 * JSON on stdout. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "sharedmem.h"

static int check(void)
{
	/* ~1 s in all: each ring variant and one alternative, verification only. */
	struct sm_bench_ring_opts o = { .msg_size = 64, .producers = 2, .consumers = 2,
					.node_count = 64, .seconds = 0.2, .full_check = true };
	enum sm_bench_transport ts[] = { SM_BENCH_RING, SM_BENCH_RING_BURST, SM_BENCH_RING_ZEROCOPY,
					 SM_BENCH_UNIX_SEQPACKET };
	int bad = 0;
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		struct sm_bench_result r;
		int e = sm_bench_run(ts[i], &o, &r);
		if (e < 0) {
			fprintf(stderr, "%s: %s\n", sm_bench_transport_name(ts[i]), sm_strerror(e));
			return 1;
		}
		sm_bench_result_json(stdout, &r, NULL);
		putchar('\n');
		if (r.messages == 0 || r.lost || r.duplicated || r.corrupted || r.reordered)
			bad++;
	}
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return check();
	if (argc >= 6 && strcmp(argv[1], "run") == 0) {
		int t = sm_bench_transport_from_name(argv[2]);
		struct sm_bench_ring_opts o = {
			.msg_size = strtoul(argv[3], NULL, 0),
			.producers = (unsigned)atoi(argv[4]),
			.consumers = (unsigned)atoi(argv[5]),
			.node_count = argc > 6 ? (uint32_t)strtoul(argv[6], NULL, 0) : 0,
			.seconds = argc > 7 ? atof(argv[7]) : 1.0,
			.burst = argc > 8 ? (unsigned)atoi(argv[8]) : 0,
		};
		struct sm_bench_result r;
		int e = t < 0 ? -EINVAL : sm_bench_run((enum sm_bench_transport)t, &o, &r);
		if (e < 0) {
			fprintf(stderr, "bench-ring: %s\n", sm_strerror(e));
			return 1;
		}
		sm_bench_result_json(stdout, &r, NULL);
		putchar('\n');
		return 0;
	}
	if (argc >= 5 && strcmp(argv[1], "compare") == 0) {
		struct sm_bench_ring_opts o = {
			.msg_size = strtoul(argv[2], NULL, 0),
			.producers = (unsigned)atoi(argv[3]),
			.consumers = (unsigned)atoi(argv[4]),
			.node_count = argc > 5 ? (uint32_t)strtoul(argv[5], NULL, 0) : 0,
			.seconds = argc > 6 ? atof(argv[6]) : 1.0,
		};
		int e = sm_bench_compare(&o, stdout);
		putchar('\n');
		if (e < 0)
			fprintf(stderr, "bench-ring: %s\n", sm_strerror(e));
		return e < 0 ? 1 : 0;
	}
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	int e = sm_bench_standard(secs > 0 ? secs : 1.0, stdout);
	if (e < 0)
		fprintf(stderr, "bench-ring: %s\n", sm_strerror(e));
	return e < 0 ? 1 : 0;
}
