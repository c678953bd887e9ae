/* sm-rpc-latency.h — latency histograms for the RPC bench.
 *
 * A run records every successful call's round trip into a fine log-linear
 * histogram (16 buckets per power of two, so a bucket is at most 1/16 of
 * its value wide), updated with relaxed atomics by the caller threads and
 * read by the UI while the run goes on.  The channel's own histogram in
 * shared memory (struct sm_rpc_side_stats.latency_hist: one bucket per
 * power of two) is read through the same SmLatencyBuckets view, so both
 * are drawn and summarised by the same code. */
#pragma once

#include <glib.h>

#include "sharedmem.h"

G_BEGIN_DECLS

#define SM_LATENCY_SUB     16u                        /* buckets per octave */
#define SM_LATENCY_BUCKETS (61u * SM_LATENCY_SUB)     /* up to 2^64 ns */

typedef struct {
	guint64 counts[SM_LATENCY_BUCKETS]; /* atomic while a run records */
	guint64 max_ns;                     /* atomic max */
} SmLatencyHist;

/* The bucket of a round trip of `ns` nanoseconds. */
guint sm_latency_bucket(guint64 ns);
/* [lo, hi) of fine bucket i in ns. */
void sm_latency_bucket_range(guint i, guint64 *lo, guint64 *hi);

/* Record one round trip (thread-safe, lock-free). */
void sm_latency_hist_add(SmLatencyHist *h, guint64 ns);
/* Copy `src` (being recorded) into `dst` word by word. */
void sm_latency_hist_copy(SmLatencyHist *dst, const SmLatencyHist *src);
guint64 sm_latency_hist_total(const SmLatencyHist *h);

/* A read-only view of any log-scale histogram: n buckets with bounds. */
typedef struct {
	guint          n;
	const guint64 *counts;
	guint64        lo[SM_LATENCY_BUCKETS];
	guint64        hi[SM_LATENCY_BUCKETS];
	guint64        max_ns;       /* the exact maximum; 0: unknown (the channel keeps none) */
	guint64        max_limit_ns; /* when unknown: sm_rpc_hist_max_limit_ns(), else 0 */
} SmLatencyBuckets;

void sm_latency_buckets_from_hist(SmLatencyBuckets *b, const SmLatencyHist *h);
/* The channel's power-of-two histogram (sm_rpc_hist_bucket_limit_ns()). */
void sm_latency_buckets_from_channel(SmLatencyBuckets *b, const guint64 *hist);

/* Percentile q (0 < q <= 100) by nearest rank over the buckets: the
 * rank's bucket, reported at its midpoint and clamped to max_ns.  0 when
 * empty. */
guint64 sm_latency_percentile(const SmLatencyBuckets *b, double q);
guint64 sm_latency_buckets_total(const SmLatencyBuckets *b);

G_END_DECLS
