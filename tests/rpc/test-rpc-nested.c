/* test-rpc-nested.c — C# RPC_Bidirectional_Nested and
 * RPC_LoadTest_NestedCalls: the client calls the server, whose handler
 * calls back into the client before answering (result 9); then chains of
 * calls nested 10 deep, with inline handlers (the receiving thread serves
 * nested requests while it waits) and with worker pools. */
#include "rpctest.h"

#include <string.h>

#define name rt_name

/* Server: v -> call client with v * 2, answer what it says. */
static int server_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	if (req->len != 1)
		return sm_rpc_reply_error(reply, -EINVAL, "want 1 byte");
	uint8_t v = (uint8_t)(((const uint8_t *)req->data)[0] * 2);
	struct sm_rpc_result res;
	int err = sm_rpc_call(req->rpc, &v, 1, &res, 5000);
	if (err)
		return sm_rpc_reply_error(reply, err, "nested call: %s", sm_strerror(err));
	err = sm_rpc_reply_set(reply, res.data, res.len);
	sm_rpc_result_free(&res);
	return err;
}

/* Client: v -> v + 3. */
static int client_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	uint8_t v = (uint8_t)(((const uint8_t *)req->data)[0] + 3);
	return sm_rpc_reply_set(reply, &v, 1);
}

/* Depth chain: a 4-byte counter n; while n > 0 the handler calls the other
 * side with n - 1 and answers its answer + 1. */
static int chain_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	uint32_t n;
	if (req->len != sizeof(n))
		return sm_rpc_reply_error(reply, -EINVAL, "want 4 bytes");
	memcpy(&n, req->data, sizeof(n));
	uint32_t out = 0;
	if (n > 0) {
		uint32_t m = n - 1;
		struct sm_rpc_result res;
		int err = sm_rpc_call(req->rpc, &m, sizeof(m), &res, 10000);
		if (err)
			return sm_rpc_reply_error(reply, err, "depth %u: %s", n, sm_strerror(err));
		if (res.len != sizeof(out)) {
			sm_rpc_result_free(&res);
			return -EPROTO;
		}
		memcpy(&out, res.data, sizeof(out));
		sm_rpc_result_free(&res);
		out++;
	}
	return sm_rpc_reply_set(reply, &out, sizeof(out));
}

static int both_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	if (req->len == 1)
		return client_handler(user, req, reply);
	return chain_handler(user, req, reply);
}

static int client_main(void *arg)
{
	struct sm_rpc_options o;
	rt_options(&o, both_handler);
	o.workers = *(const uint32_t *)arg;
	sm_rpc *rpc;
	if (sm_rpc_connect(&rpc, name, &o))
		return 10;
	/* Bidirectional nested: 3 -> server (6) -> client (9). */
	uint8_t v = 3;
	struct sm_rpc_result res;
	int err = sm_rpc_call(rpc, &v, 1, &res, 5000);
	if (err) {
		fprintf(stderr, "nested: %s (%s)\n", sm_strerror(err), res.message);
		return 11;
	}
	if (res.len != 1 || ((uint8_t *)res.data)[0] != 9)
		return 12;
	sm_rpc_result_free(&res);
	/* 10 chains of depth 10 starting here. */
	for (int i = 0; i < 10; i++) {
		uint32_t n = 10, out;
		err = sm_rpc_call(rpc, &n, sizeof(n), &res, 10000);
		if (err) {
			fprintf(stderr, "chain: %s (%s)\n", sm_strerror(err), res.message);
			return 13;
		}
		memcpy(&out, res.data, sizeof(out));
		sm_rpc_result_free(&res);
		if (out != 10)
			return 14;
	}
	rt_wait_release();
	sm_rpc_close(rpc);
	return 0;
}

static int server_both(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	if (req->len == 1)
		return server_handler(user, req, reply);
	return chain_handler(user, req, reply);
}

static void run(uint32_t server_workers, uint32_t client_workers)
{
	struct sm_rpc_options o;
	rt_options(&o, server_both);
	o.workers = server_workers;
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	struct rt_child child;
	rt_spawn(&child, client_main, &client_workers, sizeof(client_workers));
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	/* Chains starting from the server side too. */
	for (int i = 0; i < 10; i++) {
		uint32_t n = 9, out;
		struct sm_rpc_result res;
		int err = sm_rpc_call(srv, &n, sizeof(n), &res, 10000);
		if (err)
			fprintf(stderr, "server chain: %s (%s)\n", sm_strerror(err), res.message);
		CHECK_EQ(err, 0);
		memcpy(&out, res.data, sizeof(out));
		sm_rpc_result_free(&res);
		CHECK_EQ(out, 9);
	}
	CHECK_EQ(rt_finish(&child), 0);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	CHECK_EQ(st.server.in_flight, 0);
	CHECK_EQ(st.client.in_flight, 0);
	CHECK_EQ(st.server.timeouts + st.client.timeouts, 0);
	sm_rpc_close(srv);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	name = t_name("rpcnested");
	run(0, 0); /* inline handlers on both sides */
	run(2, 0);
	run(0, 3);
	return 0;
}
