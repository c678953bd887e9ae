/* sm-cli-locate.h — where the `sharedmem` CLI is, for the child processes
 * the workbench starts (traffic generators, the teaching mode's producer). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $SHAREDMEM_CLI if set; else `sharedmem` next to this executable
 * (/proc/self/exe's directory, or ../app/ from a test directory of the
 * build tree); else the one in PATH; else NULL.  Free with g_free(). */
char *sm_cli_locate(void);

G_END_DECLS
