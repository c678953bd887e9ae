/* The run's limit as typed: a limit of seconds runs that long, however
 * long (4294968 s is 4294968000 ms, more than a guint holds: it ran for
 * 0.7 s); a limit of no time or no calls (0 s, 0.4 calls) is refused,
 * saying why, not taken as no limit (the run went on until stopped). */
#include <string.h>

#include "rpcbench-test.h"

/* Start a run limited to `value` seconds (limit 0) or calls (1): refused. */
static void check_refused(SmRpcBenchView *view, guint limit, double value)
{
	sm_rpc_bench_view_set_traffic(view, 16, 1, 0, limit, value, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	const char *err = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "%g %s: running %d, error '%s'\n", value, limit ? "calls" : "s",
		sm_rpc_bench_view_is_running(view), err ? err : "");
	if (sm_rpc_bench_view_is_running(view)) {
		rb_action(view, "rpc-bench.stop-run", NULL);
		rb_wait_run(view, 5000);
		exit(T_EXIT_FAIL);
	}
	CHECK(err && strstr(err, "limit"));
}

static int body(SmRpcBenchView *view, const char *chan)
{
	check_refused(view, 0, 0);
	check_refused(view, 1, 0);
	check_refused(view, 1, 0.4);
	CHECK(sm_rpc_bench_view_get_load(view) == NULL);

	/* 4294968 seconds, 10 calls/s: still running 1.5 s later. */
	sm_rpc_bench_view_set_traffic(view, 16, 1, 10, 0, 4294968, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(sm_rpc_bench_view_is_running(view));
	ui_iterate(1500);
	CHECK(sm_rpc_bench_view_is_running(view));
	rb_action(view, "rpc-bench.stop-run", NULL);
	CHECK(rb_wait_run(view, 5000));
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpclim", body);
}
