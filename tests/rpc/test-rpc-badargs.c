/* test-rpc-badargs.c — invalid arguments are reported the same way in
 * the return value and in the result: sm_rpc_call() fills `res` always,
 * and sm_rpc_call_wait() returns "as sm_rpc_call()" (rpc.h). */
#include <errno.h>
#include <string.h>

#include "rpctest.h"

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	struct sm_rpc_result res;

	memset(&res, 0x5a, sizeof res);
	CHECK_EQ(sm_rpc_call(NULL, "x", 1, &res, 0), -EINVAL);
	CHECK_EQ(res.status, -EINVAL);
	CHECK(res.data == NULL);

	memset(&res, 0x5a, sizeof res);
	CHECK_EQ(sm_rpc_call_wait(NULL, 1, &res), -EINVAL);
	CHECK_EQ(res.status, -EINVAL);
	CHECK(res.data == NULL);

	CHECK_EQ(sm_rpc_call_wait(NULL, 1, NULL), -EINVAL);
	CHECK_EQ(sm_rpc_cancel(NULL, 1), -EINVAL);
	/* (no name: no channel's ring, not a crash) */
	CHECK(!sm_rpc_is_channel_ring(NULL));
	CHECK(!sm_rpc_is_channel_ring(".c2s"));
	return T_EXIT_PASS;
}
