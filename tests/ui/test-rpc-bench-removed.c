/* An RPC channel removed from a terminal (`sharedmem rm NAME`) under the
 * running workbench:
 *   - served elsewhere (`sharedmem rpc serve`) while a run calls it: the
 *     run stops and says the channel was removed (it went on for good,
 *     out of sight once the list dropped the channel, and kept the server
 *     answering an orphan); the server, left with no client, exits;
 *   - served by the workbench itself: the workbench lets go of it (it
 *     served the orphan until it quit), and a segment made later under
 *     that name is not taken for its own: removing it removes it.
 * Screenshot: rpc-bench-removed, the channel made again in the workbench
 * with the stopped run's reason. */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "rpcbench-test.h"

static char chan[64], own[64];
static pid_t server;

static void die_with_parent(gpointer data)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* `sharedmem ARGS...`, waited for when `wait`; its pid otherwise. */
static GPid cli(const char *const *args, gboolean wait)
{
	const char *argv[16] = { g_getenv("SM_CLI"), "-q" };
	int n = 2;
	for (int i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	GPid pid;
	CHECK(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
			    &pid, NULL));
	if (wait) {
		CHECK_EQ(t_wait(pid), 0);
		return 0;
	}
	return pid;
}

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static gboolean run_over(gpointer view)
{
	return !sm_rpc_bench_view_is_running(view);
}

/* The run's client has connected: its callers have started. */
static gboolean run_connected(gpointer view)
{
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	return c.elapsed_ns > 0;
}

static gboolean server_exited(gpointer status)
{
	int st;
	if (waitpid(server, &st, WNOHANG) != server)
		return FALSE;
	*(int *)status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	server = 0;
	return TRUE;
}

/* Made by the terminal's ring, not still the list's stale entry. */
static gboolean is_ring(gpointer name)
{
	struct sm_segment_info info;
	return listed(name) && sm_segment_stat(name, &info) == 0 && info.kind == SM_KIND_RING;
}

static gboolean not_owned(gpointer name)
{
	return !sm_application_owns(SM_APPLICATION(g_application_get_default()), name);
}

static gboolean two_runs_listed(gpointer view)
{
	return g_list_model_get_n_items(sm_rpc_runs_get_model(sm_rpc_bench_view_get_runs(view))) == 2;
}

static gboolean some_calls(gpointer view)
{
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	return c.ok >= 100 || c.finished;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	/* ---- served elsewhere, a run going on ---- */
	ui_action(win, "win.refresh", NULL);
	CHECK(ui_wait(listed, chan, 3000));
	CHECK(sm_window_select_segment(win, chan));
	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 2000, 2 /* until stopped */, 0, 2000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(ui_wait(some_calls, view, 5000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK(c.running);

	const char *rm[] = { "rm", chan, NULL };
	cli(rm, TRUE);
	CHECK(ui_wait(run_over, view, 5000)); /* went on for good */
	rb_counts(view, &c);
	fprintf(stderr, "run stopped after %" G_GUINT64_FORMAT " calls: %s\n", c.ok, c.last_error_text);
	CHECK(strstr(c.last_error_text, "was removed") != NULL);
	int status = -1;
	CHECK(ui_wait(server_exited, &status, 5000)); /* no client left: it exits */
	CHECK_EQ(status, 1);

	/* ---- served here ---- */
	sm_rpc_bench_view_set_handler(view, SM_RPC_BUILTIN_SLEEP, 8000000, NULL); /* 8 s */
	rb_action(view, "rpc-bench.create-channel", own);
	CHECK(ui_wait(listed, own, 3000));
	CHECK(sm_application_owns(app, own));
	/* A call held in the built-in "sleep" handler does not hold up letting
	 * go of it (closing a channel waits for its handlers). */
	view = rb_show_view(win);
	CHECK(g_strcmp0(sm_rpc_bench_view_get_segment_name(view), own) == 0);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1 /* count */, 1, 20000);
	rb_action(view, "rpc-bench.start-run", NULL);
	/* Connected (a run that could not connect is not listed in the runs),
	 * then the call is in the handler. */
	CHECK(ui_wait(run_connected, view, 5000));
	ui_iterate(300);
	gint64 t0 = g_get_monotonic_time();
	const char *rm_own[] = { "rm", own, NULL };
	cli(rm_own, TRUE);
	CHECK(ui_wait(not_owned, own, 4000)); /* it served the orphan for good */
	gint64 took_ms = (g_get_monotonic_time() - t0) / 1000;
	fprintf(stderr, "let go of the removed channel %" G_GINT64_FORMAT " ms after rm\n", took_ms);
	CHECK(took_ms < 3000);
	CHECK(ui_wait(run_over, view, 5000));
	/* Its end reaches the runs table on the main loop, a moment later. */
	CHECK(ui_wait(two_runs_listed, view, 5000));
	/* A ring made from a terminal under that name is not the workbench's. */
	const char *ring[] = { "create", "ring", own, "--nodes", "4", "--node-size", "64", "--hold", NULL };
	GPid holder = cli(ring, FALSE);
	CHECK(ui_wait(is_ring, own, 3000));
	CHECK(!sm_application_owns(app, own));
	g_autofree char *error = NULL;
	CHECK_EQ(sm_application_remove_segment(app, own, &error), 0);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(own, &info), -ENOENT); /* removed, not just "closed" */
	kill(holder, SIGINT);
	t_wait(holder);

	/* Starting again: the first channel made here; the runs list keeps
	 * the stopped run with its reason. */
	sm_rpc_bench_view_set_handler(view, SM_RPC_BUILTIN_ECHO, 0, NULL);
	rb_action(view, "rpc-bench.create-channel", chan);
	CHECK(ui_wait(listed, chan, 3000));
	CHECK(g_strcmp0(sm_rpc_bench_view_get_segment_name(view), chan) == 0);
	GListModel *runs = sm_rpc_runs_get_model(sm_rpc_bench_view_get_runs(view));
	CHECK_EQ(g_list_model_get_n_items(runs), 2); /* and the one the sleep held */
	g_autoptr(SmRpcRun) run = g_list_model_get_item(runs, 0);
	CHECK(strstr(sm_rpc_run_get_data(run)->last_error, "was removed") != NULL);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1 /* count */, 500, 2000);
	view = rb_show_view(win); /* the page went away with the channel */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 5000));
	rb_counts(view, &c);
	CHECK_EQ(c.ok, 500);
	rb_show_view(win);
	ui_iterate(300);
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-removed");
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(chan, t_name("rpcrm"), sizeof chan);
	g_strlcpy(own, t_name("rpcrm-own"), sizeof own);
	int rc = rb_run_with_server(chan, &server, body);
	rb_cleanup(own);
	return rc;
}
