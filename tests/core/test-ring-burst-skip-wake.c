/* test-ring-burst-skip-wake.c — a burst read that passes only abandoned
 * nodes frees them, then waits for a message: the producer asleep on the
 * full ring must be woken by those frees, not by its own periodic
 * re-check (up to a second later) or its deadline. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 4
#define SIZE  8
/* Well under the producer's one-second re-check, with slack for a
 * loaded machine. */
#define LATEST_MS 500

static sm_ring *ring;

static void *writer(void *arg)
{
	(void)arg;
	uint64_t v = 42;
	CHECK_EQ(sm_ring_write(ring, &v, sizeof v, 5000), 0);
	return NULL;
}

int main(void)
{
	const char *name = t_name("ring-burst-skip-wake");
	CHECK_EQ(sm_ring_create(&ring, name, NODES, SIZE, &t_ring_opts), 0);
	for (int i = 0; i < NODES; i++) { /* full of abandoned nodes */
		struct sm_ring_slot s;
		CHECK_EQ(sm_ring_reserve(ring, &s, 0), 0);
		sm_ring_abandon(ring, &s);
	}
	pthread_t t;
	CHECK(pthread_create(&t, NULL, writer, NULL) == 0);
	while (atomic_load(&ring->ctl->writers_asleep) == 0)
		sched_yield();
	t_sleep_ms(50); /* past its re-check: asleep on the futex */

	uint8_t buf[NODES * SIZE];
	uint32_t lens[NODES];
	uint64_t start = t_now_ms();
	CHECK_EQ(sm_ring_read_burst(ring, buf, SIZE, lens, NODES, 5000), 1);
	uint64_t took = t_now_ms() - start;
	CHECK(pthread_join(t, NULL) == 0);
	CHECK_EQ(lens[0], SIZE);
	if (took > LATEST_MS) {
		fprintf(stderr, "the message came after %llu ms\n", (unsigned long long)took);
		return T_EXIT_FAIL;
	}
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
