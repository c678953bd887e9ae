/* `sharedmem-workbench --demo`, RPC page, Start Run on the demo channel:
 * the demo's own caller held the channel's one client slot, so every run
 * failed ("The run could not start.", "another client is connected to
 * it").  The demo's caller now steps aside for the run and comes back
 * when it is over, so the page shows a run, then demo traffic again. */
#include "rpcbench-test.h"

static char *chan;
static guint64 calls_after_run;

static gboolean demo_calls_again(gpointer view)
{
	return rb_channel_calls(chan) > calls_after_run + 5;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_select_channel(win, chan);
	CHECK(sm_application_owns(app, chan));
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 300, 2000); /* 300 calls */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	fprintf(stderr, "run: connect %d, %llu ok; status '%s', error '%s'\n", c.connect_status,
		(unsigned long long)c.ok, sm_rpc_bench_view_get_status(view),
		sm_rpc_bench_view_get_error(view) ? sm_rpc_bench_view_get_error(view) : "");
	CHECK_EQ(c.connect_status, 0);
	CHECK_EQ(c.ok, 300);
	CHECK(g_str_has_prefix(sm_rpc_bench_view_get_status(view), "Finished: 300 calls"));
	CHECK_EQ(g_list_model_get_n_items(sm_rpc_runs_get_model(sm_rpc_bench_view_get_runs(view))), 1);
	ui_iterate(500); /* the page's cross-fade */
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-demo-run");

	/* The demo's caller is back. */
	calls_after_run = rb_channel_calls(chan);
	CHECK(ui_wait(demo_calls_again, view, 8000));
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_demo(body, &chan);
}
