/* test-rpc-load.c — the C# load tests as correctness tests (no timing):
 * 5000 small calls; 10 threads x 500 small calls at once (the C# test
 * does 10 x 5000; scaled down to stay well under 10 s on two busy cores);
 * 200 calls of 512 KiB (C#: 1000; scaled down likewise); 2000 async calls
 * in flight together; all with handlers inline and on a worker pool.
 * Every response is checked byte for byte; nothing is lost. */
#include "rpctest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define THREADS      10
#define PER_THREAD   500
#define SMALL_CALLS  5000
#define LARGE_CALLS  200
#define LARGE_SIZE   (512u * 1024u)
#define ASYNC_CALLS  2000

static sm_rpc *cli;

static void small_calls(uint32_t seed, int n)
{
	uint8_t buf[64];
	for (int i = 0; i < n; i++) {
		size_t len = (size_t)(i % 64);
		rt_fill(buf, len, seed + (uint32_t)i);
		struct sm_rpc_result res;
		int err = sm_rpc_call(cli, buf, len, &res, 10000);
		if (err)
			fprintf(stderr, "call %d: %s\n", i, sm_strerror(err));
		CHECK_EQ(err, 0);
		CHECK_EQ(res.len, len);
		CHECK(rt_check(res.data, len, seed + (uint32_t)i));
		sm_rpc_result_free(&res);
	}
}

static void *thread_main(void *arg)
{
	small_calls((uint32_t)(uintptr_t)arg * 100000u, PER_THREAD);
	return NULL;
}

static int async_done_count;
static int async_bad;

static void async_done(void *user, struct sm_rpc_result *r)
{
	uint32_t seed = (uint32_t)(uintptr_t)user;
	if (r->status != 0 || r->len != 8 || !rt_check(r->data, 8, seed))
		__atomic_fetch_add(&async_bad, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&async_done_count, 1, __ATOMIC_RELEASE);
}

static void run(const char *name, uint32_t workers)
{
	struct rt_serve serve = { .server = true, .handler = RT_ECHO, .workers = workers };
	struct rt_child child;
	rt_name = name;
	cli = rt_serve_and_connect(&child, &serve);

	small_calls(1, SMALL_CALLS);

	pthread_t t[THREADS];
	for (uintptr_t i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, thread_main, (void *)(i + 1)), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);

	uint8_t *big = malloc(LARGE_SIZE);
	for (int i = 0; i < LARGE_CALLS; i++) {
		rt_fill(big, 64, (uint32_t)i); /* vary the head, check all */
		struct sm_rpc_result res;
		CHECK_EQ(sm_rpc_call(cli, big, LARGE_SIZE, &res, 10000), 0);
		CHECK_EQ(res.len, LARGE_SIZE);
		CHECK(memcmp(res.data, big, LARGE_SIZE) == 0);
		sm_rpc_result_free(&res);
	}
	free(big);

	__atomic_store_n(&async_done_count, 0, __ATOMIC_RELAXED);
	for (int i = 0; i < ASYNC_CALLS; i++) {
		uint8_t b[8];
		rt_fill(b, 8, (uint32_t)i);
		CHECK_EQ(sm_rpc_call_async(cli, b, 8, 20000, async_done, (void *)(uintptr_t)i, NULL), 0);
	}
	for (int i = 0; i < 2000 && __atomic_load_n(&async_done_count, __ATOMIC_ACQUIRE) < ASYNC_CALLS; i++)
		t_sleep_ms(5);
	CHECK_EQ(async_done_count, ASYNC_CALLS);
	CHECK_EQ(async_bad, 0);

	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	uint64_t calls = SMALL_CALLS + THREADS * PER_THREAD + LARGE_CALLS + ASYNC_CALLS;
	CHECK_EQ(st.client.calls_completed, calls);
	CHECK_EQ(st.client.responses_received, calls);
	CHECK_EQ(st.server.requests_received, calls);
	CHECK_EQ(st.client.in_flight, 0);
	CHECK_EQ(st.client.discarded_responses, 0);
	CHECK_EQ(st.client.protocol_errors + st.server.protocol_errors, 0);
	CHECK_EQ(st.client.write_failures + st.server.write_failures, 0);
	CHECK_EQ(st.client.timeouts, 0);
	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	run(t_name("rpcload"), 0);
	run(t_name("rpcloadw"), 4);
	return 0;
}
