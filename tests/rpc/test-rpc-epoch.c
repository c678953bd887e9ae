/* test-rpc-epoch.c — responses belong to the connection that asked.
 * Client A (its own process) makes two calls to a slow handler with a short
 * deadline and leaves (closing, or dying without closing); client B then
 * connects and calls with the same first call number.  B must get its own
 * answer, never A's late one, and A's second request, still in the ring
 * when B arrives, must not be run for B. */
#include "rpctest.h"

#include <string.h>
#include <unistd.h>

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
	uint8_t req[16];
	memset(req, 0xaa, sizeof(req));
	req[0] = 30; /* the slow handler sleeps 300 ms */
	struct sm_rpc_result res;
	if (sm_rpc_call(a, req, sizeof(req), &res, 50) != -ETIMEDOUT)
		return 2;
	if (sm_rpc_call(a, req, sizeof(req), &res, 50) != -ETIMEDOUT)
		return 3;
	if (l->close)
		sm_rpc_close(a);
	_exit(0); /* without closing: a dead client as far as the server knows */
}

static void round_of(bool close_a)
{
	struct rt_serve serve = { .server = true, .handler = RT_SLOW };
	struct rt_child server, a;
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
	req[0] = 0; /* answered at once */
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(b, req, sizeof(req), &res, 5000), 0);
	CHECK_EQ(res.len, sizeof(req));
	CHECK(res.data && memcmp(res.data, req, sizeof(req)) == 0);
	sm_rpc_result_free(&res);

	/* The server ran A's first request and B's, not A's second one: it
	 * is read after A closed.  (A client that died unseen is noticed by
	 * the server's periodic check: its request may still run, but the
	 * answer cannot reach B, as checked above.) */
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(b, &st), 0);
	if (close_a)
		CHECK_EQ(st.server.requests_received, 2);
	else
		CHECK(st.server.requests_received == 2 || st.server.requests_received == 3);
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
