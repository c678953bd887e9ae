/* sm-demo-ring.c — owned by ringui (issue 7): keeps the demo ring busy
 * with the traffic generator's child processes (see sm-demo.h): two
 * producers whose rate swings between 0 and 4000 messages/s over 8 s, and
 * one consumer that reads 4000 messages/s at most, so the ring fills up
 * and drains again: moving plots and a moving ring picture. */
#include "sm-demo.h"

#include "sm-traffic-runner.h"

#define RUNNER_KEY "sm-demo-ring-runner"

void sm_demo_start_ring_traffic(SmApplication *app, const char *name)
{
	SmTrafficRunner *runner = sm_traffic_runner_new();
	SmTrafficConfig config = {
		.producers = 2,
		.consumers = 1,
		.size = 200,
		.rate = 2000,
		.consumer_rate = 4000,
		.wave = TRUE,
	};
	GError *error = NULL;
	if (!sm_traffic_runner_start(runner, name, &config, &error)) {
		g_warning("demo: no traffic on %s: %s", name, error->message);
		g_error_free(error);
		g_object_unref(runner);
		return;
	}
	g_object_set_data_full(G_OBJECT(app), RUNNER_KEY, runner, g_object_unref);
}

void sm_demo_stop_ring_traffic(SmApplication *app)
{
	SmTrafficRunner *runner = g_object_get_data(G_OBJECT(app), RUNNER_KEY);
	if (runner)
		sm_traffic_runner_stop(runner);
	g_object_set_data(G_OBJECT(app), RUNNER_KEY, NULL);
}
