/* test-rpc-rxexpire.c — async deadlines are enforced by the receiving
 * thread (rpc.h) also while it waits inside a handler: on a nested call,
 * and for space on a full outgoing ring.  In both cases the client's
 * receiving thread is held up for HOLD_MS; an async call due after
 * DEADLINE_MS must complete with -ETIMEDOUT long before that. */
#include "rpctest.h"

#include <stdatomic.h>
#include <time.h>

#define HOLD_MS     1000
#define DEADLINE_MS 100
#define LATE_MS     (HOLD_MS / 2) /* a completion later than this waited for the hold */

static sm_rpc *cli, *srv;
static atomic_bool in_client_handler, in_server_gate;
static atomic_int done_status;
static _Atomic int64_t done_at_ms = -1;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	atomic_store(&done_status, res->status);
	atomic_store(&done_at_ms, now_ms());
}

static void wait_flag(atomic_bool *flag)
{
	for (int i = 0; i < 5000 && !atomic_load(flag); i++)
		t_sleep_ms(1);
	CHECK(atomic_load(flag));
}

/* Start an async call due in DEADLINE_MS that the server answers late
 * (or not before HOLD_MS); returns when it started. */
static int64_t start_due_call(const void *req, size_t len)
{
	atomic_store(&done_at_ms, -1);
	int64_t start = now_ms();
	CHECK_EQ(sm_rpc_call_async(cli, req, len, DEADLINE_MS, done, NULL, NULL), 0);
	return start;
}

/* Wait for its completion: a timeout, well before the hold ended. */
static void check_expired_in_time(int64_t start)
{
	while (atomic_load(&done_at_ms) < 0)
		t_sleep_ms(1);
	CHECK_EQ(atomic_load(&done_status), -ETIMEDOUT);
	int64_t took = atomic_load(&done_at_ms) - start;
	if (took >= LATE_MS)
		fprintf(stderr, "async call due in %d ms completed after %lld ms\n", DEADLINE_MS,
			(long long)took);
	CHECK(took < LATE_MS);
}

/* Open channel `tag`: a server with options `so` (its handler set), and
 * the client (cli) with handler `client_handler`, inline. */
static void open_channel(const char *tag, const struct sm_rpc_options *so,
			 sm_rpc_handler_fn client_handler)
{
	rt_name = t_name(tag);
	CHECK_EQ(sm_rpc_create(&srv, rt_name, so), 0);
	struct sm_rpc_options o;
	rt_options(&o, client_handler);
	sm_rpc *c;
	CHECK_EQ(sm_rpc_connect(&c, rt_name, &o), 0);
	/* Atomic: the client's handler reads it on its receiving thread, which
	 * connect started; what orders the two goes through the rings, which
	 * TSan cannot follow (two mappings of one file). */
	__atomic_store_n(&cli, c, __ATOMIC_RELEASE);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	atomic_store(&in_client_handler, false);
}

/* ---- 1. The receiving thread waits on a nested call ---- */

/* Client, inline: a nested call that takes HOLD_MS. */
static int nesting_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	uint8_t hold = HOLD_MS / 10;
	struct sm_rpc_result res;
	atomic_store(&in_client_handler, true);
	/* The test closes the client once the async call expired, while this
	 * call may still wait: the close fails it. */
	int st = sm_rpc_call(__atomic_load_n(&cli, __ATOMIC_ACQUIRE), &hold, 1, &res, 5 * HOLD_MS);
	CHECK(st == 0 || st == -SM_ESHUTDOWN);
	sm_rpc_result_free(&res);
	return 0;
}

static void during_nested_call(void)
{
	struct sm_rpc_options o;
	rt_options(&o, rt_slow_handler);
	o.workers = 4;
	open_channel("rpcexp1", &o, nesting_handler);
	CHECK_EQ(sm_rpc_call(srv, "n", 1, NULL, 0), -ETIMEDOUT); /* sent, not waited for */
	wait_flag(&in_client_handler);
	uint8_t slow = HOLD_MS / 10;
	check_expired_in_time(start_due_call(&slow, 1));
	sm_rpc_close(cli);
	sm_rpc_close(srv);
}

/* ---- 2. The receiving thread waits for ring space ---- */

#define BIG_REPLY 2048 /* 64 packets: far more than the ring holds */

/* Server, inline: "g" holds its receiving thread (so nobody reads what
 * the client sends) for HOLD_MS. */
static int gate_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)reply;
	if (req->len == 1 && ((const uint8_t *)req->data)[0] == 'g') {
		atomic_store(&in_server_gate, true);
		t_sleep_ms(HOLD_MS);
	}
	return 0;
}

/* Client, inline: a reply that fills the ring. */
static int big_reply_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req;
	atomic_store(&in_client_handler, true);
	void *buf = sm_rpc_reply_buffer(reply, BIG_REPLY);
	CHECK(buf != NULL);
	rt_fill(buf, BIG_REPLY, 1);
	return 0;
}

static void during_blocked_send(void)
{
	struct sm_rpc_options o;
	rt_options(&o, gate_handler);
	o.packet_size = 64;
	o.node_count = 4;
	open_channel("rpcexp2", &o, big_reply_handler);
	CHECK_EQ(sm_rpc_call(cli, "g", 1, NULL, 0), -ETIMEDOUT);
	wait_flag(&in_server_gate);
	/* The async call's request goes first, then the client's receiving
	 * thread blocks sending its reply until the server reads again. */
	int64_t start = start_due_call("a", 1);
	CHECK_EQ(sm_rpc_call(srv, "r", 1, NULL, 0), -ETIMEDOUT);
	wait_flag(&in_client_handler);
	check_expired_in_time(start);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	during_nested_call();
	during_blocked_send();
	return T_EXIT_PASS;
}
