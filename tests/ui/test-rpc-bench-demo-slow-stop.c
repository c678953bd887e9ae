/* RPC page, Start Run on the channel the demo's caller uses, while that
 * caller is slow to let go: the workbench stopped it by polling with
 * g_usleep() on the main thread until it had closed its client, up to
 * 2 s in which the window froze (no frame drawn, no timeout fired).  The
 * run now waits for the demo's client off the main thread: Start Run
 * returns at once, the main loop keeps running, and the run still gets
 * the channel's one client slot once the demo's caller has let go.
 *
 * Slow, deterministically: the demo's caller is still connecting, in
 * sm_rpc_connect()'s wait of up to 2 s for a server to appear; the server
 * comes only after Start Run (then the caller connects, sees its stop and
 * closes). */
#include <signal.h>
#include <string.h>

#include "rpcbench-test.h"
#include "sm-demo.h"

static const char *chan;
static pid_t server;
static gint64 last_tick_us, longest_gap_us;
static guint ticks;

static gboolean tick(gpointer data)
{
	gint64 now = g_get_monotonic_time();
	if (last_tick_us)
		longest_gap_us = MAX(longest_gap_us, now - last_tick_us);
	last_tick_us = now;
	ticks++;
	return G_SOURCE_CONTINUE;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	sm_demo_start_rpc_traffic(app, chan); /* waits for a server: none yet */
	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_set_segment_name(view, chan);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 20, 3000); /* 20 calls */
	ui_iterate(500); /* the page's cross-fade */

	gint64 t0 = g_get_monotonic_time();
	rb_action(view, "rpc-bench.start-run", NULL);
	gint64 action_us = g_get_monotonic_time() - t0;
	/* The demo's caller is still connecting: the window goes on. */
	guint timer = g_timeout_add(10, tick, NULL);
	ui_iterate(300);
	g_source_remove(timer);
	fprintf(stderr, "while the demo's caller lets go: '%s'\n", sm_rpc_bench_view_get_status(view));
	CHECK(strcmp(sm_rpc_bench_view_get_status(view), "Connecting…") == 0);
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-demo-slow-stop");
	server = rb_fork_server(chan);
	gboolean over = rb_wait_run(view, 10000);
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	fprintf(stderr, "Start Run took %lld ms; %u ticks of 10 ms in the next 300 ms, the longest gap "
		"%lld ms; run: connect %d, %llu ok, error '%s'\n", (long long)action_us / 1000, ticks,
		(long long)longest_gap_us / 1000, c.connect_status, (unsigned long long)c.ok,
		sm_rpc_bench_view_get_error(view) ? sm_rpc_bench_view_get_error(view) : "");
	CHECK(over);
	CHECK(action_us < 200000);
	/* A frozen window misses every tick; a busy CI machine (this test runs
	 * beside others on two cores) delays some by up to ~120 ms. */
	CHECK(ticks >= 5 && longest_gap_us < 250000);
	/* The demo's client was gone before the run connected. */
	CHECK_EQ(c.connect_status, 0);
	CHECK_EQ(c.ok, 20);
	sm_demo_stop_rpc_traffic(app);
	return T_EXIT_PASS;
}

int main(void)
{
	chan = t_name("demo-slow");
	int rc = ui_run(body, NULL, 0, NULL);
	if (server) {
		kill(server, SIGKILL);
		t_wait(server);
	}
	rb_cleanup(chan);
	return rc;
}
