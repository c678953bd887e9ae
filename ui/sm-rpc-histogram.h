/* sm-rpc-histogram.h — a latency histogram on log scales: buckets along a
 * log-time axis, bar heights by log(1 + count), with markers at p50, p90,
 * p99 and, when it is known exactly, max. */
#pragma once

#include <gtk/gtk.h>

#include "sm-axis.h"
#include "sm-rpc-latency.h"

G_BEGIN_DECLS

#define SM_TYPE_RPC_HISTOGRAM (sm_rpc_histogram_get_type())
G_DECLARE_FINAL_TYPE(SmRpcHistogram, sm_rpc_histogram, SM, RPC_HISTOGRAM, GtkWidget)

GtkWidget *sm_rpc_histogram_new(void);
/* Show `b` (copied) and its percentiles; NULL clears.  Redraws. */
void sm_rpc_histogram_set_buckets(SmRpcHistogram *self, const SmLatencyBuckets *b);
/* Replace the marks computed from the buckets with exact ones (ns). */
void sm_rpc_histogram_set_marks(SmRpcHistogram *self, const guint64 marks[4]);
/* The total count shown (the sum of the buckets). */
guint64 sm_rpc_histogram_get_total(SmRpcHistogram *self);
/* p50, p90, p99, max (ns) as shown; 0 when empty, and max 0 when only
 * the channel's histogram is known (it keeps no exact maximum). */
void sm_rpc_histogram_get_marks(SmRpcHistogram *self, guint64 marks[4]);
/* The max for people: exact ("1.75 s"), else the bound the channel's
 * histogram gives ("< 16.4 µs", "≥ 137 s"), else "—". */
char *sm_rpc_histogram_get_max_text(SmRpcHistogram *self);

/* A time label under the axis as last drawn. */
typedef SmAxisLabel SmHistogramTick;
/* The time labels shown under the axis in the last snapshot, left to
 * right (those that would overlap their neighbour are left out); returns
 * their count. */
guint sm_rpc_histogram_get_axis_labels(SmRpcHistogram *self, const SmHistogramTick **ticks);

/* "850 ns", "12.3 µs", "4.1 ms", "2.0 s". */
char *sm_format_ns(guint64 ns);

G_END_DECLS
