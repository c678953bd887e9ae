/* sm-scroll-follow.h — keep a log at its newest line: a scrollable (a
 * text view in a scrolled window) stays scrolled to its end as lines
 * come, until the user scrolls up to read; back at the end, it follows
 * again.  It acts once the layout knows the new height (the adjustment's
 * "changed"), so a log shorter than its window is never scrolled at all. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Follow the end of `scrollable`'s vertical adjustment for as long as the
 * scrollable lives. */
void sm_scroll_follow_end(GtkScrollable *scrollable);

G_END_DECLS
