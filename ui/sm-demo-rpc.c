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
static char *demo_channel;     /* the caller's channel, while the demo runs */
static SmRpcRequestForm demo_form;
static gboolean demo_paused;   /* stepped aside for a run */

static void start_caller(void)
{
	SmRpcLoadSettings s = {
		.channel = demo_channel,
		.payload = 64,
		.callers = 1,
		.rate = DEMO_RATE,
		.timeout_ms = 1000,
		.form = demo_form,
		.expect = SM_RPC_BUILTIN_ECHO,
	};
	demo_load = sm_rpc_load_start(&s, NULL, NULL);
}

/* At quit only, when no window is left to freeze: let the caller close
 * its client before the application closes the channel it serves
 * (bounded: a stop cancels calls in flight, a connect gives up within 2 s). */
static void wait_for_caller(SmRpcLoad *load)
{
	for (int i = 0; i < 200; i++) {
		SmRpcLoadCounts c;
		sm_rpc_load_counts(load, &c);
		if (c.finished)
			break;
		g_usleep(10000);
	}
}

void sm_demo_start_rpc_traffic(SmApplication *app, const char *name)
{
	if (demo_channel)
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
	demo_channel = g_strdup(name);
	demo_form = server ? SM_RPC_REQUEST_RAW : SM_RPC_REQUEST_ECHO;
	start_caller();
}

gboolean sm_demo_pause_rpc_traffic(const char *name, SmRpcLoad **closing)
{
	if (closing)
		*closing = NULL;
	if (!demo_load || g_strcmp0(name, demo_channel) != 0)
		return FALSE;
	sm_rpc_load_stop(demo_load);
	if (closing)
		*closing = g_steal_pointer(&demo_load);
	g_clear_pointer(&demo_load, sm_rpc_load_unref);
	demo_paused = TRUE;
	return TRUE;
}

void sm_demo_resume_rpc_traffic(const char *name)
{
	if (!demo_paused || g_strcmp0(name, demo_channel) != 0)
		return;
	demo_paused = FALSE;
	start_caller();
}

void sm_demo_stop_rpc_traffic(SmApplication *app)
{
	if (demo_load) {
		sm_rpc_load_stop(demo_load);
		wait_for_caller(demo_load);
		g_clear_pointer(&demo_load, sm_rpc_load_unref);
	}
	demo_paused = FALSE;
	g_clear_pointer(&demo_channel, g_free);
}
