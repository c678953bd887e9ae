/* sm-rpc-latency.c — see sm-rpc-latency.h. */
#include "sm-rpc-latency.h"

#include <string.h>

guint sm_latency_bucket(guint64 ns)
{
	if (ns < SM_LATENCY_SUB)
		return (guint)ns;
	guint msb = 63u - (guint)__builtin_clzll(ns);
	guint sub = (guint)(ns >> (msb - 4)) & (SM_LATENCY_SUB - 1);
	return (msb - 3) * SM_LATENCY_SUB + sub;
}

void sm_latency_bucket_range(guint i, guint64 *lo, guint64 *hi)
{
	if (i < SM_LATENCY_SUB) {
		*lo = i;
		*hi = i + 1;
		return;
	}
	guint msb = i / SM_LATENCY_SUB + 3, sub = i % SM_LATENCY_SUB;
	*lo = (guint64)(SM_LATENCY_SUB + sub) << (msb - 4);
	*hi = (msb == 63 && sub == SM_LATENCY_SUB - 1)
		      ? G_MAXUINT64
		      : (guint64)(SM_LATENCY_SUB + sub + 1) << (msb - 4);
}

void sm_latency_hist_add(SmLatencyHist *h, guint64 ns)
{
	__atomic_fetch_add(&h->counts[sm_latency_bucket(ns)], 1, __ATOMIC_RELAXED);
	guint64 cur = __atomic_load_n(&h->max_ns, __ATOMIC_RELAXED);
	while (ns > cur &&
	       !__atomic_compare_exchange_n(&h->max_ns, &cur, ns, TRUE, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

void sm_latency_hist_copy(SmLatencyHist *dst, const SmLatencyHist *src)
{
	for (guint i = 0; i < SM_LATENCY_BUCKETS; i++)
		dst->counts[i] = __atomic_load_n(&src->counts[i], __ATOMIC_RELAXED);
	dst->max_ns = __atomic_load_n(&src->max_ns, __ATOMIC_RELAXED);
}

guint64 sm_latency_hist_total(const SmLatencyHist *h)
{
	guint64 t = 0;
	for (guint i = 0; i < SM_LATENCY_BUCKETS; i++)
		t += __atomic_load_n(&h->counts[i], __ATOMIC_RELAXED);
	return t;
}

void sm_latency_buckets_from_hist(SmLatencyBuckets *b, const SmLatencyHist *h)
{
	b->n = SM_LATENCY_BUCKETS;
	b->counts = h->counts;
	b->max_ns = h->max_ns;
	b->max_limit_ns = 0;
	for (guint i = 0; i < SM_LATENCY_BUCKETS; i++)
		sm_latency_bucket_range(i, &b->lo[i], &b->hi[i]);
}

void sm_latency_buckets_from_channel(SmLatencyBuckets *b, const guint64 *hist)
{
	b->n = SM_RPC_HIST_BUCKETS;
	b->counts = hist;
	b->max_ns = 0;
	b->max_limit_ns = sm_rpc_hist_max_limit_ns(hist);
	for (guint i = 0; i < SM_RPC_HIST_BUCKETS; i++) {
		b->lo[i] = i == 0 ? 0 : sm_rpc_hist_bucket_limit_ns(i - 1);
		b->hi[i] = sm_rpc_hist_bucket_limit_ns(i);
	}
}

guint64 sm_latency_buckets_total(const SmLatencyBuckets *b)
{
	guint64 t = 0;
	for (guint i = 0; i < b->n; i++)
		t += b->counts[i];
	return t;
}

guint64 sm_latency_percentile(const SmLatencyBuckets *b, double q)
{
	guint64 total = sm_latency_buckets_total(b);
	if (total == 0)
		return 0;
	/* Nearest rank: the smallest value with at least q% of samples at or below it. */
	guint64 rank = (guint64)(q / 100.0 * (double)total + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > total)
		rank = total;
	guint64 seen = 0;
	for (guint i = 0; i < b->n; i++) {
		seen += b->counts[i];
		if (seen >= rank) {
			guint64 hi = b->hi[i] == G_MAXUINT64 ? b->lo[i] * 2 : b->hi[i];
			guint64 v = b->lo[i] + (hi - b->lo[i]) / 2;
			if (b->max_ns && v > b->max_ns)
				v = b->max_ns;
			return v;
		}
	}
	return b->max_ns;
}
