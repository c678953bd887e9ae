/* test-rpc-deferqueue-bound.c — with inline handlers (workers 0) the
 * requests a waiting caller reads off the ring for the receiving thread
 * queue at most node_count deep: while the queue is full the caller stops
 * reading, the ring holds the rest and the peer's sends wait for space
 * (and time out).  The queue took every request the caller read, so a
 * flood of calls while the receiving thread ran a slow handler and a
 * local thread waited in a sync call grew this process's memory without
 * limit (all 200 requests read and queued).  Once the handler returns,
 * everything is served and the waiting caller still gets its reply. */
#include "rpctest.h"

#include <pthread.h>
#include <stdatomic.h>

#define NODES 8
#define FLOOD 200

static atomic_int holding, release_server, client_asked, flood_done, completions;

/* Server: the first request holds the receiving thread until released. */
static int server_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	if (atomic_exchange(&holding, 1))
		return 0;
	while (!atomic_load(&release_server))
		t_sleep_ms(1);
	return 0;
}

/* Client: the server's call is answered once the flood is over, so the
 * server's caller waits (reading the ring) all through it. */
static int client_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	atomic_store(&client_asked, 1);
	for (int ms = 0; !atomic_load(&flood_done) && ms < 20000; ms++)
		t_sleep_ms(1);
	return 0;
}

static void count_done(void *user, struct sm_rpc_result *res)
{
	(void)user, (void)res;
	atomic_fetch_add(&completions, 1);
}

static void *server_calls(void *arg)
{
	static int err;
	err = sm_rpc_call(arg, "s", 1, NULL, 30000);
	return &err;
}

/* Wait up to 10 s for *v to reach n. */
static void wait_for(atomic_int *v, int n)
{
	for (int ms = 0; atomic_load(v) < n; ms++) {
		CHECK(ms < 10000);
		t_sleep_ms(1);
	}
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdeferbound");
	sm_rpc *srv = rt_create_server(server_handler, 0, NODES); /* inline handlers */
	struct sm_rpc_options o;
	rt_options(&o, client_handler);
	sm_rpc *cli;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);

	/* The server's receiving thread is held in a handler; a thread of the
	 * server waits in a sync call meanwhile, reading the ring. */
	CHECK_EQ(sm_rpc_call_async(cli, "h", 1, 30000, count_done, NULL, NULL), 0);
	wait_for(&holding, 1);
	pthread_t caller;
	CHECK_EQ(pthread_create(&caller, NULL, server_calls, srv), 0);
	wait_for(&client_asked, 1);

	/* A send that finds the ring full for 50 ms gives up (-ETIMEDOUT). */
	int err;
	int started = rt_flood(cli, FLOOD, count_done, &err);
	if (err != -ETIMEDOUT || started > 2 * NODES + 1)
		fprintf(stderr, "%d calls started (%d) while the server's handler was held\n", started, err);
	/* The ring's NODES, at most NODES queued, one being read. */
	CHECK_EQ(err, -ETIMEDOUT);
	CHECK(started <= 2 * NODES + 1);

	/* Released, the server reads on: its caller gets its reply, every
	 * call started completes, and the channel works. */
	atomic_store(&flood_done, 1);
	atomic_store(&release_server, 1);
	void *ret;
	CHECK_EQ(pthread_join(caller, &ret), 0);
	CHECK_EQ(*(int *)ret, 0);
	wait_for(&completions, started + 1);
	CHECK_EQ(sm_rpc_call(cli, "x", 1, NULL, 5000), 0);
	sm_rpc_close(cli);
	sm_rpc_close(srv);
	return T_EXIT_PASS;
}
