/* test-ring-stress.c — P producers x C consumers in separate processes
 * (1x1, 1x4, 4x1, 4x4), mixing the copying, burst and zero-copy calls.
 * Every message carries producer id, sequence number and checksum
 * (traffic.h).  Each consumer checks per-producer order; a shared bitmap
 * proves every message arrived exactly once; the ring's own counters must
 * add up.  The owner's close ends the run: consumers drain, then stop. */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODE_SIZE 200
#define BURST     4

struct shared {
	_Atomic uint8_t seen[4][40000]; /* [producer][seq]: times received */
	struct sm_traffic_counts counts[4];
};

static struct shared *sh;
static int ready_fd, ready_rd;
static const char *ring_name;
static int per_producer;

static size_t msg_len(uint32_t p, uint64_t seq)
{
	return SM_TRAFFIC_MIN_SIZE + (size_t)((seq * 31 + p * 7) % (NODE_SIZE - SM_TRAFFIC_MIN_SIZE + 1));
}

static int producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	uint8_t buf[BURST][NODE_SIZE];
	uint64_t seq = 0;
	while (seq < (uint64_t)per_producer) {
		switch ((seq / 16 + id) % 3) {
		case 0: { /* copying write */
			size_t len = msg_len(id, seq);
			sm_traffic_fill(buf[0], len, seq);
			sm_traffic_stamp(buf[0], len, id, seq, SM_TRAFFIC_FULL);
			CHECK_EQ(sm_ring_write(r, buf[0], len, -1), 0);
			seq++;
			break;
		}
		case 1: { /* burst of equal-sized messages */
			unsigned n = (unsigned)((uint64_t)per_producer - seq < BURST ? (uint64_t)per_producer - seq : BURST);
			for (unsigned i = 0; i < n; i++) {
				sm_traffic_fill(buf[i], NODE_SIZE, seq + i);
				sm_traffic_stamp(buf[i], NODE_SIZE, id, seq + i, SM_TRAFFIC_FULL);
			}
			int k = sm_ring_write_burst(r, buf, NODE_SIZE, n, -1);
			CHECK(k >= 1 && k <= (int)n);
			seq += (uint64_t)k;
			break;
		}
		default: { /* zero-copy */
			struct sm_ring_slot s;
			CHECK_EQ(sm_ring_reserve(r, &s, -1), 0);
			size_t len = msg_len(id, seq);
			sm_traffic_fill(s.data, len, seq);
			sm_traffic_stamp(s.data, len, id, seq, SM_TRAFFIC_FULL);
			CHECK_EQ(sm_ring_commit(r, &s, len), 0);
			seq++;
			break;
		}
		}
	}
	sm_ring_close(r);
	return 0;
}

static void record(sm_traffic_verifier *v, const void *msg, size_t len)
{
	uint32_t p;
	uint64_t seq;
	CHECK_EQ(sm_traffic_verify(v, msg, len), SM_TRAFFIC_OK);
	CHECK_EQ(sm_traffic_peek(msg, len, &p, &seq), 0);
	CHECK(p < 4 && seq < (uint64_t)per_producer);
	atomic_fetch_add(&sh->seen[p][seq], 1);
}

static int consumer(void *arg)
{
	int id = (int)(uintptr_t)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(ready_fd); /* before any producer starts, so none misses the ring */
	sm_traffic_verifier *v = sm_traffic_verifier_new(4, SM_TRAFFIC_FULL | SM_TRAFFIC_SHARED);
	CHECK(v);
	static uint8_t buf[BURST][NODE_SIZE];
	uint32_t lens[BURST];
	for (unsigned i = 0;; i++) {
		int e;
		switch ((i / 16 + (unsigned)id) % 3) {
		case 0: {
			ssize_t n = sm_ring_read(r, buf[0], NODE_SIZE, -1);
			e = n < 0 ? (int)n : 0;
			if (n >= 0)
				record(v, buf[0], (size_t)n);
			break;
		}
		case 1: {
			e = sm_ring_read_burst(r, buf, NODE_SIZE, lens, BURST, -1);
			for (int k = 0; k < e; k++)
				record(v, buf[k], lens[k]);
			break;
		}
		default: {
			struct sm_ring_slot s;
			e = sm_ring_peek(r, &s, -1);
			if (e == 0) {
				record(v, s.data, s.length);
				sm_ring_release(r, &s);
			}
		}
		}
		if (e == -SM_ESHUTDOWN)
			break;
		CHECK(e >= 0);
	}
	sm_traffic_counts(v, &sh->counts[id]);
	sm_traffic_verifier_free(v);
	sm_ring_close(r);
	return 0;
}

static void run(int producers, int consumers, int count, uint32_t nodes, unsigned flags)
{
	memset(sh, 0, sizeof *sh);
	per_producer = count;
	ring_name = t_name("ring-stress");
	sm_ring *r;
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, nodes, NODE_SIZE, flags, &t_ring_opts), 0);
	pid_t kids[8];
	for (int c = 0; c < consumers; c++)
		kids[c] = t_fork(consumer, (void *)(uintptr_t)c);
	sync_wait_ready(ready_rd, consumers);
	for (int p = 0; p < producers; p++)
		kids[consumers + p] = t_fork(producer, (void *)(uintptr_t)p);
	for (int p = 0; p < producers; p++)
		CHECK_EQ(t_wait(kids[consumers + p]), 0);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	sm_ring_close(r); /* consumers drain, then get -SM_ESHUTDOWN */
	for (int c = 0; c < consumers; c++)
		CHECK_EQ(t_wait(kids[c]), 0);

	uint64_t total = (uint64_t)producers * (uint64_t)count, ok = 0;
	for (int c = 0; c < consumers; c++) {
		CHECK_EQ(sh->counts[c].corrupted, 0);
		CHECK_EQ(sh->counts[c].duplicated, 0);
		CHECK_EQ(sh->counts[c].reordered, 0);
		ok += sh->counts[c].ok;
	}
	CHECK_EQ(ok, total);
	for (int p = 0; p < producers; p++)
		for (int q = 0; q < count; q++)
			CHECK_EQ(sh->seen[p][q], 1);
	CHECK_EQ(s.messages_written, total);
	/* No message is lost.  (A producer stalled over 50 ms right after
	 * winning a position may have that position taken as abandoned; it
	 * then writes its message elsewhere: messages_written is unchanged.) */
	CHECK_EQ(s.lost, 0);
	CHECK_EQ(s.write_reserved, total + s.abandoned);
	printf("%dx%d %s: %llu messages ok, full waits %llu, empty waits %llu\n", producers, consumers,
	       sm_ring_mode_name(flags), (unsigned long long)ok, (unsigned long long)s.full_waits,
	       (unsigned long long)s.empty_waits);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	ready_rd = p[0];
	ready_fd = p[1];
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED);
	run(1, 1, 40000, 8, 0);
	run(1, 4, 20000, 8, 0);
	run(4, 1, 10000, 7, 0); /* not a power of two */
	run(4, 4, 10000, 16, 0);
	/* Single-role rings, alone and with many on the other side. */
	run(1, 1, 40000, 8, SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER);
	run(1, 3, 20000, 8, SM_RING_SINGLE_PRODUCER);
	run(3, 1, 10000, 7, SM_RING_SINGLE_CONSUMER);
	return T_EXIT_PASS;
}
