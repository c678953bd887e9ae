/* test-rpc-refused-stats.c — a call refused before anything was sent (no
 * client connected, request over max_message, channel shut down; async
 * or not) shows in the caller's statistics as a call started and failed
 * (calls_started, call_errors), as one whose request could not be
 * written does.  Such calls used to be counted nowhere: a monitor saw
 * nothing of calls failing this way. */
#include <string.h>

#include "rpctest.h"

static void never_done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	(void)res;
	CHECK(!"a refused async call ran its completion");
}

/* The side's call counters moved by `started` calls, all failed. */
static void check_refused(const struct sm_rpc_side_stats *before, const struct sm_rpc_side_stats *now,
			  uint64_t started)
{
	CHECK_EQ(now->calls_started - before->calls_started, started);
	CHECK_EQ(now->call_errors - before->call_errors, started);
	CHECK_EQ(now->calls_completed, before->calls_completed);
	CHECK_EQ(now->timeouts, before->timeouts);
	CHECK_EQ(now->in_flight, 0);
	CHECK_EQ(now->requests_sent, before->requests_sent);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcrefst");
	sm_rpc *srv = rt_create_server(rt_echo_handler, 0, 0);
	struct sm_rpc_stats st0, st;
	struct sm_rpc_result res;
	uint64_t id;

	/* Server, no client connected. */
	CHECK_EQ(sm_rpc_stats(srv, &st0), 0);
	CHECK_EQ(sm_rpc_call(srv, "x", 1, &res, 100), -SM_ENOPEER);
	CHECK_EQ(sm_rpc_call_async(srv, "x", 1, 100, never_done, NULL, &id), -SM_ENOPEER);
	CHECK_EQ(sm_rpc_call_start(srv, "x", 1, 100, &id), -SM_ENOPEER);
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	check_refused(&st0.server, &st.server, 3);

	/* Client: over the maximum, then a channel shut down. */
	sm_rpc *cli;
	CHECK_EQ(rt_connect(&cli), 0);
	size_t big_len = (size_t)sm_rpc_max_message(cli) + 1;
	void *big = calloc(1, big_len);
	CHECK(big != NULL);
	CHECK_EQ(sm_rpc_stats(cli, &st0), 0);
	CHECK_EQ(sm_rpc_call(cli, big, big_len, &res, 100), -EMSGSIZE);
	CHECK_EQ(sm_rpc_call_async(cli, big, big_len, 100, never_done, NULL, &id), -EMSGSIZE);
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	check_refused(&st0.client, &st.client, 2);
	free(big);

	sm_rpc_close(srv);
	CHECK_EQ(sm_rpc_stats(cli, &st0), 0);
	CHECK_EQ(sm_rpc_call(cli, "x", 1, &res, 100), -SM_ESHUTDOWN);
	CHECK_EQ(sm_rpc_call_async(cli, "x", 1, 100, never_done, NULL, &id), -SM_ESHUTDOWN);
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	check_refused(&st0.client, &st.client, 2);

	/* Invalid arguments are no call: nothing counted. */
	CHECK_EQ(sm_rpc_call(cli, NULL, 1, &res, 100), -EINVAL);
	CHECK_EQ(sm_rpc_stats(cli, &st0), 0);
	CHECK_EQ(st0.client.calls_started, st.client.calls_started);
	sm_rpc_close(cli);
	return T_EXIT_PASS;
}
