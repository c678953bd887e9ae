/* When the monitor's ring name comes to lead to another ring (removed
 * and made again, by name alone, without the window's help), no rate is
 * computed across the two rings: the first sample of the new ring starts
 * a new stretch.  A new ring with more messages read than the old one
 * showed as a burst of (its messages read) / (one sample interval): here
 * some 50000 msg/s between two idle rings. */
#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-monitor.h"

#define BUSY 5000

static gboolean samples_new_ring(gpointer m)
{
	const SmSample *s = sm_sample_series_get_latest(sm_ring_monitor_get_series(m));
	return s && s->node_count == 32;
}

int main(void)
{
	rt_init();
	const char *name = t_name("monsw");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 16, 64, NULL), 0);
	GtkWidget *win;
	SmRingMonitor *m = rt_monitor_window(name, &win);
	ui_iterate(300);

	/* Another ring under the name, which has carried traffic already. */
	CHECK_EQ(sm_segment_unlink(name, true), 0);
	sm_ring *other;
	CHECK_EQ(sm_ring_create(&other, name, 32, 64, NULL), 0);
	char msg[8] = "m", out[64];
	for (int i = 0; i < BUSY; i++) {
		CHECK_EQ(sm_ring_write(other, msg, sizeof msg, 0), 0);
		CHECK_EQ(sm_ring_read(other, out, sizeof out, 0), (ssize_t)sizeof msg);
	}
	CHECK(ui_wait(samples_new_ring, m, 5000));
	ui_iterate(300);
	ui_screenshot(GTK_WIDGET(m), "ringui-monitor-switch");

	SmSampleSeries *series = sm_ring_monitor_get_series(m);
	for (guint i = 0; i < sm_sample_series_get_n_samples(series); i++) {
		const SmSample *s = sm_sample_series_get(series, i);
		if (s->messages_per_s > 0) {
			fprintf(stderr, "sample %u: %.0f msg/s (%u nodes, after gap %d) from two idle rings\n",
				i, s->messages_per_s, s->node_count, s->after_gap);
			return T_EXIT_FAIL;
		}
	}
	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(other);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
