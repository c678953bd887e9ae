/* sm-rpc-channel-watch.h — the RPC page's read-only view of the channel
 * it shows: a monitor opened on first read, the channel's statistics as
 * shared memory keeps them (never recomputed), and a sentence on who
 * serves it and who calls it.  A channel that was shut down is let go
 * once read, so a new one by the same name is picked up at the next. */
#pragma once

#include <glib.h>

#include "sharedmem.h"

G_BEGIN_DECLS

typedef struct {
	sm_rpc_monitor     *monitor;
	struct sm_rpc_stats stats;      /* as last read */
	gboolean            have_stats; /* the last read worked */
} SmRpcChannelWatch;

/* Read channel `name`'s statistics.  0, or -errno from
 * sm_rpc_open_monitor() or sm_rpc_stats_read() (the monitor closed). */
int sm_rpc_channel_watch_read(SmRpcChannelWatch *w, const char *name);
/* Close the monitor and forget the statistics. */
void sm_rpc_channel_watch_close(SmRpcChannelWatch *w);
/* A live server serves the channel (read, not shut down). */
gboolean sm_rpc_channel_watch_server_alive(const SmRpcChannelWatch *w);
/* The channel's live server is this process. */
gboolean sm_rpc_channel_watch_server_is_here(const SmRpcChannelWatch *w);
/* Why a read of `name` failed with `r`, as a sentence. */
char *sm_rpc_channel_watch_error_text(const char *name, int r);
/* "Server: ... Client: ..." after a read that worked; `served_here`:
 * this workbench holds a server of `name` (its built-in's handler is
 * then named, or "no handler").  Free with g_free(). */
char *sm_rpc_channel_watch_describe(const SmRpcChannelWatch *w, const char *name, gboolean served_here);

G_END_DECLS
