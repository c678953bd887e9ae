/* A server elsewhere answers with an error whose text is not valid UTF-8
 * and holds control characters (anyone may run a server): the run's error
 * line shows it as `sharedmem` does (sm_shown_text(): "\xff", "\x1b"),
 * valid text for a GTK label and for the runs' JSON, never the raw bytes
 * (GTK refuses them: the line stayed empty, with a pango warning). */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "rpcbench-test.h"

#define BAD_TEXT "bad \xff\xfe text \x1b[2J end"

static const char *chan;

static int refuse(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	return sm_rpc_reply_error(reply, -EIO, "%s", BAD_TEXT);
}

static int serve(void *name)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed CHECK exits the test */
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.handler = refuse;
	sm_rpc *rpc;
	if (sm_rpc_create(&rpc, name, &opts) < 0)
		return 1;
	for (;;)
		pause(); /* until killed */
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmRpcBenchView *view = rb_select_channel(win, chan);
	sm_rpc_bench_view_set_traffic(view, 8, 1, 0, 1, 3, 2000);
	rb_action(view, "rpc-bench.start-run", NULL);
	CHECK(rb_wait_run(view, 8000));
	SmRpcLoadCounts c;
	rb_counts(view, &c);
	CHECK_EQ(c.failed[SM_RPC_FAIL_HANDLER], 3);
	const char *err = sm_rpc_bench_view_get_error(view);
	fprintf(stderr, "error line: '%s'\n", err ? err : "(none)");
	CHECK(err && g_utf8_validate(err, -1, NULL));
	CHECK(strstr(err, "bad \\xff\\xfe text \\x1b[2J end") != NULL);

	GListModel *runs = sm_rpc_runs_get_model(sm_rpc_bench_view_get_runs(view));
	g_autoptr(SmRpcRun) run = g_list_model_get_item(runs, 0);
	CHECK(g_utf8_validate(sm_rpc_run_get_data(run)->last_error, -1, NULL));
	return T_EXIT_PASS;
}

int main(void)
{
	chan = t_name("rpctext");
	pid_t server = t_fork(serve, (void *)chan);
	for (int i = 0; i < 500; i++) {
		sm_rpc_monitor *mon;
		if (sm_rpc_open_monitor(&mon, chan, 0) == 0) {
			sm_rpc_monitor_close(mon);
			break;
		}
		t_sleep_ms(10);
	}
	int rc = ui_run(body, NULL, 0, NULL);
	kill(server, SIGKILL);
	t_wait(server);
	rb_cleanup(chan);
	return rc;
}
