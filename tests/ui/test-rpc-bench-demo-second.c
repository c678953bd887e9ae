/* Two `sharedmem-workbench --demo` on one machine: the first one's demo
 * caller is the demo channel's one client, and the second workbench
 * cannot ask it to step aside, so its Start Run fails.  It said only
 * "cannot connect to …: another client is connected to it"; it now says
 * who: the other workbench (its pid) and its demo's caller, and what to
 * do.  Screenshot: rpc-bench-demo-second. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rpcbench-test.h"
#include "sharedmem.h"

static char *chan;

static gboolean has_client(gpointer name)
{
	sm_rpc_monitor *m;
	if (sm_rpc_open_monitor(&m, name, 0) < 0)
		return FALSE;
	struct sm_rpc_stats st;
	gboolean yes = sm_rpc_stats_read(m, &st) == 0 && st.client_pid && st.client_alive;
	sm_rpc_monitor_close(m);
	return yes;
}

static pid_t first;

static void kill_first(void)
{
	if (first > 0)
		kill(first, SIGTERM);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_select_channel(win, chan);
	CHECK(!sm_application_owns(app, chan)); /* the first workbench's */
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 100, 2000); /* 100 calls */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	const char *error = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "status '%s', error '%s'\n", sm_rpc_bench_view_get_status(view),
		error ? error : "");
	ui_iterate(200);
	ui_screenshot(GTK_WIDGET(win), "rpc-bench-demo-second");
	CHECK(error != NULL);
	g_autofree char *pid = g_strdup_printf("pid %d", (int)first);
	CHECK(strstr(error, "another workbench") != NULL);
	CHECK(strstr(error, pid) != NULL);
	CHECK(strstr(error, "demo") != NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	char suffix[32];
	g_snprintf(suffix, sizeof suffix, "t%d", (int)getpid());
	g_autofree char *name = g_strdup_printf("demo-rpc-%s", suffix);
	t_remove_at_exit(name);
	const char *exe = g_getenv("SM_WORKBENCH");
	CHECK(exe != NULL);
	fflush(NULL);
	first = fork();
	CHECK(first >= 0);
	if (first == 0) {
		execl(exe, exe, "--demo", "--demo-suffix", suffix, (char *)NULL);
		_exit(127);
	}
	atexit(kill_first);
	int i;
	for (i = 0; i < 500 && !has_client(name); i++)
		t_sleep_ms(20);
	CHECK(i < 500);
	int rc = rb_run_demo(body, &chan);
	kill_first();
	t_wait(first);
	first = 0;
	return rc;
}
