/* sm-demo-ring.c — owned by ringui (issue 7): keeps the demo ring busy.
 * Empty until ringui's traffic generator lands; see sm-demo.h. */
#include "sm-demo.h"

void sm_demo_start_ring_traffic(SmApplication *app, const char *name)
{
}

void sm_demo_stop_ring_traffic(SmApplication *app)
{
}
