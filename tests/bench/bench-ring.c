/* bench-ring.c — a thin program over the benchmark engine (app/bench).
 *   bench-ring                 the standard set (issue 3's workloads), 1 s each
 *   bench-ring SECONDS         the standard set, SECONDS each
 *   bench-ring compare SIZE P C [NODES] [SECONDS]   one workload, all transports
 *   bench-ring run TRANSPORT SIZE P C [NODES] [SECONDS] [BURST]   one run
 *   bench-ring check           a short run; exit 1 unless every message verified
 *   bench-ring --help          this list; anything else exits 2
 * JSON on stdout; exit 1 if a run fails or any message is lost,
 * duplicated, reordered or corrupted. */
#include <errno.h>
#include <stdio.h>
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
		if (r.messages == 0 || !sm_bench_result_clean(&r))
			bad++;
	}
	return bad ? 1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: bench-ring [SECONDS]\n"
		   "       bench-ring compare SIZE PRODUCERS CONSUMERS [NODES] [SECONDS]\n"
		   "       bench-ring run TRANSPORT SIZE PRODUCERS CONSUMERS [NODES] [SECONDS] [BURST]\n"
		   "       bench-ring check\n"
		   "The standard ring workloads (SECONDS each, default 1), one workload over\n"
		   "every transport, one run, or a short verification run; JSON on stdout.\n");
}

/* Exit 2 with the usage on a command line none of the forms above take. */
static int bad_usage(const char *what)
{
	fprintf(stderr, "bench-ring: %s\n", what);
	usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-') {
		fprintf(stderr, "bench-ring: unknown option: %s\n", argv[1]);
		usage(stderr);
		return 2;
	}
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return argc == 2 ? check() : bad_usage("check takes no arguments");
	if (argc > 1 && strcmp(argv[1], "run") == 0) {
		if (argc < 6 || argc > 9)
			return bad_usage("run needs TRANSPORT SIZE PRODUCERS CONSUMERS");
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
		return sm_bench_result_clean(&r) ? 0 : 1;
	}
	if (argc > 1 && strcmp(argv[1], "compare") == 0) {
		if (argc < 5 || argc > 7)
			return bad_usage("compare needs SIZE PRODUCERS CONSUMERS");
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
		else if (e > 0)
			fprintf(stderr, "bench-ring: messages were lost, duplicated, reordered or corrupted\n");
		return e != 0;
	}
	double secs = 1.0;
	if (argc > 2)
		return bad_usage("too many arguments");
	if (argc == 2) {
		char *end;
		secs = strtod(argv[1], &end);
		if (end == argv[1] || *end || !(secs > 0)) {
			fprintf(stderr, "bench-ring: unknown command: %s\n", argv[1]);
			usage(stderr);
			return 2;
		}
	}
	int e = sm_bench_standard(secs, stdout);
	if (e < 0)
		fprintf(stderr, "bench-ring: %s\n", sm_strerror(e));
	else if (e > 0)
		fprintf(stderr, "bench-ring: messages were lost, duplicated, reordered or corrupted\n");
	return e != 0;
}
