/* test-rpc-basic.c — the C# RpcBuffer basics across two processes: master
 * calls slave ({123,10} -> 133) and back, handler errors arrive with code
 * and text, a side without a handler answers -SM_ENOHANDLER, statistics
 * count and reset (also through a read-only monitor), and bad input. */
#include "rpctest.h"

#include <string.h>

#define name rt_name

/* The child: a client with the sum handler that also calls the server. */
static int client_main(void *arg)
{
	struct sm_rpc_options o;
	rt_options(&o, rt_sum_handler);
	sm_rpc *rpc;
	int err = sm_rpc_connect(&rpc, name, &o);
	if (err)
		return 10;
	/* slave calls master: the server sums too */
	uint8_t args[2] = { 123, 10 };
	struct sm_rpc_result res;
	err = sm_rpc_call(rpc, args, 2, &res, 5000);
	if (err || res.len != 1 || ((uint8_t *)res.data)[0] != 133)
		return 11;
	sm_rpc_result_free(&res);
	rt_wait_release();
	sm_rpc_close(rpc);
	return 0;
}

/* A client with no handler. */
static int bare_client_main(void *arg)
{
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	sm_rpc *rpc;
	if (sm_rpc_connect(&rpc, name, &o))
		return 10;
	rt_wait_release();
	sm_rpc_close(rpc);
	return 0;
}

static void check_fresh(const struct sm_rpc_side_stats *s)
{
	CHECK_EQ(s->requests_sent, 0);
	CHECK_EQ(s->responses_received, 0);
	CHECK_EQ(s->requests_received, 0);
	CHECK_EQ(s->responses_sent, 0);
	CHECK_EQ(s->bytes_written, 0);
	CHECK_EQ(s->writing_last_message_size, -1);
	CHECK_EQ(s->reading_last_packet_size, -1);
	CHECK_EQ(s->max_wait_read_ns, -1);
	uint64_t h = 0;
	for (unsigned i = 0; i < SM_RPC_HIST_BUCKETS; i++)
		h += s->latency_hist[i];
	CHECK_EQ(h, 0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	const char *name1 = name = t_name("rpcbasic");
	struct sm_rpc_options o;
	sm_rpc *srv, *dup;

	/* Bad input first. */
	CHECK_EQ(sm_rpc_create(&srv, "", NULL), -EINVAL);
	CHECK_EQ(sm_rpc_create(&srv, "a/b", NULL), -EINVAL);
	char longname[SM_RPC_NAME_MAX + 2];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK_EQ(sm_rpc_create(&srv, longname, NULL), -ENAMETOOLONG);
	rt_options(&o, NULL);
	o.node_count = 1;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), -EINVAL);
	rt_options(&o, NULL);
	o.packet_size = SM_RPC_MIN_PACKET_SIZE - 1;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), -EINVAL);
	rt_options(&o, NULL);
	o.max_message = SM_RPC_MAX_MESSAGE_LIMIT + 1;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), -EINVAL);
	rt_options(&o, NULL);
	o.connect_timeout_ms = 0;
	CHECK_EQ(sm_rpc_connect(&srv, name, &o), -SM_ENOPEER);
	sm_rpc_close(NULL);

	rt_options(&o, rt_sum_handler);
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	CHECK_EQ(sm_rpc_create(&dup, name, &o), -EEXIST);
	CHECK(sm_rpc_is_server(srv));
	struct sm_rpc_result res;
	uint8_t args[2] = { 123, 10 };
	CHECK_EQ(sm_rpc_call(srv, args, 2, &res, 1000), -SM_ENOPEER);
	CHECK_EQ(res.status, -SM_ENOPEER);

	struct rt_child child;
	rt_spawn(&child, client_main, NULL, 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	CHECK_EQ(sm_rpc_peer_connected(srv), 1);

	/* A second client is refused while the first lives. */
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(&dup, name, &o), -EBUSY);

	/* master calls slave */
	CHECK_EQ(sm_rpc_call(srv, args, 2, &res, 5000), 0);
	CHECK_EQ(res.len, 1);
	CHECK_EQ(((uint8_t *)res.data)[0], 133);
	CHECK(res.call_id > 0);
	sm_rpc_result_free(&res);
	CHECK(res.data == NULL);

	/* Both directions happened: the client's call was served by us. */
	struct sm_rpc_stats st;
	for (int i = 0; i < 500; i++) {
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
		if (st.client.responses_received == 1 && st.server.responses_sent == 1 &&
		    st.client.responses_sent == 1)
			break; /* a side counts a reply once it is written: the
				* caller may have it before the count */
		t_sleep_ms(10);
	}
	CHECK_EQ(st.server.requests_sent, 1);
	CHECK_EQ(st.server.responses_received, 1);
	CHECK_EQ(st.server.requests_received, 1);
	CHECK_EQ(st.server.responses_sent, 1);
	CHECK_EQ(st.client.requests_sent, 1);
	CHECK_EQ(st.client.responses_received, 1);
	CHECK_EQ(st.client.requests_received, 1);
	CHECK_EQ(st.client.responses_sent, 1);
	CHECK_EQ(st.server.messages_sent, 2);
	CHECK_EQ(st.server.bytes_written, 3);
	CHECK(st.server.writing_last_message_size == 1 || st.server.writing_last_message_size == 2);
	CHECK_EQ(st.server.calls_completed, 1);
	CHECK_EQ(st.server.in_flight, 0);
	CHECK_EQ(st.protocol_overhead_per_packet, SM_RPC_PACKET_HEADER);
	CHECK_EQ(st.client_alive, 1);
	CHECK_EQ(st.server_alive, 1);
	CHECK_EQ(st.connections, 1);
	uint64_t h = 0;
	for (unsigned i = 0; i < SM_RPC_HIST_BUCKETS; i++)
		h += st.server.latency_hist[i];
	CHECK_EQ(h, 1);

	/* A read-only monitor sees the same and cannot reset. */
	sm_rpc_monitor *mon;
	CHECK_EQ(sm_rpc_open_monitor(&mon, name, 0), 0);
	struct sm_rpc_stats ms;
	CHECK_EQ(sm_rpc_stats_read(mon, &ms), 0);
	CHECK_EQ(ms.server.requests_sent, 1);
	CHECK_EQ(ms.client_pid, (long long)child.pid);
	CHECK_EQ(sm_rpc_monitor_reset(mon), -EBADF);
	sm_rpc_monitor_close(mon);

	/* Reset: counters match a fresh channel. */
	CHECK_EQ(sm_rpc_stats_reset(srv), 0);
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	check_fresh(&st.server);
	check_fresh(&st.client);
	CHECK(st.reset_ns > 0);
	/* ...and a writable monitor can reset too. */
	CHECK_EQ(sm_rpc_call(srv, args, 2, NULL, 5000), 0);
	CHECK_EQ(sm_rpc_open_monitor(&mon, name, SM_RPC_MONITOR_WRITABLE), 0);
	CHECK_EQ(sm_rpc_monitor_reset(mon), 0);
	CHECK_EQ(sm_rpc_stats_read(mon, &ms), 0);
	check_fresh(&ms.server);
	sm_rpc_monitor_close(mon);

	/* Handler errors: code and text arrive. */
	CHECK_EQ(sm_rpc_set_handler(srv, rt_error_handler, NULL), 0);
	CHECK_EQ(rt_finish(&child), 0);
	rt_spawn(&child, bare_client_main, NULL, 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	/* The new client has no handler: an error reply, not a timeout. */
	CHECK_EQ(sm_rpc_call(srv, args, 2, &res, 5000), -SM_ENOHANDLER);
	CHECK_EQ(res.status, -SM_ENOHANDLER);
	CHECK(strstr(res.message, "handler") != NULL);

	/* A handler's error: a second channel whose server child fails
	 * every request. */
	CHECK_EQ(rt_finish(&child), 0);

	const char *name2 = t_name("rpcbasic2");
	sm_rpc *cli;
	struct rt_serve serve = { .server = true, .handler = RT_ERROR };
	rt_name = name2;
	rt_spawn(&child, rt_serve_main, &serve, sizeof(serve));
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(&cli, name2, &o), 0);
	CHECK_EQ(sm_rpc_call(cli, "abcd", 4, &res, 5000), -SM_EREMOTE);
	CHECK_EQ(res.remote_code, -EINVAL);
	CHECK(strcmp(res.message, "bad input 4") == 0);
	CHECK(res.data == NULL);
	/* Over the maximum: refused locally, nothing sent. */
	CHECK_EQ(sm_rpc_call(cli, NULL, (size_t)sm_rpc_max_message(cli) + 1, &res, 100), -EINVAL);
	static uint8_t big[SM_RPC_DEFAULT_MAX_MESSAGE + 1];
	CHECK_EQ(sm_rpc_call(cli, big, sizeof(big), &res, 100), -EMSGSIZE);
	/* The server counts its reply once it is written: maybe just after
	 * we read it. */
	for (int i = 0; i < 500; i++) {
		CHECK_EQ(sm_rpc_stats(cli, &st), 0);
		if (st.server.errors_sent == 1)
			break;
		t_sleep_ms(5);
	}
	CHECK_EQ(st.client.errors_received, 1);
	CHECK_EQ(st.server.errors_sent, 1);
	CHECK_EQ(st.client.call_errors, 2); /* the handler's error, the refused -EMSGSIZE */
	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);

	rt_name = name1;
	sm_rpc_close(srv);
	/* Everything is gone from /dev/shm. */
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name1, &info), -ENOENT);
	CHECK_EQ(sm_segment_stat(name2, &info), -ENOENT);
	char rn[64];
	snprintf(rn, sizeof(rn), "%s.c2s", name1);
	CHECK_EQ(sm_segment_stat(rn, &info), -ENOENT);
	return 0;
}
