/* test-rpc-close.c — C# RPC_SlaveCallsMasterAfterClosed_Exception and
 * RPC_Dispose: calls after the server closed fail with -SM_ESHUTDOWN, calls
 * after the client left fail with -SM_ENOPEER (and a new client can then
 * connect), and a handler may close its own side: both sides finish. */
#include "rpctest.h"

#include <string.h>

#define name rt_name
static int closed_inside;

/* Closes its own handle, then answers. */
static int closing_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	sm_rpc_close(req->rpc);
	__atomic_store_n(&closed_inside, 1, __ATOMIC_RELEASE);
	return sm_rpc_reply_set(reply, req->data, req->len);
}

static int self_closing_main(void *arg)
{
	bool server = *(const int *)arg;
	struct sm_rpc_options o;
	rt_options(&o, closing_handler);
	sm_rpc *rpc;
	int err = server ? sm_rpc_create(&rpc, name, &o) : sm_rpc_connect(&rpc, name, &o);
	if (err)
		return 10;
	for (int i = 0; i < 1000 && !__atomic_load_n(&closed_inside, __ATOMIC_ACQUIRE); i++)
		t_sleep_ms(5);
	if (!closed_inside)
		return 11;
	t_sleep_ms(50); /* let the teardown thread finish before exit */
	rt_wait_release();
	return 0;
}

static int connect_close_main(void *arg)
{
	struct sm_rpc_options o;
	rt_options(&o, rt_echo_handler);
	sm_rpc *rpc;
	if (sm_rpc_connect(&rpc, name, &o))
		return 10;
	sm_rpc_close(rpc);
	return 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	name = t_name("rpcclose");
	struct sm_rpc_options o;
	struct sm_rpc_result res;
	struct rt_child child;
	uint8_t msg[4] = { 1, 2, 3, 4 };

	/* 1. The server closes: the client's calls fail with -SM_ESHUTDOWN. */
	struct rt_serve serve = { .server = true, .handler = RT_ECHO };
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);
	CHECK_EQ(sm_rpc_call(cli, msg, 4, &res, 5000), 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(rt_finish(&child), 0);
	CHECK_EQ(sm_rpc_call(cli, msg, 4, &res, 5000), -SM_ESHUTDOWN);
	uint64_t id;
	CHECK_EQ(sm_rpc_call_start(cli, msg, 4, 5000, &id), -SM_ESHUTDOWN);
	CHECK_EQ(sm_rpc_peer_connected(cli), 0);
	sm_rpc_close(cli);

	/* 2. The client leaves: the server's calls fail with -SM_ENOPEER;
	 * another client can connect afterwards. */
	sm_rpc *srv;
	rt_options(&o, rt_echo_handler);
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
	rt_spawn(&child, connect_close_main, NULL, 0);
	CHECK_EQ(rt_finish(&child), 0);
	CHECK_EQ(sm_rpc_call(srv, msg, 4, &res, 1000), -SM_ENOPEER);
	CHECK_EQ(sm_rpc_peer_connected(srv), 0);
	/* A client connecting later is served. */
	rt_options(&o, rt_echo_handler);
	CHECK_EQ(sm_rpc_connect(&cli, name, &o), 0);
	CHECK_EQ(sm_rpc_call(cli, msg, 4, &res, 5000), 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(sm_rpc_call(srv, msg, 4, &res, 5000), 0);
	sm_rpc_result_free(&res);
	sm_rpc_close(cli);

	/* 3a. The client's handler closes the client: the server's call
	 * returns (a reply or -SM_ENOPEER), both processes finish. */
	int as_server = 0;
	rt_spawn(&child, self_closing_main, &as_server, sizeof(as_server));
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	int err = sm_rpc_call(srv, msg, 4, &res, 5000);
	CHECK(err == 0 || err == -SM_ENOPEER);
	sm_rpc_result_free(&res);
	CHECK_EQ(rt_finish(&child), 0);
	sm_rpc_close(srv);

	/* 3b. The server's handler closes the server. */
	as_server = 1;
	rt_spawn(&child, self_closing_main, &as_server, sizeof(as_server));
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(&cli, name, &o), 0);
	err = sm_rpc_call(cli, msg, 4, &res, 5000);
	CHECK(err == 0 || err == -SM_ESHUTDOWN);
	sm_rpc_result_free(&res);
	CHECK_EQ(rt_finish(&child), 0);
	CHECK_EQ(sm_rpc_call(cli, msg, 4, &res, 5000), -SM_ESHUTDOWN);
	sm_rpc_close(cli);

	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	return 0;
}
