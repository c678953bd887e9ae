/* test-rpc-histbuckets.c — the latency histogram's bucket edges, as
 * sm_rpc_hist_bucket_limit_ns() and rpc.h document them: bucket 0 holds
 * < 128 ns, bucket i holds [limit(i-1), limit(i)), the last bucket holds
 * everything from limit(SM_RPC_HIST_BUCKETS-2) up, however large, and no
 * latency is counted outside the array.  sm_rpc_hist_max_limit_ns() is
 * the limit of the highest bucket with a count. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <string.h>

static struct {
	struct sm_rpc_side_stats s;
	uint64_t guard[4]; /* what lies past latency_hist[] must stay untouched */
} st;

static unsigned bucket_after(uint64_t ns)
{
	memset(&st, 0, sizeof st);
	smi_stat_latency(&st.s, ns);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(st.guard[i], 0);
	unsigned found = SM_RPC_HIST_BUCKETS, n = 0;
	for (unsigned i = 0; i < SM_RPC_HIST_BUCKETS; i++) {
		if (st.s.latency_hist[i]) {
			CHECK_EQ(st.s.latency_hist[i], 1);
			found = i;
			n++;
		}
	}
	CHECK_EQ(n, 1);
	return found;
}

int main(void)
{
	const unsigned last = SM_RPC_HIST_BUCKETS - 1;
	CHECK_EQ(sm_rpc_hist_bucket_limit_ns(0), 128);
	CHECK_EQ(sm_rpc_hist_bucket_limit_ns(last), UINT64_MAX);
	CHECK_EQ(bucket_after(0), 0);
	CHECK_EQ(bucket_after(127), 0);
	for (unsigned i = 1; i < last; i++) {
		uint64_t lo = sm_rpc_hist_bucket_limit_ns(i - 1), hi = sm_rpc_hist_bucket_limit_ns(i);
		CHECK_EQ(hi, 2 * lo);
		CHECK_EQ(bucket_after(lo), i);
		CHECK_EQ(bucket_after(hi - 1), i);
		CHECK_EQ(bucket_after(lo + lo / 3), i);
	}
	uint64_t top = sm_rpc_hist_bucket_limit_ns(last - 1); /* about 137 s */
	CHECK_EQ(bucket_after(top - 1), last - 1);
	CHECK_EQ(bucket_after(top), last);
	CHECK_EQ(bucket_after(2 * top), last);
	CHECK_EQ(bucket_after(4 * top), last);
	CHECK_EQ(bucket_after(UINT64_C(1) << 50), last);
	CHECK_EQ(bucket_after(UINT64_MAX), last);

	memset(&st, 0, sizeof st);
	CHECK_EQ(sm_rpc_hist_max_limit_ns(st.s.latency_hist), 0); /* no calls */
	smi_stat_latency(&st.s, 100);
	CHECK_EQ(sm_rpc_hist_max_limit_ns(st.s.latency_hist), 128);
	smi_stat_latency(&st.s, 10000); /* in [8192, 16384) */
	smi_stat_latency(&st.s, 300);
	CHECK_EQ(sm_rpc_hist_max_limit_ns(st.s.latency_hist), 16384);
	smi_stat_latency(&st.s, 2 * top);
	CHECK_EQ(sm_rpc_hist_max_limit_ns(st.s.latency_hist), UINT64_MAX);
	return 0;
}
