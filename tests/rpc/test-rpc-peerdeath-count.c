/* test-rpc-peerdeath-count.c — peer_deaths counts the peer deaths a side
 * found, not the calls they failed: a peer killed with two calls pending
 * on it, and a third refused, is one death.  It counted each pending call
 * (2 for one death), but not the refused one, so the number told neither
 * how often the peer died nor how many calls it cost (call_errors does). */
#include "rpctest.h"

#include <signal.h>
#include <stdatomic.h>

struct outcome {
	atomic_int done;
	int status;
};

static void record_done(void *user, struct sm_rpc_result *res)
{
	struct outcome *out = user;
	out->status = res->status;
	atomic_store(&out->done, 1);
}

static void wait_done(struct outcome *out)
{
	uint64_t start = t_now_ms();
	while (!atomic_load(&out->done)) {
		CHECK(t_now_ms() - start < 10000);
		t_sleep_ms(1);
	}
	CHECK_EQ(out->status, -SM_EPEERDEAD);
}

/* Two calls pending on `rpc`'s peer (its handler holds them: 2.5 s each),
 * the peer killed, a third call refused: peer_deaths ends at `deaths`. */
static void kill_with_two_pending(sm_rpc *rpc, struct rt_child *peer, bool server_side,
				  uint64_t deaths)
{
	uint8_t slow = 250;
	struct outcome a = { 0 }, b = { 0 };
	CHECK_EQ(sm_rpc_call_async(rpc, &slow, 1, 30000, record_done, &a, NULL), 0);
	CHECK_EQ(sm_rpc_call_async(rpc, &slow, 1, 30000, record_done, &b, NULL), 0);
	t_sleep_ms(50);
	kill(peer->pid, SIGKILL);
	CHECK_EQ(rt_finish(peer), 128 + SIGKILL);
	wait_done(&a);
	wait_done(&b);
	int refused = sm_rpc_call(rpc, &slow, 1, NULL, 1000);
	CHECK(refused == -SM_EPEERDEAD || (server_side && refused == -SM_ENOPEER));
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(rpc, &st), 0);
	const struct sm_rpc_side_stats *mine = server_side ? &st.server : &st.client;
	CHECK_EQ(mine->peer_deaths, deaths);
	CHECK(mine->call_errors >= 2);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdeathcount");
	struct rt_child child;

	/* The client's view: its server dies. */
	struct rt_serve serve = { .server = true, .handler = RT_SLOW };
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);
	kill_with_two_pending(cli, &child, false, 1);
	sm_rpc_close(cli);

	/* The server's view: two clients die, one after the other. */
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	o.flags = SM_CREATE_REPLACE_STALE;
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	struct rt_serve client = { .server = false, .handler = RT_SLOW };
	for (uint64_t deaths = 1; deaths <= 2; deaths++) {
		rt_spawn(&child, rt_serve_main, &client, sizeof(client));
		CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
		kill_with_two_pending(srv, &child, true, deaths);
	}
	sm_rpc_close(srv);
	return 0;
}
