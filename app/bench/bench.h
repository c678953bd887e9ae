/* bench.h — the benchmark engine behind `sharedmem bench ring` and
 * tests/bench: one workload (P producers -> C consumers, messages of a
 * given size, every message stamped and verified with traffic.h) run over
 * the ring or over an alternative transport, producers and consumers in
 * separate processes (fork), with JSON output.
 *
 * JSON fields of each result (stable): workload, transport, ring_mode
 * (ring runs: mpmc, spsc, spmc or mpsc, see SM_RING_SINGLE_*), msg_size,
 * producers, consumers, node_count, messages, seconds, msgs_per_s,
 * bytes_per_s, lost, duplicated, corrupted, reordered, p50_ns, p99_ns,
 * max_ns (one-way latency of sampled messages), cpu_seconds
 * (all processes' CPU time: on a busy machine msgs / cpu_seconds * number
 * of processes hints at what idle cores would give); comparisons add
 * ratio_vs_pipe, ratio_vs_memcpy and ratio_vs_best_alternative, each only
 * where both runs verified clean (bench-verify.h). */
#ifndef SM_BENCH_H
#define SM_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum sm_bench_transport {
	SM_BENCH_RING,           /* "sharedmem": sm_ring_write / sm_ring_read */
	SM_BENCH_RING_BURST,     /* "sharedmem-burst": write_burst / read_burst */
	SM_BENCH_RING_ZEROCOPY,  /* "sharedmem-zerocopy": reserve+commit / peek+release */
	SM_BENCH_PIPE,           /* "pipe" */
	SM_BENCH_UNIX_STREAM,    /* "unix-stream" */
	SM_BENCH_UNIX_SEQPACKET, /* "unix-seqpacket" */
	SM_BENCH_MQUEUE,         /* "posix-mq" */
	SM_BENCH_BARE_RING,      /* "bare-ring": a bare spsc ring in shared memory (1 -> 1) */
	SM_BENCH_MEMCPY,         /* "memcpy": one process copying the same bytes (the ceiling) */
	SM_BENCH_N_TRANSPORTS
};

/* Name of a transport ("pipe"), and back (-1 if unknown). */
const char *sm_bench_transport_name(enum sm_bench_transport t);
int sm_bench_transport_from_name(const char *name);

#define SM_BENCH_MAX_PROCS 16 /* producers, and consumers, at most */
#define SM_BENCH_MAX_SIZE    (UINT32_C(1) << 30) /* bytes per message, at most */
#define SM_BENCH_MAX_SECONDS 3600.0              /* a run's duration, at most */
#define SM_BENCH_DEFAULT_BURST 32u               /* messages per burst call */

/* The segments the engines create, named after the process running them
 * (printf formats of its pid), so that what a run interrupted by a signal
 * leaves can be found (cli-bench-cleanup.c).  Their POSIX queues lose
 * their names as soon as they are open. */
#define SM_BENCH_RING_SEGMENT     "bench-%d"
#define SM_BENCH_RPC_SEGMENT      "bench-rpc-%d" /* an RPC channel, with its two rings */
#define SM_BENCH_RTT_REQ_SEGMENT  "bench-rtt-%d-req"
#define SM_BENCH_RTT_RESP_SEGMENT "bench-rtt-%d-resp"

struct sm_bench_ring_opts {
	const char *workload;  /* label for the JSON; NULL: "<size>B <P>-><C>" */
	size_t   msg_size;     /* bytes per message, >= 16 (SM_TRAFFIC_MIN_SIZE) */
	unsigned producers;    /* 1..SM_BENCH_MAX_PROCS */
	unsigned consumers;    /* 1..SM_BENCH_MAX_PROCS */
	uint32_t node_count;   /* ring nodes; 0: 1024, doubled until they hold 2 MiB of
				* messages (16 for messages over 64 KiB) */
	uint32_t node_size;    /* ring node size; 0: msg_size */
	unsigned burst;        /* messages per burst call; 0: SM_BENCH_DEFAULT_BURST */
	double   seconds;      /* run time when `messages` is 0; 0: 1.0 */
	uint64_t messages;     /* messages per producer; 0: run for `seconds` */
	bool     full_check;   /* hash every byte (SM_TRAFFIC_FULL) instead of samples */
	unsigned ring_flags;   /* SM_RING_SINGLE_PRODUCER / _CONSUMER for the ring's runs */
};

struct sm_bench_result {
	char     workload[48];
	const char *transport;
	const char *ring_mode; /* "mpmc", "spsc", "spmc", "mpsc"; NULL: not a ring */
	size_t   msg_size;
	unsigned producers, consumers;
	uint32_t node_count;
	uint64_t messages;     /* verified messages received */
	double   seconds;
	double   msgs_per_s, bytes_per_s;
	uint64_t lost, duplicated, corrupted, reordered;
	double   cpu_seconds;  /* CPU time the producers and consumers used */
	/* One-way latency (send to receive) of every 64th message, when
	 * messages have room for a send time (>= 32 bytes); else 0. */
	uint64_t p50_ns, p99_ns, max_ns;
};

/* Run the workload of `o` over transport `t` into *res.  0, -EINVAL (bad
 * options), -ENOTSUP (the transport cannot carry this workload: e.g. byte
 * streams with several consumers, message sizes beyond a queue's limit),
 * -SM_EPEERDEAD (a producer or consumer process died of a signal, or a
 * consumer quit before the producers were done: the others are killed,
 * no figures), or another -errno (setup failed, or a child's own error).
 * Blocks for about o->seconds. */
int sm_bench_run(enum sm_bench_transport t, const struct sm_bench_ring_opts *o,
		 struct sm_bench_result *res);

/* Did the run verify every message (none lost, duplicated, reordered or
 * corrupted)?  sm_bench_clean() of its counts. */
bool sm_bench_result_clean(const struct sm_bench_result *r);

/* A ring result's ratios to the other runs of its workload (NAN where
 * there is none: bench-verify.h's rule). */
struct sm_bench_ratios {
	double vs_pipe, vs_memcpy, vs_best; /* messages/s over pipe's, memcpy's, the best's */
};

/* The ratios of res[i] (a ring run: sharedmem, -burst or -zerocopy) to
 * the runs res[0..n) of the same workload over transports ts[0..n);
 * alternatives are those neither ring nor memcpy, the best the fastest of
 * those that verified clean.  All NAN unless res[i] verified clean; each
 * NAN where its reference did not run or did not verify clean. */
void sm_bench_ratios(const struct sm_bench_result *res, const enum sm_bench_transport *ts,
		     size_t n, size_t i, struct sm_bench_ratios *out);

/* Print one result as a JSON object (no newline); `extra` is NULL or more
 * members ("\"ratio_vs_pipe\": 21.5") put before the closing brace. */
void sm_bench_result_json(FILE *out, const struct sm_bench_result *r, const char *extra);

/* The workload over the ring (burst calls when o->burst > 1), printed as
 * one JSON object and a newline.  0, 1 if a message was lost, duplicated,
 * reordered or corrupted (the JSON says so), or -errno. */
int sm_bench_ring(const struct sm_bench_ring_opts *o, FILE *json);

/* The workload over the ring (copying, burst, zero-copy) and over every
 * alternative that can carry it, plus memcpy; a JSON array, each ring
 * result with its ratios (sm_bench_ratios; one without a reference is
 * left out).  Skipped transports are left out.  0, 1 if any run lost,
 * duplicated, reordered or corrupted a message (the JSON says which), or
 * -errno. */
int sm_bench_compare(const struct sm_bench_ring_opts *o, FILE *json);

/* How far apart the cores this run's processes land on are, right now:
 * two processes bounce a value on one cache line `rounds` times (as the
 * ring's lines travel between producer and consumer); half the mean round
 * trip in nanoseconds, or -1 if the second process could not run.  On a
 * shared VM the host may move the vCPUs (on the 2-core test machine 35 ns
 * one moment, 165 ns the next), and every cross-process figure follows
 * it, so comparisons report it before and after their runs.
 * Test hook, compiled in: with SM_BENCH_TEST_C2C=NS,NS,... in the
 * environment the readings are those, one per call, the last repeated. */
double sm_bench_core_to_core_ns(unsigned rounds);

/* The ring workloads of the project's targets (64 B 1->1 with and without
 * bursts, 1 KiB, 1 MiB through 16 nodes with and without zero-copy, 4->4),
 * each compared as sm_bench_compare() does; `seconds` per run.  A JSON
 * array of arrays.  0, 1 (as sm_bench_compare()), or -errno. */
int sm_bench_standard(double seconds, FILE *json);

#endif
