/* test-ring-threads.c — producers and consumers as threads of one process
 * (so the TSan build sees every access): two producers share one handle,
 * two have their own; consumers likewise.  Every message verified. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "../testlib.h"
#include "ring-sync.h"
#include "sharedmem.h"

#define PRODUCERS 4
#define CONSUMERS 4
#define PER       3000
#define SIZE      48

static sm_ring *shared_w, *shared_r;
static sm_ring *own_w[PRODUCERS], *own_r[CONSUMERS]; /* opened before any thread runs */
static const char *ring_name;
static _Atomic uint8_t seen[PRODUCERS][PER];
static _Atomic int failures;

static void *producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	sm_ring *r = id >= 2 ? own_w[id] : shared_w;
	for (uint64_t s = 0; s < PER; s++) {
		if (s % 2) {
			struct sm_ring_slot slot;
			CHECK_EQ(sm_ring_reserve(r, &slot, -1), 0);
			sm_traffic_fill(slot.data, SIZE, s);
			sm_traffic_stamp(slot.data, SIZE, id, s, SM_TRAFFIC_FULL);
			CHECK_EQ(sm_ring_commit(r, &slot, SIZE), 0);
		} else {
			uint8_t buf[SIZE];
			sm_traffic_fill(buf, SIZE, s);
			sm_traffic_stamp(buf, SIZE, id, s, SM_TRAFFIC_FULL);
			CHECK_EQ(sm_ring_write(r, buf, SIZE, -1), 0);
		}
	}
	if (r != shared_w)
		sm_ring_close(r);
	return NULL;
}

static void *consumer(void *arg)
{
	uintptr_t id = (uintptr_t)arg;
	sm_ring *r = id >= 2 ? own_r[id] : shared_r;
	sm_traffic_verifier *v = sm_traffic_verifier_new(PRODUCERS, SM_TRAFFIC_FULL | SM_TRAFFIC_SHARED);
	for (;;) {
		uint8_t buf[SIZE];
		ssize_t n = sm_ring_read(r, buf, sizeof buf, -1);
		if (n == -SM_ESHUTDOWN)
			break;
		CHECK_EQ(n, SIZE);
		if (sm_traffic_verify(v, buf, SIZE) != SM_TRAFFIC_OK) {
			failures++;
			continue;
		}
		uint32_t p;
		uint64_t s;
		sm_traffic_peek(buf, SIZE, &p, &s);
		seen[p][s]++;
	}
	sm_traffic_verifier_free(v);
	if (r != shared_r)
		sm_ring_close(r);
	return NULL;
}

int main(void)
{
	sm_ring *owner;
	ring_name = t_name("ring-threads");
	CHECK_EQ(sm_ring_create(&owner, ring_name, 8, SIZE, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&shared_w, ring_name, 0), 0);
	CHECK_EQ(sm_ring_open(&shared_r, ring_name, 0), 0);
	for (int i = 2; i < PRODUCERS; i++)
		CHECK_EQ(sm_ring_open(&own_w[i], ring_name, 0), 0);
	for (int i = 2; i < CONSUMERS; i++)
		CHECK_EQ(sm_ring_open(&own_r[i], ring_name, 0), 0);
	pthread_t p[PRODUCERS], c[CONSUMERS];
	for (uintptr_t i = 0; i < CONSUMERS; i++)
		CHECK(pthread_create(&c[i], NULL, consumer, (void *)i) == 0);
	for (uintptr_t i = 0; i < PRODUCERS; i++)
		CHECK(pthread_create(&p[i], NULL, producer, (void *)i) == 0);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	/* Shut down through the owner; the other handles stay mapped. */
	sm_ring_close(owner);
	for (int i = 0; i < CONSUMERS; i++)
		pthread_join(c[i], NULL);
	CHECK_EQ(failures, 0);
	for (int i = 0; i < PRODUCERS; i++)
		for (int s = 0; s < PER; s++)
			CHECK_EQ(seen[i][s], 1);
	sm_ring_close(shared_w);
	sm_ring_close(shared_r);
	return T_EXIT_PASS;
}
