/* sm-sample-clock.h — one timer per sampling rate for all the views that
 * poll rings (monitors, pictures): their samples land in the same main
 * loop iteration, so the window redraws once per tick, not once per view. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call fn(data) `per_second` times a second (1..1000) until removed.
 * Returns an id > 0. */
guint sm_sample_clock_add(guint per_second, void (*fn)(gpointer data), gpointer data);
/* Stop calling; 0 is ignored. */
void sm_sample_clock_remove(guint id);

G_END_DECLS
