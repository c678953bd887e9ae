/* test-rpc-deadclient-inflight.c — a side killed (SIGKILL) with a call
 * pending leaves no call counted in flight: a dead process's call never
 * ends, so the statistics (the surviving side's, a monitor's: what
 * `sharedmem inspect` and the workbench show) count none for it, from its
 * death on, and the next client's start from what it has itself in
 * flight. */
#include "rpctest.h"

#include <signal.h>

static int hold_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	(void)req;
	t_sleep_ms(300); /* the caller is killed meanwhile */
	return sm_rpc_reply_set(reply, NULL, 0);
}

/* A server child that calls its client with no deadline, then waits to be
 * killed. */
static int calling_server_main(void *arg)
{
	(void)arg;
	sm_rpc *srv = rt_create_server(NULL, 0, 0);
	if (sm_rpc_wait_peer(srv, 5000) != 0)
		return 1;
	struct sm_rpc_result res;
	sm_rpc_call(srv, "x", 1, &res, -1);
	rt_wait_release();
	return 0;
}

static const struct sm_rpc_side_stats *side(const struct sm_rpc_stats *st, bool server)
{
	return server ? &st->server : &st->client;
}

/* Kill child `c`, the peer of `rpc` (its server when `peer_server`),
 * once its call to `rpc` is pending. */
static void kill_calling_peer(sm_rpc *rpc, struct rt_child *c, bool peer_server)
{
	struct sm_rpc_stats st;
	for (int i = 0; i < 500; i++) {
		CHECK_EQ(sm_rpc_stats(rpc, &st), 0);
		if (side(&st, !peer_server)->requests_received >= 1)
			break;
		t_sleep_ms(10);
	}
	CHECK_EQ(side(&st, peer_server)->in_flight, 1);
	kill(c->pid, SIGKILL);
	CHECK_EQ(rt_finish(c), 128 + SIGKILL);
}

/* The dead peer's call is in flight no more, to `rpc` and to a monitor
 * (what inspect and the workbench read); it still counts as started. */
static void none_in_flight(sm_rpc *rpc, bool peer_server)
{
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(rpc, &st), 0);
	CHECK_EQ(peer_server ? st.server_alive : st.client_alive, 0);
	CHECK_EQ(side(&st, peer_server)->in_flight, 0);
	CHECK_EQ(side(&st, peer_server)->calls_started, 1);
	sm_rpc_monitor *mon;
	CHECK_EQ(sm_rpc_open_monitor(&mon, rt_name, 0), 0);
	CHECK_EQ(sm_rpc_stats_read(mon, &st), 0);
	CHECK_EQ(side(&st, peer_server)->in_flight, 0);
	sm_rpc_monitor_close(mon);
}

static void client_killed(void)
{
	rt_name = t_name("rpcdeadfl");
	struct sm_rpc_options o;
	rt_options(&o, hold_handler);
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	struct rt_child a;
	rt_spawn(&a, rt_calling_client_main, NULL, 0);
	kill_calling_peer(srv, &a, false);

	/* Dead, its slot not yet freed (the handler still runs), and after
	 * the server freed it.  (It stayed 1 until the next client
	 * connected.) */
	none_in_flight(srv, false);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	for (int i = 0; i < 500 && st.client_pid; i++) {
		t_sleep_ms(10);
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	}
	CHECK_EQ(st.client_pid, 0);
	none_in_flight(srv, false);

	/* A new client, nothing in flight yet. */
	rt_options(&o, NULL);
	sm_rpc *b;
	CHECK_EQ(sm_rpc_connect(&b, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_stats(b, &st), 0);
	CHECK_EQ(st.client.in_flight, 0);
	struct sm_rpc_result res;
	CHECK_EQ(sm_rpc_call(b, NULL, 0, &res, 5000), 0);
	CHECK_EQ(sm_rpc_stats(b, &st), 0);
	CHECK_EQ(st.client.in_flight, 0);
	sm_rpc_close(b);
	sm_rpc_close(srv);
}

static void server_killed(void)
{
	rt_name = t_name("rpcdeadsfl");
	struct rt_child s;
	rt_spawn(&s, calling_server_main, NULL, 0);
	struct sm_rpc_options o;
	rt_options(&o, hold_handler);
	sm_rpc *cli;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	kill_calling_peer(cli, &s, true);
	/* (It stayed 1 for as long as the channel's file was there.) */
	none_in_flight(cli, true);
	sm_rpc_close(cli);
	CHECK_EQ(sm_segment_unlink(rt_name, false), 0); /* the dead server's channel and rings */
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	client_killed();
	server_killed();
	return 0;
}
