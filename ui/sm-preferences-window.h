/* sm-preferences-window.h — Preferences: style (follow/light/dark, through
 * the app.style action) and the monitor's sample rate, both GSettings. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SM_TYPE_PREFERENCES_WINDOW (sm_preferences_window_get_type())
G_DECLARE_FINAL_TYPE(SmPreferencesWindow, sm_preferences_window, SM, PREFERENCES_WINDOW, GtkWindow)

SmPreferencesWindow *sm_preferences_window_new(GSettings *settings);

G_END_DECLS
