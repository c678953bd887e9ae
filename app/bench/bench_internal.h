/* bench_internal.h — what the benchmark's transports share: the run's
 * options, a control block in shared memory that the forked producers and
 * consumers report into, and the per-transport entry points. */
#ifndef SM_BENCH_INTERNAL_H
#define SM_BENCH_INTERNAL_H

#include <stdatomic.h>
#include <string.h>

#include "bench.h"
#include "sharedmem.h"

/* Latency: every BENCH_LAT_EVERY-th message carries its send time
 * (CLOCK_MONOTONIC ns) at payload offset 16, inside the checksummed part;
 * consumers sort the delays into log-linear buckets: 8 per power of two. */
#define BENCH_LAT_EVERY   64u
#define BENCH_LAT_SUB     8u
#define BENCH_LAT_BUCKETS (64u * BENCH_LAT_SUB)
#define BENCH_LAT_MIN_SIZE 32u /* stamp (16) + send time (8) + tail (8) */

/* Lives in an anonymous shared mapping made before fork(). */
struct bench_ctl {
	_Atomic int ready;  /* children set up and waiting for the start */
	_Atomic int start;  /* set by the parent when the clock starts */
	_Atomic int stop;   /* set by the parent when the time is up */
	_Atomic int opened; /* ring consumers that have opened the ring */
	_Atomic int producers_ended; /* set by the parent once every producer has exited */
	uint64_t sent[SM_BENCH_MAX_PROCS];         /* per producer */
	uint64_t last_ns[SM_BENCH_MAX_PROCS];      /* per consumer: time of a recent message */
	uint64_t end_ns[SM_BENCH_MAX_PROCS];       /* per producer: when it stopped sending */
	int      error[2 * SM_BENCH_MAX_PROCS];    /* a child's -errno, if it failed */
	struct sm_traffic_counts counts[SM_BENCH_MAX_PROCS];
	uint64_t latency[SM_BENCH_MAX_PROCS][BENCH_LAT_BUCKETS]; /* per consumer histogram */
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
	void *shared; /* the bare ring's mapping */
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
extern const struct bench_ops bench_bare_ops;

/* ---- Helpers for producer and consumer loops (bench_common.c) ---- */

/* Say this child is set up, then wait until the parent starts the clock. */
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

/* How many messages of `size` bytes producers stamp, and copying
 * consumers take, before they verify or send them one by one: up to 16,
 * within 64 KiB, so the batch stays in cache.  Stamping a batch first
 * keeps the stamp's narrow stores out of the way of the copy that sends
 * each message (a copy that loads them at once waits for them, and for
 * every store before them, to reach the cache). */
unsigned bench_batch(size_t size);
/* Stamp messages seq .. seq+n-1 of producer `id`, one after another. */
void bench_stamp_batch(const struct bench_run *run, uint8_t *buf, unsigned id, uint64_t seq,
		       unsigned n);
/* How many of up to `n` messages to send from `seq` before stopping. */
unsigned bench_batch_left(const struct bench_run *run, uint64_t seq, unsigned n);

/* The producer loop: stamp a batch of up to `batch` messages, hand it to
 * `send_batch` (n messages of msg_size bytes back to back; it returns how
 * many it sent, at least 1, or -errno), until told to stop; reports what
 * was sent. */
int bench_produce_batches(struct bench_run *run, unsigned id, unsigned batch,
			  int (*send_batch)(void *ctx, const uint8_t *msgs, size_t size, unsigned n),
			  void *ctx);
/* The same for transports that send one message per call: batches of
 * bench_batch(), each message handed to `send` (0 or -errno). */
int bench_produce(struct bench_run *run, unsigned id,
		  int (*send)(void *ctx, const uint8_t *msg, size_t len), void *ctx);

uint64_t bench_now_ns(void);

/* Stamp message `seq` of producer `id` in place (traffic.h), with its send
 * time when it is one of the sampled ones. */
static inline void bench_stamp(const struct bench_run *run, uint8_t *msg, unsigned id, uint64_t seq)
{
	if (seq % BENCH_LAT_EVERY == 0 && run->o.msg_size >= BENCH_LAT_MIN_SIZE) {
		uint64_t t = bench_now_ns();
		memcpy(msg + 16, &t, sizeof t);
	}
	sm_traffic_stamp(msg, run->o.msg_size, id, seq, run->check_flags);
}

/* A consumer's verifier and clock: note each message with bench_seen(). */
struct bench_sink {
	struct bench_run *run;
	unsigned id;
	sm_traffic_verifier *v;
	uint64_t n;
	uint64_t mask; /* take the time every mask+1 messages */
	uint64_t last; /* and at this one: the last of a counted run's only consumer */
};
int bench_sink_init(struct bench_sink *s, struct bench_run *run, unsigned id);
void bench_sink_clock(struct bench_sink *s);
void bench_sink_latency(struct bench_sink *s, const uint8_t *msg);
static inline void bench_seen(struct bench_sink *s, const void *msg, size_t len)
{
	int r = sm_traffic_verify(s->v, msg, len);
	uint64_t seq;
	memcpy(&seq, (const uint8_t *)msg + 8, sizeof seq);
	if (r == SM_TRAFFIC_OK && seq % BENCH_LAT_EVERY == 0 && len >= BENCH_LAT_MIN_SIZE)
		bench_sink_latency(s, msg);
	if ((++s->n & s->mask) == 0 || s->n == s->last)
		bench_sink_clock(s);
}
/* The same for `n` messages at a stride (one verifier call for all;
 * latency sampled from those of a burst that all verified). */
static inline void bench_seen_burst(struct bench_sink *s, const uint8_t *msgs, size_t stride,
				    const uint32_t *lens, unsigned n)
{
	unsigned ok = sm_traffic_verify_burst(s->v, msgs, stride, lens, n);
	for (unsigned i = 0; i < n && ok == n; i++, msgs += stride) {
		uint64_t seq;
		memcpy(&seq, msgs + 8, sizeof seq);
		if (seq % BENCH_LAT_EVERY == 0 && lens[i] >= BENCH_LAT_MIN_SIZE)
			bench_sink_latency(s, msgs);
	}
	uint64_t before = s->n;
	s->n += n;
	if ((before | s->mask) != (s->n | s->mask) || s->n == s->last)
		bench_sink_clock(s);
}
/* Report the consumer's counts into the control block and free it. */
void bench_sink_finish(struct bench_sink *s);

/* Workload label and parameters of a result (the rest zero). */
void bench_result_init(const struct bench_run *run, struct sm_bench_result *res);
/* The memcpy ceiling (bench_memcpy.c), in this process. */
int bench_memcpy_run(struct bench_run *run, struct sm_bench_result *res);

#endif
