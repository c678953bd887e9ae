/* test-rpc-abortrace.c — the count of ABORTs a handle owes is read
 * without the lock by every send (a quick look before paying them), so
 * its writers, under the lock, must write it atomically too: a request
 * cut off on one thread and a reply sent meanwhile on the receiving
 * thread were a data race (ThreadSanitizer; this test finds it under the
 * TSan build, and checks the channel's behaviour in every build).
 *
 * The server's receiving thread is held, so nobody reads the client's
 * ring: the client's big request is cut off at its deadline.  The server
 * then calls the client, whose (inline) handler replies and pays the
 * ABORT once the server reads again. */
#include "rpctest.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define PACKET 64u
#define NODES  4u

static atomic_int holding, release_gate;

/* Server: "g" holds its receiving thread until released. */
static int gate_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)reply;
	if (req->len == 1 && ((const char *)req->data)[0] == 'g') {
		atomic_store(&holding, 1);
		for (int i = 0; i < 5000 && !atomic_load(&release_gate); i++)
			t_sleep_ms(1);
		return 0;
	}
	return sm_rpc_reply_set(reply, req->data, req->len);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcabortrace");
	struct sm_rpc_options o;
	rt_options(&o, gate_handler);
	o.packet_size = PACKET;
	o.node_count = NODES;
	sm_rpc *srv, *cli;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	rt_options(&o, rt_echo_handler);
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);

	CHECK_EQ(sm_rpc_call(cli, "g", 1, NULL, 0), -ETIMEDOUT); /* sent, not waited for */
	for (int i = 0; i < 5000 && !atomic_load(&holding); i++)
		t_sleep_ms(1);
	CHECK(atomic_load(&holding));
	/* 10 packets cannot fit in 4 nodes: cut off at the deadline. */
	size_t len = 10 * (PACKET - SM_RPC_PACKET_HEADER);
	uint8_t *big = malloc(len);
	CHECK(big != NULL);
	rt_fill(big, len, 7);
	CHECK_EQ(sm_rpc_call(cli, big, len, NULL, 50), -ETIMEDOUT);

	/* The client's receiving thread replies: it looks at what is owed. */
	uint64_t id;
	CHECK_EQ(sm_rpc_call_start(srv, "r", 1, 10000, &id), 0);
	t_sleep_ms(50);
	atomic_store(&release_gate, 1);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call_wait(srv, id, &res), 0);
	CHECK(res.len == 1 && ((const char *)res.data)[0] == 'r');
	sm_rpc_result_free(&res);

	/* The ABORT was paid: the partial was dropped, not taken for garbage,
	 * and a big request now crosses whole. */
	CHECK_EQ(sm_rpc_call(cli, big, len, &res, 10000), 0);
	CHECK(res.len == len && memcmp(res.data, big, len) == 0);
	sm_rpc_result_free(&res);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK(st.client.write_failures >= 1);
	CHECK_EQ(st.server.protocol_errors, 0);
	free(big);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
