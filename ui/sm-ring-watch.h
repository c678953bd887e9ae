/* sm-ring-watch.h — a read-only view of a named ring for the monitor and
 * the picture: opens the ring lazily (retrying at most once a second while
 * it does not exist), takes snapshots, and lets go of a ring whose name
 * was removed or now names another segment. */
#pragma once

#include <glib.h>

#include "sharedmem/ring.h"

G_BEGIN_DECLS

typedef struct {
	char    *name;
	char    *shown;       /* name for a label (sm_format_text()) */
	sm_ring *ring;
	gint64   next_try_us; /* g_get_monotonic_time() of the next open attempt */
	gint64   next_name_check_us; /* ... of the next check that the name is still ours */
	int      last_error;  /* the last open error, 0 when open */
	guint    opens;       /* rings opened so far: a change means another ring's counters */
} SmRingWatch;

/* Watch `name` (NULL or "": nothing); closes the previous ring. */
void sm_ring_watch_set_name(SmRingWatch *w, const char *name);
/* Close and forget. */
void sm_ring_watch_clear(SmRingWatch *w);
/* Snapshot the ring (opening it if needed), with node states when `states`
 * is not NULL.  0, or -errno from sm_ring_open()/sm_ring_snapshot()
 * (-EAGAIN while waiting to retry an open). */
int sm_ring_watch_snapshot(SmRingWatch *w, struct sm_ring_snapshot *snap,
			   uint8_t *states, uint32_t max_states);
/* A sentence saying why the ring is not shown ("No ring selected", "demo
 * is not a ring", ...); NULL when it is open.  Free with g_free(). */
char *sm_ring_watch_describe_error(const SmRingWatch *w);

G_END_DECLS
