/* cli-live-kinds.h — each kind's live-state reader (cli-live-<kind>.c),
 * listed in cli-live.c.  Each returns 0 or the -errno of opening it. */
#ifndef SM_CLI_LIVE_KINDS_H
#define SM_CLI_LIVE_KINDS_H

#include <stdio.h>

#include "cli-report.h"

int cli_live_array(const char *name, struct cli_report *r);
int cli_live_buffer(const char *name, struct cli_report *r);
int cli_live_ring(const char *name, struct cli_report *r);
int cli_live_rpc(const char *name, struct cli_report *r);

#endif
