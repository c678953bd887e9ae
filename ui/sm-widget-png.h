/* sm-widget-png.h — render a realized widget to a PNG file, in-program
 * (widget paintable -> snapshot -> the window's renderer -> texture). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* FALSE with `error` set when the widget is not realized or the file
 * cannot be written. */
gboolean sm_widget_save_png(GtkWidget *widget, const char *path, GError **error);

G_END_DECLS
