/* A run is over (its callers joined) a moment before its end reaches the
 * page on the main loop.  Another channel chosen in that moment (as when
 * `sharedmem rm` takes the run's channel out of the list), or Start Run
 * pressed again, let go of the run unrecorded: it never reached the runs
 * table, and the demo's caller, paused for it, never came back.  Seen as
 * rpc-bench-removed failing on a loaded machine with one run listed of two.
 * Now every run started goes into the table, and the demo's caller comes
 * back after the last run on its channel (not into the next one's slot). */
#include <unistd.h>

#include "rpcbench-test.h"
#include "sm-demo.h"

static char *chan;
static guint64 calls_after_runs;

/* Wait until the view's run is over without turning the main loop, so
 * that its end is still on its way to the page. */
static void wait_over_unreported(SmRpcBenchView *view)
{
	SmRpcLoadCounts c;
	for (int ms = 0; ms < 8000; ms++) {
		rb_counts(view, &c);
		if (c.finished)
			return;
		g_usleep(1000);
	}
	CHECK(!"the run is over within 8 s");
}

static guint n_runs(SmRpcBenchView *view)
{
	return g_list_model_get_n_items(sm_rpc_runs_get_model(sm_rpc_bench_view_get_runs(view)));
}

static gboolean demo_calls_again(gpointer view)
{
	return rb_channel_calls(chan) > calls_after_runs + 5;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	g_autofree char *suffix = g_strdup_printf("t%d", (int)getpid());
	g_autofree char *ring = sm_demo_name(SM_DEMO_RING, suffix);
	SmRpcBenchView *view = rb_select_channel(win, chan);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1 /* count */, 300, 2000);

	/* Another channel chosen as the run ends. */
	rb_action(view, "rpc-bench.start-run", NULL);
	wait_over_unreported(view);
	CHECK(sm_window_select_segment(win, ring));
	ui_iterate(100);
	CHECK_EQ(n_runs(view), 1);

	/* Start Run again as the run ends: the second run has the channel's
	 * client slot to itself, the demo's caller waiting for its end. */
	view = rb_select_channel(win, chan);
	rb_action(view, "rpc-bench.start-run", NULL);
	wait_over_unreported(view);
	sm_rpc_bench_view_refresh(view); /* the page's timer: Start Run is on again */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	fprintf(stderr, "last run: connect %d, %llu ok, error '%s'\n", c.connect_status, (unsigned long long)c.ok,
		c.last_error_text);
	CHECK_EQ(c.ok, 300);
	CHECK_EQ(n_runs(view), 3);

	/* The demo's caller is back. */
	calls_after_runs = rb_channel_calls(chan);
	CHECK(ui_wait(demo_calls_again, view, 8000));
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_demo(body, &chan);
}
