/* Stop with consumers too slow to drain the ring in time: what is left
 * in the ring was not lost, it was not read.  The run must not come out
 * "verified" with those messages counted lost (it did: a consumer at
 * 3 messages/s was told to stop after 0.3 s without progress, and every
 * message still in the ring was reported lost). */
#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-runner.h"

static sm_ring *ring;

static gboolean backlog(gpointer data)
{
	struct sm_ring_snapshot snap;
	return sm_ring_snapshot(ring, &snap, NULL, 0) == 0 && snap.occupancy >= 100;
}

static gboolean stopped(gpointer data)
{
	return !sm_traffic_runner_is_running(data);
}

int main(void)
{
	rt_init();
	const char *name = t_name("trundrained");
	CHECK_EQ(sm_ring_create(&ring, name, 512, 64, NULL), 0);
	SmTrafficConfig config = { .producers = 1, .consumers = 1, .size = 48, .rate = 1000,
				   .consumer_rate = 3 };
	SmTrafficRunner *runner = rt_traffic_run(name, &config);
	CHECK(ui_wait(backlog, NULL, 8000));
	sm_traffic_runner_finish(runner);
	CHECK(ui_wait(stopped, runner, 10000));

	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(ring, &snap, NULL, 0), 0);
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(runner, &t);
	fprintf(stderr, "left in the ring %u; verified %d, received %llu, lost %llu\n",
		snap.occupancy, t.verified, (unsigned long long)t.received,
		(unsigned long long)t.lost);
	CHECK(snap.occupancy > 0); /* the consumer could not drain it */
	CHECK(!t.verified);
	CHECK(sm_traffic_runner_get_failure(runner) == NULL);
	g_object_unref(runner);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
