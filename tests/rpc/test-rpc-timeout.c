/* test-rpc-timeout.c — C# RPC_Timeout and RPC_Timeout_FireAndForget: a
 * call to a slow handler times out with -ETIMEDOUT (a total deadline),
 * timeout 0 sends and returns at once; the late responses are discarded
 * and counted, nothing stays in flight, and the channel keeps working. */
#include "rpctest.h"

#include <string.h>

struct outcome {
	int status;
	int calls;
};

static void done(void *user, struct sm_rpc_result *r)
{
	struct outcome *got = user;
	got->status = r->status;
	__atomic_fetch_add(&got->calls, 1, __ATOMIC_RELEASE);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpctimeout");
	struct rt_serve serve = { .server = true, .handler = RT_SLOW };
	struct rt_child child;
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);

	/* 600 ms handler, 100 ms deadline (wide margins: the machine may be
	 * busy, and this is about outcomes, not speed). */
	uint8_t slow = 60;
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, &slow, 1, &res, 100), -ETIMEDOUT);
	CHECK_EQ(res.status, -ETIMEDOUT);
	CHECK(res.data == NULL);
	/* Fire and forget. */
	uint8_t quick = 0;
	CHECK_EQ(sm_rpc_call(cli, &quick, 1, &res, 0), -ETIMEDOUT);

	/* The channel still works; the late answers are discarded. */
	uint8_t msg[3] = { 0, 1, 2 };
	CHECK_EQ(sm_rpc_call(cli, msg, 3, &res, 5000), 0);
	CHECK(res.len == 3 && memcmp(res.data, msg, 3) == 0);
	sm_rpc_result_free(&res);

	struct sm_rpc_stats st;
	for (int i = 0; i < 300; i++) {
		CHECK_EQ(sm_rpc_stats(cli, &st), 0);
		if (st.client.discarded_responses == 2 && st.server.responses_sent == 3)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(st.client.discarded_responses, 2);
	CHECK(st.client.last_discarded_response_id > 0);
	CHECK_EQ(st.client.timeouts, 2);
	CHECK(st.client.last_timeout_ns > 0);
	CHECK_EQ(st.client.in_flight, 0);
	CHECK_EQ(st.client.calls_completed, 1);
	CHECK_EQ(st.server.responses_sent, 3);

	/* An async call times out through its completion. */
	struct outcome got = { 1, 0 };
	uint8_t slower = 100; /* 1 s */
	CHECK_EQ(sm_rpc_call_async(cli, &slower, 1, 50, done, &got, NULL), 0);
	for (int i = 0; i < 500 && __atomic_load_n(&got.calls, __ATOMIC_ACQUIRE) == 0; i++)
		t_sleep_ms(10);
	CHECK_EQ(got.calls, 1);
	CHECK_EQ(got.status, -ETIMEDOUT);

	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
	return 0;
}

