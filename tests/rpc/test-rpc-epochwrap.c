/* test-rpc-epochwrap.c — the connection number never becomes 0, which
 * stands for "no client": after 2^32 - 1 connections (or a channel
 * header another program wrote), the next client got number 0, and once
 * it had left, the requests it had left in the ring matched "no client"
 * and were run for nobody.  Client A makes two calls that time out while
 * the server's handler holds the first, and leaves; the second must
 * never run. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <stdatomic.h>

static atomic_int a_gone, runs;

static int gate_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	atomic_fetch_add(&runs, 1);
	for (int i = 0; req->len == 16 && i < 2000 && !atomic_load(&a_gone); i++)
		t_sleep_ms(5);
	return sm_rpc_reply_set(reply, req->data, req->len);
}

static int client_a(void *arg)
{
	(void)arg;
	sm_rpc *a;
	if (rt_connect(&a))
		return 1;
	int err = rt_two_timed_out_calls(a);
	if (err)
		return err;
	sm_rpc_close(a);
	return 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcepochwrap");
	sm_rpc *srv = rt_create_server(gate_handler, 0, 0);
	__atomic_store_n(&srv->sh->conn.epoch, UINT32_MAX, __ATOMIC_RELAXED);

	struct rt_child a;
	rt_spawn(&a, client_a, NULL, 0);
	CHECK_EQ(rt_finish(&a), 0);
	atomic_store(&a_gone, 1);
	t_sleep_ms(200); /* the server reads what A left in the ring */
	CHECK_EQ(atomic_load(&runs), 1);

	sm_rpc *b;
	CHECK_EQ(rt_connect(&b), 0);
	CHECK(b->epoch != 0);
	uint8_t req[3] = { 1, 2, 3 };
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(b, req, sizeof(req), &res, 5000), 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(atomic_load(&runs), 2);
	sm_rpc_close(b);
	sm_rpc_close(srv);
	return 0;
}
