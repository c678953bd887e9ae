/* test-ring-kill.c — crash tolerance.  A process is stopped inside a claim
 * by the ring's test hook and SIGKILLed there:
 *   - a producer between reserve and commit (claim recorded), and one
 *     right after winning its position (claim not yet recorded);
 *   - a consumer between peek and release, and one right after winning
 *     its position.
 * The ring must keep flowing: the stuck node is found dead and skipped
 * (abandoned) or freed (lost), nothing else is lost, and the counts add up. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"

#define NODES   4
#define SIZE    64
#define VICTIM_BEFORE 2   /* messages the victim completes before it stops */
#define FLOW    200       /* messages the survivors move afterwards */

static const char *ring_name;
static int ready_fd;
static enum smi_ring_hook_point stop_at;
static int hits;

static void stop_here(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point != stop_at || ++hits <= VICTIM_BEFORE)
		return;
	char c = 1;
	if (write(ready_fd, &c, 1) != 1)
		_exit(3);
	for (;;)
		pause(); /* SIGKILLed here */
}

static void stamp(uint8_t *buf, uint32_t producer, uint64_t seq)
{
	sm_traffic_fill(buf, SIZE, seq);
	sm_traffic_stamp(buf, SIZE, producer, seq, SM_TRAFFIC_FULL);
}

/* Producer `id` writes `count` messages (zero-copy when `zc`). */
static void produce(sm_ring *r, uint32_t id, int count, bool zc)
{
	for (int i = 0; i < count; i++) {
		if (zc) {
			struct sm_ring_slot s;
			CHECK_EQ(sm_ring_reserve(r, &s, 5000), 0);
			stamp(s.data, id, (uint64_t)i);
			CHECK_EQ(sm_ring_commit(r, &s, SIZE), 0);
		} else {
			uint8_t buf[SIZE];
			stamp(buf, id, (uint64_t)i);
			CHECK_EQ(sm_ring_write(r, buf, SIZE, 5000), 0);
		}
	}
}

static bool polling; /* consume() polls (timeout 0) instead of blocking */

/* Reads `count` messages and verifies them; returns the verifier. */
static sm_traffic_verifier *consume(sm_ring *r, int count, bool zc)
{
	sm_traffic_verifier *v = sm_traffic_verifier_new(2, SM_TRAFFIC_FULL | SM_TRAFFIC_SHARED);
	CHECK(v);
	for (int i = 0; i < count; i++) {
		if (zc) {
			struct sm_ring_slot s;
			CHECK_EQ(sm_ring_peek(r, &s, 5000), 0);
			CHECK_EQ(sm_traffic_verify(v, s.data, s.length), SM_TRAFFIC_OK);
			sm_ring_release(r, &s);
		} else {
			uint8_t buf[SIZE];
			ssize_t n;
			int tries = 0;
			while (polling && (n = sm_ring_read(r, buf, SIZE, 0)) == -ETIMEDOUT && tries++ < 5000)
				t_sleep_ms(1);
			if (!polling)
				n = sm_ring_read(r, buf, SIZE, 5000);
			CHECK_EQ(n, SIZE);
			CHECK_EQ(sm_traffic_verify(v, buf, SIZE), SM_TRAFFIC_OK);
		}
	}
	return v;
}

static int victim_producer(void *arg)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = stop_here;
	produce(r, 0, VICTIM_BEFORE + 1, arg != NULL);
	return 4; /* never reached */
}

static int victim_consumer(void *arg)
{
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = stop_here;
	consume(r, VICTIM_BEFORE + 1, arg != NULL);
	return 4;
}

static int survivor_producer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	produce(r, 1, FLOW, false);
	sm_ring_close(r);
	return 0;
}

static int survivor_consumer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sm_traffic_verifier *v = consume(r, FLOW, false);
	CHECK_EQ(sm_traffic_received(v, 0), 0);
	CHECK_EQ(sm_traffic_received(v, 1), FLOW);
	sm_traffic_verifier_free(v);
	sm_ring_close(r);
	return 0;
}

static void stop_and_kill(pid_t victim, int fd)
{
	char c;
	CHECK(read(fd, &c, 1) == 1);
	CHECK(kill(victim, SIGKILL) == 0);
	CHECK_EQ(t_wait(victim), 128 + SIGKILL);
}

/* A producer dies holding a node; the parent (consumer) must get past it. */
static void producer_dies(enum smi_ring_hook_point where, bool zc, int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-kill-w");
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, NULL), 0);
	stop_at = where;
	pid_t v = t_fork(victim_producer, zc ? (void *)1 : NULL);
	stop_and_kill(v, pipe_rd);
	pid_t p = t_fork(survivor_producer, NULL);
	sm_traffic_verifier *ver = consume(r, VICTIM_BEFORE + FLOW, false);
	CHECK_EQ(t_wait(p), 0);
	CHECK_EQ(sm_traffic_received(ver, 0), VICTIM_BEFORE);
	CHECK_EQ(sm_traffic_received(ver, 1), FLOW);
	sm_traffic_verifier_free(ver);
	struct sm_ring_snapshot s;
	uint8_t st[NODES];
	CHECK_EQ(sm_ring_snapshot(r, &s, st, NODES), 0);
	CHECK_EQ(s.abandoned, 1);
	CHECK_EQ(s.lost, 0);
	CHECK_EQ(s.messages_written, VICTIM_BEFORE + FLOW);
	CHECK_EQ(s.messages_read, VICTIM_BEFORE + FLOW);
	CHECK_EQ(s.occupancy, 0);
	for (int i = 0; i < NODES; i++)
		CHECK_EQ(st[i], SM_NODE_FREE);
	sm_ring_close(r);
}

/* A consumer dies holding a message; the parent (producer) must get past it. */
static void consumer_dies(enum smi_ring_hook_point where, bool zc, int pipe_rd)
{
	sm_ring *r;
	ring_name = t_name("ring-kill-r");
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, NULL), 0);
	stop_at = where;
	pid_t v = t_fork(victim_consumer, zc ? (void *)1 : NULL);
	produce(r, 0, VICTIM_BEFORE + 1, false);
	stop_and_kill(v, pipe_rd);
	pid_t c = t_fork(survivor_consumer, NULL);
	/* FLOW messages wrap the 4-node ring many times over the dead node. */
	produce(r, 1, FLOW, false);
	CHECK_EQ(t_wait(c), 0);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.lost, 1);
	CHECK_EQ(s.abandoned, 0);
	CHECK_EQ(s.messages_written, VICTIM_BEFORE + 1 + FLOW);
	CHECK_EQ(s.messages_read, VICTIM_BEFORE + FLOW);
	CHECK_EQ(s.messages_read + s.lost, s.messages_written);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	ready_fd = p[1];
	producer_dies(SMI_HOOK_WRITE_FILLED, true, p[0]);   /* reserve..commit */
	producer_dies(SMI_HOOK_WRITE_FILLED, false, p[0]);  /* inside sm_ring_write */
	producer_dies(SMI_HOOK_WRITE_CLAIMED, false, p[0]); /* claim not recorded */
	polling = true; /* a consumer that only polls also gets past the dead node */
	producer_dies(SMI_HOOK_WRITE_FILLED, false, p[0]);
	polling = false;
	consumer_dies(SMI_HOOK_READ_COPIED, true, p[0]);    /* peek..release */
	consumer_dies(SMI_HOOK_READ_COPIED, false, p[0]);   /* inside sm_ring_read */
	consumer_dies(SMI_HOOK_READ_CLAIMED, false, p[0]);  /* claim not recorded */
	return T_EXIT_PASS;
}
