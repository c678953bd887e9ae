/* sm-application.h — the workbench's GtkApplication.
 *
 * Owns the shared segment list (SmSegmentStore), the settings, and the
 * segments the workbench created ("owned" segments: closed, and so
 * removed, when the application quits, unless the user asked to keep
 * them). */
#pragma once

#include <gtk/gtk.h>

#include "sm-segment-store.h"

G_BEGIN_DECLS

#define SM_APP_ID "io.github.sharedmem.Workbench"
#define SM_RESOURCE_PATH "/io/github/sharedmem/Workbench"

#define SM_TYPE_APPLICATION (sm_application_get_type())
G_DECLARE_FINAL_TYPE(SmApplication, sm_application, SM, APPLICATION, GtkApplication)

SmApplication *sm_application_new(void);

/* The application's settings (schema io.github.sharedmem.Workbench). */
GSettings *sm_application_get_settings(SmApplication *self);

/* The list of every segment on the machine, shared by all windows. */
SmSegmentStore *sm_application_get_store(SmApplication *self);

/* ---- Owned segments ------------------------------------------------------
 * `handle` is whatever the kind's create function returned (sm_ring *,
 * sm_segment *, ...); `close_fn` closes it (an owner's close removes the
 * name).  Unless `keep`, the handle is closed when the application quits. */
typedef void (*SmCloseFunc)(void *handle);
void sm_application_own(SmApplication *self, const char *name, void *handle,
			SmCloseFunc close_fn, gboolean keep);
gboolean sm_application_owns(SmApplication *self, const char *name);
/* The handle passed to sm_application_own(), or NULL. */
void *sm_application_get_owned(SmApplication *self, const char *name);
void sm_application_set_keep(SmApplication *self, const char *name, gboolean keep);
gboolean sm_application_get_keep(SmApplication *self, const char *name);

/* Create a segment (what app.create-segment and the creation dialog do).
 * `kind` is a kind name ("buffer", "array", "ring", "rpc"); `params` an
 * a{sv} dictionary (see sm-segment-factory.h), may be NULL.  On success
 * the segment is owned by the application, the list is refreshed and the
 * segment selected in the active window.  Returns 0 or -errno; *error_text
 * (may be NULL) receives a sentence on failure (g_free it). */
int sm_application_create_segment(SmApplication *self, const char *name, const char *kind,
				  GVariant *params, char **error_text);

/* Remove a segment now, without asking: an owned one is closed, another
 * one unlinked (broken and foreign files too).  Returns 0 or -errno. */
int sm_application_remove_segment(SmApplication *self, const char *name, char **error_text);

G_END_DECLS
