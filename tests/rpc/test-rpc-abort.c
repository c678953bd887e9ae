/* test-rpc-abort.c — a request cut off part-way (its deadline passes while
 * the server's ring is full) is an error for that call only: the sender
 * owes the server an ABORT, the server drops the partial message (no
 * protocol error), and the next calls go through intact. */
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define PACKET 256u
#define NODES  4u

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcabort");
	struct rt_serve serve = { .server = true, .handler = RT_SLOW, .packet_size = PACKET,
				  .node_count = NODES };
	struct rt_child child;
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);

	/* Keep the server's only receiving thread busy for 400 ms. */
	uint8_t slow = 40;
	uint64_t id;
	CHECK_EQ(sm_rpc_call_start(cli, &slow, 1, 10000, &id), 0);
	t_sleep_ms(50);
	/* 20 packets cannot fit in 4 nodes: cut off at the deadline. */
	size_t len = 20 * (PACKET - SM_RPC_PACKET_HEADER);
	uint8_t *big = malloc(len);
	rt_fill(big, len, 5);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, big, len, &res, 100), -ETIMEDOUT);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK(st.client.write_failures >= 1);

	/* The slow call still completes; then a whole big message crosses. */
	CHECK_EQ(sm_rpc_call_wait(cli, id, &res), 0);
	CHECK(res.len == 1 && ((uint8_t *)res.data)[0] == slow);
	sm_rpc_result_free(&res);
	big[0] = 0; /* the slow handler sleeps byte 0 * 10 ms */
	CHECK_EQ(sm_rpc_call(cli, big, len, &res, 10000), 0);
	CHECK_EQ(res.len, len);
	CHECK(memcmp(res.data, big, len) == 0);
	sm_rpc_result_free(&res);

	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK_EQ(st.server.protocol_errors, 0); /* the partial was aborted, not garbage */
	CHECK_EQ(st.server.requests_received, 2); /* the cut-off one never arrived whole */
	CHECK_EQ(st.client.in_flight, 0);
	free(big);
	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
	return 0;
}
