/* sm-create-dialog.h — "New Segment": kind, name, label, the kind's
 * parameters and "keep", validated as you type (invalid names and sizes
 * explained inline).  Create calls sm_application_create_segment(), which
 * selects the new segment; an error from the library is shown inline and
 * the dialog stays open.
 *
 * Actions (installed in class_init): create.create, create.cancel. */
#pragma once

#include <gtk/gtk.h>

#include "sm-application.h"

G_BEGIN_DECLS

#define SM_TYPE_CREATE_DIALOG (sm_create_dialog_get_type())
G_DECLARE_FINAL_TYPE(SmCreateDialog, sm_create_dialog, SM, CREATE_DIALOG, GtkWindow)

/* `kind`: "buffer", "array", "ring" or "rpc" (preselected). */
SmCreateDialog *sm_create_dialog_new(SmApplication *app, const char *kind);

/* Set a field as if typed: "name", "label", "size", "element-size",
 * "count", "node-count", "node-size". */
void sm_create_dialog_set_text(SmCreateDialog *self, const char *field, const char *text);
/* Choose a ring's mode as if picked: SM_RING_SINGLE_* flags (0: MPMC). */
void sm_create_dialog_set_ring_mode(SmCreateDialog *self, unsigned ring_flags);
/* The inline error shown now ("" when the input is valid). */
const char *sm_create_dialog_get_error(SmCreateDialog *self);

/* Parse "4096", "64K", "1M", "1G" (binary units).  FALSE if not a number;
 * a number too large for 64 bits gives G_MAXUINT64 (out of every range). */
gboolean sm_parse_size(const char *text, guint64 *out);

G_END_DECLS
