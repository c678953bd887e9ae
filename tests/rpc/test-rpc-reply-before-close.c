/* test-rpc-reply-before-close.c — a server that answers a call and then
 * closes at once: the client gets the answer, not -SM_ESHUTDOWN.  The
 * client failed its pending calls as soon as it saw the channel's
 * shutdown flag, before reading what its incoming ring still held, so a
 * reply already written was lost ("sharedmem rpc serve --calls N" waited
 * for the client to leave before closing to hide it).
 *
 * Made certain: the server first sends the client a request whose handler
 * holds the client's receiving thread, so the reply waits in the ring
 * while the client notices the shutdown (sm_rpc_peer_connected() checks
 * at once).  A second part runs the plain race: sync calls answered by a
 * server that closes as soon as its reply is written. */
#include "rpctest.h"

#include <stdatomic.h>
#include <string.h>

#define ROUNDS 10

/* ---- Server child: answer one call, then close at once ---- */

static void ignore_done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	(void)res;
}

/* "hold" first asks the client to run its holding handler; then answers. */
static int pong_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	if (req->len == 4 && memcmp(req->data, "hold", 4) == 0 &&
	    sm_rpc_call_async(req->rpc, "h", 1, -1, ignore_done, NULL, NULL) < 0)
		return -EIO;
	return sm_rpc_reply_set(reply, "pong", 4);
}

static int answer_then_close_main(void *arg)
{
	(void)arg;
	struct sm_rpc_options o;
	rt_options(&o, pong_handler);
	sm_rpc *srv;
	if (sm_rpc_create(&srv, rt_name, &o))
		return 1;
	if (!rt_await_responses_sent(srv, 0))
		return 2;
	sm_rpc_close(srv); /* at once: the reply may not be read yet */
	return 0;
}

/* ---- Client: this process ---- */

static atomic_int held, release_hold;

static int hold_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	(void)req;
	(void)reply;
	atomic_store(&held, 1);
	while (!atomic_load(&release_hold))
		t_sleep_ms(1);
	return 0;
}

struct outcome {
	atomic_int done;
	int status;
	char data[8];
	size_t len;
};

static void record_done(void *user, struct sm_rpc_result *res)
{
	struct outcome *out = user;
	out->status = res->status;
	out->len = res->len < sizeof(out->data) ? res->len : sizeof(out->data);
	if (out->len)
		memcpy(out->data, res->data, out->len);
	atomic_store(&out->done, 1);
}

static void wait_for(atomic_int *flag)
{
	uint64_t start = t_now_ms();
	while (!atomic_load(flag)) {
		CHECK(t_now_ms() - start < 10000);
		t_sleep_ms(1);
	}
}

/* The reply sits in the ring behind the request the client's receiving
 * thread is held in, while the client sees the server gone. */
static void reply_held_in_ring(void)
{
	atomic_store(&held, 0);
	atomic_store(&release_hold, 0);
	struct rt_child server;
	rt_spawn(&server, answer_then_close_main, NULL, 0);
	struct sm_rpc_options o;
	rt_options(&o, hold_handler);
	sm_rpc *cli;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	struct outcome out = { 0 };
	CHECK_EQ(sm_rpc_call_async(cli, "hold", 4, 10000, record_done, &out, NULL), 0);
	wait_for(&held);
	uint64_t start = t_now_ms();
	while (sm_rpc_peer_connected(cli)) { /* a forced check each time */
		CHECK(t_now_ms() - start < 10000);
		t_sleep_ms(1);
	}
	CHECK_EQ(rt_finish(&server), 0);
	atomic_store(&release_hold, 1);
	wait_for(&out.done);
	CHECK_EQ(out.status, 0);
	CHECK(out.len == 4 && memcmp(out.data, "pong", 4) == 0);
	/* A new call is refused: the channel is shut down. */
	CHECK_EQ(sm_rpc_call(cli, "x", 1, NULL, 1000), -SM_ESHUTDOWN);
	sm_rpc_close(cli);
}

/* The plain race: a sync call, the server closing right after its reply. */
static void sync_reply_then_close(void)
{
	struct rt_child server;
	rt_spawn(&server, answer_then_close_main, NULL, 0);
	sm_rpc *cli;
	CHECK_EQ(rt_connect(&cli), 0);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(cli, "ping", 4, &res, 10000), 0);
	CHECK(res.len == 4 && memcmp(res.data, "pong", 4) == 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(rt_finish(&server), 0);
	sm_rpc_close(cli);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcreplyclose");
	for (int i = 0; i < ROUNDS; i++)
		reply_held_in_ring();
	for (int i = 0; i < ROUNDS; i++)
		sync_reply_then_close();
	return 0;
}
