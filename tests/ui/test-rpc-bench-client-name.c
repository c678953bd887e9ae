/* A run refused because another process holds the channel's one client
 * slot names that process by its command name, escaped as the list
 * escapes it: anyone may name a process (prctl(PR_SET_NAME)), control
 * bytes too.  The error line held the raw bytes (an escape sequence, a
 * line break).  Screenshot: rpc-bench-client-name. */
#include <string.h>
#include <sys/prctl.h>

#include "rpcbench-test.h"
#include "sharedmem.h"

static int body(SmRpcBenchView *view, const char *chan)
{
	/* This process is the client in the way (its main thread's name is
	 * the process's /proc/PID/comm). */
	CHECK_EQ(prctl(PR_SET_NAME, "ev\x1b[2Jil\nname"), 0);
	sm_rpc *client;
	CHECK_EQ(sm_rpc_connect(&client, chan, NULL), 0);
	sm_rpc_bench_view_set_traffic(view, 64, 1, 0, 1, 10, 2000); /* 10 calls */
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	const char *error = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "error '%s'\n", error ? error : "");
	ui_iterate(200);
	ui_screenshot(gtk_widget_get_ancestor(GTK_WIDGET(view), GTK_TYPE_WINDOW), "rpc-bench-client-name");
	CHECK(error && strstr(error, "another client, ev\\x1b[2Jil\\x0aname (pid "));
	CHECK(!strchr(error, '\x1b') && !strchr(error, '\n'));
	sm_rpc_close(client);
	return T_EXIT_PASS;
}

int main(void)
{
	return rb_run_on_new_channel("rpccomm", body);
}
