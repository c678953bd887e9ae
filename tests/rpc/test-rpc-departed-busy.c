/* test-rpc-departed-busy.c — a server's call to a client that closed ends
 * (-SM_ENOPEER) promptly also while the next client keeps the ring busy:
 * once a packet of the new client is read, nothing more of the old one's
 * can come.  The call ended only when a reader found the ring empty, so
 * with the new client's requests always waiting it ran on until they
 * stopped (or its deadline). */
#include "rpctest.h"

#include <stdatomic.h>

#define IN_FLIGHT 8
#define BUSY_MS   1500

static int a_called; /* client A's handler has the server's call */
static atomic_int server_call_status = 1;
static _Atomic uint64_t server_call_ended_ms;
static atomic_bool stop_flood;
static sm_rpc *b;

static int busy_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	t_sleep_ms(20);
	return 0;
}

static void server_call_done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	atomic_store(&server_call_ended_ms, t_now_ms());
	atomic_store(&server_call_status, res->status);
}

/* B keeps IN_FLIGHT calls under way: each that ends starts another. */
static void flood_done(void *user, struct sm_rpc_result *res)
{
	(void)user, (void)res;
	if (!atomic_load(&stop_flood))
		sm_rpc_call_async(b, "b", 1, 10000, flood_done, NULL, NULL);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdepbusy");
	sm_rpc *srv = rt_create_server(busy_handler, 0, 0);
	struct sm_rpc_options o;
	rt_options(&o, rt_leaving_handler);
	o.handler_user = &a_called;
	sm_rpc *a;
	CHECK_EQ(sm_rpc_connect(&a, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	CHECK_EQ(sm_rpc_call_async(srv, "s", 1, 10000, server_call_done, NULL, NULL), 0);
	while (!__atomic_load_n(&a_called, __ATOMIC_SEQ_CST))
		t_sleep_ms(1);
	/* Timed from the start of the close: the server may see A leave, and
	 * end the call, before sm_rpc_close() returns. */
	uint64_t closed_ms = t_now_ms();
	sm_rpc_close(a);

	CHECK_EQ(rt_connect(&b), 0);
	for (int i = 0; i < IN_FLIGHT; i++)
		CHECK_EQ(sm_rpc_call_async(b, "b", 1, 10000, flood_done, NULL, NULL), 0);
	t_sleep_ms(BUSY_MS);
	atomic_store(&stop_flood, true);
	int status = atomic_load(&server_call_status);
	uint64_t ended = atomic_load(&server_call_ended_ms);
	if (status != -SM_ENOPEER || !ended || ended - closed_ms > BUSY_MS / 2)
		fprintf(stderr, "the server's call: %d, %lld ms after A closed\n", status,
			ended ? (long long)(ended - closed_ms) : -1LL);
	CHECK_EQ(status, -SM_ENOPEER);
	CHECK(ended >= closed_ms && ended - closed_ms < BUSY_MS / 2);
	sm_rpc_close(b);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
