/* test-rpc-reply-after-close.c — a handler that closes its own handle
 * ends the channel (rpc.h: the server's channel is shut down before the
 * close returns), so the reply it sets afterwards cannot be sent:
 * sm_rpc_reply_set() and sm_rpc_reply_buffer() say so (-SM_ESHUTDOWN, and
 * NULL), and the caller gets -SM_ESHUTDOWN.  Both reported success, and
 * the reply vanished without a word. */
#include "rpctest.h"

#include <stdatomic.h>

static atomic_int outcome; /* 0: handler not run; 1: as documented; 2, 3: not */

static int close_then_reply_handler(void *user, const struct sm_rpc_request *req,
				    struct sm_rpc_reply *reply)
{
	(void)user;
	sm_rpc_close(req->rpc);
	int set = sm_rpc_reply_set(reply, "bye", 3);
	void *buf = sm_rpc_reply_buffer(reply, 3);
	atomic_store(&outcome, set != -SM_ESHUTDOWN ? 2 : buf ? 3 : 1);
	return set;
}

static int closing_server_main(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	rt_options(&o, close_then_reply_handler);
	sm_rpc *srv;
	if (sm_rpc_create(&srv, rt_name, &o))
		return 4;
	uint64_t start = t_now_ms();
	while (!atomic_load(&outcome) && t_now_ms() - start < 10000)
		t_sleep_ms(1);
	return atomic_load(&outcome) == 1 ? 0 : 10 + atomic_load(&outcome);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcreplyafterclose");
	struct rt_child server;
	rt_spawn(&server, closing_server_main, NULL, 0);
	sm_rpc *cli;
	CHECK_EQ(rt_connect(&cli), 0);
	CHECK_EQ(sm_rpc_call(cli, "q", 1, NULL, 5000), -SM_ESHUTDOWN);
	CHECK_EQ(rt_finish(&server), 0);
	sm_rpc_close(cli);
	return 0;
}
