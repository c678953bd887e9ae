/* bench_internal.h — what the benchmark's transports share: the run's
 * options, a control block in shared memory that the forked producers and
 * consumers report into, and the per-transport entry points. */
#ifndef SM_BENCH_INTERNAL_H
#define SM_BENCH_INTERNAL_H

#include <stdatomic.h>

#include "bench.h"
#include "sharedmem.h"

/* Lives in an anonymous shared mapping made before fork(). */
struct bench_ctl {
	_Atomic int start;  /* set by the parent when the clock starts */
	_Atomic int stop;   /* set by the parent when the time is up */
	uint64_t sent[SM_BENCH_MAX_PROCS];         /* per producer */
	uint64_t last_ns[SM_BENCH_MAX_PROCS];      /* per consumer: time of a recent message */
	uint64_t end_ns[SM_BENCH_MAX_PROCS];       /* per producer: when it stopped sending */
	int      error[2 * SM_BENCH_MAX_PROCS];    /* a child's -errno, if it failed */
	struct sm_traffic_counts counts[SM_BENCH_MAX_PROCS];
	struct sm_traffic_tally tallies[SM_BENCH_MAX_PROCS * SM_BENCH_MAX_PROCS];
};

struct bench_run {
	struct sm_bench_ring_opts o; /* defaults filled in */
	enum sm_bench_transport t;
	struct bench_ctl *ctl;
	unsigned check_flags;         /* traffic.h flags for stamps */
	/* transport state, set up by the parent before fork */
	char name[64];
	sm_ring *ring;
	int fds[2];
};

/* A transport: the parent prepares it, then forks consumers and
 * producers; after the producers exit the parent calls `producers_done`
 * (which must make consumers see the end), then `cleanup`. */
struct bench_ops {
	int  (*prepare)(struct bench_run *run);
	int  (*producer)(struct bench_run *run, unsigned id);
	int  (*consumer)(struct bench_run *run, unsigned id);
	void (*producers_done)(struct bench_run *run);
	void (*cleanup)(struct bench_run *run);
};

extern const struct bench_ops bench_ring_ops;
extern const struct bench_ops bench_fd_ops;
extern const struct bench_ops bench_mq_ops;

/* ---- Helpers for producer and consumer loops (bench_common.c) ---- */

/* Wait until the parent starts the clock. */
void bench_wait_start(struct bench_run *run);
/* True when producer loops should stop, having sent `sent`. */
static inline bool bench_stop(const struct bench_run *run, uint64_t sent)
{
	if (run->o.messages)
		return sent >= run->o.messages;
	return atomic_load_explicit(&run->ctl->stop, memory_order_relaxed) != 0;
}
/* A message template of msg_size bytes (64-byte aligned), filled. */
uint8_t *bench_template(const struct bench_run *run, size_t count);

/* The producer loop of the transports without a ring: stamp the next
 * message, `send` it, until told to stop; reports what was sent. */
int bench_produce(struct bench_run *run, unsigned id,
		  int (*send)(void *ctx, const uint8_t *msg, size_t len), void *ctx);

/* A consumer's verifier and clock: note each message with bench_seen(). */
struct bench_sink {
	struct bench_run *run;
	unsigned id;
	sm_traffic_verifier *v;
	uint64_t n;
	uint64_t mask; /* take the time every mask+1 messages */
};
int bench_sink_init(struct bench_sink *s, struct bench_run *run, unsigned id);
void bench_sink_clock(struct bench_sink *s);
static inline void bench_seen(struct bench_sink *s, const void *msg, size_t len)
{
	sm_traffic_verify(s->v, msg, len);
	if ((++s->n & s->mask) == 0)
		bench_sink_clock(s);
}
/* Report the consumer's counts into the control block and free it. */
void bench_sink_finish(struct bench_sink *s);

uint64_t bench_now_ns(void);
/* Workload label and parameters of a result (the rest zero). */
void bench_result_init(const struct bench_run *run, struct sm_bench_result *res);
/* The memcpy ceiling (bench_memcpy.c), in this process. */
int bench_memcpy_run(struct bench_run *run, struct sm_bench_result *res);

#endif
