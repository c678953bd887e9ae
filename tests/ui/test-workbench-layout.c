/* The window keeps its default size whatever page is shown: the RPC bench
 * and Teaching Mode fit (they used to widen the window and squeeze the
 * browser; then the RPC bench scrolled sideways, now it stacks what does
 * not fit side by side), and a broken ring's reason in Picture and
 * Monitor can be read (it wraps; its tooltip holds the whole text). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sm-ring-monitor.h"
#include "sm-ring-picture.h"
#include "sm-rpc-bench-view.h"
#include "uitest.h"

static char ring_name[64], broken_name[64], chan[64];

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static int default_width;

static void check_size(SmWindow *win, const char *what)
{
	ui_iterate(300);
	int w = gtk_widget_get_width(GTK_WIDGET(win));
	int browser = gtk_widget_get_width(GTK_WIDGET(sm_window_get_browser(win)));
	fprintf(stderr, "%s: window %d (default %d), browser %d\n", what, w, default_width, browser);
	CHECK(w <= default_width);
	CHECK(browser >= 400);
}

static gboolean run_over(gpointer view)
{
	return !sm_rpc_bench_view_is_running(view);
}

/* The RPC bench fits beside the browser: its page has nothing to scroll
 * sideways to (its columns and cells stack instead). */
static void check_fits(GtkWidget *view, const char *what)
{
	ui_iterate(300);
	GtkWidget *scroller = gtk_widget_get_first_child(view);
	CHECK(GTK_IS_SCROLLED_WINDOW(scroller));
	GtkAdjustment *h = gtk_scrolled_window_get_hadjustment(GTK_SCROLLED_WINDOW(scroller));
	fprintf(stderr, "%s: content %.0f px wide, %.0f px shown\n", what, gtk_adjustment_get_upper(h),
		gtk_adjustment_get_page_size(h));
	CHECK(gtk_adjustment_get_upper(h) <= gtk_adjustment_get_page_size(h));
}

/* The status label shows the whole reason: wrapped onto lines, not cut
 * (its tooltip holds it too). */
static void check_reason(GtkWidget *view, GType type, const char *screenshot)
{
	GtkLabel *label = GTK_LABEL(gtk_widget_get_template_child(view, type, "status_label"));
	const char *text = gtk_label_get_label(label);
	ui_screenshot(GTK_WIDGET(gtk_widget_get_root(view)), screenshot);
	fprintf(stderr, "%s: %s\n", screenshot, text);
	CHECK(strstr(text, "Cannot watch") != NULL);
	CHECK(g_strcmp0(gtk_widget_get_tooltip_text(GTK_WIDGET(label)), text) == 0);
	PangoLayout *layout = gtk_label_get_layout(label);
	CHECK(!pango_layout_is_ellipsized(layout));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_iterate(300);
	int default_height;
	gtk_window_get_default_size(GTK_WINDOW(win), &default_width, &default_height);
	check_size(win, "start");

	/* RPC bench. */
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_action_group_activate_action(G_ACTION_GROUP(app), "create-segment",
				       g_variant_new("(ss@a{sv})", chan, "rpc", g_variant_dict_end(&d)));
	CHECK(ui_wait(listed, chan, 3000));
	CHECK(sm_window_select_segment(win, chan));
	ui_action(win, "win.show-view", "rpc");
	check_size(win, "rpc");
	GtkWidget *rpc = sm_window_get_view(win, "rpc");
	check_fits(rpc, "rpc");
	ui_screenshot(GTK_WIDGET(win), "workbench-layout-rpc");
	/* A run's counts (the statistics' many digits) fit as well. */
	ui_widget_action(rpc, "rpc-bench.start-server", NULL);
	sm_rpc_bench_view_set_traffic(SM_RPC_BENCH_VIEW(rpc), 64, 2, 0, 1, 20000, 2000);
	ui_widget_action(rpc, "rpc-bench.start-run", NULL);
	CHECK(sm_rpc_bench_view_get_load(SM_RPC_BENCH_VIEW(rpc)) != NULL);
	CHECK(ui_wait(run_over, rpc, 20000));
	check_size(win, "rpc run");
	check_fits(rpc, "rpc run");
	GtkWidget *content = gtk_scrolled_window_get_child(GTK_SCROLLED_WINDOW(gtk_widget_get_first_child(rpc)));
	ui_screenshot(gtk_widget_get_first_child(content), "workbench-layout-rpc-run");

	/* Teaching Mode. */
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, ring_name, 16, 64, NULL), 0);
	sm_segment_store_refresh(sm_application_get_store(app));
	CHECK(sm_window_select_segment(win, ring_name));
	ui_action(win, "win.show-view", "picture");
	GtkWidget *picture = sm_window_get_view(win, "picture");
	ui_widget_action(picture, "picture.teach", NULL);
	check_size(win, "teaching");
	ui_screenshot(GTK_WIDGET(win), "workbench-layout-teaching");
	ui_widget_action(picture, "picture.teach", NULL);
	ui_iterate(300); /* the picture without the step log, as a user would next see it */

	/* A broken ring: a sound header, its ring parameters zeroed. */
	sm_ring *broken;
	CHECK_EQ(sm_ring_create(&broken, broken_name, 64, 256, NULL), 0);
	g_autofree char *path = g_strdup_printf("/dev/shm/sm.%s", broken_name);
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	static const char zeros[16];
	CHECK_EQ(pwrite(fd, zeros, sizeof zeros, G_STRUCT_OFFSET(struct sm_header, params)), 16);
	close(fd);
	sm_segment_store_refresh(sm_application_get_store(app));
	CHECK(sm_window_select_segment(win, broken_name));
	ui_iterate(300);
	check_size(win, "broken picture");
	check_reason(picture, SM_TYPE_RING_PICTURE, "workbench-layout-broken-picture");
	ui_action(win, "win.show-view", "monitor");
	check_size(win, "broken monitor");
	check_reason(sm_window_get_view(win, "monitor"), SM_TYPE_RING_MONITOR, "workbench-layout-broken-monitor");

	sm_ring_close(ring);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(ring_name, t_name("layout-ring"), sizeof ring_name);
	g_strlcpy(broken_name, t_name("layout-broken-ring-with-a-long-name"), sizeof broken_name);
	g_strlcpy(chan, t_name("layout-rpc"), sizeof chan);
	return ui_run(body, NULL, 0, NULL);
}
