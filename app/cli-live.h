/* cli-live.h — the live state of a segment by kind (ring positions and
 * node states, RPC statistics, array geometry), read through the kind's
 * own read-only API, for `inspect`. */
#ifndef SM_CLI_LIVE_H
#define SM_CLI_LIVE_H

#include "cli-report.h"
#include "sharedmem/segment.h"

/* Report the live state of segment `info` into a "live" section.  Returns
 * 0 (also for kinds with no live state, a segment not yet published, and
 * one made with no kind params) or the -errno of opening it. */
int cli_live_state(const struct sm_segment_info *info, struct cli_report *r);

#endif
