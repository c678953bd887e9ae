/* test-ring-kill.c — crash tolerance.  A process is stopped inside a claim
 * by the ring's test hook and SIGKILLed there:
 *   - a producer between reserve and commit (claim recorded), inside
 *     sm_ring_write, right after winning its position (claim not yet
 *     recorded), and right after winning a burst of positions;
 *   - a consumer between peek and release, inside sm_ring_read, right
 *     after winning its position, and right after winning a burst.
 * The ring must keep flowing: the stuck nodes are found dead and skipped
 * (abandoned) or freed (lost), nothing else is lost, and the counts add up. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"
#include "ring-victim.h"

#define NODES   4
#define SIZE    64
#define VICTIM_BEFORE 2   /* messages the victim completes before it stops */
#define FLOW    200       /* messages the survivors move afterwards */

enum mode { COPY, ZEROCOPY, BURST };

static const char *ring_name;
static bool polling; /* consume() polls (timeout 0) instead of blocking */

static void stamp(uint8_t *buf, uint32_t producer, uint64_t seq)
{
	sm_traffic_fill(buf, SIZE, seq);
	sm_traffic_stamp(buf, SIZE, producer, seq, SM_TRAFFIC_FULL);
}

/* Producer `id` writes `count` messages.  BURST: one message per call
 * for the first VICTIM_BEFORE, then the rest in one call. */
static void produce(sm_ring *r, uint32_t id, int count, enum mode m)
{
	static uint8_t buf[8][SIZE];
	for (int i = 0; i < count;) {
		if (m == ZEROCOPY) {
			struct sm_ring_slot s;
			CHECK_EQ(sm_ring_reserve(r, &s, 5000), 0);
			stamp(s.data, id, (uint64_t)i);
			CHECK_EQ(sm_ring_commit(r, &s, SIZE), 0);
			i++;
		} else if (m == BURST) {
			int n = i < VICTIM_BEFORE ? 1 : count - i;
			CHECK(n <= 8);
			for (int k = 0; k < n; k++)
				stamp(buf[k], id, (uint64_t)(i + k));
			int w = sm_ring_write_burst(r, buf, SIZE, (unsigned)n, 5000);
			CHECK(w >= 1);
			i += w;
		} else {
			stamp(buf[0], id, (uint64_t)i);
			CHECK_EQ(sm_ring_write(r, buf[0], SIZE, 5000), 0);
			i++;
		}
	}
}

/* Reads one message (several with BURST) into v. */
static void consume_some(sm_ring *r, sm_traffic_verifier *v, enum mode m, unsigned max)
{
	static uint8_t buf[8][SIZE];
	if (m == ZEROCOPY) {
		struct sm_ring_slot s;
		CHECK_EQ(sm_ring_peek(r, &s, 5000), 0);
		CHECK_EQ(sm_traffic_verify(v, s.data, s.length), SM_TRAFFIC_OK);
		sm_ring_release(r, &s);
	} else if (m == BURST) {
		uint32_t lens[8];
		int n = sm_ring_read_burst(r, buf, SIZE, lens, max, 5000);
		CHECK(n >= 1);
		for (int k = 0; k < n; k++)
			CHECK_EQ(sm_traffic_verify(v, buf[k], lens[k]), SM_TRAFFIC_OK);
	} else {
		ssize_t n = -ETIMEDOUT;
		for (int tries = 0; polling && n == -ETIMEDOUT && tries < 5000; tries++) {
			n = sm_ring_read(r, buf[0], SIZE, 0);
			if (n == -ETIMEDOUT)
				t_sleep_ms(1);
		}
		if (!polling)
			n = sm_ring_read(r, buf[0], SIZE, 5000);
		CHECK_EQ(n, SIZE);
		CHECK_EQ(sm_traffic_verify(v, buf[0], SIZE), SM_TRAFFIC_OK);
	}
}

static sm_traffic_verifier *new_verifier(void)
{
	sm_traffic_verifier *v = sm_traffic_verifier_new(2, SM_TRAFFIC_FULL | SM_TRAFFIC_SHARED);
	CHECK(v);
	return v;
}

static int victim_producer(void *arg)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	produce(r, 0, VICTIM_BEFORE + 4, (enum mode)(uintptr_t)arg);
	return 4; /* never reached */
}

static int victim_consumer(void *arg)
{
	enum mode m = (enum mode)(uintptr_t)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	sm_traffic_verifier *v = new_verifier();
	for (;;)
		consume_some(r, v, m, victim_hits < VICTIM_BEFORE ? 1 : 4);
	return 4; /* never reached */
}

static int survivor_producer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	produce(r, 1, FLOW, COPY);
	sm_ring_close(r);
	return 0;
}

/* Reads until it has all of producer 1's messages; exits with 10 + how
 * many of producer 0's it got on the way. */
static int survivor_consumer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sm_traffic_verifier *v = new_verifier();
	while (sm_traffic_received(v, 1) < FLOW)
		consume_some(r, v, COPY, 1);
	int p0 = (int)sm_traffic_received(v, 0);
	sm_traffic_verifier_free(v);
	sm_ring_close(r);
	return 10 + p0;
}

/* A producer dies holding nodes; the parent (consumer) must get past them. */
static void producer_dies(enum smi_ring_hook_point where, enum mode m, int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-kill-w");
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, &t_ring_opts), 0);
	victim_arm(where, VICTIM_BEFORE);
	pid_t v = t_fork(victim_producer, (void *)(uintptr_t)m);
	victim_kill_when_stopped(v, pipe_rd);
	pid_t p = t_fork(survivor_producer, NULL);
	sm_traffic_verifier *ver = new_verifier();
	for (int i = 0; i < VICTIM_BEFORE + FLOW; i++)
		consume_some(r, ver, COPY, 1);
	CHECK_EQ(t_wait(p), 0);
	CHECK_EQ(sm_traffic_received(ver, 0), VICTIM_BEFORE);
	CHECK_EQ(sm_traffic_received(ver, 1), FLOW);
	sm_traffic_verifier_free(ver);
	struct sm_ring_snapshot s;
	uint8_t st[NODES];
	CHECK_EQ(sm_ring_snapshot(r, &s, st, NODES), 0);
	if (m == BURST)
		CHECK(s.abandoned >= 1 && s.abandoned <= 4); /* the burst's nodes */
	else
		CHECK_EQ(s.abandoned, 1);
	CHECK_EQ(s.lost, 0);
	CHECK_EQ(s.messages_written, VICTIM_BEFORE + FLOW);
	CHECK_EQ(s.messages_read, VICTIM_BEFORE + FLOW);
	CHECK_EQ(s.write_reserved, s.messages_written + s.abandoned);
	CHECK_EQ(s.occupancy, 0);
	for (int i = 0; i < NODES; i++)
		CHECK_EQ(st[i], SM_NODE_FREE);
	sm_ring_close(r);
}

/* A consumer dies holding messages; the parent (producer) must get past. */
static void consumer_dies(enum smi_ring_hook_point where, enum mode m, int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-kill-r");
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, &t_ring_opts), 0);
	victim_arm(where, VICTIM_BEFORE);
	int extra = m == BURST ? 4 : 1; /* producer 0's messages after the victim's first */
	pid_t v = t_fork(victim_consumer, (void *)(uintptr_t)m);
	produce(r, 0, VICTIM_BEFORE + extra, COPY);
	victim_kill_when_stopped(v, pipe_rd);
	pid_t c = t_fork(survivor_consumer, NULL);
	/* FLOW messages wrap the 4-node ring many times over the dead nodes. */
	produce(r, 1, FLOW, COPY);
	int p0 = t_wait(c) - 10;
	CHECK(p0 >= 0 && p0 < extra);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.lost, (uint64_t)(extra - p0));
	CHECK_EQ(s.abandoned, 0);
	CHECK_EQ(s.messages_written, VICTIM_BEFORE + extra + FLOW);
	CHECK_EQ(s.messages_read, VICTIM_BEFORE + p0 + FLOW);
	CHECK_EQ(s.messages_read + s.lost, s.messages_written);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	victim_fd = p[1];
	producer_dies(SMI_HOOK_WRITE_FILLED, ZEROCOPY, p[0]); /* reserve..commit */
	producer_dies(SMI_HOOK_WRITE_FILLED, COPY, p[0]);     /* inside sm_ring_write */
	producer_dies(SMI_HOOK_WRITE_CLAIMED, COPY, p[0]);    /* claim not recorded */
	producer_dies(SMI_HOOK_WRITE_CLAIMED, BURST, p[0]);   /* a burst's claims not recorded */
	polling = true; /* a consumer that only polls also gets past the dead node */
	producer_dies(SMI_HOOK_WRITE_FILLED, COPY, p[0]);
	polling = false;
	consumer_dies(SMI_HOOK_READ_COPIED, ZEROCOPY, p[0]); /* peek..release */
	consumer_dies(SMI_HOOK_READ_COPIED, COPY, p[0]);     /* inside sm_ring_read */
	consumer_dies(SMI_HOOK_READ_CLAIMED, COPY, p[0]);    /* claim not recorded */
	consumer_dies(SMI_HOOK_READ_CLAIMED, BURST, p[0]);   /* a burst's claims not recorded */
	return T_EXIT_PASS;
}
