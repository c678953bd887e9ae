/* The run's limit as typed: a limit of seconds runs that long, however
 * long (4294968 s is 4294968000 ms, more than a guint holds: it ran for
 * 0.7 s). */
#include "rpcbench-test.h"

static int body(SmRpcBenchView *view, const char *chan)
{
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
