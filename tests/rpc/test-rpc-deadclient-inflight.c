/* test-rpc-deadclient-inflight.c — a client killed (SIGKILL) with a call
 * pending leaves no call counted in flight: the next client's statistics
 * start from what it has itself in flight, not the dead one's calls. */
#include "rpctest.h"

#include <signal.h>

static int hold_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	(void)req;
	t_sleep_ms(300); /* the client is killed meanwhile */
	return sm_rpc_reply_set(reply, NULL, 0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdeadfl");
	struct sm_rpc_options o;
	rt_options(&o, hold_handler);
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);

	struct rt_child a;
	rt_spawn(&a, rt_calling_client_main, NULL, 0);
	struct sm_rpc_stats st;
	for (int i = 0; i < 500; i++) {
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
		if (st.server.requests_received >= 1)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(st.client.in_flight, 1);
	kill(a.pid, SIGKILL);
	CHECK_EQ(rt_finish(&a), 128 + SIGKILL);

	/* A new client, nothing in flight yet. */
	rt_options(&o, NULL);
	sm_rpc *b;
	CHECK_EQ(sm_rpc_connect(&b, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_stats(b, &st), 0);
	CHECK_EQ(st.client.in_flight, 0);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(b, NULL, 0, &res, 5000), 0);
	CHECK_EQ(sm_rpc_stats(b, &st), 0);
	CHECK_EQ(st.client.in_flight, 0);
	sm_rpc_close(b);
	sm_rpc_close(srv);
	return 0;
}
