/* sm-figure-grid.h — "title: value" rows in a GtkGrid, looked up by key
 * (the monitor's counters, the traffic panel's figures). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
	const char *key, *title;
} SmFigureRow;

/* Add a row per entry to `grid`; returns key -> value GtkLabel (the keys
 * are not copied: pass static rows).  Values start as "—". */
GHashTable *sm_figure_grid_fill(GtkGrid *grid, const SmFigureRow *rows, guint n);
/* Set a value's text (only when it changed); unknown keys are ignored. */
void sm_figure_grid_set(GHashTable *labels, const char *key, const char *text);
void sm_figure_grid_set_u64(GHashTable *labels, const char *key, guint64 v);
/* A byte count as the CLI shows sizes ("49.2 MiB"), the exact count in
 * its tooltip: in the grid's label for `key`, or in `label`. */
void sm_figure_grid_set_size(GHashTable *labels, const char *key, guint64 bytes);
void sm_figure_label_set_size(GtkLabel *label, guint64 bytes);
/* Every value back to "—". */
void sm_figure_grid_reset(GHashTable *labels);
/* A value's text, or NULL for an unknown key. */
const char *sm_figure_grid_get(GHashTable *labels, const char *key);

G_END_DECLS
