/* rpcbench-test.c — see rpcbench-test.h. */
#include "rpcbench-test.h"
#include "sm-demo.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

SmRpcBenchView *rb_show_view(SmWindow *win)
{
	GtkWidget *view = sm_window_get_view(win, "rpc");
	CHECK(view && SM_IS_RPC_BENCH_VIEW(view));
	sm_window_show_view(win, "rpc");
	ui_iterate(50);
	return SM_RPC_BENCH_VIEW(view);
}

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

SmRpcBenchView *rb_select_channel(SmWindow *win, const char *name)
{
	ui_action(win, "win.refresh", NULL);
	CHECK(ui_wait(listed, (gpointer)name, 3000));
	CHECK(sm_window_select_segment(win, name));
	SmRpcBenchView *view = rb_show_view(win);
	CHECK(g_strcmp0(sm_rpc_bench_view_get_segment_name(view), name) == 0);
	return view;
}

void rb_action(SmRpcBenchView *view, const char *action, const char *string_param)
{
	ui_widget_action(GTK_WIDGET(view), action, string_param);
}

static gboolean run_over(gpointer view)
{
	return !sm_rpc_bench_view_is_running(view);
}

gboolean rb_wait_run(SmRpcBenchView *view, int timeout_ms)
{
	gboolean ok = ui_wait(run_over, view, timeout_ms);
	ui_iterate(50); /* the done callback and a refresh */
	return ok;
}

void rb_counts(SmRpcBenchView *view, SmRpcLoadCounts *c)
{
	SmRpcLoad *load = sm_rpc_bench_view_get_load(view);
	CHECK(load != NULL);
	sm_rpc_load_counts(load, c);
}

guint64 rb_channel_calls(const char *name)
{
	sm_rpc_monitor *mon;
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_open_monitor(&mon, name, 0), 0);
	CHECK_EQ(sm_rpc_stats_read(mon, &st), 0);
	sm_rpc_monitor_close(mon);
	return st.client.calls_completed;
}

static int echo_method(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	if (req->len < 5 || memcmp(req->data, "echo", 5) != 0)
		return sm_rpc_reply_error(reply, -EOPNOTSUPP, "not an echo request");
	return sm_rpc_reply_set(reply, (const char *)req->data + 5, req->len - 5);
}

static int serve(void *name)
{
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.handler = echo_method;
	sm_rpc *rpc;
	int r = sm_rpc_create(&rpc, name, &opts);
	if (r < 0) {
		fprintf(stderr, "server: %s\n", sm_strerror(r));
		return 1;
	}
	for (;;)
		pause(); /* until killed */
}

/* `sharedmem rpc serve NAME`, the server a user runs elsewhere. */
static int exec_cli(void *name)
{
	const char *cli = g_getenv("SM_CLI");
	execl(cli, cli, "rpc", "serve", (const char *)name, (char *)NULL);
	perror(cli);
	return 127;
}

static gboolean cli_serves(void)
{
	const char *cli = g_getenv("SM_CLI");
	if (!cli || access(cli, X_OK) != 0)
		return FALSE;
	g_autofree char *cmd = g_strdup_printf("'%s' rpc serve --help >/dev/null 2>&1", cli);
	return system(cmd) == 0;
}

pid_t rb_fork_server(const char *name)
{
	gboolean cli = cli_serves();
	fprintf(stderr, "server: %s\n", cli ? "sharedmem rpc serve" : "a forked process");
	pid_t pid = t_fork(cli ? exec_cli : serve, (void *)name);
	for (int i = 0; i < 500; i++) {
		sm_rpc_monitor *mon;
		if (sm_rpc_open_monitor(&mon, name, 0) == 0) {
			sm_rpc_monitor_close(mon);
			return pid;
		}
		t_sleep_ms(10);
	}
	fprintf(stderr, "the server did not create %s\n", name);
	exit(T_EXIT_FAIL);
}

void rb_cleanup(const char *name)
{
	char ring[64];
	sm_segment_unlink(name, true);
	g_snprintf(ring, sizeof ring, "%s.c2s", name);
	sm_segment_unlink(ring, true);
	g_snprintf(ring, sizeof ring, "%s.s2c", name);
	sm_segment_unlink(ring, true);
}

int rb_run_with_server(const char *name, pid_t *server,
		       int (*body)(SmApplication *app, SmWindow *win, void *data))
{
	*server = rb_fork_server(name);
	int rc = ui_run(body, NULL, 0, NULL);
	if (*server) {
		kill(*server, SIGKILL);
		t_wait(*server);
	}
	rb_cleanup(name);
	return rc;
}

typedef struct {
	const char *name;
	int (*body)(SmRpcBenchView *view, const char *name);
} NewChannel;

static int on_new_channel(SmApplication *app, SmWindow *win, void *data)
{
	NewChannel *nc = data;
	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_set_handler(view, SM_RPC_BUILTIN_ECHO, 0, NULL);
	rb_action(view, "rpc-bench.create-channel", nc->name);
	CHECK(sm_application_owns(app, nc->name));
	return nc->body(view, nc->name);
}

int rb_run_on_new_channel(const char *tag, int (*body)(SmRpcBenchView *view, const char *name))
{
	NewChannel nc = { t_name(tag), body };
	int rc = ui_run(on_new_channel, &nc, 0, NULL);
	rb_cleanup(nc.name);
	return rc;
}

int rb_run_demo(int (*body)(SmApplication *app, SmWindow *win, void *data), char **chan)
{
	char suffix[32];
	g_snprintf(suffix, sizeof suffix, "t%d", (int)getpid());
	*chan = sm_demo_name(SM_DEMO_RPC, suffix);
	t_remove_at_exit(*chan);
	g_autofree char *demo_ring = sm_demo_name(SM_DEMO_RING, suffix);
	t_remove_at_exit(demo_ring);
	const char *argv[] = { "sharedmem-workbench", "--demo", "--demo-suffix", suffix, NULL };
	int rc = ui_run(body, NULL, 4, argv);
	rb_cleanup(*chan);
	sm_segment_unlink(demo_ring, true);
	g_clear_pointer(chan, g_free);
	return rc;
}

const char *rb_summary_cell(SmRpcBenchView *view, const char *title)
{
	GtkWidget *box = GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_RPC_BENCH_VIEW,
								   "summary_box"));
	for (GtkWidget *flow = gtk_widget_get_first_child(box); flow; flow = gtk_widget_get_next_sibling(flow))
		for (GtkWidget *fc = gtk_widget_get_first_child(flow); fc; fc = gtk_widget_get_next_sibling(fc)) {
			GtkWidget *grid = gtk_widget_get_first_child(fc);
			GtkWidget *head = grid ? gtk_widget_get_first_child(grid) : NULL;
			GtkWidget *value = head ? gtk_widget_get_next_sibling(head) : NULL;
			if (value && strcmp(gtk_label_get_text(GTK_LABEL(head)), title) == 0)
				return gtk_label_get_text(GTK_LABEL(value));
		}
	fprintf(stderr, "no summary cell '%s'\n", title);
	exit(T_EXIT_FAIL);
}

static struct {
	SmRpcBenchView *view;
	guint64 want;
} calls_wait;

/* Some sample of the rate plot shows calls.  (Not the last one: a loaded
 * machine can hold the demo's slow caller back for a whole sample.) */
static gboolean plot_shows_calls(SmRpcRatePlot *plot)
{
	for (guint i = 0; i < sm_rpc_rate_plot_get_n_samples(plot); i++)
		if (sm_rpc_rate_plot_get_sample(plot, i) > 0)
			return TRUE;
	return FALSE;
}

static gboolean calls_came(gpointer data)
{
	struct sm_rpc_stats now;
	SmRpcBenchView *view = calls_wait.view;
	SmRpcRatePlot *plot = sm_rpc_bench_view_get_rate_plot(view);
	sm_rpc_bench_view_refresh(view);
	return sm_rpc_bench_view_get_channel_stats(view, &now) && now.client.calls_completed >= calls_wait.want &&
	       sm_rpc_rate_plot_get_n_samples(plot) >= 3 && plot_shows_calls(plot);
}

gboolean rb_wait_channel_calls(SmRpcBenchView *view, guint64 calls, int timeout_ms)
{
	calls_wait.view = view;
	calls_wait.want = calls;
	return ui_wait(calls_came, NULL, timeout_ms);
}
