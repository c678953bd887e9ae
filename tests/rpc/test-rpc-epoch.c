/* test-rpc-epoch.c — responses belong to the connection that asked.
 * Client A (its own process) makes two calls with a short deadline to a
 * handler that holds A's requests until B has connected, and leaves
 * (closing, or dying without closing); client B then connects and calls
 * with the same first call number.  B must get its own
 * answer, never A's late one, and A's second request, still in the ring
 * when B arrives, must not be run for B. */
#include "rpctest.h"

#include <string.h>
#include <unistd.h>

/* Echo; A's requests (16 bytes) are answered only once B has connected,
 * so A's calls time out and A's answers are late whatever the timing. */
static int gate_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	struct sm_rpc_stats st;
	for (int i = 0; req->len == 16 && i < 2000; i++) {
		if (sm_rpc_stats(req->rpc, &st) == 0 && st.connections >= 2)
			break;
		t_sleep_ms(5);
	}
	return sm_rpc_reply_set(reply, req->data, req->len);
}

struct leaver {
	bool close; /* close the channel, or exit without closing */
};

static int client_a(void *arg)
{
	const struct leaver *l = arg;
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	sm_rpc *a;
	if (sm_rpc_connect(&a, rt_name, &o))
		return 1;
	int err = rt_two_timed_out_calls(a);
	if (err)
		return err;
	if (l->close)
		sm_rpc_close(a);
	_exit(0); /* without closing: a dead client as far as the server knows */
}

static void round_of(bool close_a)
{
	struct rt_child server, a;
	struct rt_serve serve = { .server = true };
	rt_serve_custom(&serve, gate_handler);
	rt_spawn(&server, rt_serve_main, &serve, sizeof(serve));

	struct leaver l = { close_a };
	rt_spawn(&a, client_a, &l, sizeof(l));
	CHECK_EQ(rt_finish(&a), 0);

	struct sm_rpc_options o;
	rt_options(&o, NULL);
	sm_rpc *b;
	CHECK_EQ(sm_rpc_connect(&b, rt_name, &o), 0);
	uint8_t req[64];
	rt_fill(req, sizeof(req), 7);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(b, req, sizeof(req), &res, 5000), 0);
	CHECK_EQ(res.len, sizeof(req));
	CHECK(res.data && memcmp(res.data, req, sizeof(req)) == 0);
	sm_rpc_result_free(&res);

	/* The server ran A's first request and B's, never A's second one
	 * (read after B connected); A's late answer was not sent. */
	struct sm_rpc_stats st;
	for (int i = 0; i < 500; i++) { /* the server counts a reply once written */
		CHECK_EQ(sm_rpc_stats(b, &st), 0);
		if (st.server.responses_sent >= 1)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(st.server.requests_received, 2);
	CHECK_EQ(st.server.responses_sent, 1);
	CHECK_EQ(st.client.in_flight, 0);

	sm_rpc_close(b);
	CHECK_EQ(rt_finish(&server), 0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcepoch");
	round_of(true);
	rt_name = t_name("rpcepoch2");
	round_of(false);
	return 0;
}
