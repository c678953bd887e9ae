/* test-rpc-statsreset-race.c — sm_rpc_stats_reset() while calls start
 * and finish on other threads must keep in_flight right: it is live
 * state, and a reset that put back a copy read before clearing lost the
 * changes made meanwhile (in_flight stuck above 0, or wrapped below it,
 * once every call had ended).  Callers make sync and async calls on
 * both sides while the main thread resets for RUN_MS; then in_flight
 * must be 0 on both. */
#include "rpctest.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define RUN_MS 500

static sm_rpc *srv, *cli;
static atomic_bool stop;
static atomic_long async_pending;

static void done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	CHECK_EQ(res->status, 0);
	atomic_fetch_sub(&async_pending, 1);
}

static void *caller(void *arg)
{
	sm_rpc *rpc = arg;
	for (unsigned i = 0; !atomic_load(&stop); i++) {
		if (i & 1) {
			CHECK_EQ(sm_rpc_call(rpc, "ab", 2, NULL, 5000), 0);
			continue;
		}
		atomic_fetch_add(&async_pending, 1);
		CHECK_EQ(sm_rpc_call_async(rpc, "ab", 2, 5000, done, NULL, NULL), 0);
	}
	return NULL;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcresetrace");
	struct sm_rpc_options o;
	rt_options(&o, rt_echo_handler);
	o.spin_us = 0;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	pthread_t t[2];
	CHECK_EQ(pthread_create(&t[0], NULL, caller, cli), 0);
	CHECK_EQ(pthread_create(&t[1], NULL, caller, srv), 0);
	int64_t end = now_ms() + RUN_MS;
	for (unsigned i = 0; now_ms() < end; i++) {
		CHECK_EQ(sm_rpc_stats_reset(i & 1 ? cli : srv), 0);
		if ((i & 1023) == 1023)
			t_sleep_ms(1); /* let the callers run on a loaded machine */
	}
	atomic_store(&stop, true);
	CHECK_EQ(pthread_join(t[0], NULL), 0);
	CHECK_EQ(pthread_join(t[1], NULL), 0);
	for (int i = 0; i < 5000 && atomic_load(&async_pending); i++)
		t_sleep_ms(1);
	CHECK_EQ(atomic_load(&async_pending), 0);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(cli, &st), 0);
	if (st.client.in_flight || st.server.in_flight)
		fprintf(stderr, "in_flight after all calls ended: client %llu, server %llu\n",
			(unsigned long long)st.client.in_flight, (unsigned long long)st.server.in_flight);
	CHECK_EQ(st.client.in_flight, 0);
	CHECK_EQ(st.server.in_flight, 0);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
