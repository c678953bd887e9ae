/* sm-sample-series.h — a fixed ring of monitor samples (occupancy and
 * throughput over time).  GLib only, no core: tests read it directly.
 *
 * Samples go in as raw cumulative counters; the series computes the rates
 * (counter deltas / time delta) from consecutive pushes, in one place. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Raw, cumulative counters as read from a ring at one instant. */
typedef struct {
	guint64 time_ns;          /* CLOCK_MONOTONIC of the reading */
	guint32 occupancy;        /* nodes in use */
	guint32 node_count;
	guint64 messages_written, bytes_written;
	guint64 messages_read, bytes_read;
} SmRingCounters;

/* One stored sample. */
typedef struct {
	guint64 time_ns;
	guint32 occupancy;
	guint32 node_count;
	guint64 messages_read, bytes_read;   /* cumulative, as read */
	guint64 messages_written, bytes_written;
	double  messages_per_s;   /* messages read per second since the previous sample */
	double  bytes_per_s;      /* bytes read per second since the previous sample */
	gboolean after_gap;       /* the first after sm_sample_series_break() or a clear, or
				   * the very first: no rates (0), and no line from the
				   * sample before */
} SmSample;

/* (cur - prev) / dt, in units per second; 0 when dt is 0 or the counter
 * went backwards (a different ring). */
double sm_rate_per_second(guint64 prev, guint64 cur, guint64 dt_ns);

#define SM_TYPE_SAMPLE_SERIES (sm_sample_series_get_type())
G_DECLARE_FINAL_TYPE(SmSampleSeries, sm_sample_series, SM, SAMPLE_SERIES, GObject)

/* A series holding the last `capacity` (>= 2) samples. */
SmSampleSeries *sm_sample_series_new(guint capacity);
guint sm_sample_series_get_capacity(SmSampleSeries *self);
/* Drop every sample (and the rate baseline); keep the capacity.  Emits
 * "samples-dropped" when there were any. */
void sm_sample_series_clear(SmSampleSeries *self);
/* Hold `capacity` (>= 2) samples from now on, keeping the newest of those
 * held (and the rate baseline); emits "samples-dropped" when some did
 * not fit. */
void sm_sample_series_set_capacity(SmSampleSeries *self, guint capacity);

/* Sampling stopped for a while (paused, page hidden): the next sample
 * starts a new stretch (after_gap) instead of averaging over the gap. */
void sm_sample_series_break(SmSampleSeries *self);

/* Append a sample made from `c` (rates from the previous push; the first
 * sample after a clear or a break has rates 0).  Emits "sample-added". */
void sm_sample_series_push(SmSampleSeries *self, const SmRingCounters *c);

guint sm_sample_series_get_n_samples(SmSampleSeries *self);
/* The i-th sample, 0 = oldest; NULL when out of range. */
const SmSample *sm_sample_series_get(SmSampleSeries *self, guint i);
/* The newest sample, or NULL when empty. */
const SmSample *sm_sample_series_get_latest(SmSampleSeries *self);

/* The samples as CSV: a header line, then one row per sample, oldest
 * first, time in seconds since the oldest sample; the rates of a sample
 * with no rates (after_gap) are empty. */
char *sm_sample_series_to_csv(SmSampleSeries *self);

G_END_DECLS
