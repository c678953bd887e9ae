/* sm-monitor-settings.h — the monitor's settings, tolerant of a schema that is
 * not installed (tests, uninstalled runs): then defaults apply. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#ifndef SM_APP_ID
#define SM_APP_ID "io.github.sharedmem.Workbench"
#endif
#ifndef SM_RESOURCE_PATH
#define SM_RESOURCE_PATH "/io/github/sharedmem/Workbench"
#endif
#define SM_DEFAULT_SAMPLE_RATE 10

/* The app's settings, or NULL when its schema is not installed. */
GSettings *sm_monitor_settings_new(void);
/* Monitor samples per second ("sample-rate"); the default when settings
 * is NULL. */
guint sm_monitor_settings_get_sample_rate(GSettings *settings);

G_END_DECLS
