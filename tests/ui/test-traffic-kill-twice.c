/* "Kill a producer" twice in a row kills two producers: the second went
 * to the first one again, still marked running until its exit was
 * reaped, and one producer fewer died than asked. */
#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-runner.h"

static guint want_producers;

static gboolean flowing(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(data, &t);
	return t.received >= 100 && t.producers == 3;
}

static gboolean producers_are(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(data, &t);
	return t.producers == want_producers;
}

int main(void)
{
	rt_init();
	const char *name = t_name("trkill2");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 256, 64, NULL), 0);
	SmTrafficConfig config = { .producers = 3, .consumers = 1, .size = 48, .rate = 500 };
	SmTrafficRunner *runner = rt_traffic_run(name, &config);
	CHECK(ui_wait(flowing, runner, 8000));

	CHECK(sm_traffic_runner_kill_producer(runner));
	CHECK(sm_traffic_runner_kill_producer(runner));
	want_producers = 1;
	CHECK(ui_wait(producers_are, runner, 3000));
	ui_iterate(300); /* no third death comes late */
	CHECK(producers_are(runner));
	CHECK(sm_traffic_runner_get_failure(runner) == NULL);

	CHECK(sm_traffic_runner_kill_producer(runner));
	CHECK(!sm_traffic_runner_kill_producer(runner)); /* none left to kill */
	want_producers = 0;
	CHECK(ui_wait(producers_are, runner, 3000));
	sm_traffic_runner_stop(runner);
	g_object_unref(runner);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
