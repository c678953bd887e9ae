/* Nodes smaller than the size field's old lower bound (24 bytes) but big
 * enough for a stamp: Start fits the message size to the nodes and the
 * field shows the size the producers use (it showed 24 while they sent
 * 20-byte messages). */
#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

static gboolean received_some(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received >= 50;
}

int main(void)
{
	rt_init();
	const char *name = t_name("trsmall");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 64, 20, NULL), 0);
	SmTrafficPanel *p = SM_TRAFFIC_PANEL(sm_traffic_panel_new());
	GtkWidget *win = rt_window(GTK_WIDGET(p), 700, 520);
	g_object_set(p, "segment-name", name, NULL);
	sm_traffic_panel_configure(p, 1, 1, 64, 1000);
	rt_action(GTK_WIDGET(p), "traffic.start");
	CHECK(ui_wait(received_some, p, 8000));
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(p), &t);
	CHECK_EQ(t.bytes, t.received * 20);
	CHECK_EQ(t.corrupted, 0);
	GObject *spin = gtk_widget_get_template_child(GTK_WIDGET(p), SM_TYPE_TRAFFIC_PANEL, "size_spin");
	fprintf(stderr, "size shown: %d\n", gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(spin)));
	CHECK_EQ(gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(spin)), 20);
	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
