/* The monitor's charts follow the series when it loses samples without
 * gaining one: pointed at a name with no ring yet (the selection changed
 * to a ring not made yet) the plots show "No samples yet", not the last
 * ring's lines, and a redraw (a hover, a resize) does not crash; a lower
 * sample rate that keeps fewer samples redraws too. */
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-monitor.h"

static gboolean has_samples(gpointer m)
{
	return sm_sample_series_get_n_samples(sm_ring_monitor_get_series(m)) >= 100;
}

/* Draw every chart now, as a hover or a resize would. */
static void redraw_charts(SmRingMonitor *m)
{
	for (int q = SM_CHART_OCCUPANCY; q <= SM_CHART_MEGABYTES; q++)
		gtk_widget_queue_draw(GTK_WIDGET(sm_ring_monitor_get_chart(m, q)));
	ui_iterate(200);
}

int main(void)
{
	rt_init();
	const char *name = t_name("moncl");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 16, 64, NULL), 0);
	GtkWidget *win;
	SmRingMonitor *m = rt_monitor_window(name, &win);
	sm_ring_monitor_set_sample_rate(m, 100);
	CHECK(ui_wait(has_samples, m, 5000));
	redraw_charts(m);

	/* Fewer samples kept: the chart must not read past them. */
	sm_ring_monitor_set_sample_rate(m, 1);
	CHECK(sm_sample_series_get_n_samples(sm_ring_monitor_get_series(m)) <= 61);
	redraw_charts(m);

	/* A name with no ring behind it yet: no samples, none drawn. */
	sm_ring_monitor_set_segment_name(m, "t-moncl-not-made-yet");
	CHECK_EQ(sm_sample_series_get_n_samples(sm_ring_monitor_get_series(m)), 0);
	redraw_charts(m);
	SmRingChart *chart = sm_ring_monitor_get_chart(m, SM_CHART_OCCUPANCY);
	char *hover = sm_ring_chart_describe_at(chart, gtk_widget_get_width(GTK_WIDGET(chart)) - 20);
	CHECK(hover == NULL);
	ui_screenshot(GTK_WIDGET(m), "ringui-monitor-cleared");

	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
