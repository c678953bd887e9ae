/* bench_ring.c — the workload over the ring: copying calls, burst calls,
 * or zero-copy (the producer fills each message into the node, the
 * consumer verifies it in place). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_internal.h"

static int ring_prepare(struct bench_run *run)
{
	snprintf(run->name, sizeof run->name, SM_BENCH_RING_SEGMENT, (int)getpid());
	struct sm_segment_options so = { "sharedmem bench", 0, SM_CREATE_REPLACE_STALE };
	return sm_ring_create_flags(&run->ring, run->name, run->o.node_count, run->o.node_size,
				    run->o.ring_flags, &so);
}

static void ring_producers_done(struct bench_run *run)
{
	/* The owner's close removes the name: a consumer that has not opened
	 * the ring yet (short runs, a busy machine) would find nothing.  Wait
	 * for each to open it or fail (10 s at most). */
	for (int ms = 0; ms < 10000; ms++) {
		unsigned failed = 0;
		for (unsigned i = 0; i < run->o.consumers; i++)
			failed += run->ctl->error[SM_BENCH_MAX_PROCS + i] < 0;
		if ((unsigned)atomic_load(&run->ctl->opened) + failed >= run->o.consumers)
			break;
		usleep(1000);
	}
	sm_ring_close(run->ring); /* owner's close: consumers drain, then stop */
	run->ring = NULL;
}

static void ring_cleanup(struct bench_run *run)
{
	sm_ring_close(run->ring);
}

static int send_copy(void *ring, const uint8_t *msg, size_t len)
{
	return sm_ring_write(ring, msg, len, -1);
}

/* Zero-copy: the message is produced in the node (here by copying in a
 * stamped one: a stamp computed in the node would read back what was
 * just stored there, a stall no producer that simply fills a node has). */
static int send_zerocopy(void *ring, const uint8_t *msg, size_t len)
{
	struct sm_ring_slot s;
	int e = sm_ring_reserve(ring, &s, -1);
	if (e < 0)
		return e;
	memcpy(s.data, msg, len);
	return sm_ring_commit(ring, &s, len);
}

static int send_burst(void *ring, const uint8_t *msgs, size_t size, unsigned n)
{
	return sm_ring_write_burst(ring, msgs, size, n, -1);
}

static int ring_producer(struct bench_run *run, unsigned id)
{
	sm_ring *r;
	int e = sm_ring_open(&r, run->name, 0);
	if (e < 0)
		return e;
	if (run->t == SM_BENCH_RING_BURST)
		e = bench_produce_batches(run, id, run->o.burst, send_burst, r);
	else
		e = bench_produce(run, id, run->t == SM_BENCH_RING ? send_copy : send_zerocopy, r);
	sm_ring_close(r);
	return e;
}

/* Copying reads, one message per call; verified a batch at a time (one
 * verifier call for up to bench_batch() messages, every one still
 * checked): the first read of a batch waits, the rest only take what is
 * there. */

static int consume_copy(sm_ring *r, struct bench_sink *sink, uint8_t *buf, size_t cap,
			uint32_t *lens)
{
	unsigned batch = bench_batch(cap);
	for (;;) {
		unsigned n = 0;
		ssize_t got = sm_ring_read(r, buf, cap, -1);
		while (got >= 0) {
			lens[n++] = (uint32_t)got;
			if (n == batch)
				break;
			got = sm_ring_read(r, buf + n * cap, cap, 0);
		}
		if (n)
			bench_seen_burst(sink, buf, cap, lens, n);
		if (got < 0 && got != -ETIMEDOUT)
			return (int)got;
	}
}

static int consume(struct bench_run *run, sm_ring *r, struct bench_sink *sink)
{
	size_t cap = run->o.node_size;
	unsigned burst = run->t == SM_BENCH_RING_BURST	   ? run->o.burst
			 : run->t == SM_BENCH_RING_ZEROCOPY ? 1
							    : bench_batch(cap);
	uint8_t *buf = aligned_alloc(64, (cap * burst + 63) / 64 * 64);
	uint32_t *lens = calloc(burst, sizeof *lens);
	int e = (buf && lens) ? 0 : -ENOMEM;
	while (e == 0) {
		if (run->t == SM_BENCH_RING_ZEROCOPY) {
			struct sm_ring_slot s;
			if ((e = sm_ring_peek(r, &s, -1)) < 0)
				break;
			bench_seen(sink, s.data, s.length);
			sm_ring_release(r, &s);
		} else if (run->t == SM_BENCH_RING_BURST) {
			int n = sm_ring_read_burst(r, buf, cap, lens, burst, -1);
			if (n < 0) {
				e = n;
				break;
			}
			bench_seen_burst(sink, buf, cap, lens, (unsigned)n);
		} else {
			e = consume_copy(r, sink, buf, cap, lens);
		}
	}
	free(buf);
	free(lens);
	return e == -SM_ESHUTDOWN ? 0 : e;
}

static int ring_consumer(struct bench_run *run, unsigned id)
{
	sm_ring *r;
	struct bench_sink sink;
	int e = sm_ring_open(&r, run->name, 0);
	if (e < 0)
		return e;
	atomic_fetch_add(&run->ctl->opened, 1);
	if ((e = bench_sink_init(&sink, run, id)) < 0) {
		sm_ring_close(r);
		return e;
	}
	bench_wait_start(run);
	e = consume(run, r, &sink);
	bench_sink_finish(&sink);
	sm_ring_close(r);
	return e;
}

const struct bench_ops bench_ring_ops = {
	ring_prepare, ring_producer, ring_consumer, ring_producers_done, ring_cleanup,
};
