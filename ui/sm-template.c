/* sm-template.c — see sm-template.h. */
#include "sm-template.h"

void sm_template_dispose(GtkWidget *widget, GType type)
{
	gtk_widget_dispose_template(widget, type);
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(widget)))
		gtk_widget_unparent(child);
}
