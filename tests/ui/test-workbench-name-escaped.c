/* A name no segment can have (a foreign file's in /dev/shm: anyone may
 * put a control byte in it) reaches the error lines that name it
 * escaped and quoted, as sm_format_name() shows it in the list: the
 * traffic page's "Cannot start traffic on X" and the RPC page's "Cannot
 * serve X", "Cannot create channel X" and a run's "cannot connect to X"
 * showed the raw byte (and only some quoted the name).
 * Screenshot: workbench-name-escaped. */
#include <string.h>

#include "rpcbench-test.h"
#include "sharedmem.h"
#include "sm-rpc-load.h"
#include "sm-segment-item.h"
#include "sm-traffic-panel.h"

static char bad_name[80];

/* `text` names bad_name as the list shows it, in quotes, and holds no
 * control byte. */
static void expect_named(const char *step, const char *text)
{
	g_autofree char *shown = sm_format_name(bad_name);
	g_autofree char *quoted = g_strdup_printf("“%s”", shown);
	gboolean raw = FALSE;
	for (const char *p = text ? text : ""; *p; p++)
		raw |= (unsigned char)*p < 0x20;
	if (!text || raw || !strstr(text, quoted)) {
		g_autofree char *seen = sm_format_text(text ? text : "(none)");
		fprintf(stderr, "%s: “%s” (escaped here), expected it to name %s\n", step, seen, quoted);
		exit(T_EXIT_FAIL);
	}
}

static const char *traffic_status(GtkWidget *panel)
{
	GObject *label = gtk_widget_get_template_child(panel, SM_TYPE_TRAFFIC_PANEL, "status_label");
	CHECK(GTK_IS_LABEL(label));
	return gtk_label_get_label(GTK_LABEL(label));
}

static void check_traffic_page(void)
{
	GtkWidget *panel = sm_traffic_panel_new();
	GtkWidget *win = gtk_window_new();
	gtk_window_set_child(GTK_WINDOW(win), panel);
	gtk_window_present(GTK_WINDOW(win));
	sm_traffic_panel_set_segment_name(SM_TRAFFIC_PANEL(panel), bad_name);
	ui_widget_action(panel, "traffic.start", NULL);
	ui_iterate(100);
	expect_named("traffic start", traffic_status(panel));
	gtk_window_destroy(GTK_WINDOW(win));
}

static void check_rpc_run(void)
{
	SmRpcLoadSettings s = {
		.channel = bad_name, .payload = 64, .callers = 1, .timeout_ms = 1000,
		.form = SM_RPC_REQUEST_RAW, .expect = -1,
	};
	SmRpcLoad *load = sm_rpc_load_start(&s, NULL, NULL);
	SmRpcLoadCounts c;
	sm_rpc_load_counts(load, &c);
	for (int i = 0; i < 500 && !c.finished; i++) {
		ui_iterate(10);
		sm_rpc_load_counts(load, &c);
	}
	CHECK(c.finished);
	expect_named("rpc run", c.last_error_text);
	ui_iterate(100); /* the runner's reference */
	sm_rpc_load_unref(load);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	check_traffic_page();
	check_rpc_run();

	SmRpcBenchView *view = rb_show_view(win);
	sm_rpc_bench_view_set_segment_name(view, bad_name);
	sm_rpc_bench_view_refresh(view);
	rb_action(view, "rpc-bench.start-server", NULL);
	expect_named("serve", sm_rpc_bench_view_get_error(view));
	rb_action(view, "rpc-bench.create-channel", bad_name);
	expect_named("create channel", sm_rpc_bench_view_get_error(view));
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(win), "workbench-name-escaped");
	return T_EXIT_PASS;
}

static void remove_bad_name(void)
{
	t_remove_file(bad_name);
}

int main(void)
{
	g_snprintf(bad_name, sizeof bad_name, "%s-\x01", t_name("nameesc"));
	t_write_file(bad_name, "not a segment", 13);
	atexit(remove_bad_name); /* a failed check exits */
	return ui_run(body, NULL, 0, NULL);
}
