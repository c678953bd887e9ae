/* sm-png.h — save what a widget shows as a PNG, from inside the program
 * (screenshots in tests, "export plot as PNG"). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Render `widget` (realized, with a size) with its window's renderer and
 * write it to `path`.  FALSE with *error set on failure. */
gboolean sm_widget_save_png(GtkWidget *widget, const char *path, GError **error);

G_END_DECLS
