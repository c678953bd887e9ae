/* test-rpc-replytrim.c — a handler that sets part of its own reply
 * buffer as the response (sm_rpc_reply_set(reply, buf + off, n), buf
 * from sm_rpc_reply_buffer()) gets those bytes sent.  reply_set freed
 * the buffer before copying from it: a large one was read after free(the
 * caller got the allocator's bytes), a small one copied onto itself
 * overlapping. */
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define BIG 5000 /* over the reply's inline buffer: malloc'ed */

static int trim_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	size_t size = req->len ? BIG : 100;
	uint8_t *b = sm_rpc_reply_buffer(reply, size);
	if (!b)
		return -ENOMEM;
	rt_fill(b, size, 9);
	return sm_rpc_reply_set(reply, b + 10, 50); /* keep bytes 10..59 */
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	const char *name = t_name("rpctrim");
	struct sm_rpc_options o;
	rt_options(&o, trim_handler);
	sm_rpc *srv, *cli;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(&cli, name, &o), 0);

	uint8_t want[BIG];
	rt_fill(want, sizeof(want), 9);
	for (size_t big = 0; big < 2; big++) {
		struct sm_rpc_result res;
		uint8_t req = 1;
		CHECK_EQ(sm_rpc_call(cli, &req, big, &res, 5000), 0);
		CHECK_EQ(res.len, 50);
		CHECK(memcmp(res.data, want + 10, 50) == 0);
		sm_rpc_result_free(&res);
	}
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return 0;
}
