/* A single-producer or single-consumer ring takes one process in that
 * role at a time: the traffic page offers no more than one there, so a
 * Start with the settings shown runs whole (it let you ask for two of
 * each on an SPSC ring; the second producer and consumer failed at once
 * with a long "in use: held by another live process" cut off in the status
 * line, and "Lost" said "counted at Stop (several consumers)").  A ring of
 * the default mode still takes several. */
#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

static gboolean received_some(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received >= 50;
}

static int spin_value(SmTrafficPanel *p, const char *id)
{
	GObject *spin = gtk_widget_get_template_child(GTK_WIDGET(p), SM_TYPE_TRAFFIC_PANEL, id);
	return gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(spin));
}

/* Ask `p` for two producers and two consumers; the spin buttons' values. */
static void ask_two_each(SmTrafficPanel *p, int *producers, int *consumers)
{
	sm_traffic_panel_configure(p, 2, 2, 32, 500);
	*producers = spin_value(p, "producers_spin");
	*consumers = spin_value(p, "consumers_spin");
}

/* Start with what the page shows, run a moment: no child fails. */
static void run_whole(SmTrafficPanel *p, const char *children)
{
	rt_action(GTK_WIDGET(p), "traffic.start");
	CHECK(ui_wait(received_some, p, 8000));
	ui_iterate(500); /* a second consumer of an SPSC ring fails at once */
	const char *failure = sm_traffic_runner_get_failure(sm_traffic_panel_get_runner(p));
	if (failure)
		fprintf(stderr, "a child failed: %s\n", failure);
	CHECK(failure == NULL);
	const char *shown = sm_traffic_panel_get_figure_text(p, "children");
	if (g_strcmp0(shown, children) != 0)
		fprintf(stderr, "running: %s, not %s\n", shown, children);
	CHECK(g_strcmp0(shown, children) == 0);
	sm_traffic_runner_stop(sm_traffic_panel_get_runner(p));
}

int main(void)
{
	rt_init();
	const char *spsc = t_name("trspsc");
	g_autofree char *spmc = g_strdup_printf("%s-spmc", spsc);
	g_autofree char *mpmc = g_strdup_printf("%s-mpmc", spsc);
	t_remove_at_exit(spsc); /* also when a check fails */
	t_remove_at_exit(spmc);
	t_remove_at_exit(mpmc);
	sm_ring *rings[3];
	CHECK_EQ(sm_ring_create_flags(&rings[0], spsc, 64, 64,
				      SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, NULL), 0);
	CHECK_EQ(sm_ring_create_flags(&rings[1], spmc, 64, 64, SM_RING_SINGLE_PRODUCER, NULL), 0);
	CHECK_EQ(sm_ring_create(&rings[2], mpmc, 64, 64, NULL), 0);
	GtkWidget *win;
	SmTrafficPanel *p = rt_traffic_window(spsc, 700, 520, &win);
	int producers, consumers;

	ask_two_each(p, &producers, &consumers);
	CHECK_EQ(producers, 1);
	CHECK_EQ(consumers, 1);
	ui_iterate(100);
	ui_screenshot(win, "traffic-single-roles");
	run_whole(p, "1 producer, 1 consumer");

	g_object_set(p, "segment-name", spmc, NULL);
	ask_two_each(p, &producers, &consumers);
	CHECK_EQ(producers, 1);
	CHECK_EQ(consumers, 2);
	run_whole(p, "1 producer, 2 consumers");

	g_object_set(p, "segment-name", mpmc, NULL);
	ask_two_each(p, &producers, &consumers);
	CHECK_EQ(producers, 2);
	CHECK_EQ(consumers, 2);

	gtk_window_destroy(GTK_WINDOW(win));
	for (int i = 0; i < 3; i++)
		sm_ring_close(rings[i]);
	return T_EXIT_PASS;
}
