/* test-rpc-doneclose.c — an async completion that closes its handle when
 * its call fails, also when the failure is the -SM_ESHUTDOWN of the
 * close the program makes itself.  That completion runs inside that
 * close (on the receiving thread as it stops, or on the closing thread),
 * and its close tore the handle down a second time (use after free,
 * double free, a hang joining a freed thread).  Also: a completion that
 * closes on the receiving thread while nothing else closes. */
#include "rpctest.h"

#include <stdatomic.h>

#define CALLS 4

static atomic_int runs, closes;
/* Set once the main thread has stopped using the client: what orders
 * its calls before a completion's close goes through the rings, which
 * TSan cannot follow (two mappings of one file). */
static atomic_int main_done;

static void close_on_error(void *user, struct sm_rpc_result *res)
{
	if (res->status != 0) {
		while (!atomic_load(&main_done))
			t_sleep_ms(1);
		atomic_fetch_add(&closes, 1);
		sm_rpc_close(user);
	}
	atomic_fetch_add(&runs, 1);
}

/* A server whose handler sleeps (rt_slow_handler) and a client. */
static void open_pair(const char *tag, sm_rpc **srv, sm_rpc **cli)
{
	rt_name = t_name(tag);
	struct sm_rpc_options o;
	rt_options(&o, rt_slow_handler);
	CHECK_EQ(sm_rpc_create(srv, rt_name, &o), 0);
	rt_options(&o, NULL);
	CHECK_EQ(sm_rpc_connect(cli, rt_name, &o), 0);
	atomic_store(&runs, 0);
	atomic_store(&closes, 0);
	atomic_store(&main_done, 0);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	sm_rpc *srv, *cli;

	/* 1. Pending calls fail with the program's own close. */
	open_pair("rpcdoneclose1", &srv, &cli);
	uint8_t slow = 50; /* 500 ms each, in turn */
	for (int i = 0; i < CALLS; i++)
		CHECK_EQ(sm_rpc_call_async(cli, &slow, 1, 10000, close_on_error, cli, NULL), 0);
	t_sleep_ms(20);
	atomic_store(&main_done, 1);
	sm_rpc_close(cli);
	CHECK_EQ(atomic_load(&runs), CALLS);
	CHECK_EQ(atomic_load(&closes), CALLS);
	sm_rpc_close(srv);

	/* 2. A call times out; its completion closes the handle on the
	 * receiving thread, failing the others, whose completions close too. */
	open_pair("rpcdoneclose2", &srv, &cli);
	CHECK_EQ(sm_rpc_call_async(cli, &slow, 1, 50, close_on_error, cli, NULL), 0);
	for (int i = 1; i < CALLS; i++)
		CHECK_EQ(sm_rpc_call_async(cli, &slow, 1, 10000, close_on_error, cli, NULL), 0);
	atomic_store(&main_done, 1);
	for (int i = 0; i < 5000 && atomic_load(&runs) < CALLS; i++)
		t_sleep_ms(1);
	CHECK_EQ(atomic_load(&runs), CALLS);
	/* The teardown finishes on a thread of its own: the slot is freed. */
	struct sm_rpc_stats st;
	for (int i = 0; i < 5000; i++) {
		CHECK_EQ(sm_rpc_stats(srv, &st), 0);
		if (st.client_pid == 0)
			break;
		t_sleep_ms(1);
	}
	CHECK_EQ(st.client_pid, 0);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
