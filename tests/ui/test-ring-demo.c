/* `sharedmem-workbench --demo` (what ./run.sh starts): the demo ring has
 * traffic, its monitor plots move and its picture changes; screenshots of
 * the whole window on each page.  Quitting stops the demo's children. */
#include <signal.h>
#include <string.h>

#include "sharedmem.h"
#include "sm-demo.h"
#include "sm-ring-monitor.h"
#include "sm-ring-picture.h"
#include "sm-traffic-panel.h"
#include "uitest.h"

static gboolean plots_move(gpointer data)
{
	SmSampleSeries *s = sm_ring_monitor_get_series(data);
	guint moving = 0;
	for (guint i = 0; i < sm_sample_series_get_n_samples(s); i++)
		moving += sm_sample_series_get(s, i)->messages_per_s > 0;
	return moving >= 5;
}

static guint64 picture_hash(SmRingDial *dial)
{
	guint64 h = sm_ring_dial_get_n_nodes(dial);
	for (guint i = 0; i < sm_ring_dial_get_n_nodes(dial); i++)
		h = h * 31 + sm_ring_dial_get_state(dial, i);
	return h;
}

static guint64 first_hash;

static gboolean picture_moves(gpointer data)
{
	SmRingDial *dial = sm_ring_picture_get_dial(data);
	return sm_ring_dial_get_n_nodes(dial) > 0 && picture_hash(dial) != first_hash;
}

static gboolean demo_traffic_shown(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received > 0 && t.messages_per_s > 0;
}

static char *ring; /* the demo ring's name */

static int body(SmApplication *app, SmWindow *win, void *data)
{
	struct sm_segment_info info;
	if (sm_segment_stat(ring, &info) < 0) {
		/* The shell's segment factory cannot create rings before it has
		 * merged the ring part. */
		fprintf(stderr, "no demo ring (the workbench cannot create rings yet): skipped\n");
		return T_EXIT_SKIP;
	}
	CHECK(sm_window_select_segment(win, ring));
	CHECK(sm_window_show_view(win, "monitor"));
	GtkWidget *monitor = sm_window_get_view(win, "monitor");
	CHECK(monitor != NULL && SM_IS_RING_MONITOR(monitor));
	CHECK(ui_wait(plots_move, monitor, 8000));
	ui_screenshot(GTK_WIDGET(win), "ringui-demo-monitor");

	CHECK(sm_window_show_view(win, "picture"));
	GtkWidget *picture = sm_window_get_view(win, "picture");
	CHECK(picture != NULL && SM_IS_RING_PICTURE(picture));
	ui_iterate(500); /* the page transition */
	first_hash = picture_hash(sm_ring_picture_get_dial(SM_RING_PICTURE(picture)));
	CHECK(ui_wait(picture_moves, picture, 8000));
	ui_screenshot(GTK_WIDGET(win), "ringui-demo-picture");
	/* The ring's name reads on one line at the default size (it was
	 * broken mid-number beside the occupancy and the buttons). */
	GtkLabel *name = GTK_LABEL(gtk_widget_get_template_child(picture, SM_TYPE_RING_PICTURE,
								 "status_label"));
	CHECK(strstr(gtk_label_get_label(name), "demo-ring") != NULL);
	CHECK_EQ(pango_layout_get_line_count(gtk_label_get_layout(name)), 1);

	/* The traffic page shows the demo's own traffic, verified. */
	CHECK(sm_window_show_view(win, "traffic"));
	GtkWidget *traffic = sm_window_get_view(win, "traffic");
	CHECK(traffic != NULL && SM_IS_TRAFFIC_PANEL(traffic));
	CHECK(ui_wait(demo_traffic_shown, traffic, 5000));
	SmTrafficPanel *tp = SM_TRAFFIC_PANEL(traffic);
	CHECK(strcmp(sm_traffic_panel_get_figure_text(tp, "children"), "2 producers, 1 consumer") == 0);
	CHECK(strcmp(sm_traffic_panel_get_figure_text(tp, "lost"), "0") == 0);
	CHECK(strcmp(sm_traffic_panel_get_figure_text(tp, "corrupted"), "0") == 0);
	ui_iterate(500); /* the page transition */
	ui_screenshot(GTK_WIDGET(win), "ringui-demo-traffic");
	return T_EXIT_PASS;
}

int main(int argc, char **argv)
{
	/* Our own names (parallel runs never share the demo), removed at exit
	 * even when a CHECK fails before the workbench quits. */
	const char *suffix = t_name("ringdemo");
	ring = sm_demo_name(SM_DEMO_RING, suffix);
	g_autofree char *rpc = sm_demo_name(SM_DEMO_RPC, suffix);
	t_remove_at_exit(ring);
	t_remove_at_exit(rpc);
	const char *args[] = { "sharedmem-workbench", "--demo", "--demo-suffix", suffix, NULL };
	int rc = ui_run(body, NULL, 4, args);
	g_free(ring);
	return rc;
}
