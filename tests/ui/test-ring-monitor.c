/* The monitor follows a ring's real counters while the traffic
 * generator's actions drive it; pause holds the samples; CSV and PNG
 * export (a failed one says why, and keeps saying it); a ring whose name
 * is removed or taken is let go; screenshots of the monitor and the
 * generator. */
#include <glib/gstdio.h>
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-monitor.h"
#include "sm-segment-item.h"
#include "sm-settings.h"
#include "sm-traffic-panel.h"

static gboolean received_enough(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(data), &t);
	return t.received >= 400;
}

static guint64 newest_before;

static gboolean sampled_again(gpointer series)
{
	return sm_sample_series_get_latest(series)->time_ns > newest_before;
}

static gboolean traffic_stopped(gpointer data)
{
	return !sm_traffic_runner_is_running(sm_traffic_panel_get_runner(data));
}

static gboolean has_moving_samples(gpointer data)
{
	SmSampleSeries *s = sm_ring_monitor_get_series(data);
	guint moving = 0;
	for (guint i = 0; i < sm_sample_series_get_n_samples(s); i++)
		moving += sm_sample_series_get(s, i)->messages_per_s > 0;
	return moving >= 3;
}

static gboolean chooser_shown(gpointer data)
{
	return ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean chooser_gone(gpointer data)
{
	return ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

static gboolean is_label(GtkWidget *w, gconstpointer data)
{
	(void)data;
	return GTK_IS_LABEL(w);
}

/* The monitor's status line: its first label. */
static GtkLabel *first_label(GtkWidget *w)
{
	return GTK_LABEL(ui_find_widget(w, is_label, NULL));
}

static gboolean visible_label_contains(GtkWidget *w, gconstpointer needle)
{
	return GTK_IS_LABEL(w) && gtk_widget_get_visible(w) &&
	       strstr(gtk_label_get_label(GTK_LABEL(w)), needle);
}

/* Whether any label under `w` shows text containing `needle`. */
static gboolean shows_text(GtkWidget *w, const char *needle)
{
	return ui_find_widget(w, visible_label_contains, needle) != NULL;
}

static guint wanted_nodes;

static gboolean samples_wanted_ring(gpointer m)
{
	return sm_ring_monitor_sample_now(m) &&
	       sm_sample_series_get_latest(sm_ring_monitor_get_series(m))->node_count == wanted_nodes;
}

static gboolean waits_for_ring(gpointer m)
{
	return !sm_ring_monitor_sample_now(m) && shows_text(m, "Waiting for ring");
}

static void check_counter_text(SmRingMonitor *m, const char *key, const char *want)
{
	const char *got = sm_ring_monitor_get_counter_text(m, key);
	if (g_strcmp0(got, want) != 0) {
		fprintf(stderr, "counter %s shows %s, ring says %s\n", key, got, want);
		exit(T_EXIT_FAIL);
	}
}

static void check_counter(SmRingMonitor *m, const char *key, guint64 v)
{
	char want[32];
	g_snprintf(want, sizeof want, "%" G_GUINT64_FORMAT, v);
	check_counter_text(m, key, want);
}

/* A byte count reads as the CLI shows sizes ("49.2 MiB"), not raw. */
static void check_size_counter(SmRingMonitor *m, const char *key, guint64 bytes)
{
	g_autofree char *want = sm_format_size(bytes);
	check_counter_text(m, key, want);
}

int main(void)
{
	rt_init();
	const char *name = t_name("mon");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 64, 128, NULL), 0);

	GtkWidget *monitor = sm_ring_monitor_new();
	GtkWidget *panel = sm_traffic_panel_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_widget_set_hexpand(monitor, TRUE);
	gtk_box_append(GTK_BOX(box), monitor);
	gtk_box_append(GTK_BOX(box), panel);
	GtkWidget *win = rt_window(box, 1400, 760);
	SmRingMonitor *m = SM_RING_MONITOR(monitor);
	CHECK_EQ(sm_ring_monitor_get_sample_rate(m), 10); /* the default */
	g_object_set(monitor, "segment-name", name, NULL);
	g_object_set(panel, "segment-name", name, NULL);
	SmSampleSeries *series = sm_ring_monitor_get_series(m);
	CHECK(sm_sample_series_get_n_samples(series) >= 1);

	/* Drive the ring through the generator's actions. */
	sm_traffic_panel_configure(SM_TRAFFIC_PANEL(panel), 1, 1, 64, 2000);
	rt_action(panel, "traffic.start");
	CHECK(sm_traffic_runner_is_running(sm_traffic_panel_get_runner(SM_TRAFFIC_PANEL(panel))));
	CHECK(ui_wait(received_enough, panel, 8000));
	CHECK(ui_wait(has_moving_samples, monitor, 5000));
	ui_screenshot(monitor, "ringui-monitor");
	rt_action(panel, "traffic.stop");
	CHECK(ui_wait(traffic_stopped, panel, 8000));

	/* With the traffic stopped, the newest sample is the ring's counters. */
	CHECK(sm_ring_monitor_sample_now(m));
	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(ring, &snap, NULL, 0), 0);
	const SmSample *last = sm_sample_series_get_latest(series);
	CHECK_EQ(last->messages_read, snap.messages_read);
	CHECK_EQ(last->bytes_read, snap.bytes_read);
	CHECK_EQ(last->messages_written, snap.messages_written);
	CHECK_EQ(last->occupancy, snap.occupancy);
	CHECK_EQ(last->node_count, 64);
	CHECK(snap.messages_read >= 400);
	CHECK_EQ(snap.bytes_read, snap.messages_read * 64);
	check_counter(m, "messages_read", snap.messages_read);
	check_counter(m, "messages_written", snap.messages_written);
	check_size_counter(m, "bytes_read", snap.bytes_read);
	check_counter(m, "full_waits", snap.full_waits);
	check_counter(m, "empty_waits", snap.empty_waits);
	check_counter(m, "timeouts", snap.timeouts);
	check_counter(m, "abandoned", snap.abandoned);
	check_counter(m, "lost", snap.lost);

	/* The rates integrate back to the counters: sum(rate * dt) over the
	 * samples equals the messages read between the first and the last. */
	guint n = sm_sample_series_get_n_samples(series);
	CHECK(n >= 5);
	double integral = 0;
	for (guint i = 1; i < n; i++) {
		const SmSample *a = sm_sample_series_get(series, i - 1), *b = sm_sample_series_get(series, i);
		CHECK(b->time_ns > a->time_ns);
		CHECK(b->messages_read >= a->messages_read);
		CHECK(b->messages_written >= b->messages_read);
		integral += b->messages_per_s * (double)(b->time_ns - a->time_ns) / 1e9;
	}
	guint64 delta = last->messages_read - sm_sample_series_get(series, 0)->messages_read;
	CHECK(integral > delta - 0.5 && integral < delta + 0.5);

	/* Hover readout on the throughput chart. */
	SmRingChart *chart = sm_ring_monitor_get_chart(m, SM_CHART_MESSAGES);
	char *hover = sm_ring_chart_describe_at(chart, gtk_widget_get_width(GTK_WIDGET(chart)) - 20);
	CHECK(hover && strstr(hover, "msg/s"));
	g_free(hover);

	/* Pause holds the samples; resume takes them again. */
	rt_action(monitor, "monitor.pause");
	CHECK(sm_ring_monitor_get_paused(m));
	guint held = sm_sample_series_get_n_samples(series);
	guint64 held_t = sm_sample_series_get_latest(series)->time_ns;
	ui_iterate(400);
	CHECK_EQ(sm_sample_series_get_latest(series)->time_ns, held_t);
	CHECK_EQ(sm_sample_series_get_n_samples(series), held);
	rt_action(monitor, "monitor.pause");
	CHECK(!sm_ring_monitor_get_paused(m));
	newest_before = held_t;
	CHECK(ui_wait(sampled_again, series, 3000));
	/* The first sample after the pause starts a new stretch: no line and
	 * no rate averaged across the pause (nor has the very first a rate). */
	n = sm_sample_series_get_n_samples(series);
	for (guint i = 0; i < n; i++) {
		const SmSample *x = sm_sample_series_get(series, i);
		CHECK_EQ(x->after_gap, i == 0 || (x->time_ns > held_t &&
						  sm_sample_series_get(series, i - 1)->time_ns <= held_t));
		if (x->after_gap)
			CHECK(x->messages_per_s == 0.0);
	}

	/* CSV: a header and one row per sample, the last row the counters. */
	rt_action(monitor, "monitor.pause");
	const char *dir = g_getenv("SM_TEST_BUILD_DIR");
	char *csv_path = g_strdup_printf("%s/%s.csv", dir ? dir : ".", name);
	GFile *csv_file = g_file_new_for_path(csv_path);
	CHECK(sm_ring_monitor_export_csv(m, csv_file, NULL));
	char *csv;
	CHECK(g_file_get_contents(csv_path, &csv, NULL, NULL));
	char **rows = g_strsplit(csv, "\n", -1);
	n = sm_sample_series_get_n_samples(series);
	CHECK_EQ(g_strv_length(rows), n + 2);
	CHECK(g_str_has_prefix(rows[0], "time_s,occupancy,node_count,messages_per_s,mb_per_s,messages_read,"));
	char **cols = g_strsplit(rows[n], ",", -1);
	CHECK_EQ(g_strv_length(cols), 9);
	CHECK_EQ(g_ascii_strtoull(cols[5], NULL, 10), snap.messages_read);
	CHECK_EQ(g_ascii_strtoull(cols[2], NULL, 10), 64);
	g_strfreev(cols);
	g_strfreev(rows);
	g_free(csv);
	g_file_delete(csv_file, NULL, NULL);
	g_object_unref(csv_file);
	g_free(csv_path);

	/* The export action asks for a file (GtkFileChooserNative; without a
	 * portal, a GtkFileChooserDialog). */
	rt_action(monitor, "monitor.export-csv");
	CHECK(ui_wait(chooser_shown, NULL, 5000));
	GtkWindow *chooser = ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG);
	CHECK(gtk_file_chooser_get_action(GTK_FILE_CHOOSER(chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE);
	char *suggested = gtk_file_chooser_get_current_name(GTK_FILE_CHOOSER(chooser));
	CHECK(suggested && g_str_has_suffix(suggested, "-samples.csv"));
	g_free(suggested);
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_CANCEL);
	G_GNUC_END_IGNORE_DEPRECATIONS
	ui_iterate(100);
	/* Cancel writes nothing and says nothing. */
	CHECK(!shows_text(monitor, "Export failed"));

	/* A failed export says why, and keeps saying it while sampling goes
	 * on (the status line is rewritten twice a second). */
	rt_action(monitor, "monitor.pause"); /* resume */
	CHECK(!sm_ring_monitor_get_paused(m));
	rt_action(monitor, "monitor.export-csv");
	CHECK(ui_wait(chooser_shown, NULL, 5000));
	chooser = ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG);
	/* Typed as a path: /sys is not writable, even for root. */
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), "/sys/samples.csv");
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_ACCEPT);
	G_GNUC_END_IGNORE_DEPRECATIONS
	CHECK(ui_wait(chooser_gone, NULL, 5000));
	ui_iterate(1500);
	if (!shows_text(monitor, "Export failed")) {
		fprintf(stderr, "after a failed export the monitor shows \"%s\"\n",
			gtk_label_get_label(first_label(monitor)));
		return T_EXIT_FAIL;
	}
	CHECK(shows_text(monitor, "Permission denied"));
	ui_screenshot(monitor, "ringui-monitor-export-failed");

	/* A successful one says where the file went. */
	rt_action(monitor, "monitor.export-csv");
	CHECK(ui_wait(chooser_shown, NULL, 5000));
	chooser = ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG);
	/* A fresh directory: a file left by an interrupted run would bring up
	 * the chooser's "replace?" question, and the chooser would stay. */
	char *saved_dir = g_dir_make_tmp("ringui-monitor-XXXXXX", NULL);
	CHECK(saved_dir != NULL);
	char *saved_path = g_build_filename(saved_dir, "samples.csv", NULL);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), saved_path);
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_ACCEPT);
	G_GNUC_END_IGNORE_DEPRECATIONS
	CHECK(ui_wait(chooser_gone, NULL, 5000));
	ui_iterate(100);
	CHECK(shows_text(monitor, "Saved to"));
	CHECK(!shows_text(monitor, "Export failed"));
	CHECK(g_file_test(saved_path, G_FILE_TEST_IS_REGULAR));
	g_unlink(saved_path);
	g_rmdir(saved_dir);
	g_free(saved_path);
	g_free(saved_dir);
	rt_action(monitor, "monitor.pause");

	/* PNG of the plots (once the last samples are laid out and drawn). */
	ui_iterate(100);
	char *png_path = g_strdup_printf("%s/ringui-monitor-plots.png", dir ? dir : ".");
	GFile *png_file = g_file_new_for_path(png_path);
	GError *error = NULL;
	if (!sm_ring_monitor_export_png(m, png_file, &error)) {
		fprintf(stderr, "export png: %s\n", error->message);
		return T_EXIT_FAIL;
	}
	char *png;
	gsize png_len;
	CHECK(g_file_get_contents(png_path, &png, &png_len, NULL));
	CHECK(png_len > 1000 && memcmp(png, "\x89PNG", 4) == 0);
	g_free(png);
	g_object_unref(png_file);
	g_free(png_path);

	/* The rate follows Preferences ("sample-rate"); the history stays. */
	GSettings *settings = sm_settings_new();
	guint before_rate = sm_sample_series_get_n_samples(series);
	CHECK(before_rate >= 2);
	g_settings_set_uint(settings, "sample-rate", 20);
	CHECK_EQ(sm_ring_monitor_get_sample_rate(m), 20);
	CHECK_EQ(sm_sample_series_get_capacity(series), 60 * 20 + 1);
	CHECK(sm_sample_series_get_n_samples(series) >= before_rate);
	g_settings_reset(settings, "sample-rate");
	CHECK_EQ(sm_ring_monitor_get_sample_rate(m), 10);
	g_object_unref(settings);

	/* The window sets the same name again when the ring was re-created:
	 * the monitor maps the new ring. */
	sm_ring_close(ring);
	CHECK_EQ(sm_ring_create(&ring, name, 32, 64, NULL), 0);
	g_object_set(monitor, "segment-name", name, NULL);
	CHECK(sm_ring_monitor_sample_now(m));
	CHECK_EQ(sm_sample_series_get_latest(series)->node_count, 32);
	CHECK_EQ(sm_sample_series_get_latest(series)->messages_read, 0);

	/* Without the window's help, by the name alone: a ring whose name now
	 * leads to another segment is let go within a second or so and the
	 * new one shown; one whose name was removed is let go and waited for. */
	sm_ring *other;
	CHECK_EQ(sm_segment_unlink(name, true), 0);
	CHECK_EQ(sm_ring_create(&other, name, 16, 64, NULL), 0);
	wanted_nodes = 16;
	CHECK(ui_wait(samples_wanted_ring, m, 5000));
	CHECK_EQ(sm_segment_unlink(name, true), 0);
	CHECK(ui_wait(waits_for_ring, m, 5000));
	/* ... but a ring its owner closed (which removes the name too) stays,
	 * shown shut down with its last counters. */
	sm_ring_close(other);
	CHECK_EQ(sm_ring_create(&other, name, 8, 64, NULL), 0);
	wanted_nodes = 8;
	CHECK(ui_wait(samples_wanted_ring, m, 5000));
	sm_ring_close(other);
	ui_iterate(1200); /* past the next check of the name */
	CHECK(samples_wanted_ring(m));
	CHECK(shows_text(monitor, "(shut down)"));

	/* A segment that is not there is explained, not a crash. */
	g_object_set(monitor, "segment-name", "no-such-ring-here", NULL);
	CHECK(!sm_ring_monitor_sample_now(m));

	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
