/* test-rpc-abortidle.c — a request cut off part-way (its deadline passed
 * while the server's ring was full) leaves nothing behind in the server
 * even when its client sends nothing more: the ABORT it owes goes out once
 * the ring has room, not only before the client's next message. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <stdlib.h>

#define PACKET 64u
#define NODES  2u
#define PAYLOAD (PACKET - SM_RPC_PACKET_HEADER)

/* Keep the server's receiving thread busy, cut a request off meanwhile,
 * then stay connected and quiet. */
static int cutting_client_main(void *arg)
{
	(void)arg;
	sm_rpc *cli;
	if (rt_connect(&cli))
		return 1;
	uint8_t slow = 30; /* 300 ms */
	uint64_t id;
	if (sm_rpc_call_start(cli, &slow, 1, 10000, &id))
		return 2;
	t_sleep_ms(50);
	uint8_t big[4 * PAYLOAD] = { 0 }; /* 4 packets, 2 nodes */
	struct sm_rpc_result res;
	if (sm_rpc_call(cli, big, sizeof(big), &res, 100) != -ETIMEDOUT)
		return 3;
	if (sm_rpc_call_wait(cli, id, &res))
		return 4;
	sm_rpc_result_free(&res);
	rt_wait_release();
	sm_rpc_close(cli);
	return 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcabortidle");
	sm_rpc *srv = rt_create_server(rt_slow_handler, PACKET, NODES);

	struct rt_child a;
	rt_spawn(&a, cutting_client_main, NULL, 0);
	struct sm_rpc_stats st;
	for (int i = 0; i < 1000; i++) { /* the slow call answered */
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
		if (st.client.calls_completed >= 1)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(st.client.calls_completed, 1);
	CHECK_EQ(st.client.timeouts, 1);

	CHECK_EQ(rt_partials_left(srv), 0);
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	CHECK_EQ(st.server.protocol_errors, 0);
	CHECK_EQ(rt_finish(&a), 0);
	sm_rpc_close(srv);
	return 0;
}
