/* test-rpc-workers.c — handlers on a worker pool: a slow handler does not
 * hold up the others (a quick call completes while the slow one is still
 * running), whereas inline handlers serve requests in turn. */
#include "rpctest.h"

#include <string.h>

static int done_calls;

static void slow_done(void *user, struct sm_rpc_result *r)
{
	*(int *)user = r->status;
	__atomic_fetch_add(&done_calls, 1, __ATOMIC_RELEASE);
}

/* Start a 1 s call, then a quick one; returns whether the slow one had
 * finished by the time the quick one returned. */
static int slow_finished_first(uint32_t workers, const char *name)
{
	rt_name = name;
	struct rt_serve serve = { .server = true, .handler = RT_SLOW, .workers = workers };
	struct rt_child child;
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);
	__atomic_store_n(&done_calls, 0, __ATOMIC_RELAXED);
	int slow_status = 1;
	uint8_t slow = 100, quick[3] = { 0, 1, 2 };
	CHECK_EQ(sm_rpc_call_async(cli, &slow, 1, 10000, slow_done, &slow_status, NULL), 0);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, quick, 3, &res, 10000), 0);
	CHECK(res.len == 3 && memcmp(res.data, quick, 3) == 0);
	sm_rpc_result_free(&res);
	int finished = __atomic_load_n(&done_calls, __ATOMIC_ACQUIRE);
	for (int i = 0; i < 1000 && __atomic_load_n(&done_calls, __ATOMIC_ACQUIRE) == 0; i++)
		t_sleep_ms(10);
	CHECK_EQ(slow_status, 0);
	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&child), 0);
	return finished;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	CHECK_EQ(slow_finished_first(2, t_name("rpcworkers")), 0); /* quick overtook slow */
	CHECK_EQ(slow_finished_first(0, t_name("rpcinline")), 1);  /* inline: in turn */
	return 0;
}
