/* test-rpc-donethread.c — an async call's completion for peer death runs
 * on the receiving thread (rpc.h), never inside a call the user makes on
 * another thread, even when that thread is the one that sees the peer
 * die: a user holding a lock its completion also takes must not deadlock.
 *
 * The server's receiving thread is held in an inline handler, so the
 * death is seen first by the main thread: once by a sync call, once by
 * sm_rpc_peer_connected().  The completion must wait for the receiving
 * thread, then run there. */
#include "rpctest.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static pthread_t main_thread, rx_thread;
static pthread_mutex_t app_lock; /* error-checking: EDEADLK, not a hang */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static bool gate_entered, gate_open;
static atomic_int done_runs, done_status, done_on_main, done_on_rx, done_lock_rc;

/* The server's inline handler: holds the receiving thread until opened. */
static int gate_handler(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user, (void)req, (void)reply;
	pthread_mutex_lock(&gate_lock);
	rx_thread = pthread_self();
	gate_entered = true;
	pthread_cond_broadcast(&gate_cond);
	while (!gate_open)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return 0;
}

static void wait_gate_entered(void)
{
	pthread_mutex_lock(&gate_lock);
	while (!gate_entered)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void open_gate(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_open = true;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

static void done(void *user, struct sm_rpc_result *res)
{
	(void)user;
	atomic_store(&done_status, res->status);
	atomic_store(&done_on_main, pthread_equal(pthread_self(), main_thread));
	atomic_store(&done_on_rx, pthread_equal(pthread_self(), rx_thread));
	int rc = pthread_mutex_lock(&app_lock);
	if (rc == 0)
		pthread_mutex_unlock(&app_lock);
	atomic_store(&done_lock_rc, rc);
	atomic_fetch_add(&done_runs, 1);
}

static void trial(const char *tag, bool by_sync_call)
{
	rt_name = t_name(tag);
	gate_entered = gate_open = false;
	atomic_store(&done_runs, 0);
	sm_rpc *srv;
	struct sm_rpc_options o;
	rt_options(&o, gate_handler);
	CHECK_EQ(sm_rpc_create(&srv, rt_name, &o), 0);
	struct rt_child child;
	rt_spawn(&child, rt_calling_client_main, NULL, 0);
	CHECK_EQ(sm_rpc_wait_peer(srv, 5000), 0);
	wait_gate_entered();

	uint8_t slow = 250; /* the client takes seconds to answer */
	CHECK_EQ(sm_rpc_call_async(srv, &slow, 1, -1, done, NULL, NULL), 0);
	CHECK_EQ(kill(child.pid, SIGKILL), 0);
	CHECK_EQ(rt_finish(&child), 128 + SIGKILL);

	/* The main thread holds the application's lock and sees the death. */
	pthread_mutex_lock(&app_lock);
	if (by_sync_call) {
		struct sm_rpc_result res;
		CHECK_EQ(sm_rpc_call(srv, &slow, 1, &res, 5000), -SM_EPEERDEAD);
	} else {
		CHECK_EQ(sm_rpc_peer_connected(srv), 0);
	}
	/* New calls fail fast; the completion has not run on this thread. */
	CHECK_EQ(sm_rpc_call_async(srv, &slow, 1, -1, done, NULL, NULL), -SM_EPEERDEAD);
	CHECK_EQ(atomic_load(&done_runs), 0);
	pthread_mutex_unlock(&app_lock);

	open_gate();
	for (int i = 0; i < 5000 && !atomic_load(&done_runs); i++)
		t_sleep_ms(1);
	CHECK_EQ(atomic_load(&done_runs), 1);
	CHECK_EQ(atomic_load(&done_status), -SM_EPEERDEAD);
	CHECK_EQ(atomic_load(&done_on_main), 0);
	CHECK_EQ(atomic_load(&done_on_rx), 1);
	CHECK_EQ(atomic_load(&done_lock_rc), 0);
	sm_rpc_close(srv);
	CHECK_EQ(atomic_load(&done_runs), 1);
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	main_thread = pthread_self();
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&app_lock, &a);
	trial("rpcdone1", true);
	trial("rpcdone2", false);
	return T_EXIT_PASS;
}
