/* test-rpc-reply-before-leave.c — a client that answers the server's call
 * and then leaves at once (closes, or exits without closing): the server
 * gets the answer, not -SM_ENOPEER / -SM_EPEERDEAD.  The server failed
 * the calls sent to a client as soon as a peer check saw it gone, and
 * then discarded its reply, still in the ring, as one of a connection no
 * longer there (each of the first rounds failed). */
#include "rpctest.h"

#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define ROUNDS 20

static atomic_ullong sent_before; /* responses_sent before the answer; +1: none yet */

static int answering_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	struct sm_rpc_stats st;
	sm_rpc_stats(req->rpc, &st);
	atomic_store(&sent_before, st.client.responses_sent);
	return sm_rpc_reply_set(reply, "pong", 4);
}

/* Answer one call, then leave as soon as the answer is written: close,
 * or (*exit_only) exit without closing, as a process that dies. */
static int answer_then_leave_main(void *arg)
{
	bool exit_only = *(const bool *)arg;
	atomic_store(&sent_before, UINT64_MAX);
	struct sm_rpc_options o;
	rt_options(&o, answering_handler);
	sm_rpc *cli;
	if (sm_rpc_connect(&cli, rt_name, &o))
		return 1;
	for (uint64_t start = t_now_ms(); atomic_load(&sent_before) == UINT64_MAX;)
		if (t_now_ms() - start > 10000)
			return 2;
	if (!rt_await_responses_sent(cli, atomic_load(&sent_before)))
		return 3;
	if (exit_only)
		_exit(0);
	sm_rpc_close(cli);
	return 0;
}

static void answered_then_left(sm_rpc *srv, bool exit_only)
{
	struct rt_child client;
	rt_spawn(&client, answer_then_leave_main, &exit_only, sizeof exit_only);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(srv, "ping", 4, &res, 10000), 0);
	CHECK(res.len == 4 && memcmp(res.data, "pong", 4) == 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(rt_finish(&client), 0);
	/* Gone: the next client finds the slot free (a dead one's too). */
	for (int ms = 0; sm_rpc_peer_connected(srv); ms++) {
		CHECK(ms < 10000);
		t_sleep_ms(1);
	}
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcreplyleave");
	sm_rpc *srv = rt_create_server(NULL, 0, 0);
	for (int i = 0; i < ROUNDS; i++)
		answered_then_left(srv, false);
	for (int i = 0; i < ROUNDS; i++)
		answered_then_left(srv, true);
	sm_rpc_close(srv);
	return 0;
}
