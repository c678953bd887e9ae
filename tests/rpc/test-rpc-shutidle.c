/* test-rpc-shutidle.c — a client whose server closed keeps its handle
 * until it closes it; meanwhile its receiving thread must sleep, not spin
 * on the drained, shut-down ring (peeks return -SM_ESHUTDOWN at once). */
#include "rpctest.h"

#include <time.h>

#define IDLE_MS 300

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcshutidle");
	struct rt_child child;
	struct rt_serve serve = { .server = true, .handler = RT_ECHO };
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);
	uint8_t msg[4] = { 1, 2, 3, 4 };
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, msg, 4, &res, 5000), 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(rt_finish(&child), 0);
	CHECK_EQ(sm_rpc_call(cli, msg, 4, &res, 5000), -SM_ESHUTDOWN);
	t_sleep_ms(50); /* past the shutdown, and HOT_NS after the last call */
	uint64_t c0 = cpu_ns();
	t_sleep_ms(IDLE_MS);
	uint64_t used = cpu_ns() - c0;
	fprintf(stderr, "cpu while idle: %llu ms\n", (unsigned long long)(used / 1000000));
	CHECK(used < IDLE_MS * 1000000ull / 4);
	sm_rpc_close(cli);
	return 0;
}
