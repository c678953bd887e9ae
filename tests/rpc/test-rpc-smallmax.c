/* test-rpc-smallmax.c — error replies on a channel whose max_message is
 * shorter than their text: the caller still gets the error (rpc.h: "the
 * peer has no handler: -SM_ENOHANDLER (an error reply, not a timeout)"),
 * with the text cut to max_message, instead of waiting for its deadline
 * while the error reply, over the channel's limit, is never sent. */
#include "rpctest.h"

#include <string.h>

#define MAXMSG 8

static int failing_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req;
	return sm_rpc_reply_error(reply, -EINVAL, "a text longer than the channel's maximum");
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcsmallmax");
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	o.max_message = MAXMSG;
	sm_rpc *srv, *cli;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	struct sm_rpc_result res;

	/* No handler: the library's error reply. */
	CHECK_EQ(sm_rpc_call(cli, "x", 1, &res, 2000), -SM_ENOHANDLER);
	CHECK_EQ(strlen(res.message), MAXMSG);

	/* The handler's error and its text. */
	CHECK_EQ(sm_rpc_set_handler(srv, failing_handler, NULL), 0);
	CHECK_EQ(sm_rpc_call(cli, "x", 1, &res, 2000), -SM_EREMOTE);
	CHECK_EQ(res.remote_code, -EINVAL);
	CHECK_EQ(strncmp(res.message, "a text longer", MAXMSG), 0);
	CHECK_EQ(strlen(res.message), MAXMSG);

	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return 0;
}
