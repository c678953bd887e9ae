/* A ring the monitor can no longer read (its file truncated from a
 * terminal, or its name taken by a buffer) shows why, and its counters
 * go back to "—": they kept the last ring's figures beside "Cannot watch
 * …", as if still read.  The plots keep their history.
 * Screenshot: ringui-monitor-lost. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-monitor.h"

static const char *status_text(GtkWidget *monitor)
{
	GObject *label = gtk_widget_get_template_child(monitor, SM_TYPE_RING_MONITOR, "status_label");
	CHECK(GTK_IS_LABEL(label));
	return gtk_label_get_label(GTK_LABEL(label));
}

static gboolean cannot_watch(gpointer monitor)
{
	return !sm_ring_monitor_sample_now(monitor) && strstr(status_text(monitor), "Cannot watch");
}

static void check_counters_reset(SmRingMonitor *m, const char *when)
{
	const char *keys[] = { "occupancy", "messages_written", "messages_read", "bytes_read" };
	for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
		if (g_strcmp0(sm_ring_monitor_get_counter_text(m, keys[i]), "—") != 0) {
			fprintf(stderr, "%s: %s shows %s beside “%s”\n", when, keys[i],
				sm_ring_monitor_get_counter_text(m, keys[i]), status_text(GTK_WIDGET(m)));
			exit(T_EXIT_FAIL);
		}
}

int main(void)
{
	rt_init();
	const char *name = t_name("monlost");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 16, 64, NULL), 0);
	char msg[8] = "m", out[64];
	for (int i = 0; i < 7; i++)
		CHECK_EQ(sm_ring_write(ring, msg, sizeof msg, 0), 0);
	CHECK_EQ(sm_ring_read(ring, out, sizeof out, 0), (ssize_t)sizeof msg);

	GtkWidget *win;
	SmRingMonitor *m = rt_monitor_window(name, &win);
	CHECK(g_strcmp0(sm_ring_monitor_get_counter_text(m, "messages_written"), "7") == 0);
	ui_iterate(300);

	/* Truncated under the monitor (`truncate -s 0 /dev/shm/sm.NAME`). */
	char path[128];
	g_snprintf(path, sizeof path, "%s/%s%s", SM_SHM_DIR, SM_FILE_PREFIX, name);
	CHECK_EQ(truncate(path, 0), 0);
	CHECK(ui_wait(cannot_watch, m, 5000));
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(m), "ringui-monitor-lost");
	check_counters_reset(m, "truncated");

	/* Another ring, whose name a buffer takes. */
	const char *name2 = t_name("monlost2");
	sm_ring *ring2;
	CHECK_EQ(sm_ring_create(&ring2, name2, 16, 64, NULL), 0);
	CHECK_EQ(sm_ring_write(ring2, msg, sizeof msg, 0), 0);
	sm_ring_monitor_set_segment_name(m, name2);
	CHECK(g_strcmp0(sm_ring_monitor_get_counter_text(m, "messages_written"), "1") == 0);
	CHECK_EQ(sm_segment_unlink(name2, true), 0);
	sm_buffer *buffer;
	CHECK_EQ(sm_buffer_create(&buffer, name2, 4096, NULL), 0);
	CHECK(ui_wait(cannot_watch, m, 5000));
	check_counters_reset(m, "replaced by a buffer");
	sm_buffer_close(buffer);
	sm_ring_close(ring2);

	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
