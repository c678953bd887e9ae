/* The server (another process, answering like `sharedmem rpc serve`) is
 * killed with SIGKILL in the middle of a run: the calls fail as "peer
 * gone" (not as timeouts: the call timeout is longer than the wait here),
 * the run ends by itself, the UI says why, and the main loop kept
 * iterating the whole time.  Screenshot: rpc-bench-peer-gone. */
#include <signal.h>
#include <string.h>

#include "rpcbench-test.h"

static const char *chan;
static pid_t server;
static guint ticks;

static gboolean count_tick(gpointer data)
{
	ticks++;
	return G_SOURCE_CONTINUE;
}

static gboolean some_calls(gpointer view)
{
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	return c.ok >= 200 || c.finished;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_select_channel(win, chan);
	sm_rpc_bench_view_refresh(view);

	/* Two callers until stopped, each call allowed 20 s. */
	sm_rpc_bench_view_set_traffic(view, 64, 2, 0, 2, 0, 20000);
	guint timer = g_timeout_add(10, count_tick, NULL);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(ui_wait(some_calls, view, 8000));
	ui_iterate(1000); /* the plot gets samples; the loop runs beside the callers */
	CHECK(ticks >= 5);
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK_EQ(c.connect_status, 0);
	CHECK(c.running);
	CHECK_EQ(c.failed[SM_RPC_FAIL_WRONG], 0); /* the echo method answered right */

	guint before_kill = ticks;
	kill(server, SIGKILL);
	CHECK_EQ(t_wait(server), 128 + SIGKILL);
	server = 0;
	/* Well under the 20 s call timeout. */
	CHECK(rb_wait_run(view, 6000));
	ui_iterate(100);
	g_source_remove(timer);
	rb_counts(view, &c);
	CHECK(c.failed[SM_RPC_FAIL_PEER_GONE] >= 1);
	CHECK_EQ(c.failed[SM_RPC_FAIL_TIMEOUT], 0);
	CHECK(ticks > before_kill); /* the UI thread never blocked on the calls */
	const char *err = sm_rpc_bench_view_get_error(view);
	CHECK(err && strstr(err, "peer gone"));
	fprintf(stderr, "%u main-loop ticks, %u after the kill; error shown: %s\n", ticks,
		ticks - before_kill, err);

	/* The run is kept with its failures. */
	GListModel *model = sm_rpc_runs_get_model(sm_rpc_bench_view_get_runs(view));
	CHECK_EQ(g_list_model_get_n_items(model), 1);
	g_autoptr(SmRpcRun) run = g_list_model_get_item(model, 0);
	CHECK(sm_rpc_run_get_data(run)->peer_gone >= 1);
	CHECK(strstr(sm_rpc_run_get_data(run)->server, "external"));
	ui_iterate(300); /* the channel status catches up */
	ui_screenshot(GTK_WIDGET(view), "rpc-bench-peer-gone");

	/* The dead server's channel is replaced by one served here. */
	rb_action(view, "rpc-bench.start-server", NULL);
	const char *e = sm_rpc_bench_view_get_error(view);
	CHECK(!e || !strstr(e, "Cannot")); /* at most the last run's reason */
	CHECK(sm_application_owns(app, chan));
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 100, 5000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	rb_counts(view, &c);
	CHECK_EQ(c.ok, 100);
	return T_EXIT_PASS;
}

int main(void)
{
	chan = t_name("rpcpg");
	return rb_run_with_server(chan, &server, body);
}
