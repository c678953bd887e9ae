/* A server's own close shuts the channel down before any of its names
 * goes: a client that finds a name gone (sm_rpc_still_named()) while the
 * channel is not shut down can take it for a removal from outside
 * (`sharedmem rm`), as the workbench's runs and `cli_ring_gone()` do.
 * A thread asks after the names as fast as it can while the server
 * closes, many times over. */
#include "rpctest.h"

#include <pthread.h>
#include <stdatomic.h>

#define ROUNDS 200

static sm_rpc *cli;
static atomic_bool done;
static atomic_int gone_before_shutdown;

static void *watch(void *arg)
{
	while (!atomic_load(&done)) {
		if (sm_rpc_still_named(cli) == 1)
			continue;
		struct sm_rpc_stats st;
		if (sm_rpc_stats(cli, &st) == 0 && !st.shutdown)
			atomic_fetch_add(&gone_before_shutdown, 1);
		break;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	rt_init(argc, argv);
	const char *name = t_name("rpc-close-order");
	struct sm_rpc_options o;
	rt_options(&o, NULL);
	for (int i = 0; i < ROUNDS; i++) {
		sm_rpc *srv;
		CHECK_EQ(sm_rpc_create(&srv, name, &o), 0);
		CHECK_EQ(sm_rpc_connect(&cli, name, &o), 0);
		atomic_store(&done, false);
		pthread_t t;
		CHECK_EQ(pthread_create(&t, NULL, watch, NULL), 0);
		sm_rpc_close(srv);
		atomic_store(&done, true);
		pthread_join(t, NULL);
		sm_rpc_close(cli);
	}
	fprintf(stderr, "a name gone before the shutdown: %d of %d closes\n",
		atomic_load(&gone_before_shutdown), ROUNDS);
	CHECK_EQ(atomic_load(&gone_before_shutdown), 0);
	return T_EXIT_PASS;
}
