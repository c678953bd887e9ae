/* sm-settings.h — the workbench's GSettings, installed or not.
 *
 * Keys (data/io.github.sharedmem.Workbench.gschema.xml): "style"
 * (follow/light/dark), "sample-rate" (samples per second of every live
 * view: ring monitor and picture, RPC bench; default 10), "window-width",
 * "window-height". */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The settings of schema io.github.sharedmem.Workbench: from the installed
 * schemas, else from the build directory's compiled schema (an
 * uninstalled ./run.sh).  Aborts with a message if neither has it. */
GSettings *sm_settings_new(void);

#define SM_SAMPLE_RATE_MIN 1u
#define SM_SAMPLE_RATE_MAX 100u

/* Follow the "sample-rate" key (the one place that reads it): calls
 * fn(owner, per_second), clamped to SM_SAMPLE_RATE_MIN..MAX, now and
 * whenever the key changes.  Returns the settings, owned by the caller;
 * dropping the last reference stops the calls. */
GSettings *sm_settings_follow_sample_rate(gpointer owner, void (*fn)(gpointer owner, guint per_second));

G_END_DECLS
