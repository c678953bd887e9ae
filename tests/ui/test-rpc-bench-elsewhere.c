/* One run at a time: while a run goes on channel A, the page of channel
 * B cannot start one (Start Run is off) but can stop A's (Stop Run is
 * on).  Its status line says so, naming A, instead of "No run yet.",
 * which left both buttons unexplained. */
#include <string.h>

#include "rpcbench-test.h"

static int body(SmRpcBenchView *view, const char *chan)
{
	sm_rpc_bench_view_set_traffic(view, 16, 1, 100, 2, 0, 1000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(sm_rpc_bench_view_is_running(view));

	g_autofree char *other = g_strdup_printf("%s-b", chan);
	rb_action(view, "rpc-bench.create-channel", other);
	CHECK(g_strcmp0(sm_rpc_bench_view_get_segment_name(view), other) == 0);
	ui_iterate(100);
	const char *status = sm_rpc_bench_view_get_status(view);
	fprintf(stderr, "status on the other channel: '%s'\n", status);
	CHECK(strstr(status, chan) != NULL);

	rb_action(view, "rpc-bench.stop-run", NULL);
	CHECK(rb_wait_run(view, 5000));
	status = sm_rpc_bench_view_get_status(view);
	fprintf(stderr, "after the stop: '%s'\n", status);
	CHECK(strcmp(status, "No run yet.") == 0);
	rb_cleanup(other);
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpcelse", body);
}
