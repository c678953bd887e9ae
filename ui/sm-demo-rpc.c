/* sm-demo-rpc.c — owned by rpcui (issue 8): keeps the demo RPC channel
 * busy for `sharedmem-workbench --demo`: the application's server of
 * "demo-rpc" answers with the built-in echo handler, and one slow, steady
 * caller (50 calls/s of 64 bytes, on its own thread) keeps the channel's
 * latency histogram and counters moving, so the RPC page shows live
 * latency.  See sm-demo.h. */
#include "sm-demo.h"

#include "sm-rpc-builtin.h"
#include "sm-rpc-load.h"

#define DEMO_RATE 50.0 /* calls per second */

static SmRpcLoad *demo_load;

void sm_demo_start_rpc_traffic(SmApplication *app, const char *name)
{
	if (demo_load)
		return;
	sm_rpc *server = sm_application_owns(app, name) ? sm_application_get_owned(app, name) : NULL;
	if (server) {
		SmRpcBuiltin *b = sm_rpc_builtin_for(name);
		sm_rpc_builtin_configure(b, SM_RPC_BUILTIN_ECHO, 0, NULL);
		if (sm_rpc_set_handler(server, sm_rpc_builtin_handler, b) == 0)
			g_atomic_int_set(&b->attached, 1);
	}
	/* Another workbench's demo already has its caller connected (one
	 * client per channel): then only watch. */
	SmRpcLoadSettings s = {
		.channel = (char *)name,
		.payload = 64,
		.callers = 1,
		.rate = DEMO_RATE,
		.timeout_ms = 1000,
		.form = server ? SM_RPC_REQUEST_RAW : SM_RPC_REQUEST_ECHO,
		.expect = SM_RPC_BUILTIN_ECHO,
	};
	demo_load = sm_rpc_load_start(&s, NULL, NULL);
}

void sm_demo_stop_rpc_traffic(SmApplication *app)
{
	if (!demo_load)
		return;
	sm_rpc_load_stop(demo_load);
	/* Let the caller cancel and close its client before the application
	 * closes the server (bounded: a stop cancels calls in flight). */
	for (int i = 0; i < 200; i++) {
		SmRpcLoadCounts c;
		sm_rpc_load_counts(demo_load, &c);
		if (c.finished)
			break;
		g_usleep(10000);
	}
	g_clear_pointer(&demo_load, sm_rpc_load_unref);
}
