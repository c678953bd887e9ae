/* A handler change in the middle of a run (Start Server again with
 * another handler, which re-attaches it at once): the run went on
 * checking every response against the handler it started with, so a
 * switch from echo to add made 1199 of 1500 right answers 'wrong
 * responses', and the run's summary, named "in-app echo", mixed the two
 * handlers' latencies.  Start Server is now off while a run on the
 * channel goes on, and on again after it.
 * Screenshot: rpc-bench-handler-switch. */
#include <string.h>

#include "rpcbench-test.h"

static gboolean some_ok(gpointer view)
{
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	return c.ok >= 300;
}

static int body(SmRpcBenchView *view, const char *chan)
{
	sm_rpc_bench_view_set_traffic(view, 64, 1, 500, 1, 1500, 2000); /* 3 s */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(ui_wait(some_ok, view, 8000));
	sm_rpc_bench_view_set_handler(view, SM_RPC_BUILTIN_ADD, 0, NULL);
	CHECK(!ui_try_widget_action(GTK_WIDGET(view), "rpc-bench.start-server", NULL)); /* off during a run */
	CHECK_EQ(g_atomic_int_get(&sm_rpc_builtin_for(chan)->kind), SM_RPC_BUILTIN_ECHO);
	ui_iterate(200);
	ui_screenshot(GTK_WIDGET(view), "rpc-bench-handler-switch");
	CHECK(rb_wait_run(view, 10000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	const char *error = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "calls %llu, ok %llu, wrong %llu, handler errors %llu; status '%s', error '%s'\n",
		(unsigned long long)c.calls, (unsigned long long)c.ok,
		(unsigned long long)c.failed[SM_RPC_FAIL_WRONG],
		(unsigned long long)c.failed[SM_RPC_FAIL_HANDLER], sm_rpc_bench_view_get_status(view),
		error ? error : "");
	CHECK_EQ(c.failed[SM_RPC_FAIL_WRONG], 0);
	CHECK_EQ(c.ok, 1500);
	/* After the run, the new handler serves. */
	rb_action(view, "rpc-bench.start-server", NULL);
	CHECK_EQ(g_atomic_int_get(&sm_rpc_builtin_for(chan)->kind), SM_RPC_BUILTIN_ADD);
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpcswitch", body);
}
