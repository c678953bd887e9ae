/* sm-rpc-channel-watch.c — see sm-rpc-channel-watch.h. */
#include "sm-rpc-channel-watch.h"

#include <errno.h>
#include <unistd.h>

#include "sm-rpc-builtin.h"

int sm_rpc_channel_watch_read(SmRpcChannelWatch *w, const char *name)
{
	int r = 0;
	if (!w->monitor)
		r = sm_rpc_open_monitor(&w->monitor, name, 0);
	if (r == 0)
		r = sm_rpc_stats_read(w->monitor, &w->stats);
	if (r < 0) {
		sm_rpc_channel_watch_close(w);
		return r;
	}
	w->have_stats = TRUE;
	if (w->stats.shutdown)
		g_clear_pointer(&w->monitor, sm_rpc_monitor_close);
	return 0;
}

void sm_rpc_channel_watch_close(SmRpcChannelWatch *w)
{
	g_clear_pointer(&w->monitor, sm_rpc_monitor_close);
	w->have_stats = FALSE;
}

gboolean sm_rpc_channel_watch_server_alive(const SmRpcChannelWatch *w)
{
	return w->have_stats && w->stats.server_alive && !w->stats.shutdown;
}

gboolean sm_rpc_channel_watch_server_is_here(const SmRpcChannelWatch *w)
{
	return w->have_stats && w->stats.server_alive && w->stats.server_pid == (int32_t)getpid();
}

char *sm_rpc_channel_watch_error_text(const char *name, int r)
{
	char why[SM_INFO_REASON_SIZE];
	return g_strdup_printf(r == -ENOENT ? "No channel by this name: start a server to create it."
					    : "Cannot read the channel: %s",
			       sm_segment_error_text(name, r, why, sizeof why));
}

char *sm_rpc_channel_watch_describe(const SmRpcChannelWatch *w, const char *name, gboolean served_here)
{
	const struct sm_rpc_stats *st = &w->stats;
	GString *s = g_string_new(NULL);
	if (st->shutdown || !st->server_alive)
		g_string_append(s, "Server: gone (channel shut down or its process died).");
	else if (sm_rpc_channel_watch_server_is_here(w)) {
		SmRpcBuiltin *b = sm_rpc_builtin_for(name);
		gboolean serving = served_here && g_atomic_int_get(&b->attached);
		g_string_append_printf(s, "Server: this workbench (pid %d), %s", st->server_pid,
				       serving ? "built-in handler " : "no handler");
		if (serving)
			g_string_append(s, sm_rpc_builtin_name(g_atomic_int_get(&b->kind)));
		g_string_append_c(s, '.');
	} else
		g_string_append_printf(s, "Server: pid %d (elsewhere); calls use its echo method.",
				       st->server_pid);
	if (st->client_pid)
		g_string_append_printf(s, " Client: pid %d%s.", st->client_pid,
				       st->client_alive ? "" : " (dead)");
	else
		g_string_append(s, " No client connected.");
	return g_string_free(s, FALSE);
}
