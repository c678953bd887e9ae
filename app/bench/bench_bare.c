/* bench_bare.c — the workload over a bare single-producer single-consumer
 * ring in shared memory: Lamport's ring with each side keeping a view of
 * the other's index, re-read only when it says full (empty), as in
 * Rigtorp's SPSCQueue and Concurrency Kit's spsc ring.  It spins and
 * never sleeps, survives no crash and tells a monitor nothing: the ring
 * the peers build on ("a bare SPSC ring"), run in the same run
 * as sharedmem's, so that a ratio to it does not depend on where the host
 * put the vCPUs.  1 -> 1 only.  The end: after the producer exits the
 * parent sets `done`; the consumer drains and stops. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench_internal.h"

/* Indices 128 bytes apart: x86 fetches cache lines in adjacent pairs. */
struct bare_ctl {
	_Alignas(128) _Atomic uint64_t head; /* next slot the producer fills */
	_Alignas(128) _Atomic uint64_t tail; /* next slot the consumer reads */
	_Alignas(128) _Atomic int done;      /* the producer has exited */
	_Atomic pid_t consumer;              /* so that a producer never waits on nobody */
};

struct bare_ring {
	struct bare_ctl *ctl;
	uint8_t *slots;
	uint64_t count, stride, size;
	uint64_t seen; /* the side's view of the other's index */
};

static size_t mapping_size(const struct bench_run *run)
{
	return sizeof(struct bare_ctl) + run->o.node_count * ((run->o.msg_size + 63) / 64 * 64);
}

static int bare_prepare(struct bench_run *run)
{
	if (run->o.producers > 1 || run->o.consumers > 1)
		return -ENOTSUP;
	void *p = mmap(NULL, mapping_size(run), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	run->shared = p;
	return 0;
}

static struct bare_ring bare_ring(const struct bench_run *run)
{
	return (struct bare_ring){
		.ctl = run->shared,
		.slots = (uint8_t *)run->shared + sizeof(struct bare_ctl),
		.count = run->o.node_count,
		.stride = (run->o.msg_size + 63) / 64 * 64,
		.size = run->o.msg_size,
	};
}

static inline void relax(unsigned *polls)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
	if (++*polls % 256 == 0)
		sched_yield(); /* the other side may be waiting for this core */
}

static int send_one(void *ctx, const uint8_t *msg, size_t len)
{
	struct bare_ring *b = ctx;
	uint64_t head = atomic_load_explicit(&b->ctl->head, memory_order_relaxed);
	unsigned polls = 0;
	while (head - b->seen == b->count) {
		b->seen = atomic_load_explicit(&b->ctl->tail, memory_order_acquire);
		if (head - b->seen < b->count)
			break;
		relax(&polls);
		pid_t consumer = atomic_load_explicit(&b->ctl->consumer, memory_order_relaxed);
		/* (a consumer that exited stays a zombie: the parent reaps
		 * consumers after the producer) */
		if (polls % 65536 == 0 && consumer > 0 && !sm_process_alive(consumer))
			return -EPIPE;
	}
	memcpy(b->slots + (head % b->count) * b->stride, msg, len);
	atomic_store_explicit(&b->ctl->head, head + 1, memory_order_release);
	return 0;
}

static int bare_producer(struct bench_run *run, unsigned id)
{
	struct bare_ring b = bare_ring(run);
	return bench_produce(run, id, send_one, &b);
}

/* Wait for a message at `tail`: true, or false once the producer is done
 * and everything was read. */
static bool wait_message(struct bare_ring *b, uint64_t tail)
{
	unsigned polls = 0;
	while (tail == b->seen) {
		bool done = atomic_load_explicit(&b->ctl->done, memory_order_acquire);
		b->seen = atomic_load_explicit(&b->ctl->head, memory_order_acquire);
		if (tail != b->seen)
			break;
		if (done)
			return false;
		relax(&polls);
	}
	return true;
}

/* As the ring's copying consumer: the first read of a batch waits, the
 * rest only take what is there; each batch verified in one call. */
static int bare_consumer(struct bench_run *run, unsigned id)
{
	struct bare_ring b = bare_ring(run);
	struct bench_sink sink;
	unsigned batch = bench_batch(b.size);
	uint8_t *buf = aligned_alloc(64, batch * b.stride);
	uint32_t *lens = calloc(batch, sizeof *lens);
	int e = buf && lens ? bench_sink_init(&sink, run, id) : -ENOMEM;
	if (e < 0) {
		free(buf);
		free(lens);
		return e;
	}
	atomic_store(&b.ctl->consumer, getpid());
	bench_wait_start(run);
	uint64_t tail = 0;
	bool more = true;
	while (more) {
		unsigned n = 0;
		more = wait_message(&b, tail);
		while (more && n < batch) {
			memcpy(buf + n * b.stride, b.slots + (tail % b.count) * b.stride, b.size);
			atomic_store_explicit(&b.ctl->tail, ++tail, memory_order_release);
			lens[n++] = (uint32_t)b.size;
			if (tail == b.seen)
				break;
		}
		if (n)
			bench_seen_burst(&sink, buf, b.stride, lens, n);
	}
	bench_sink_finish(&sink);
	free(buf);
	free(lens);
	return 0;
}

static void bare_producers_done(struct bench_run *run)
{
	atomic_store_explicit(&((struct bare_ctl *)run->shared)->done, 1, memory_order_release);
}

static void bare_cleanup(struct bench_run *run)
{
	munmap(run->shared, mapping_size(run));
}

const struct bench_ops bench_bare_ops = {
	bare_prepare, bare_producer, bare_consumer, bare_producers_done, bare_cleanup,
};
