/* test-ring-takeover-wake.c — a single producer SIGKILLed between
 * publishing a message and moving head (and waking readers) leaves a
 * reader asleep with a message to read.  The handle that takes the role
 * over moves head past that message (ring_roles.c): it must wake the
 * reader then, not leave it to its own periodic re-check (up to a second
 * later) or its deadline.  spsc readers watch head, spmc ones the node. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"
#include "ring-victim.h"

#define NODES 4
#define SIZE  8
/* Well under the reader's one-second re-check, with slack for a loaded
 * machine. */
#define LATEST_MS 500

static sm_ring *reader;

static void *read_one(void *arg)
{
	uint32_t v = 0;
	CHECK_EQ(sm_ring_read(reader, &v, sizeof v, 5000), sizeof v);
	CHECK_EQ(v, 7);
	*(uint64_t *)arg = t_now_ms();
	return NULL;
}

/* Publishes 7 through the parent's handle and stops before moving head. */
static int victim_producer(void *ring)
{
	uint32_t v = 7;
	smi_ring_test_hook = victim_stop_here;
	CHECK_EQ(sm_ring_write(ring, &v, sizeof v, 0), 0);
	return 4; /* never reached */
}

static void takeover_wakes(unsigned flags, int pipe_rd)
{
	sm_ring *r;
	const char *name = t_name("ring-takeover-wake");
	CHECK_EQ(sm_ring_create_flags(&r, name, NODES, SIZE, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&reader, name, 0), 0);
	uint64_t got_at = 0;
	pthread_t t;
	CHECK(pthread_create(&t, NULL, read_one, &got_at) == 0);
	while (atomic_load(&r->ctl->readers_asleep) == 0)
		sched_yield();
	t_sleep_ms(50); /* past its re-check: asleep on the futex */
	victim_arm(SMI_HOOK_WRITE_PUBLISHED, 0);
	victim_kill_when_stopped(t_fork(victim_producer, r), pipe_rd);

	uint64_t start = t_now_ms();
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_reserve(r, &s, 0), 0); /* takes the role over */
	CHECK(pthread_join(t, NULL) == 0);
	uint64_t took = got_at - start;
	if (took > LATEST_MS) {
		fprintf(stderr, "%s: the message came %llu ms after the takeover\n",
			sm_ring_mode_name(flags), (unsigned long long)took);
		exit(T_EXIT_FAIL);
	}
	sm_ring_abandon(r, &s);
	sm_ring_close(reader);
	sm_ring_close(r);
}

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	victim_fd = p[1];
	takeover_wakes(SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, p[0]);
	takeover_wakes(SM_RING_SINGLE_PRODUCER, p[0]);
	return T_EXIT_PASS;
}
