/* sm-demo.h — `sharedmem-workbench --demo`: a demo ring "demo-ring" and
 * an RPC channel "demo-rpc", owned by the application (removed when it
 * quits), with traffic kept flowing by hooks that the ring and RPC views
 * provide:
 *
 *   sm_demo_start_ring_traffic / sm_demo_stop_ring_traffic
 *       ui/sm-demo-ring.c, owned by ringui (issue 7)
 *   sm_demo_start_rpc_traffic / sm_demo_stop_rpc_traffic
 *       ui/sm-demo-rpc.c, owned by rpcui (issue 8)
 *
 * A start hook is called once, after its segment was created (or found
 * alive, owned by another workbench); its stop hook is called when the
 * application shuts down, before owned segments are closed.  Traffic must
 * not block the main loop (threads, child processes or short timeouts). */
#pragma once

#include "sm-application.h"
#include "sm-rpc-load.h"

G_BEGIN_DECLS

#define SM_DEMO_RING "demo-ring"
#define SM_DEMO_RPC "demo-rpc"

/* The demo segment called `base` (SM_DEMO_RING, SM_DEMO_RPC), with the
 * suffix that --demo-suffix gave (NULL: none).  g_free() it. */
char *sm_demo_name(const char *base, const char *suffix);

/* Create the demo segments and start their traffic.  Errors are reported
 * with g_warning (a demo that cannot start must not stop the app). */
void sm_demo_start(SmApplication *app, const char *suffix);
/* Stop the traffic (idempotent). */
void sm_demo_stop(SmApplication *app);

/* Hooks (see above).  `name` is the segment's name; `app` owns it when
 * sm_application_owns() says so, and sm_application_get_owned() gives the
 * handle (an sm_ring * for the ring). */
void sm_demo_start_ring_traffic(SmApplication *app, const char *name);
void sm_demo_stop_ring_traffic(SmApplication *app);
void sm_demo_start_rpc_traffic(SmApplication *app, const char *name);
void sm_demo_stop_rpc_traffic(SmApplication *app);
/* The RPC bench's run on channel `name` needs its one client slot: the
 * demo's caller, if it is on `name`, lets go of it (TRUE) until resumed
 * when the run is over.  Both do nothing for another channel.  Pausing
 * never blocks: the caller is asked to stop, and *closing (may be NULL)
 * gets its run, still closing its client, for sm_rpc_load_start_after()
 * (NULL when there is nothing to wait for); sm_rpc_load_unref() it. */
gboolean sm_demo_pause_rpc_traffic(const char *name, SmRpcLoad **closing);
void sm_demo_resume_rpc_traffic(const char *name);

G_END_DECLS
