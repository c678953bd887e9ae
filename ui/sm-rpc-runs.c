/* sm-rpc-runs.c — see sm-rpc-runs.h. */
#include "sm-rpc-runs.h"
#include "sm-template.h"

#include <string.h>

#include "sm-application.h"

struct _SmRpcRuns {
	GtkWidget          parent_instance;
	GtkColumnView     *table;
	GtkWidget         *compare_scroller;
	GtkGrid           *compare;
	GListStore        *runs;
	GtkMultiSelection *selection;
	GHashTable        *compared; /* "field/column" -> text */
};

G_DEFINE_FINAL_TYPE(SmRpcRuns, sm_rpc_runs, GTK_TYPE_WIDGET)

static void cell_setup(GtkSignalListItemFactory *f, GtkListItem *item, gpointer field)
{
	GtkWidget *label = gtk_label_new(NULL);
	const SmRpcField *fd = field;
	gtk_label_set_xalign(GTK_LABEL(label), fd->type == SM_RPC_FIELD_STR ? 0 : 1);
	gtk_widget_add_css_class(label, "numeric");
	gtk_list_item_set_child(item, label);
}

/* A field's value for people: big numbers rounded, times in units. */
static char *display_value(SmRpcRun *run, const SmRpcField *f)
{
	SmRpcRunData *d = sm_rpc_run_get_data(run);
	if (f->type == SM_RPC_FIELD_DBL) {
		double v = G_STRUCT_MEMBER(double, d, f->offset);
		return g_strdup_printf(v >= 100 ? "%.0f" : "%.3g", v);
	}
	return sm_rpc_run_format(run, f);
}

static void cell_bind(GtkSignalListItemFactory *f, GtkListItem *item, gpointer field)
{
	SmRpcRun *run = gtk_list_item_get_item(item);
	g_autofree char *text = display_value(run, field);
	gtk_label_set_text(GTK_LABEL(gtk_list_item_get_child(item)), text);
}

static void add_columns(SmRpcRuns *self)
{
	for (guint i = 0; i < sm_rpc_run_n_fields; i++) {
		const SmRpcField *fd = &sm_rpc_run_fields[i];
		if (!fd->column)
			continue;
		GtkListItemFactory *factory = gtk_signal_list_item_factory_new();
		g_signal_connect(factory, "setup", G_CALLBACK(cell_setup), (gpointer)fd);
		g_signal_connect(factory, "bind", G_CALLBACK(cell_bind), (gpointer)fd);
		GtkColumnViewColumn *col = gtk_column_view_column_new(fd->title, factory);
		gtk_column_view_column_set_resizable(col, TRUE);
		gtk_column_view_append_column(self->table, col);
		g_object_unref(col);
	}
}

/* ---- Comparison ------------------------------------------------------------ */

static void grid_label(SmRpcRuns *self, int col, int row, const char *text, gboolean heading,
		       const char *key)
{
	GtkWidget *l = gtk_label_new(text);
	gtk_label_set_xalign(GTK_LABEL(l), col == 0 ? 0 : 1);
	gtk_label_set_selectable(GTK_LABEL(l), col > 0 && !heading);
	gtk_label_set_ellipsize(GTK_LABEL(l), col == 0 ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
	gtk_label_set_max_width_chars(GTK_LABEL(l), 40);
	if (heading)
		gtk_widget_add_css_class(l, "heading");
	else if (col > 0)
		gtk_widget_add_css_class(l, "numeric");
	gtk_grid_attach(self->compare, l, col, row, 1, 1);
	if (key)
		g_hash_table_insert(self->compared, g_strdup(key), g_strdup(text));
}

/* "b vs a" for a numeric field: the ratio, or "" when it means nothing. */
static char *versus(const SmRpcField *f, SmRpcRunData *a, SmRpcRunData *b)
{
	double va, vb;
	if (f->type == SM_RPC_FIELD_STR || strcmp(f->name, "run") == 0)
		return g_strdup("");
	if (f->type == SM_RPC_FIELD_U64) {
		va = (double)G_STRUCT_MEMBER(guint64, a, f->offset);
		vb = (double)G_STRUCT_MEMBER(guint64, b, f->offset);
	} else {
		va = G_STRUCT_MEMBER(double, a, f->offset);
		vb = G_STRUCT_MEMBER(double, b, f->offset);
	}
	if (va == vb)
		return g_strdup("=");
	if (va == 0)
		return g_strdup("—");
	return g_strdup_printf("×%.3g", vb / va);
}

gboolean sm_rpc_runs_compare(SmRpcRuns *self, guint ia, guint ib)
{
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->runs));
	if (ia >= n || ib >= n)
		return FALSE;
	g_autoptr(SmRpcRun) a = g_list_model_get_item(G_LIST_MODEL(self->runs), ia);
	g_autoptr(SmRpcRun) b = g_list_model_get_item(G_LIST_MODEL(self->runs), ib);
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->compare))))
		gtk_grid_remove(self->compare, child);
	g_hash_table_remove_all(self->compared);

	g_autofree char *ha = g_strdup_printf("Run %" G_GUINT64_FORMAT, sm_rpc_run_get_data(a)->run);
	g_autofree char *hb = g_strdup_printf("Run %" G_GUINT64_FORMAT, sm_rpc_run_get_data(b)->run);
	grid_label(self, 0, 0, "Field", TRUE, NULL);
	grid_label(self, 1, 0, ha, TRUE, NULL);
	grid_label(self, 2, 0, hb, TRUE, NULL);
	grid_label(self, 3, 0, "B vs A", TRUE, NULL);
	for (guint i = 0; i < sm_rpc_run_n_fields; i++) {
		const SmRpcField *f = &sm_rpc_run_fields[i];
		g_autofree char *va = display_value(a, f);
		g_autofree char *vb = display_value(b, f);
		g_autofree char *vs = versus(f, sm_rpc_run_get_data(a), sm_rpc_run_get_data(b));
		g_autofree char *k0 = g_strdup_printf("%s/0", f->name);
		g_autofree char *k1 = g_strdup_printf("%s/1", f->name);
		g_autofree char *k2 = g_strdup_printf("%s/2", f->name);
		grid_label(self, 0, (int)i + 1, f->title, FALSE, NULL);
		grid_label(self, 1, (int)i + 1, va, FALSE, k0);
		grid_label(self, 2, (int)i + 1, vb, FALSE, k1);
		grid_label(self, 3, (int)i + 1, vs, FALSE, k2);
	}
	gtk_widget_set_visible(self->compare_scroller, TRUE);
	return TRUE;
}

const char *sm_rpc_runs_get_compared(SmRpcRuns *self, const char *name, guint column)
{
	g_autofree char *key = g_strdup_printf("%s/%u", name, column);
	return g_hash_table_lookup(self->compared, key);
}

static void compare_action(GtkWidget *widget, const char *action, GVariant *param)
{
	SmRpcRuns *self = SM_RPC_RUNS(widget);
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->runs));
	g_autoptr(GtkBitset) sel = gtk_selection_model_get_selection(GTK_SELECTION_MODEL(self->selection));
	if (gtk_bitset_get_size(sel) >= 2)
		sm_rpc_runs_compare(self, gtk_bitset_get_nth(sel, 0), gtk_bitset_get_nth(sel, 1));
	else if (n >= 2)
		sm_rpc_runs_compare(self, n - 2, n - 1);
}

/* ---- Files ------------------------------------------------------------------- */

gboolean sm_rpc_runs_export(SmRpcRuns *self, GFile *file, const char *format, GError **error)
{
	g_autofree char *text = g_strcmp0(format, "json") == 0
					? sm_rpc_runs_to_json(G_LIST_MODEL(self->runs))
					: sm_rpc_runs_to_csv(G_LIST_MODEL(self->runs));
	return g_file_replace_contents(file, text, strlen(text), NULL, FALSE, G_FILE_CREATE_NONE,
				       NULL, NULL, error);
}

int sm_rpc_runs_import(SmRpcRuns *self, GFile *file, GError **error)
{
	g_autofree char *text = NULL;
	if (!g_file_load_contents(file, NULL, &text, NULL, NULL, error))
		return -1;
	g_autoptr(GListStore) read = sm_rpc_runs_parse(text, error);
	if (!read)
		return -1;
	guint n = g_list_model_get_n_items(G_LIST_MODEL(read));
	for (guint i = 0; i < n; i++) {
		g_autoptr(SmRpcRun) run = g_list_model_get_item(G_LIST_MODEL(read), i);
		g_list_store_append(self->runs, run);
	}
	return (int)n;
}

static void show_error(SmRpcRuns *self, const char *what, GError *error)
{
	GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
	GtkWidget *dlg = gtk_message_dialog_new(GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
						GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
						GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", what);
	gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dlg), "%s", error->message);
	g_signal_connect(dlg, "response", G_CALLBACK(gtk_window_destroy), NULL);
	gtk_window_present(GTK_WINDOW(dlg));
}

static void file_response(GtkNativeDialog *dialog, int response, gpointer data)
{
	SmRpcRuns *self = data;
	const char *format = g_object_get_data(G_OBJECT(dialog), "format");
	g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT
					? gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog))
					: NULL;
	g_autoptr(GError) error = NULL;
	if (file && format && !sm_rpc_runs_export(self, file, format, &error))
		show_error(self, "Could not export the runs", error);
	else if (file && !format && sm_rpc_runs_import(self, file, &error) < 0)
		show_error(self, "Could not import runs", error);
	g_object_unref(dialog);
	g_object_unref(self);
}

static void choose_file(SmRpcRuns *self, const char *format)
{
	GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
	GtkFileChooserNative *dlg = gtk_file_chooser_native_new(
		format ? "Export Runs" : "Import Runs", GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
		format ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
		format ? "_Export" : "_Open", "_Cancel");
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dlg), TRUE);
	if (format) {
		g_autofree char *name = g_strdup_printf("rpc-runs.%s", format);
		gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dlg), name);
		g_object_set_data_full(G_OBJECT(dlg), "format", g_strdup(format), g_free);
	}
	g_signal_connect(dlg, "response", G_CALLBACK(file_response), g_object_ref(self));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(dlg));
}

static void export_action(GtkWidget *widget, const char *action, GVariant *param)
{
	const char *format = g_variant_get_string(param, NULL);
	choose_file(SM_RPC_RUNS(widget), strcmp(format, "json") == 0 ? "json" : "csv");
}

static void import_action(GtkWidget *widget, const char *action, GVariant *param)
{
	choose_file(SM_RPC_RUNS(widget), NULL);
}

static void clear_action(GtkWidget *widget, const char *action, GVariant *param)
{
	SmRpcRuns *self = SM_RPC_RUNS(widget);
	g_list_store_remove_all(self->runs);
	gtk_widget_set_visible(self->compare_scroller, FALSE);
	g_hash_table_remove_all(self->compared);
}

static void update_actions(SmRpcRuns *self)
{
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->runs));
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "runs.compare", n >= 2);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "runs.export", n >= 1);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "runs.clear", n >= 1);
}

static void runs_changed(GListModel *model, guint pos, guint removed, guint added, gpointer self)
{
	update_actions(self);
}

/* ---- Object ------------------------------------------------------------------ */

static void sm_rpc_runs_dispose(GObject *object)
{
	SmRpcRuns *self = SM_RPC_RUNS(object);
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_RPC_RUNS);
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))))
		gtk_widget_unparent(child);
	g_clear_object(&self->selection);
	g_clear_object(&self->runs);
	g_clear_pointer(&self->compared, g_hash_table_unref);
	G_OBJECT_CLASS(sm_rpc_runs_parent_class)->dispose(object);
}

static void sm_rpc_runs_class_init(SmRpcRunsClass *klass)
{
	GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
	G_OBJECT_CLASS(klass)->dispose = sm_rpc_runs_dispose;
	gtk_widget_class_set_template_from_resource(wc, SM_RESOURCE_PATH "/ui/sm-rpc-runs.ui");
	gtk_widget_class_bind_template_child(wc, SmRpcRuns, table);
	gtk_widget_class_bind_template_child(wc, SmRpcRuns, compare_scroller);
	gtk_widget_class_bind_template_child(wc, SmRpcRuns, compare);
	gtk_widget_class_install_action(wc, "runs.compare", NULL, compare_action);
	gtk_widget_class_install_action(wc, "runs.export", "s", export_action);
	gtk_widget_class_install_action(wc, "runs.import", NULL, import_action);
	gtk_widget_class_install_action(wc, "runs.clear", NULL, clear_action);
	gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
}

static void sm_rpc_runs_init(SmRpcRuns *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->runs = g_list_store_new(SM_TYPE_RPC_RUN);
	self->compared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->selection = gtk_multi_selection_new(G_LIST_MODEL(g_object_ref(self->runs)));
	gtk_column_view_set_model(self->table, GTK_SELECTION_MODEL(self->selection));
	add_columns(self);
	g_signal_connect_object(self->runs, "items-changed", G_CALLBACK(runs_changed), self, 0);
	update_actions(self);
}

GtkWidget *sm_rpc_runs_new(void)
{
	return g_object_new(SM_TYPE_RPC_RUNS, NULL);
}

GListModel *sm_rpc_runs_get_model(SmRpcRuns *self)
{
	return G_LIST_MODEL(self->runs);
}

void sm_rpc_runs_add(SmRpcRuns *self, SmRpcRun *run)
{
	g_list_store_append(self->runs, run);
}
