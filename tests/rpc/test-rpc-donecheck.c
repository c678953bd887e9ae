/* test-rpc-donecheck.c — a completion may start new calls (rpc.h), also
 * one run because a peer check found its client gone: a server retries
 * on the next client with a sync call, and that client is killed.  The
 * retry must fail with -SM_EPEERDEAD promptly.  The check ran the
 * completion while it held the channel's peer lock, so no check could
 * run until the completion returned: the retry waited for its deadline
 * (or forever, with none) whatever happened to the client. */
#include "rpctest.h"

#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#define RETRY_MS 2000

static atomic_int a_holding, first_status, retry_status = 1;
static _Atomic int64_t retry_took_ms = -1;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Client A: holds the server's call until its handle is being closed
 * (then no reply goes out: A leaves without answering it).  Released any
 * earlier, its answer could go out before the close began, and the call
 * would succeed (it did, once, beside the sanitizer builds). */
static int holding_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req;
	atomic_store(&a_holding, 1);
	for (int i = 0; i < 5000 && sm_rpc_reply_set(reply, NULL, 0) != -SM_ESHUTDOWN; i++)
		t_sleep_ms(1);
	return 0;
}

/* The server's completion: A left; retry on the next client. */
static void retry_done(void *user, struct sm_rpc_result *res)
{
	sm_rpc *srv = user;
	atomic_store(&first_status, res->status);
	if (res->status != -SM_ENOPEER)
		return;
	for (int i = 0; i < 5000 && !sm_rpc_peer_connected(srv); i++)
		t_sleep_ms(1);
	uint8_t slow = 200; /* B's handler sleeps 2 s: B is killed first */
	int64_t t0 = now_ms();
	atomic_store(&retry_status, sm_rpc_call(srv, &slow, 1, NULL, RETRY_MS));
	atomic_store(&retry_took_ms, now_ms() - t0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdonecheck");
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	sm_rpc *srv, *a;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	rt_options(&o, holding_handler);
	CHECK_EQ(sm_rpc_connect(&a, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	CHECK_EQ(sm_rpc_call_async(srv, "h", 1, -1, retry_done, srv, NULL), 0);
	for (int i = 0; i < 5000 && !atomic_load(&a_holding); i++)
		t_sleep_ms(1);
	CHECK(atomic_load(&a_holding));
	sm_rpc_close(a); /* the reply is not sent: the call fails -SM_ENOPEER */

	struct rt_serve b = { .server = false, .handler = RT_SLOW };
	struct rt_child child;
	rt_spawn(&child, rt_serve_main, &b, sizeof(b));
	for (int i = 0; i < 5000 && atomic_load(&first_status) == 0; i++)
		t_sleep_ms(1);
	CHECK_EQ(atomic_load(&first_status), -SM_ENOPEER);
	t_sleep_ms(200); /* the retry is under way */
	kill(child.pid, SIGKILL);
	CHECK_EQ(rt_finish(&child), 128 + SIGKILL);
	for (int i = 0; i < 2 * RETRY_MS && atomic_load(&retry_took_ms) < 0; i++)
		t_sleep_ms(1);
	int st = atomic_load(&retry_status);
	if (st != -SM_EPEERDEAD)
		fprintf(stderr, "retry: %d (%s) after %lld ms\n", st, sm_strerror(st),
			(long long)atomic_load(&retry_took_ms));
	CHECK_EQ(st, -SM_EPEERDEAD);
	CHECK(atomic_load(&retry_took_ms) < RETRY_MS / 2);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
