/* Two consumers, one of them killed: the survivor, started as one of
 * several, still counts no gaps (each consumer sees only part of each
 * sequence), so the view must not show its "Lost: 0" as a count; lost
 * messages are counted at Stop, as with several consumers running.  (It
 * showed "0" once only one consumer ran.) */
#include <signal.h>
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

static gboolean flowing(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received >= 200 && t.consumers == 2;
}

static gboolean one_consumer(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.consumers == 1;
}

int main(void)
{
	rt_init();
	const char *name = t_name("trcgone");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 256, 64, NULL), 0);
	SmTrafficPanel *p = SM_TRAFFIC_PANEL(sm_traffic_panel_new());
	GtkWidget *win = rt_window(GTK_WIDGET(p), 700, 520);
	g_object_set(p, "segment-name", name, NULL);
	sm_traffic_panel_configure(p, 1, 2, 48, 2000);
	rt_action(GTK_WIDGET(p), "traffic.start");
	CHECK(ui_wait(flowing, p, 8000));
	const char *several = "counted at Stop (several consumers)";
	CHECK(strcmp(sm_traffic_panel_get_figure_text(p, "lost"), several) == 0);

	pid_t consumer = rt_consumer_pid(sm_traffic_panel_get_runner(p));
	CHECK(consumer > 0);
	CHECK_EQ(kill(consumer, SIGKILL), 0);
	CHECK(ui_wait(one_consumer, p, 3000));
	ui_iterate(300); /* a few progress lines from the survivor */
	fprintf(stderr, "lost: %s\n", sm_traffic_panel_get_figure_text(p, "lost"));
	CHECK(strcmp(sm_traffic_panel_get_figure_text(p, "lost"), several) == 0);
	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
