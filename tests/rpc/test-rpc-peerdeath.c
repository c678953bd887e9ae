/* test-rpc-peerdeath.c — the peer is killed with SIGKILL in the middle of
 * a call, in both directions: the caller gets -SM_EPEERDEAD long before
 * its deadline, new calls fail the same way at once, and the surviving
 * server accepts a new client. */
#include "rpctest.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#define name rt_name

struct killer {
	pid_t pid;
	pthread_t thread;
};

static void *kill_later(void *arg)
{
	struct killer *k = arg;
	t_sleep_ms(100);
	kill(k->pid, SIGKILL);
	return NULL;
}

static void kill_soon(struct killer *k, pid_t pid)
{
	k->pid = pid;
	CHECK_EQ(pthread_create(&k->thread, NULL, kill_later, k), 0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	name = t_name("rpcdeath");
	uint8_t slow = 250; /* 2.5 s handler */
	struct sm_rpc_result res;
	struct sm_rpc_options o;
	struct rt_child child;
	struct killer k;

	/* 1. Client calls, the server process dies. */
	struct rt_serve serve = { .server = true, .handler = RT_SLOW };
	sm_rpc *cli = rt_serve_and_connect(&child, &serve);
	kill_soon(&k, child.pid);
	CHECK_EQ(sm_rpc_call(cli, &slow, 1, &res, 30000), -SM_EPEERDEAD);
	CHECK(res.latency_ns < 2000000000ull); /* the handler alone takes 2.5 s */
	pthread_join(k.thread, NULL);
	CHECK_EQ(rt_finish(&child), 128 + SIGKILL);
	CHECK_EQ(sm_rpc_call(cli, &slow, 1, &res, 30000), -SM_EPEERDEAD);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	CHECK_EQ(st.client.peer_deaths, 1);
	CHECK_EQ(st.server_alive, 0);
	CHECK_EQ(st.client.in_flight, 0);
	sm_rpc_close(cli);
	/* The dead server's files are stale; a new server replaces them. */
	sm_rpc *srv;
	rt_options(&o, rt_echo_handler);
	o.flags = SM_CREATE_REPLACE_STALE;
	CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);

	/* 2. Server calls, the client process dies. */
	struct rt_serve client = { .server = false, .handler = RT_SLOW };
	rt_spawn(&child, rt_serve_main, &client, sizeof(client));
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	kill_soon(&k, child.pid);
	CHECK_EQ(sm_rpc_call(srv, &slow, 1, &res, 30000), -SM_EPEERDEAD);
	CHECK(res.latency_ns < 2000000000ull);
	pthread_join(k.thread, NULL);
	CHECK_EQ(rt_finish(&child), 128 + SIGKILL);
	CHECK_EQ(sm_rpc_call(srv, &slow, 1, &res, 30000), -SM_EPEERDEAD);

	/* 3. A new client connects to the surviving server and is served,
	 * also while a dead client's packets may still sit in the rings. */
	client.handler = RT_ECHO;
	rt_spawn(&child, rt_serve_main, &client, sizeof(client));
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	uint8_t msg[5] = { 5, 4, 3, 2, 1 };
	CHECK_EQ(sm_rpc_call(srv, msg, 5, &res, 5000), 0);
	CHECK(res.len == 5 && memcmp(res.data, msg, 5) == 0);
	sm_rpc_result_free(&res);
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	CHECK_EQ(st.connections, 2);
	if (st.server.peer_deaths != 1)
		fprintf(stderr, "started %llu errors %llu deaths %llu completed %llu\n",
			(unsigned long long)st.server.calls_started, (unsigned long long)st.server.call_errors,
			(unsigned long long)st.server.peer_deaths, (unsigned long long)st.server.calls_completed);
	CHECK_EQ(st.server.peer_deaths, 1);
	CHECK_EQ(rt_finish(&child), 0);
	sm_rpc_close(srv);
	return 0;
}
