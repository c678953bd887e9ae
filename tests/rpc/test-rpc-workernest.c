/* test-rpc-workernest.c — a worker waiting on a nested call serves the
 * requests queued meanwhile, also while it is the thread reading the ring
 * for its response.  Each side has one worker and no other thread
 * calling: the client's call (depth 2) makes the server's worker call
 * the client (1), whose worker calls the server (0); that last request
 * reaches the server's only worker, which is waiting on (and reading the
 * ring for) the reply to depth 1.  It used to keep reading until its
 * deadline, leaving the request it had queued itself unserved, so the
 * chain failed with a nested -ETIMEDOUT. */
#include "rpctest.h"

#include <string.h>

/* A depth n > 0 calls the other side with n - 1 and answers its answer. */
static int depth_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	uint8_t n = req->len ? ((const uint8_t *)req->data)[0] : 0;
	if (n == 0)
		return sm_rpc_reply_set(reply, "end", 3);
	uint8_t m = (uint8_t)(n - 1);
	struct sm_rpc_result res;
	int err = sm_rpc_call(req->rpc, &m, 1, &res, 5000);
	if (err)
		return sm_rpc_reply_error(reply, err, "depth %u: %s", n, sm_strerror(err));
	err = sm_rpc_reply_set(reply, res.data, res.len);
	sm_rpc_result_free(&res);
	return err;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcworkernest");
	struct rt_child server;
	struct rt_serve serve = { .server = true, .workers = 1 };
	rt_serve_custom(&serve, depth_handler);
	rt_spawn(&server, rt_serve_main, &serve, sizeof(serve));
	struct sm_rpc_options o;
	rt_options(&o, depth_handler);
	o.workers = 1;
	sm_rpc *cli;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	for (int i = 0; i < 3; i++) {
		uint8_t n = 2;
		struct sm_rpc_result res;
		int err = sm_rpc_call(cli, &n, 1, &res, 20000);
		if (err)
			fprintf(stderr, "chain: %s (%s)\n", sm_strerror(err), res.message);
		CHECK_EQ(err, 0);
		CHECK(res.len == 3 && memcmp(res.data, "end", 3) == 0);
		sm_rpc_result_free(&res);
	}
	sm_rpc_close(cli);
	CHECK_EQ(rt_finish(&server), 0);
	return 0;
}
