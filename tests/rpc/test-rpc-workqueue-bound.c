/* test-rpc-workqueue-bound.c — the worker pool's queue is bounded: while
 * it is full the server stops reading requests off its ring, so the ring
 * holds the rest and the caller's sends wait for space (and time out).
 * The queue took every request the ring brought, so a flood of calls on
 * busy workers grew the server's memory without limit (200 requests read
 * for one worker held in its handler). */
#include "rpctest.h"

#include <stdatomic.h>

#define NODES 8
#define FLOOD 200

static atomic_int release_workers, completions;

static int held_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	while (!atomic_load(&release_workers))
		t_sleep_ms(1);
	return 0;
}

static void count_done(void *user, struct sm_rpc_result *res)
{
	(void)user, (void)res;
	atomic_fetch_add(&completions, 1);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcworkbound");
	struct sm_rpc_options o;
	rt_options(&o, held_handler);
	o.node_count = NODES;
	o.workers = 1;
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	sm_rpc *cli;
	CHECK_EQ(rt_connect(&cli), 0);

	/* The one worker is held: requests pile up.  A send that finds the
	 * ring full for 50 ms gives up (-ETIMEDOUT, no completion). */
	int err;
	int started = rt_flood(cli, FLOOD, count_done, &err);
	struct sm_rpc_stats st;
	CHECK_EQ(sm_rpc_stats(srv, &st), 0);
	if (err != -ETIMEDOUT || st.server.requests_received > 1 + NODES)
		fprintf(stderr, "%d calls started (%d), the server read %llu requests\n", started, err,
			(unsigned long long)st.server.requests_received);
	CHECK_EQ(err, -ETIMEDOUT);
	/* One in the worker's hands, at most NODES queued. */
	CHECK(st.server.requests_received <= 1 + NODES);

	/* Released, the server reads on: every call started completes (its
	 * deadline may have passed), and the channel works. */
	atomic_store(&release_workers, 1);
	for (int ms = 0; atomic_load(&completions) < started; ms++) {
		CHECK(ms < 10000);
		t_sleep_ms(1);
	}
	CHECK_EQ(sm_rpc_call(cli, "x", 1, NULL, 5000), 0);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
