/* The RPC bench's latency histogram: its time labels never run into each
 * other ("10 ms100 ms"), at its narrowest as in a wide window, and the
 * ends of the range stay labelled.  Screenshots at both widths; the axis
 * helper's choice is checked on its own too.  Its max is the exact one of a
 * run, and only a bound for the channel's histogram, which keeps none. */
#include <string.h>

#include "ringui-test.h"
#include "sm-axis.h"
#include "sm-rpc-histogram.h"

static SmLatencyHist hist;
static SmLatencyBuckets buckets;

/* The max `histogram` shows for the channel histogram `channel`: no
 * marker, `text` in words. */
static void check_channel_max(GtkWidget *histogram, const guint64 *channel, const char *text)
{
	SmLatencyBuckets b;
	sm_latency_buckets_from_channel(&b, channel);
	sm_rpc_histogram_set_buckets(SM_RPC_HISTOGRAM(histogram), &b);
	guint64 marks[4];
	sm_rpc_histogram_get_marks(SM_RPC_HISTOGRAM(histogram), marks);
	CHECK_EQ(marks[3], 0);
	g_autofree char *max = sm_rpc_histogram_get_max_text(SM_RPC_HISTOGRAM(histogram));
	fprintf(stderr, "channel max: %s\n", max);
	CHECK(strcmp(max, text) == 0);
}

/* Shows the histogram `width` wide; checks its labels; returns how many. */
static guint check_labels(GtkWidget *histogram, int width, const char *shot)
{
	gtk_widget_set_size_request(histogram, width, 160);
	GtkWidget *win = rt_window(histogram, width, 160);
	ui_iterate(200);
	ui_screenshot(win, shot);
	const SmHistogramTick *t;
	guint n = sm_rpc_histogram_get_axis_labels(SM_RPC_HISTOGRAM(histogram), &t);
	fprintf(stderr, "%s (%d px):", shot, gtk_widget_get_width(histogram));
	for (guint i = 0; i < n; i++)
		fprintf(stderr, " [%.0f..%.0f %s]", t[i].x0, t[i].x1, t[i].text);
	fputc('\n', stderr);
	CHECK(n >= 2);
	CHECK(strcmp(t[0].text, "100 ns") == 0);
	CHECK(strcmp(t[n - 1].text, "10 s") == 0); /* the max, 1.75 s, rounds up a decade */
	for (guint i = 1; i < n; i++)
		CHECK(t[i].x0 >= t[i - 1].x1 + 1); /* a gap between any two */
	CHECK(t[0].x0 >= 0 && t[n - 1].x1 <= gtk_widget_get_width(histogram));
	g_object_ref(histogram);
	gtk_window_set_child(GTK_WINDOW(win), NULL);
	gtk_window_destroy(GTK_WINDOW(win));
	return n;
}

int main(void)
{
	/* The helper: equal labels 30 wide every 20 px: every other one fits,
	 * and the last takes its neighbour's place. */
	double x0[5], x1[5];
	gboolean show[5];
	for (int i = 0; i < 5; i++)
		x1[i] = (x0[i] = 20.0 * i) + 30;
	CHECK_EQ(sm_axis_fit_labels(x0, x1, 5, 2, show), 3);
	CHECK(show[0] && !show[1] && show[2] && !show[3] && show[4]);
	CHECK_EQ(sm_axis_fit_labels(x0, x1, 4, 2, show), 2);
	CHECK(show[0] && !show[1] && !show[2] && show[3]);
	CHECK_EQ(sm_axis_fit_labels(x0, x1, 2, 2, show), 1); /* no room for the end */
	CHECK(show[0] && !show[1]);

	rt_init();
	/* Calls from 100 ns to 1.75 s: nine decades of labels, to 10 s. */
	for (guint64 ns = 100; ns <= 1000000000; ns *= 10)
		for (int k = 0; k < 5; k++)
			sm_latency_hist_add(&hist, ns + ns / 4 * (guint64)k);
	sm_latency_buckets_from_hist(&buckets, &hist);
	GtkWidget *histogram = sm_rpc_histogram_new();
	g_object_ref_sink(histogram);
	sm_rpc_histogram_set_buckets(SM_RPC_HISTOGRAM(histogram), &buckets);

	guint narrow = check_labels(histogram, 200, "rpc-histogram-narrow");
	guint wide = check_labels(histogram, 720, "rpc-histogram-wide");
	CHECK(narrow < 9); /* some left out ... */
	CHECK_EQ(wide, 9); /* ... where all fit: 100 ns .. 10 s */

	/* A run's max is exact. */
	g_autofree char *run_max = sm_rpc_histogram_get_max_text(SM_RPC_HISTOGRAM(histogram));
	g_autofree char *exact = sm_format_ns(hist.max_ns);
	CHECK(strcmp(run_max, exact) == 0);
	/* The channel's: below the highest bucket's limit, whatever its midpoint. */
	guint64 channel[SM_RPC_HIST_BUCKETS] = { 0 };
	check_channel_max(histogram, channel, "—");
	channel[0] = 5;
	channel[7] = 2; /* [8192, 16384) ns */
	check_channel_max(histogram, channel, "< 16.4 µs");
	channel[SM_RPC_HIST_BUCKETS - 1] = 1; /* 137 s or more */
	check_channel_max(histogram, channel, "≥ 137 s");
	g_object_unref(histogram);
	return T_EXIT_PASS;
}
