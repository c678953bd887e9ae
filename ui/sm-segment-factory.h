/* sm-segment-factory.h — create a segment of any kind from a parameter
 * dictionary, for the creation dialog, app.create-segment and the demo.
 *
 * Parameter keys (GVariant a{sv}; a missing key takes its default):
 *   "label"        s  label shown by monitors
 *   "size"         t  buffer: payload bytes                (default 4096)
 *   "element-size" u  array: bytes per element             (default 8)
 *   "count"        t  array: number of elements            (default 1024)
 *   "node-count"   u  ring, rpc: nodes per ring            (default 64)
 *   "node-size"    u  ring: bytes per node                 (default 256)
 *   "packet-size"  u  rpc: ring node size, header included (default 4096)
 *   "max-message"  u  rpc: largest request or response     (default 65536)
 *   "mode"         u  file mode, 0 = 0600
 *   "replace-stale" b replace a segment of that name whose owner is dead
 *   "keep"         b  (used by SmApplication) keep after quitting
 */
#pragma once

#include <glib.h>

#include "sharedmem.h"

G_BEGIN_DECLS

typedef struct {
	void *handle;                 /* sm_segment *, sm_ring *, ... */
	void (*close_fn)(void *handle); /* closes it; an owner's close removes the name */
} SmCreated;

/* Validate the name (NULL: skip) and parameters of `kind` without creating
 * anything.  Returns 0, or -EINVAL / -ENAMETOOLONG with *error_text set to
 * a sentence (g_free it). */
int sm_segment_factory_check(enum sm_kind kind, const char *name, GVariant *params, char **error_text);

/* Why `name` cannot name a new segment of `kind`, as a sentence with the
 * rule to follow ("Enter a name.", "Invalid name: ... Use up to 48
 * letters, ..."), or NULL when it can.  What the create dialog and the
 * RPC page say of a bad name.  g_free() it. */
char *sm_segment_factory_name_text(enum sm_kind kind, const char *name);

/* What holds the first name creating `name` of `kind` takes (an RPC
 * channel's rings' too) that a file holds already, as a sentence ("A
 * segment called “X” exists already.", "The name “X” is taken by a file
 * that is not a segment (empty file; owner ...)."), or NULL when none is
 * taken.  What the create dialog and the RPC page say of a name taken.
 * g_free() it. */
char *sm_segment_factory_taken_text(enum sm_kind kind, const char *name);

/* Create and publish segment `name`.  0 or -errno, with *error_text set. */
int sm_segment_factory_create(const char *name, enum sm_kind kind, GVariant *params,
			      SmCreated *out, char **error_text);

/* Read one parameter with its default (see the list above). */
guint64 sm_segment_factory_param(GVariant *params, const char *key);

G_END_DECLS
