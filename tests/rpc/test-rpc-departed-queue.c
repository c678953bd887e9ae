/* test-rpc-departed-queue.c — requests a client left in the worker pool's
 * queue when it closed are not run:
 *  1. the next client's first call is served once the request in a
 *     worker's hands is done, not after every request the departed
 *     client queued (its replies could go nowhere).  Requests it left in
 *     the ring were already passed over; those queued all ran, one
 *     handler time each, so the new client's call waited behind them
 *     (20 requests of 100 ms: 2 s);
 *  2. a server's call to a client that closed fails at once
 *     (-SM_ENOPEER) though that client's requests fill the queue and a
 *     worker is held: the ring, whose end tells that nothing more of the
 *     client's is to come, went unread while the queue was full, and the
 *     call ran to its deadline (-ETIMEDOUT). */
#include "rpctest.h"

#include <pthread.h>
#include <stdatomic.h>

#define NODES  8
#define QUEUED 6 /* fire-and-forget requests behind the held one */

static atomic_int ran, release_held;

/* A request "h" is held until released; others take 100 ms. */
static int held_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)reply;
	atomic_fetch_add(&ran, 1);
	if (req->len == 1 && *(const char *)req->data == 'h') {
		while (!atomic_load(&release_held))
			t_sleep_ms(1);
	} else {
		t_sleep_ms(100);
	}
	return 0;
}

static sm_rpc *srv;

static int a_called; /* client A's handler has the server's call */

static void ignore_done(void *user, struct sm_rpc_result *res)
{
	(void)user, (void)res;
}

static void *server_calls(void *arg)
{
	struct sm_rpc_result *res = arg;
	sm_rpc_call(srv, "s", 1, res, 5000);
	return NULL;
}

/* A server with one worker and a queue of NODES, on channel rt_name. */
static void create_pool_server(void)
{
	struct sm_rpc_options o;
	rt_options(&o, held_handler);
	o.workers = 1;
	o.node_count = NODES;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
}

static void call_to_departed_client(void)
{
	create_pool_server();
	sm_rpc *a;
	struct sm_rpc_options o;
	rt_options(&o, rt_leaving_handler);
	o.handler_user = &a_called;
	CHECK_EQ(sm_rpc_connect(&a, rt_name, &o), 0);
	/* One held in the worker's hands, NODES queued, more in the ring. */
	CHECK_EQ(sm_rpc_call_async(a, "h", 1, -1, ignore_done, NULL, NULL), 0);
	for (int i = 0; i < NODES + 2; i++)
		CHECK_EQ(sm_rpc_call_async(a, "q", 1, -1, ignore_done, NULL, NULL), 0);
	struct sm_rpc_result res;
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, server_calls, &res), 0);
	while (!__atomic_load_n(&a_called, __ATOMIC_SEQ_CST))
		t_sleep_ms(1);
	sm_rpc_close(a);
	pthread_join(t, NULL);
	if (res.status != -SM_ENOPEER)
		fprintf(stderr, "the server's call: %s after %.0f ms\n", sm_strerror(res.status),
			(double)res.latency_ns / 1e6);
	CHECK_EQ(res.status, -SM_ENOPEER);
	atomic_store(&release_held, 1);
	sm_rpc_close(srv);
}

static void new_client_after_departed(void)
{
	atomic_store(&release_held, 0);
	atomic_store(&ran, 0);
	create_pool_server();
	/* Client A: one held request in the worker's hands, QUEUED behind it. */
	sm_rpc *a;
	CHECK_EQ(rt_connect(&a), 0);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(a, "h", 1, &res, 0), -ETIMEDOUT);
	for (int i = 0; i < QUEUED; i++)
		CHECK_EQ(sm_rpc_call(a, "q", 1, &res, 0), -ETIMEDOUT);
	struct sm_rpc_stats st;
	for (int i = 0; i < 1000; i++) {
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
		if (st.server.requests_received == 1 + QUEUED && atomic_load(&ran) == 1)
			break;
		t_sleep_ms(5);
	}
	CHECK_EQ(st.server.requests_received, 1 + QUEUED); /* all read: in the queue */
	CHECK_EQ(atomic_load(&ran), 1);                    /* the held one taken */
	sm_rpc_close(a);

	/* Client B comes; the held request ends; B's call is the next run. */
	sm_rpc *b;
	CHECK_EQ(rt_connect(&b), 0);
	atomic_store(&release_held, 1);
	CHECK_EQ(sm_rpc_call(b, "b", 1, &res, 5000), 0);
	if (atomic_load(&ran) != 2)
		fprintf(stderr, "%d handlers ran; B's call took %.0f ms\n", atomic_load(&ran),
			(double)res.latency_ns / 1e6);
	CHECK_EQ(atomic_load(&ran), 2); /* the held one and B's */
	sm_rpc_close(b);
	sm_rpc_close(srv);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdepq");
	new_client_after_departed();
	rt_name = t_name("rpcdepq2");
	call_to_departed_client();
	return T_EXIT_PASS;
}
