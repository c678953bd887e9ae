/* The ring monitor's hover readout ("0.25 MB/s at −4.1 s", right) and
 * the chart's title ("Throughput (MB/s)", left) share the top line; in
 * the workbench at 900 pixels wide they ran into one another:
 * "Throughput (MB/s)0 MB/s at −4.1 s".  Where both do not fit, the
 * readout (which names the unit) now takes the title's place; where they
 * do, both show.  Screenshots: ring-chart-readout-wide, -narrow.
 * Over the part of the minute with no sample (the series holds 10 s), the
 * readout gave the oldest sample's value "at −10.0 s" wherever the pointer
 * was; it now says there is no sample there. */
#include "ringui-test.h"
#include "sm-ring-chart.h"

/* 0.25 MB/s for 10 s, a sample each 100 ms. */
static SmSampleSeries *steady_series(void)
{
	SmSampleSeries *series = sm_sample_series_new(600);
	SmRingCounters c = { .node_count = 64 };
	for (int i = 0; i <= 100; i++) {
		c.time_ns = (guint64)i * 100000000u;
		c.messages_read = c.messages_written = (guint64)i * 100;
		c.bytes_read = c.bytes_written = (guint64)i * 25000;
		sm_sample_series_push(series, &c);
	}
	return series;
}

/* Point near the chart's right end and draw: the readout shows, whole, and
 * the title, if drawn, ends before it.  Whether the title was drawn. */
static gboolean check_top_line(SmRingChart *chart, GtkWidget *win, const char *screenshot)
{
	int width = gtk_widget_get_width(GTK_WIDGET(chart));
	sm_ring_chart_point_at(chart, width - 40);
	ui_screenshot(win, screenshot); /* draws a frame first */
	double title_end, readout_start;
	sm_ring_chart_get_top_line(chart, &title_end, &readout_start);
	fprintf(stderr, "%d px: title ends at %.0f, \"%s\" starts at %.0f\n", width, title_end,
		sm_ring_chart_get_hover_text(chart), readout_start);
	CHECK(sm_ring_chart_get_hover_text(chart) != NULL);
	CHECK(readout_start > 0);
	CHECK(title_end == 0 || title_end + 4 <= readout_start);
	return title_end > 0;
}

int main(void)
{
	rt_init();
	GtkWidget *chart = sm_ring_chart_new(SM_CHART_MEGABYTES);
	g_autoptr(SmSampleSeries) series = steady_series();
	sm_ring_chart_set_series(SM_RING_CHART(chart), series);
	GtkWidget *win = rt_window(chart, 600, 200);
	CHECK(check_top_line(SM_RING_CHART(chart), win, "ring-chart-readout-wide"));

	/* As narrow as the chart goes. */
	gtk_window_set_default_size(GTK_WINDOW(win), 1, 150);
	ui_iterate(300);
	CHECK(gtk_widget_get_width(chart) < 300);
	check_top_line(SM_RING_CHART(chart), win, "ring-chart-readout-narrow");

	/* Left of the first sample (10 s of a 60 s window): none there. */
	gtk_window_set_default_size(GTK_WINDOW(win), 600, 200);
	ui_iterate(300);
	int width = gtk_widget_get_width(chart);
	g_autofree char *empty = sm_ring_chart_describe_at(SM_RING_CHART(chart), width / 4.0);
	g_autofree char *steady = sm_ring_chart_describe_at(SM_RING_CHART(chart), width - 40.0);
	fprintf(stderr, "at a quarter: \"%s\"; near the end: \"%s\"\n", empty, steady);
	CHECK(g_str_has_prefix(empty, "no sample at −"));
	CHECK(g_str_has_prefix(steady, "0.25 MB/s at −"));

	/* The pointer gone, the title is back. */
	sm_ring_chart_point_at(SM_RING_CHART(chart), -1);
	ui_screenshot(win, "ring-chart-readout-left");
	double title_end, readout_start;
	sm_ring_chart_get_top_line(SM_RING_CHART(chart), &title_end, &readout_start);
	CHECK(title_end > 0 && readout_start == 0);
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
