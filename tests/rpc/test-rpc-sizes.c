/* test-rpc-sizes.c — every size crosses intact in both directions: 0, 1,
 * payload - 1, exactly one and two payloads (the C# version lost the last
 * chunk of exact multiples), 512 KiB and the configured maximum; maximum
 * + 1 fails cleanly, for requests and for responses. */
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define PACKET 256u
#define MAXMSG (600u * 1024u)

#define name rt_name

/* Returns one byte more than it got. */
static int grow_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	uint8_t *buf = sm_rpc_reply_buffer(reply, req->len + 1);
	if (!buf)
		return sm_rpc_reply_error(reply, -EMSGSIZE, "cannot grow %zu", req->len);
	memset(buf, 1, req->len + 1);
	return 0;
}

static int echo_or_grow(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	if (req->len == 1 && ((const uint8_t *)req->data)[0] == 0xEE)
		return grow_handler(user, &(struct sm_rpc_request){ req->rpc, req->call_id, NULL, MAXMSG }, reply);
	return rt_echo_handler(user, req, reply);
}

static size_t sizes[16];
static int n_sizes;

/* 0, 1, payload - 1, payload, payload + 1, two payloads (+1), 512 KiB,
 * the maximum - 1 and the maximum. */
static void fill_sizes(void)
{
	size_t p = PACKET - SM_RPC_PACKET_HEADER;
	size_t list[] = { 0, 1, p - 1, p, p + 1, 2 * p, 2 * p + 1, 512 * 1024, MAXMSG - 1, MAXMSG };
	n_sizes = 0;
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		sizes[n_sizes++] = list[i];
}

static void echo_all(sm_rpc *rpc)
{
	for (int i = 0; i < n_sizes; i++) {
		size_t len = sizes[i];
		uint8_t *buf = malloc(len + 1);
		CHECK(buf);
		rt_fill(buf, len, (uint32_t)(len * 7 + 1));
		struct sm_rpc_result res;
		int err = sm_rpc_call(rpc, buf, len, &res, 10000);
		if (err)
			fprintf(stderr, "size %zu: %s\n", len, sm_strerror(err));
		CHECK_EQ(err, 0);
		CHECK_EQ(res.len, len);
		CHECK(rt_check(res.data, len, (uint32_t)(len * 7 + 1)));
		sm_rpc_result_free(&res);
		free(buf);
	}
}

static int client_main(void *arg)
{
	struct sm_rpc_options o;
	rt_options(&o, rt_echo_handler);
	sm_rpc *rpc;
	if (sm_rpc_connect(&rpc, name, &o))
		return 10;
	fill_sizes();
	echo_all(rpc); /* client -> server */
	rt_wait_release();
	sm_rpc_close(rpc);
	return 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	name = t_name("rpcsizes");
	struct sm_rpc_options o;
	rt_options(&o, echo_or_grow);
	o.packet_size = PACKET;
	o.max_message = MAXMSG;
	o.node_count = 8;
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	size_t p = sm_rpc_packet_payload(srv);
	CHECK_EQ(p, PACKET - SM_RPC_PACKET_HEADER);
	CHECK_EQ(sm_rpc_max_message(srv), MAXMSG);
	fill_sizes();

	struct rt_child child;
	rt_spawn(&child, client_main, NULL, 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	echo_all(srv); /* server -> client, while the client calls us */

	/* max + 1: refused before anything is sent. */
	uint8_t *big = calloc(1, MAXMSG + 1);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(srv, big, MAXMSG + 1, &res, 1000), -EMSGSIZE);
	CHECK_EQ(res.status, -EMSGSIZE);
	uint64_t id;
	CHECK_EQ(sm_rpc_call_start(srv, big, MAXMSG + 1, 1000, &id), -EMSGSIZE);
	free(big);
	CHECK_EQ(rt_finish(&child), 0);

	/* A response over the maximum is an error reply, not a hang: the
	 * server's handler tries to answer MAXMSG + 1 bytes. */
	sm_rpc *cli;
	struct sm_rpc_options co;
	rt_options(&co, NULL);
	CHECK_EQ(sm_rpc_connect(&cli, name, &co), 0);
	uint8_t ee = 0xEE;
	CHECK_EQ(sm_rpc_call(cli, &ee, 1, &res, 5000), -SM_EREMOTE);
	CHECK_EQ(res.remote_code, -EMSGSIZE);
	CHECK(strstr(res.message, "cannot grow") != NULL);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	CHECK_EQ(st.server.protocol_errors, 0);
	CHECK_EQ(st.client.protocol_errors, 0);
	CHECK_EQ(st.server.write_failures, 0);
	CHECK_EQ((uint64_t)st.server.reading_max_packet_size, p);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return 0;
}
