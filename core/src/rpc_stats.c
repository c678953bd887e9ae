/* rpc_stats.c — the channel's statistics in shared memory: counters,
 * maxima, the latency histogram, copies for monitors, and reset. */
#include "rpc_internal.h"
#include "segment_internal.h"

#include <stddef.h>
#include <string.h>

#define SIDE_WORDS (sizeof(struct sm_rpc_side_stats) / sizeof(uint64_t))

void smi_rpc_stats_init(struct sm_rpc_side_stats *s)
{
	uint64_t *w = (uint64_t *)s;
	for (size_t i = 0; i < SIDE_WORDS; i++)
		__atomic_store_n(&w[i], 0, __ATOMIC_RELAXED);
	/* The "last" and "max" fields start at -1, as in the C# library. */
	smi_stat_set(&s->reading_max_packet_size, -1);
	smi_stat_set(&s->reading_last_packet_size, -1);
	smi_stat_set(&s->reading_last_message_size, -1);
	smi_stat_set(&s->writing_max_packet_size, -1);
	smi_stat_set(&s->writing_last_packet_size, -1);
	smi_stat_set(&s->writing_last_message_size, -1);
	smi_stat_set(&s->last_timeout_ns, -1);
	smi_stat_set(&s->max_wait_write_ns, -1);
	smi_stat_set(&s->max_wait_read_ns, -1);
}

void smi_stat_max(int64_t *field, int64_t v)
{
	int64_t cur = __atomic_load_n(field, __ATOMIC_RELAXED);
	while (v > cur &&
	       !__atomic_compare_exchange_n(field, &cur, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

static unsigned bucket_of(uint64_t ns)
{
	if (ns < (UINT64_C(1) << SM_RPC_HIST_MIN_SHIFT))
		return 0;
	unsigned b = (unsigned)(63 - __builtin_clzll(ns)) - SM_RPC_HIST_MIN_SHIFT + 1;
	return b >= SM_RPC_HIST_BUCKETS ? SM_RPC_HIST_BUCKETS - 1 : b;
}

uint64_t sm_rpc_hist_bucket_limit_ns(unsigned i)
{
	if (i >= SM_RPC_HIST_BUCKETS - 1)
		return UINT64_MAX;
	return UINT64_C(1) << (SM_RPC_HIST_MIN_SHIFT + i);
}

uint64_t sm_rpc_hist_max_limit_ns(const uint64_t hist[SM_RPC_HIST_BUCKETS])
{
	for (unsigned i = SM_RPC_HIST_BUCKETS; i-- > 0;)
		if (hist[i])
			return sm_rpc_hist_bucket_limit_ns(i);
	return 0;
}

void smi_stat_latency(struct sm_rpc_side_stats *s, uint64_t ns)
{
	smi_stat_add(&s->latency_hist[bucket_of(ns)], 1);
}

static void copy_side(const struct sm_rpc_side_stats *src, struct sm_rpc_side_stats *dst)
{
	const uint64_t *s = (const uint64_t *)src;
	uint64_t *d = (uint64_t *)dst;
	for (size_t i = 0; i < SIDE_WORDS; i++)
		d[i] = __atomic_load_n(&s[i], __ATOMIC_RELAXED);
}

void smi_rpc_stats_copy(const struct smi_rpc_shared *sh, const struct smi_rpc_params *p,
			const sm_segment *seg, struct sm_rpc_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->protocol_overhead_per_packet = SM_RPC_PACKET_HEADER;
	out->max_message = p->max_message;
	out->packet_size = p->packet_size;
	out->node_count = p->node_count;
	const struct sm_header *h = sm_segment_header(seg);
	out->server_pid = h->creator_pid;
	out->server_alive = sm_segment_owner_alive(seg);
	out->shutdown = sm_segment_is_shutdown(seg);
	/* Acquire pairs with the client's release of the claim word on connect. */
	union smi_rpc_slot slot = smi_rpc_slot_load(&sh->conn);
	if (slot.state == SMI_CLIENT_CONNECTED && slot.pid > 0) {
		out->client_pid = slot.pid;
		out->client_alive = smi_rpc_slot_holder_alive(&sh->conn, slot);
	}
	out->connections = __atomic_load_n(&sh->conn.connections, __ATOMIC_RELAXED);
	out->reset_ns = __atomic_load_n(&sh->conn.reset_ns, __ATOMIC_RELAXED);
	out->monotonic_ns = smi_now_ns();
	copy_side(&sh->stats[0], &out->server);
	copy_side(&sh->stats[1], &out->client);
	/* in_flight is its process's live state: a side killed with calls
	 * pending never takes them back out, and none of them can end any
	 * more.  No client connected (or one still connecting, which starts
	 * it afresh) has none either. */
	if (!out->server_alive)
		out->server.in_flight = 0;
	if (!out->client_alive)
		out->client.in_flight = 0;
}

void smi_rpc_stats_reset_shared(struct smi_rpc_shared *sh)
{
	/* in_flight is live state, not history: left alone (a copy read
	 * first and put back would lose the calls that start or end
	 * meanwhile). */
	struct sm_rpc_side_stats fresh;
	smi_rpc_stats_init(&fresh);
	const uint64_t *f = (const uint64_t *)&fresh;
	const size_t live = offsetof(struct sm_rpc_side_stats, in_flight) / sizeof(uint64_t);
	for (int i = 0; i < 2; i++) {
		uint64_t *w = (uint64_t *)&sh->stats[i];
		for (size_t j = 0; j < SIDE_WORDS; j++)
			if (j != live)
				__atomic_store_n(&w[j], f[j], __ATOMIC_RELAXED);
	}
	__atomic_store_n(&sh->conn.reset_ns, smi_realtime_ns(), __ATOMIC_RELAXED);
}

int sm_rpc_stats(const sm_rpc *rpc, struct sm_rpc_stats *out)
{
	if (!rpc || !out)
		return -EINVAL;
	smi_rpc_stats_copy(rpc->sh, smi_segment_params(rpc->seg), rpc->seg, out);
	return 0;
}

int sm_rpc_stats_reset(sm_rpc *rpc)
{
	if (!rpc)
		return -EINVAL;
	smi_rpc_stats_reset_shared(rpc->sh);
	return 0;
}
