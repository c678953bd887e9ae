/* test-rpc-newclient-call.c — once a client died, the server's calls fail
 * with -SM_EPEERDEAD until the next client connects, and not after: a
 * server handler calling back into a new client that has just connected
 * (its first request) reaches it.  The dead client's error used to stick
 * until the server's next periodic check, so that callback failed with
 * -SM_EPEERDEAD on a live connection. */
#include "rpctest.h"

#include <signal.h>

/* Server: call the client back, answer what it said. */
static int callback_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	struct sm_rpc_result res;
	int err = sm_rpc_call(req->rpc, req->data, req->len, &res, 5000);
	if (err)
		return sm_rpc_reply_error(reply, err, "callback: %s", sm_strerror(err));
	err = sm_rpc_reply_set(reply, res.data, res.len);
	sm_rpc_result_free(&res);
	return err;
}

/* Client: connect (echoing the server's calls) and call at once. */
static int calling_client_main(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	rt_options(&o, rt_echo_handler);
	sm_rpc *cli;
	if (sm_rpc_connect(&cli, rt_name, &o))
		return 1;
	struct sm_rpc_result res;
	int err = sm_rpc_call(cli, "hi", 2, &res, 10000);
	if (err)
		fprintf(stderr, "call: %s (%s)\n", sm_strerror(err), res.message);
	sm_rpc_result_free(&res);
	sm_rpc_close(cli);
	return err ? 2 : 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcnewcli");
	sm_rpc *srv = rt_create_server(callback_handler, 0, 0);
	for (int round = 0; round < 5; round++) {
		struct rt_serve idle = { .server = false, .handler = RT_ECHO };
		struct rt_child dead, next;
		rt_spawn(&dead, rt_serve_main, &idle, sizeof(idle));
		CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
		kill(dead.pid, SIGKILL);
		CHECK_EQ(rt_finish(&dead), 128 + SIGKILL);
		CHECK_EQ(sm_rpc_peer_connected(srv), 0);
		CHECK_EQ(sm_rpc_call(srv, "x", 1, NULL, 5000), -SM_EPEERDEAD);

		rt_spawn(&next, calling_client_main, NULL, 0);
		CHECK_EQ(rt_finish(&next), 0);
	}
	sm_rpc_close(srv);
	return 0;
}
