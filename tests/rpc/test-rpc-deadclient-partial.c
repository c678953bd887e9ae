/* test-rpc-deadclient-partial.c — a client killed (SIGKILL) part-way
 * through sending a multi-packet request leaves nothing behind in the
 * server: the partial message it was assembling (its buffer, up to
 * max_message bytes, and its reassembly slot) goes once the server sees
 * the client gone, not only when a next client's packet comes. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <signal.h>
#include <string.h>

#define PACKET 64u
#define PAYLOAD (PACKET - SM_RPC_PACKET_HEADER)

/* Connect, then write the first of three packets of a request straight
 * into the ring, as a client killed after it would have. */
static int cut_client_main(void *arg)
{
	(void)arg;
	sm_rpc *cli;
	if (rt_connect(&cli))
		return 1;
	uint8_t pkt[PACKET] = { 0 };
	struct smi_rpc_packet h = {
		.type = SMI_PKT_REQUEST, .version = SMI_PKT_VERSION, .call_id = cli->calls.next_id,
		.total_len = 3 * PAYLOAD, .index = 0, .count = 3, .epoch = cli->epoch,
	};
	memcpy(pkt, &h, sizeof(h));
	if (sm_ring_write(cli->tx, pkt, sizeof(pkt), 5000))
		return 2;
	rt_wait_release();
	return 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdeadpart");
	sm_rpc *srv = rt_create_server(rt_echo_handler, PACKET, 0);

	struct rt_child a;
	rt_spawn(&a, cut_client_main, NULL, 0);
	struct sm_rpc_stats st;
	for (int i = 0; i < 500; i++) {
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
		if (st.server.packets_read >= 1)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(st.server.packets_read, 1);
	kill(a.pid, SIGKILL);
	CHECK_EQ(rt_finish(&a), 128 + SIGKILL);
	CHECK_EQ(sm_rpc_peer_connected(srv), 0);

	CHECK_EQ(rt_partials_left(srv), 0);
	sm_rpc_close(srv);
	return 0;
}
