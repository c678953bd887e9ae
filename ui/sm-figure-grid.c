/* sm-figure-grid.c — see sm-figure-grid.h. */
#include "sm-figure-grid.h"

#include "sm-segment-item.h"

GHashTable *sm_figure_grid_fill(GtkGrid *grid, const SmFigureRow *rows, guint n)
{
	GHashTable *labels = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < n; i++) {
		GtkWidget *title = gtk_label_new(rows[i].title);
		GtkWidget *value = gtk_label_new("—");
		gtk_label_set_xalign(GTK_LABEL(title), 0);
		gtk_label_set_xalign(GTK_LABEL(value), 1);
		gtk_widget_add_css_class(title, "dim-label");
		gtk_widget_add_css_class(value, "numeric");
		gtk_label_set_selectable(GTK_LABEL(value), TRUE);
		gtk_accessible_update_relation(GTK_ACCESSIBLE(value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
					       title, NULL, -1);
		gtk_grid_attach(grid, title, 0, (int)i, 1, 1);
		gtk_grid_attach(grid, value, 1, (int)i, 1, 1);
		g_hash_table_insert(labels, (gpointer)rows[i].key, value);
	}
	return labels;
}

void sm_figure_grid_set(GHashTable *labels, const char *key, const char *text)
{
	GtkLabel *label = g_hash_table_lookup(labels, key);
	if (label && g_strcmp0(gtk_label_get_label(label), text) != 0)
		gtk_label_set_label(label, text);
}

void sm_figure_grid_set_u64(GHashTable *labels, const char *key, guint64 v)
{
	char text[32];
	g_snprintf(text, sizeof text, "%" G_GUINT64_FORMAT, v);
	sm_figure_grid_set(labels, key, text);
}

void sm_figure_label_set_size(GtkLabel *label, guint64 bytes)
{
	g_autofree char *text = sm_format_size(bytes);
	g_autofree char *exact = sm_format_exact_bytes(bytes);
	if (g_strcmp0(gtk_label_get_label(label), text) != 0)
		gtk_label_set_label(label, text);
	gtk_widget_set_tooltip_text(GTK_WIDGET(label), exact);
}

void sm_figure_grid_set_size(GHashTable *labels, const char *key, guint64 bytes)
{
	GtkLabel *label = g_hash_table_lookup(labels, key);
	if (label)
		sm_figure_label_set_size(label, bytes);
}

void sm_figure_grid_reset(GHashTable *labels)
{
	GHashTableIter it;
	gpointer label;
	g_hash_table_iter_init(&it, labels);
	while (g_hash_table_iter_next(&it, NULL, &label)) {
		gtk_label_set_label(label, "—");
		gtk_widget_set_tooltip_text(label, NULL);
	}
}

const char *sm_figure_grid_get(GHashTable *labels, const char *key)
{
	GtkLabel *label = g_hash_table_lookup(labels, key);
	return label ? gtk_label_get_label(label) : NULL;
}
