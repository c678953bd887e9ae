/* The ring monitor's charts label their time axis "−60 s", "−40 s",
 * "−20 s", "now"; in a narrow window (the workbench at 700 pixels wide)
 * they ran into each other ("−60 s−40 s").  Labels that would touch a
 * neighbour are now left out, as the RPC histogram's are; "now" and
 * "−60 s" stay.  Screenshot: ring-chart-narrow. */
#include <string.h>

#include "ringui-test.h"
#include "sm-ring-chart.h"

static guint check_labels(SmRingChart *chart, int width)
{
	const SmAxisLabel *l;
	guint n = sm_ring_chart_get_time_labels(chart, &l);
	for (guint i = 0; i < n; i++)
		fprintf(stderr, "%d px: '%s' at %.0f..%.0f\n", width, l[i].text, l[i].x0, l[i].x1);
	CHECK(n >= 2);
	CHECK(strcmp(l[0].text, "−60 s") == 0 && strcmp(l[n - 1].text, "now") == 0);
	for (guint i = 1; i < n; i++)
		CHECK(l[i].x0 >= l[i - 1].x1 + 4);
	return n;
}

int main(void)
{
	rt_init();
	GtkWidget *chart = sm_ring_chart_new(SM_CHART_MESSAGES);
	GtkWidget *win = rt_window(chart, 600, 200);
	CHECK_EQ(check_labels(SM_RING_CHART(chart), 600), 4);
	gtk_widget_set_size_request(chart, 200, 150);
	gtk_window_set_default_size(GTK_WINDOW(win), 200, 150);
	ui_iterate(300);
	CHECK(gtk_widget_get_width(chart) < 260);
	check_labels(SM_RING_CHART(chart), gtk_widget_get_width(chart));
	ui_screenshot(win, "ring-chart-narrow");
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
