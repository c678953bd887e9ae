/* A run's `done` callback runs on the thread that iterates the context
 * the run started on, and only when it iterates it.  The runner thread
 * handed it over with g_main_context_invoke_full(), which runs the
 * function on the calling thread itself whenever it can acquire the
 * context: so whenever the main thread was not iterating at that moment
 * (between two iterations of a view driven by hand, as the UI tests do),
 * `done` (which updates widgets) ran on the runner thread.  No display
 * needed. */
#include "../testlib.h"
#include "sharedmem.h"
#include "sm-rpc-load.h"

static int echo(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	return sm_rpc_reply_set(reply, req->data, req->len);
}

static GThread *done_on;
static int done_calls;

static void on_done(SmRpcLoad *load, gpointer user)
{
	done_on = g_thread_self();
	done_calls++;
}

int main(void)
{
	const char *chan = t_name("loaddone");
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.handler = echo;
	sm_rpc *server;
	CHECK_EQ(sm_rpc_create(&server, chan, &opts), 0);

	SmRpcLoadSettings s = {
		.channel = (char *)chan, .payload = 64, .callers = 1, .timeout_ms = 5000,
		.count = 200, .form = SM_RPC_REQUEST_RAW, .expect = -1,
	};
	SmRpcLoad *load = sm_rpc_load_start(&s, on_done, NULL);
	SmRpcLoadCounts c = { 0 };
	for (int i = 0; i < 1000 && !c.finished; i++) {
		g_usleep(10000); /* not iterating the main context meanwhile */
		sm_rpc_load_counts(load, &c);
	}
	CHECK(c.finished);
	CHECK_EQ(c.ok, 200);
	g_usleep(100000); /* time for the runner to hand `done` over */
	if (done_calls)
		fprintf(stderr, "done ran on %s, before the main context was iterated\n",
			done_on == g_thread_self() ? "the main thread" : "another thread");
	CHECK_EQ(done_calls, 0);
	for (int i = 0; i < 500 && !done_calls; i++)
		g_main_context_iteration(NULL, FALSE) || (g_usleep(1000), 0);
	CHECK_EQ(done_calls, 1);
	CHECK(done_on == g_thread_self());
	sm_rpc_load_unref(load);
	sm_rpc_close(server);
	return T_EXIT_PASS;
}
