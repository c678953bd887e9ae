/* test-ring-deadline.c — a timeout is a total deadline for the whole call
 * (ring.h): a reader that passes an abandoned node while it waits keeps
 * the deadline it started with instead of waiting timeout_ms again. */
#include <errno.h>
#include <pthread.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define TIMEOUT_MS 600
#define ABANDON_MS 400
/* The deadline plus generous slack for a loaded machine; a call that
 * restarts its wait after the abandoned node returns near 1000 ms. */
#define LATEST_MS  (TIMEOUT_MS + 250)

static sm_ring *ring;

/* Reserve a node and give it up while the reader waits. */
static void *abandon_later(void *arg)
{
	(void)arg;
	t_sleep_ms(ABANDON_MS);
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_reserve(ring, &s, 0), 0);
	sm_ring_abandon(ring, &s);
	return NULL;
}

enum call { READ, PEEK, READ_BURST };

static void check_deadline(enum call which)
{
	char buf[64];
	uint32_t lens[4];
	struct sm_ring_slot slot;
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, abandon_later, NULL), 0);
	uint64_t t0 = t_now_ms();
	long rc = which == READ ? (long)sm_ring_read(ring, buf, sizeof buf, TIMEOUT_MS)
		: which == PEEK ? sm_ring_peek(ring, &slot, TIMEOUT_MS)
				: sm_ring_read_burst(ring, buf, 64, lens, 4, TIMEOUT_MS);
	uint64_t took = t_now_ms() - t0;
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ(rc, -ETIMEDOUT);
	if (took < TIMEOUT_MS - 10 || took > LATEST_MS) {
		fprintf(stderr, "call %d: timeout %d ms returned after %llu ms\n", (int)which,
			TIMEOUT_MS, (unsigned long long)took);
		exit(T_EXIT_FAIL);
	}
}

int main(void)
{
	CHECK_EQ(sm_ring_create(&ring, t_name("ring-deadline"), 4, 64, &t_ring_opts), 0);
	check_deadline(READ);
	check_deadline(PEEK);
	check_deadline(READ_BURST);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
