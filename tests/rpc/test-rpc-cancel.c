/* test-rpc-cancel.c — the C# cancellation tests: a blocking call and an
 * async call, each cancelled while the handler is slow (-ECANCELED, well
 * before the deadline) and each left alone (succeeds). */
#include "rpctest.h"

#include <pthread.h>
#include <string.h>

static sm_rpc *cli;
static uint64_t started_id;

struct outcome {
	int status;
	int calls;
	size_t len;
};

static void done(void *user, struct sm_rpc_result *r)
{
	struct outcome *o = user;
	o->status = r->status;
	o->len = r->len;
	__atomic_fetch_add(&o->calls, 1, __ATOMIC_RELEASE);
}

static void wait_calls(struct outcome *o)
{
	for (int i = 0; i < 1000 && __atomic_load_n(&o->calls, __ATOMIC_ACQUIRE) == 0; i++)
		t_sleep_ms(5);
	CHECK_EQ(o->calls, 1);
}

static void *canceller(void *arg)
{
	t_sleep_ms(30);
	CHECK_EQ(sm_rpc_cancel(cli, __atomic_load_n(&started_id, __ATOMIC_ACQUIRE)), 0);
	return NULL;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpccancel");
	struct rt_serve serve = { .server = true, .handler = RT_SLOW, .workers = 2 };
	struct rt_child child;
	cli = rt_serve_and_connect(&child, &serve);

	uint8_t slow = 50, quick[2] = { 0, 7 };
	struct sm_rpc_result res;

	/* Sync, cancelled from another thread. */
	uint64_t id;
	CHECK_EQ(sm_rpc_call_start(cli, &slow, 1, 10000, &id), 0);
	__atomic_store_n(&started_id, id, __ATOMIC_RELEASE);
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, canceller, NULL), 0);
	CHECK_EQ(sm_rpc_call_wait(cli, id, &res), -ECANCELED);
	CHECK_EQ(res.status, -ECANCELED);
	CHECK(res.latency_ns < 5000000000ull); /* not the 10 s deadline */
	pthread_join(t, NULL);
	CHECK_EQ(sm_rpc_call_wait(cli, id, &res), -ENOENT); /* nothing left */
	CHECK_EQ(sm_rpc_cancel(cli, id), -ENOENT);

	/* Sync, not cancelled. */
	CHECK_EQ(sm_rpc_call_start(cli, quick, 2, 10000, &id), 0);
	CHECK_EQ(sm_rpc_call_wait(cli, id, &res), 0);
	CHECK(res.len == 2 && memcmp(res.data, quick, 2) == 0);
	sm_rpc_result_free(&res);

	/* Async, cancelled: the completion runs on our thread, once. */
	struct outcome a = { 1, 0, 0 };
	CHECK_EQ(sm_rpc_call_async(cli, &slow, 1, 10000, done, &a, &id), 0);
	CHECK_EQ(sm_rpc_cancel(cli, id), 0);
	CHECK_EQ(a.calls, 1);
	CHECK_EQ(a.status, -ECANCELED);
	CHECK_EQ(sm_rpc_cancel(cli, id), -ENOENT);

	/* Async, not cancelled. */
	struct outcome b = { 1, 0, 0 };
	CHECK_EQ(sm_rpc_call_async(cli, quick, 2, 10000, done, &b, &id), 0);
	wait_calls(&b);
	CHECK_EQ(b.status, 0);
	CHECK_EQ(b.len, 2);
	CHECK_EQ(sm_rpc_call_async(cli, quick, 2, 10000, NULL, NULL, &id), -EINVAL);

	/* The cancelled calls' responses come later and are discarded. */
	struct sm_rpc_stats st;
	for (int i = 0; i < 500; i++) {
		CHECK_EQ(sm_rpc_stats(cli, &st), 0);
		if (st.client.discarded_responses == 2)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(st.client.discarded_responses, 2);
	CHECK_EQ(st.client.cancelled, 2);
	CHECK_EQ(st.client.in_flight, 0);

	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
	return 0;
}
