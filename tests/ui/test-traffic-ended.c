/* A run whose children all stop by themselves (the ring's owner shuts the
 * ring down: producers stop, consumers drain it and stop) is over: the
 * runner no longer says it runs, the view no longer says "Traffic on",
 * Stop is disabled, and every message is accounted for across consumers.
 * (The run stayed "running" with no child left, Stop enabled.) */
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

static gboolean received_some(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received >= 200;
}

static gboolean stopped(gpointer data)
{
	return !sm_traffic_runner_is_running(sm_traffic_panel_get_runner(data));
}

static const char *status_text(SmTrafficPanel *p)
{
	GObject *label = gtk_widget_get_template_child(GTK_WIDGET(p), SM_TYPE_TRAFFIC_PANEL,
						       "status_label");
	return gtk_label_get_label(GTK_LABEL(label));
}

int main(void)
{
	rt_init();
	const char *name = t_name("trended");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 256, 64, NULL), 0);
	SmTrafficPanel *p = SM_TRAFFIC_PANEL(sm_traffic_panel_new());
	GtkWidget *win = rt_window(GTK_WIDGET(p), 700, 520);
	g_object_set(p, "segment-name", name, NULL);
	sm_traffic_panel_configure(p, 2, 2, 48, 2000);
	rt_action(GTK_WIDGET(p), "traffic.start");
	CHECK(ui_wait(received_some, p, 8000));

	sm_ring_close(ring); /* the owner: shut down, then the name removed */
	CHECK(ui_wait(stopped, p, 8000));
	SmTrafficRunner *runner = sm_traffic_panel_get_runner(p);
	CHECK(sm_traffic_runner_get_failure(runner) == NULL);
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(runner, &t);
	fprintf(stderr, "ended: %s\n", status_text(p));
	CHECK(t.verified && t.received >= 200);
	CHECK_EQ(t.lost + t.duplicated + t.reordered + t.corrupted, 0);
	CHECK(strstr(status_text(p), "every message accounted for") != NULL);
	CHECK(strcmp(sm_traffic_panel_get_figure_text(p, "children"), "none") == 0);
	CHECK(!ui_try_widget_action(GTK_WIDGET(p), "traffic.stop", NULL) ||
	      !sm_traffic_runner_is_finishing(runner));
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
