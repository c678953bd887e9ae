/* sm-demo-rpc.c — owned by rpcui (issue 8): keeps the demo RPC channel
 * busy.  Empty until rpcui's bench lands; see sm-demo.h. */
#include "sm-demo.h"

void sm_demo_start_rpc_traffic(SmApplication *app, const char *name)
{
}

void sm_demo_stop_rpc_traffic(SmApplication *app)
{
}
