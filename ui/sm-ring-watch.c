/* sm-ring-watch.c — see sm-ring-watch.h. */
#include "sm-ring-watch.h"

#include <errno.h>

#include "sharedmem/error.h"
#include "sm-segment-item.h"

#define RETRY_US G_USEC_PER_SEC
#define NAME_CHECK_US G_USEC_PER_SEC

void sm_ring_watch_clear(SmRingWatch *w)
{
	g_clear_pointer(&w->ring, sm_ring_close);
	g_clear_pointer(&w->name, g_free);
	g_clear_pointer(&w->shown, g_free);
	w->next_try_us = 0;
	w->next_name_check_us = 0;
	w->last_error = 0;
}

void sm_ring_watch_set_name(SmRingWatch *w, const char *name)
{
	sm_ring_watch_clear(w);
	if (name && *name) {
		w->name = g_strdup(name);
		w->shown = sm_format_text(name);
	}
}

/* Let go of the ring if its name no longer leads to it (asked at most
 * once a second): removed, the watch waits for the name to come back
 * (unless the owner closed it: then its last state stays, marked shut
 * down); replaced by another segment, it opens that one at once. */
static void let_go_if_renamed(SmRingWatch *w)
{
	gint64 now = g_get_monotonic_time();
	if (now < w->next_name_check_us)
		return;
	w->next_name_check_us = now + NAME_CHECK_US;
	sm_segment *seg = sm_ring_segment(w->ring);
	int r = sm_segment_still_named(seg);
	if (r == 1 || (r < 0 && r != -ENOENT)) /* cannot tell: keep what we have */
		return;
	if (r == -ENOENT && sm_segment_is_shutdown(seg))
		return; /* its owner closed it: show its last state, shut down */
	g_clear_pointer(&w->ring, sm_ring_close);
	w->next_try_us = r == 0 ? 0 : now + RETRY_US;
	w->last_error = -ENOENT;
}

int sm_ring_watch_snapshot(SmRingWatch *w, struct sm_ring_snapshot *snap,
			   uint8_t *states, uint32_t max_states)
{
	if (!w->name)
		return w->last_error = -ENOENT;
	if (w->ring)
		let_go_if_renamed(w);
	if (!w->ring) {
		gint64 now = g_get_monotonic_time();
		if (now < w->next_try_us)
			return -EAGAIN;
		int r = sm_ring_open(&w->ring, w->name, SM_OPEN_READONLY);
		if (r < 0) {
			w->ring = NULL;
			w->next_try_us = now + RETRY_US;
			return w->last_error = r;
		}
		w->last_error = 0;
		w->opens++;
	}
	int r = sm_ring_snapshot(w->ring, snap, states, max_states);
	if (r < 0) { /* its file was truncated under us: open it again later */
		g_clear_pointer(&w->ring, sm_ring_close);
		w->next_try_us = g_get_monotonic_time() + RETRY_US;
		w->last_error = r;
	}
	return r;
}

char *sm_ring_watch_describe_error(const SmRingWatch *w)
{
	if (w->ring)
		return NULL;
	if (!w->name)
		return g_strdup("No ring selected");
	g_autofree char *quoted = sm_quote_name(w->name);
	if (w->last_error == -ENOENT)
		return g_strdup_printf("Waiting for ring %s to appear", quoted);
	char why[SM_INFO_REASON_SIZE];
	return g_strdup_printf("Cannot watch %s: %s", quoted,
			       sm_segment_error_text(w->name, w->last_error, why, sizeof why));
}
