/* test-rpc-statsreset-inflight.c — sm_rpc_stats_reset() clears the
 * history but keeps in_flight, which is live state: a call pending across
 * a reset still counts as in flight, and when it finishes in_flight goes
 * back to 0 (not below it, which would wrap to a huge number). */
#include "rpctest.h"

static void done(void *user, struct sm_rpc_result *r)
{
	__atomic_store_n((int *)user, r->status == 0 ? 1 : 2, __ATOMIC_RELEASE);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcresetinfl");
	struct rt_serve serve = { .server = true, .handler = RT_SLOW };
	struct rt_child child;
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);

	int finished = 0;
	uint8_t slow = 30; /* the handler sleeps 300 ms */
	CHECK_EQ(sm_rpc_call_async(cli, &slow, 1, 10000, done, &finished, NULL), 0);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK_EQ(st.client.in_flight, 1);
	CHECK_EQ(sm_rpc_stats_reset(cli), 0);
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK_EQ(__atomic_load_n(&finished, __ATOMIC_ACQUIRE), 0); /* still pending */
	CHECK_EQ(st.client.in_flight, 1);
	CHECK_EQ(st.client.requests_sent, 0); /* history was cleared */

	for (int i = 0; i < 1000 && !__atomic_load_n(&finished, __ATOMIC_ACQUIRE); i++)
		t_sleep_ms(10);
	CHECK_EQ(__atomic_load_n(&finished, __ATOMIC_ACQUIRE), 1);
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK_EQ(st.client.in_flight, 0);
	CHECK_EQ(st.client.calls_completed, 1);

	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
	return 0;
}
