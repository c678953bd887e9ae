/* test-rpc-deferqueue-full-reply.c — with inline handlers (workers 0) a
 * thread waiting in a sync call hands the requests it reads to the
 * receiving thread through a queue of node_count; while that queue is full
 * the caller leaves the ring alone.  Its reply may then sit at the ring's
 * head, with nothing before it: the caller used to wait for room all the
 * same, and while the receiving thread ran a slow handler it timed out
 * although the reply was there.  A reply (to a waiting caller) at the
 * head is now taken however full the queue is; requests still wait.
 * The peer, forked, fills the queue (NODES requests) and then answers.
 * Then the server calls the peer CALLS times more, the queue still full:
 * with the ring empty the caller waited for room in the queue, in lead
 * slices of 2 ms, and a reply that came meanwhile sat at the head until
 * the slice ended (a median of 2.2 ms per call).  It now waits on the
 * ring for the packet it can take. */
#include "rpctest.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define NODES   8
#define CALL_MS 2000 /* the server's sync call; its handler is held longer */
#define CALLS   41   /* timed calls behind the full queue */
#define MEDIAN_US 1000 /* half the old slice: generous on a loaded machine */

/* ---- The server (this process) ---- */

static atomic_int holding, release_server;

/* The first request holds the receiving thread until released. */
static int server_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	if (atomic_exchange(&holding, 1))
		return 0;
	for (int ms = 0; !atomic_load(&release_server) && ms < 20000; ms++)
		t_sleep_ms(1);
	return 0;
}

struct timed_call {
	sm_rpc *rpc;
	int err;
	uint64_t ms;
	int more_err;         /* of the CALLS after it */
	uint64_t more_us[CALLS];
};

static void *server_calls(void *arg)
{
	struct timed_call *c = arg;
	uint64_t t0 = t_now_ms();
	c->err = sm_rpc_call(c->rpc, "s", 1, NULL, CALL_MS);
	c->ms = t_now_ms() - t0;
	for (int i = 0; i < CALLS && !c->err && !c->more_err; i++) {
		uint64_t t1 = t_now_ns();
		c->more_err = sm_rpc_call(c->rpc, "s", 1, NULL, CALL_MS);
		c->more_us[i] = (t_now_ns() - t1) / 1000;
	}
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The median of the timed calls (µs), said on stderr. */
static uint64_t median_us(struct timed_call *c)
{
	qsort(c->more_us, CALLS, sizeof c->more_us[0], by_value);
	fprintf(stderr, "%d calls behind a full queue: min %llu us, median %llu us, max %llu us\n",
		CALLS, (unsigned long long)c->more_us[0], (unsigned long long)c->more_us[CALLS / 2],
		(unsigned long long)c->more_us[CALLS - 1]);
	return c->more_us[CALLS / 2];
}

/* Wait up to 10 s for *v to reach n (false if it did not). */
static bool wait_for(atomic_int *v, int n)
{
	for (int ms = 0; atomic_load(v) < n; ms++) {
		if (ms >= 10000)
			return false;
		t_sleep_ms(1);
	}
	return true;
}

/* ---- The client (a child) ---- */

static atomic_int asked, queued, completions;

/* The server's call is answered once NODES requests went out before the
 * reply: the server's caller has read them into its queue, or they wait
 * in the ring ahead of the reply until it has. */
static int answer_after_requests(void *user, const struct sm_rpc_request *req,
				 struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	atomic_store(&asked, 1);
	wait_for(&queued, 1);
	return 0;
}

static void count_done(void *user, struct sm_rpc_result *res)
{
	(void)user, (void)res;
	atomic_fetch_add(&completions, 1);
}

static int client_main(void *arg)
{
	(void)arg;
	alarm(30); /* never outlive a failed test */
	struct sm_rpc_options o;
	rt_options(&o, answer_after_requests);
	sm_rpc *cli;
	CHECK_EQ(sm_rpc_connect(&cli, rt_name, &o), 0);
	/* Holds the server's receiving thread in its handler. */
	CHECK_EQ(sm_rpc_call_async(cli, "h", 1, 30000, count_done, NULL, NULL), 0);
	CHECK(wait_for(&asked, 1)); /* the server's caller waits, reading */
	for (int i = 0; i < NODES; i++)
		CHECK_EQ(sm_rpc_call_async(cli, "f", 1, 30000, count_done, NULL, NULL), 0);
	atomic_store(&queued, 1);
	CHECK(wait_for(&completions, NODES + 1)); /* all served once released */
	sm_rpc_close(cli);
	return 0;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	rt_name = t_name("rpcdeferfull");
	sm_rpc *srv = rt_create_server(server_handler, 0, NODES); /* inline handlers */
	sm_rpc_set_spin_us(srv, 0); /* a spinning caller looks at the head meanwhile */
	struct rt_child child;
	rt_spawn(&child, client_main, NULL, 0);
	CHECK(wait_for(&holding, 1));

	struct timed_call *call = calloc(1, sizeof *call);
	CHECK(call != NULL);
	call->rpc = srv;
	pthread_t caller;
	CHECK_EQ(pthread_create(&caller, NULL, server_calls, call), 0);
	CHECK_EQ(pthread_join(caller, NULL), 0);
	atomic_store(&release_server, 1);
	if (call->err)
		fprintf(stderr, "the server's call: %s after %llu ms\n", sm_strerror(call->err),
			(unsigned long long)call->ms);
	CHECK_EQ(call->err, 0);
	CHECK(call->ms < CALL_MS / 2);
	CHECK_EQ(call->more_err, 0);
	CHECK(median_us(call) < MEDIAN_US);

	CHECK_EQ(rt_finish(&child), 0);
	sm_rpc_close(srv);
	free(call);
	return T_EXIT_PASS;
}
