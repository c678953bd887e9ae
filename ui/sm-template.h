/* sm-template.h — tear-down shared by every templated widget. */
#pragma once

#include <gtk/gtk.h>

/* In dispose(): clear the template's bound children, then unparent any
 * child left (a template's unnamed top box is not bound, and GTK warns when
 * a widget is finalized with children). */
void sm_template_dispose(GtkWidget *widget, GType type);
