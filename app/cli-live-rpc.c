/* cli-live-rpc.c — an RPC channel's statistics for `inspect`, through a
 * read-only monitor (sm_rpc_open_monitor). */
#include "cli-live-kinds.h"

#include <stdbool.h>
#include <stdio.h>

#include "sharedmem/rpc.h"

static void side(struct cli_report *r, const char *key, const char *title,
		 const struct sm_rpc_side_stats *s)
{
	rep_section(r, key, title);
	rep_u64(r, "calls_started", s->calls_started);
	rep_u64(r, "calls_completed", s->calls_completed);
	rep_u64(r, "in_flight", s->in_flight);
	rep_u64(r, "call_errors", s->call_errors);
	rep_u64(r, "timeouts", s->timeouts);
	rep_u64(r, "cancelled", s->cancelled);
	rep_u64(r, "peer_deaths", s->peer_deaths);
	rep_u64(r, "requests_sent", s->requests_sent);
	rep_u64(r, "responses_sent", s->responses_sent);
	rep_u64(r, "errors_sent", s->errors_sent);
	rep_u64(r, "requests_received", s->requests_received);
	rep_u64(r, "responses_received", s->responses_received);
	rep_u64(r, "errors_received", s->errors_received);
	rep_u64(r, "packets_written", s->packets_written);
	rep_size(r, "bytes_written", s->bytes_written);
	rep_u64(r, "packets_read", s->packets_read);
	rep_size(r, "bytes_read", s->bytes_read);
	rep_u64(r, "discarded_responses", s->discarded_responses);
	rep_u64(r, "protocol_errors", s->protocol_errors);
	rep_u64(r, "write_failures", s->write_failures);
	rep_i64(r, "max_wait_write_ns", s->max_wait_write_ns);
	rep_i64(r, "max_wait_read_ns", s->max_wait_read_ns);
	/* Latency histogram: the buckets with counts, by upper limit. */
	if (r->j) {
		cj_array(r->j, "latency_hist");
		for (unsigned i = 0; i < SM_RPC_HIST_BUCKETS; i++) {
			if (!s->latency_hist[i])
				continue;
			uint64_t lim = sm_rpc_hist_bucket_limit_ns(i);
			cj_object(r->j, NULL);
			if (lim == UINT64_MAX)
				cj_null(r->j, "below_ns");
			else
				cj_u64(r->j, "below_ns", lim);
			cj_u64(r->j, "calls", s->latency_hist[i]);
			cj_end(r->j);
		}
		cj_end(r->j);
		rep_end(r);
		return;
	}
	rep_section(r, "latency_hist", "Round trips of its calls, by latency");
	bool any = false;
	for (unsigned i = 0; i < SM_RPC_HIST_BUCKETS; i++) {
		if (!s->latency_hist[i])
			continue;
		char bucket[32];
		uint64_t lim = sm_rpc_hist_bucket_limit_ns(i);
		if (lim == UINT64_MAX)
			snprintf(bucket, sizeof bucket, "longer");
		else if (lim >= 1000000)
			snprintf(bucket, sizeof bucket, "< %.3g ms", lim / 1e6);
		else
			snprintf(bucket, sizeof bucket, "< %.3g us", lim / 1e3);
		rep_u64(r, bucket, s->latency_hist[i]);
		any = true;
	}
	if (!any)
		rep_str(r, "calls", "none yet");
	rep_end(r);
	rep_end(r);
}

int cli_live_rpc(const char *name, struct cli_report *r)
{
	sm_rpc_monitor *mon;
	int ret = sm_rpc_open_monitor(&mon, name, 0);
	if (ret < 0)
		return ret;
	struct sm_rpc_stats s;
	ret = sm_rpc_stats_read(mon, &s);
	sm_rpc_monitor_close(mon);
	if (ret < 0)
		return ret;
	rep_size(r, "max_message", s.max_message);
	rep_size(r, "packet_size", s.packet_size);
	rep_u64(r, "node_count", s.node_count);
	rep_u64(r, "protocol_overhead_per_packet", s.protocol_overhead_per_packet);
	rep_i64(r, "server_pid", s.server_pid);
	rep_bool(r, "server_alive", s.server_alive == 1);
	rep_i64(r, "client_pid", s.client_pid);
	rep_bool(r, "client_alive", s.client_alive == 1);
	rep_u64(r, "connections", s.connections);
	rep_bool(r, "shutdown", s.shutdown != 0);
	side(r, "server", "Server side", &s.server);
	side(r, "client", "Client side", &s.client);
	return 0;
}
