/* sm-ring-monitor.h — the "monitor" view: live occupancy and throughput of
 * the ring named by "segment-name", sampled from a read-only mapping at the
 * rate set in Preferences, with counters, pause/resume and export.
 *
 * Actions: monitor.pause (stateful, the "paused" property),
 * monitor.export-csv, monitor.export-png (each asks for a file). */
#pragma once

#include <gtk/gtk.h>

#include "sm-ring-chart.h"
#include "sm-sample-series.h"

G_BEGIN_DECLS

#define SM_TYPE_RING_MONITOR (sm_ring_monitor_get_type())
G_DECLARE_FINAL_TYPE(SmRingMonitor, sm_ring_monitor, SM, RING_MONITOR, GtkWidget)

GtkWidget *sm_ring_monitor_new(void);
void sm_ring_monitor_set_segment_name(SmRingMonitor *self, const char *name);
const char *sm_ring_monitor_get_segment_name(SmRingMonitor *self);
void sm_ring_monitor_set_paused(SmRingMonitor *self, gboolean paused);
gboolean sm_ring_monitor_get_paused(SmRingMonitor *self);
/* Samples per second (1..100); the history is kept (its newest samples). */
void sm_ring_monitor_set_sample_rate(SmRingMonitor *self, guint per_second);
guint sm_ring_monitor_get_sample_rate(SmRingMonitor *self);

/* The samples shown (owned by the monitor). */
SmSampleSeries *sm_ring_monitor_get_series(SmRingMonitor *self);
/* The chart of one quantity. */
SmRingChart *sm_ring_monitor_get_chart(SmRingMonitor *self, SmChartQuantity quantity);
/* Take one sample now (also while paused); FALSE if no ring is open. */
gboolean sm_ring_monitor_sample_now(SmRingMonitor *self);
/* The counter shown beside the plots under `key` ("messages_written",
 * "full_waits", "lost", ...), as displayed; NULL for an unknown key. */
const char *sm_ring_monitor_get_counter_text(SmRingMonitor *self, const char *key);

gboolean sm_ring_monitor_export_csv(SmRingMonitor *self, GFile *file, GError **error);
gboolean sm_ring_monitor_export_png(SmRingMonitor *self, GFile *file, GError **error);

G_END_DECLS
