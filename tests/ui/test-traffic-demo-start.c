/* The Traffic page of `sharedmem-workbench --demo`'s ring shows the
 * demo's traffic; Start there started a second run on the same ring while
 * the demo's went on, so the two runs' consumers took each other's
 * messages and the page counted messages lost that were not (5432 of
 * 6632).  Start now replaces the run shown: one run per ring.
 * Screenshot: traffic-demo-start. */
#include <string.h>
#include <unistd.h>

#include "sharedmem.h"
#include "sm-traffic-panel.h"
#include "uitest.h"

static char *ring;

static gboolean received(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received > 2000;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmTrafficPanel *tp = SM_TRAFFIC_PANEL(ui_show_view_of(win, ring, "traffic"));
	sm_traffic_panel_configure(tp, 1, 1, 64, 1000);
	ui_widget_action(GTK_WIDGET(tp), "traffic.start", NULL);
	CHECK(ui_wait(received, tp, 10000));
	ui_iterate(1000);
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(tp), &t);
	GtkLabel *status = GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(tp), SM_TYPE_TRAFFIC_PANEL,
								    "status_label"));
	fprintf(stderr, "status '%s'; received %llu, lost %llu, children %s\n", gtk_label_get_label(status),
		(unsigned long long)t.received, (unsigned long long)t.lost,
		sm_traffic_panel_get_figure_text(tp, "children"));
	ui_iterate(200);
	ui_screenshot(GTK_WIDGET(win), "traffic-demo-start");
	CHECK_EQ(t.lost, 0);
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run_demo(body, "traffic-demo-start", &ring);
}
