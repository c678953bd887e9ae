/* sm-rpc-cells.c — see sm-rpc-cells.h. */
#include "sm-rpc-cells.h"

#include "sm-rpc-histogram.h"

GtkLabel *sm_rpc_cell_new(GtkGrid *grid, int col, int row, const char *text, const char *css, float xalign)
{
	GtkWidget *l = gtk_label_new(text);
	gtk_label_set_xalign(GTK_LABEL(l), xalign);
	if (css)
		gtk_widget_add_css_class(l, css);
	gtk_grid_attach(grid, l, col, row, 1, 1);
	return GTK_LABEL(l);
}

/* A flow box of cells (labels only) just lays out: Tab passes it by.  Not
 * focusable children alone are not enough: GTK 4.8's GtkFlowBox focus()
 * claims Tab when its child cannot take the focus, so the focus stayed
 * where it was and Tab never got past the summary. */
void sm_rpc_cells_flow_append(GtkFlowBox *box, GtkWidget *child)
{
	gtk_flow_box_append(box, child);
	gtk_widget_set_focusable(gtk_widget_get_parent(child), FALSE);
	gtk_widget_set_can_focus(GTK_WIDGET(box), FALSE);
}

void sm_rpc_cell_set_u64(GtkLabel *cell, guint64 v)
{
	char buf[32];
	g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, v);
	gtk_label_set_text(cell, buf);
}

void sm_rpc_cell_set_ns(GtkLabel *cell, guint64 ns)
{
	g_autofree char *t = ns ? sm_format_ns(ns) : g_strdup("—");
	gtk_label_set_text(cell, t);
}
