/* test-ring-recover.c — sm_ring_recover(), the sweep a monitor or a
 * teacher calls: a process is stopped inside a claim by the ring's test
 * hook and SIGKILLed there; the sweep must leave it alone while it lives,
 * then reclaim its node (a producer's becomes abandoned, a consumer's is
 * freed and its message counted lost) before anyone reads or writes past
 * it, and nothing else may change.  Unrecorded claims, single-role rings
 * and bad handles are left alone or refused. */
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

#define NODES 4
#define SIZE  64

static const char *ring_name;
static int pipe_rd;

static void fill(uint8_t *buf, uint8_t v)
{
	memset(buf, v, SIZE);
}

static int victim_producer(void *arg)
{
	(void)arg;
	sm_ring *r;
	uint8_t buf[SIZE];
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	fill(buf, 0xee);
	sm_ring_write(r, buf, SIZE, 5000);
	return 4; /* never reached */
}

static int victim_consumer(void *arg)
{
	(void)arg;
	sm_ring *r;
	uint8_t buf[SIZE];
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	smi_ring_test_hook = victim_stop_here;
	sm_ring_read(r, buf, SIZE, 5000);
	return 4; /* never reached */
}

static uint8_t node_state(sm_ring *r, uint32_t i, struct sm_ring_snapshot *s)
{
	uint8_t st[NODES];
	CHECK_EQ(sm_ring_snapshot(r, s, st, NODES), 0);
	return st[i];
}

static sm_ring *new_ring(const char *tag)
{
	sm_ring *r;
	ring_name = t_name(tag);
	CHECK_EQ(sm_ring_create(&r, ring_name, NODES, SIZE, &t_ring_opts), 0);
	return r;
}

/* Start victim `fn`, stopped at its first pass through `point` (alive). */
static pid_t park_victim(int (*fn)(void *), enum smi_ring_hook_point point)
{
	char c;
	victim_arm(point, 0);
	pid_t v = t_fork(fn, NULL);
	CHECK(read(pipe_rd, &c, 1) == 1);
	return v;
}

static void kill_victim(pid_t v)
{
	CHECK(kill(v, SIGKILL) == 0);
	CHECK_EQ(t_wait(v), 128 + SIGKILL);
}

/* Kill it and wait until it is a zombie, without reaping it: killed, its
 * parent not yet told, it holds nothing any more. */
static void kill_victim_unreaped(pid_t v)
{
	siginfo_t info;
	CHECK(kill(v, SIGKILL) == 0);
	CHECK(waitid(P_PID, (id_t)v, &info, WEXITED | WNOWAIT) == 0);
}

/* A producer dies between filling node 0 and committing it. */
static void dead_producer(void)
{
	struct sm_ring_snapshot s;
	uint8_t buf[SIZE];
	sm_ring *r = new_ring("ring-recover-w");
	pid_t v = park_victim(victim_producer, SMI_HOOK_WRITE_FILLED);
	CHECK_EQ(sm_ring_recover(r), 0); /* its holder lives */
	CHECK_EQ(node_state(r, 0, &s), SM_NODE_WRITING);
	kill_victim(v);
	CHECK_EQ(sm_ring_recover(r), 1);
	CHECK_EQ(node_state(r, 0, &s), SM_NODE_ABANDONED);
	CHECK_EQ(s.abandoned, 1);
	CHECK_EQ(s.messages_written, 0);
	CHECK_EQ(sm_ring_recover(r), 0); /* nothing left to do */
	/* Readers pass the abandoned node and get what follows it. */
	fill(buf, 0x11);
	CHECK_EQ(sm_ring_write(r, buf, SIZE, 0), 0);
	memset(buf, 0, SIZE);
	CHECK_EQ(sm_ring_read(r, buf, SIZE, 0), SIZE);
	CHECK_EQ(buf[0], 0x11);
	CHECK_EQ(sm_ring_read(r, buf, SIZE, 0), -ETIMEDOUT);
	CHECK_EQ(node_state(r, 0, &s), SM_NODE_FREE);
	CHECK_EQ(s.occupancy, 0);
	CHECK_EQ(s.abandoned, 1);
	CHECK_EQ(s.messages_read, 1);
	sm_ring_close(r);
}

/* A consumer dies between copying message 0 out and releasing its node;
 * its parent (this test) has not reaped it yet when the sweep runs. */
static void dead_consumer(void)
{
	struct sm_ring_snapshot s;
	uint8_t buf[SIZE];
	sm_ring *r = new_ring("ring-recover-r");
	for (uint8_t i = 0; i < 2; i++) {
		fill(buf, i);
		CHECK_EQ(sm_ring_write(r, buf, SIZE, 0), 0);
	}
	pid_t v = park_victim(victim_consumer, SMI_HOOK_READ_COPIED);
	CHECK_EQ(sm_ring_recover(r), 0);
	CHECK_EQ(node_state(r, 0, &s), SM_NODE_READING);
	kill_victim_unreaped(v);
	CHECK_EQ(sm_ring_recover(r), 1);
	CHECK_EQ(t_wait(v), 128 + SIGKILL);
	CHECK_EQ(node_state(r, 0, &s), SM_NODE_FREE);
	CHECK_EQ(s.lost, 1);
	CHECK_EQ(s.occupancy, 1); /* message 1 is still there */
	CHECK_EQ(sm_ring_read(r, buf, SIZE, 0), SIZE);
	CHECK_EQ(buf[0], 1);
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.messages_read + s.lost, s.messages_written);
	sm_ring_close(r);
}

/* A producer dies after winning node 0 but before recording itself: the
 * sweep cannot tell it from a live one that is about to, and leaves it to
 * the waiters' window. */
static void unrecorded_claim(void)
{
	struct sm_ring_snapshot s;
	uint8_t buf[SIZE];
	sm_ring *r = new_ring("ring-recover-u");
	kill_victim(park_victim(victim_producer, SMI_HOOK_WRITE_CLAIMED));
	CHECK_EQ(sm_ring_recover(r), 0);
	CHECK_EQ(node_state(r, 0, &s), SM_NODE_WRITING);
	fill(buf, 0x22);
	CHECK_EQ(sm_ring_write(r, buf, SIZE, 0), 0);
	CHECK_EQ(sm_ring_read(r, buf, SIZE, 5000), SIZE); /* a waiter gets past it */
	CHECK_EQ(buf[0], 0x22);
	sm_ring_close(r);
}

/* Live holders in this process, single-role rings, bad handles. */
static void left_alone(void)
{
	sm_ring *ro;
	struct sm_ring_slot slot;
	sm_ring *r = new_ring("ring-recover-l");
	CHECK_EQ(sm_ring_reserve(r, &slot, 0), 0);
	CHECK_EQ(sm_ring_recover(r), 0);
	CHECK_EQ(sm_ring_commit(r, &slot, 1), 0);
	CHECK_EQ(sm_ring_open(&ro, ring_name, SM_OPEN_READONLY), 0);
	CHECK_EQ(sm_ring_recover(ro), -EBADF);
	sm_ring_close(ro);
	sm_ring_close(r);
	CHECK_EQ(sm_ring_recover(NULL), -EINVAL);

	ring_name = t_name("ring-recover-s");
	CHECK_EQ(sm_ring_create_flags(&r, ring_name, NODES, SIZE,
				      SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_reserve(r, &slot, 0), 0);
	CHECK_EQ(sm_ring_recover(r), 0);
	CHECK_EQ(sm_ring_commit(r, &slot, 1), 0);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	victim_fd = p[1];
	pipe_rd = p[0];
	dead_producer();
	dead_consumer();
	unrecorded_claim();
	left_alone();
	return T_EXIT_PASS;
}
