/* The run's limit as typed: a limit of seconds runs that long, however
 * long (4294968 s is 4294968000 ms, more than a guint holds: it ran for
 * 0.7 s). */
#include "rpcbench-test.h"

static const char *chan;

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_set_handler(view, SM_RPC_BUILTIN_ECHO, 0, NULL);
	rb_action(view, "rpc-bench.create-channel", chan);

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
	chan = t_name("rpclim");
	int rc = ui_run(body, NULL, 0, NULL);
	rb_cleanup(chan);
	return rc;
}
