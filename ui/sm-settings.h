/* sm-settings.h — the workbench's GSettings, installed or not.
 *
 * Keys (data/io.github.sharedmem.Workbench.gschema.xml): "style"
 * (follow/light/dark), "sample-rate" (ring monitor samples per second,
 * default 10), "window-width", "window-height". */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The settings of schema io.github.sharedmem.Workbench: from the installed
 * schemas, else from the build directory's compiled schema (an
 * uninstalled ./run.sh).  Aborts with a message if neither has it. */
GSettings *sm_settings_new(void);

G_END_DECLS
