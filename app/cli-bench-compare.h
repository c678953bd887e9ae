/* cli-bench-compare.h — `sharedmem bench compare`: the standard workloads
 * over sharedmem and every alternative in one run. */
#ifndef SM_CLI_BENCH_COMPARE_H
#define SM_CLI_BENCH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cmp_kind {
	CMP_STREAM,  /* one producer -> one consumer, messages/s */
	CMP_REQRESP, /* one caller, echo server, round trips/s and latency */
};

struct cmp_workload {
	const char *name;     /* "stream-64" */
	enum cmp_kind kind;
	size_t msg_size;
	unsigned senders;     /* producer processes, or caller threads */
	unsigned receivers;   /* consumer processes (streams) */
	const char *base;     /* the 1 -> 1 workload a scaled one is set against */
};

/* One run's outcome, in the JSON field names of the README. */
struct cmp_result {
	uint64_t messages;
	double   seconds;
	uint64_t p50_ns, p99_ns, max_ns;      /* request/response only */
	uint64_t lost, duplicated, corrupted;
};

enum cmp_role {
	CMP_SHAREDMEM,   /* what is compared */
	CMP_ALTERNATIVE, /* what it is compared with */
	CMP_CEILING,     /* memcpy: the bound, not an alternative */
};

/* A transport: run(workload, seconds per run, or with count > 0 that many
 * messages (calls) instead, result, note) returns 0,
 * CMP_SKIPPED (with a note why: not built, message too large for it...)
 * or -errno. */
#define CMP_SKIPPED 1
#define CMP_STREAMS  (1u << CMP_STREAM)  /* kinds a transport carries */
#define CMP_REQRESPS (1u << CMP_REQRESP)
struct cmp_transport {
	const char *name;
	enum cmp_role role;
	unsigned kinds;  /* CMP_STREAMS | CMP_REQRESPS */
	size_t max_size; /* largest message it is run with (0: any) */
	bool one_to_one; /* only run with one sender and one receiver */
	int (*run)(const struct cmp_workload *w, double seconds, uint64_t count,
		   struct cmp_result *res, char *note, size_t note_size);
};

/* The transports (cli-bench-transports.c), sharedmem first. */
extern const struct cmp_transport cmp_transports[];
extern const size_t cmp_n_transports;
/* A note about the machine's optional transports (ZeroMQ's version or
 * "not built"), for the output. */
const char *cmp_zmq_note(void);

int cli_bench_compare(int argc, char **argv);

#endif
