/* Create a segment of each kind through app.create-segment, see it in the
 * list model and selected, inspect it (decoded field values checked, the
 * hex highlight follows the pointer), remove it through win.remove-segment
 * and its confirmation.  Owned segments vanish when the app quits unless
 * kept. */
#include <string.h>
#include <unistd.h>

#include "sm-header-view.h"
#include "sm-hex-view.h"
#include "sm-segment-browser.h"
#include "uitest.h"

static const char *const kinds[] = { "buffer", "array", "ring", "rpc" };
/* A kind parameter (decoded by the kind's part) and what its value shows. */
static const char *const param_field[][2] = {
	{ "buffer.data_size", "8192" },
	{ "array.length", "100" },
	{ "ring.node_count", "32" },
	{ "rpc.packet_size", "1024" },
};
#define N_KINDS G_N_ELEMENTS(kinds)
static char names[N_KINDS][64];
static char kept[64], dropped[64];

static void create(SmWindow *win, const char *name, const char *kind, gboolean keep)
{
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_autofree char *label = g_strdup_printf("test %s", kind);
	g_variant_dict_insert(&d, "label", "s", label);
	g_variant_dict_insert(&d, "keep", "b", keep);
	g_variant_dict_insert(&d, "size", "t", (guint64)8192);
	g_variant_dict_insert(&d, "element-size", "u", 16u);
	g_variant_dict_insert(&d, "count", "t", (guint64)100);
	g_variant_dict_insert(&d, "node-count", "u", 32u);
	g_variant_dict_insert(&d, "node-size", "u", 128u);
	g_variant_dict_insert(&d, "packet-size", "u", 1024u);
	g_variant_dict_insert(&d, "ring-flags", "t", (guint64)SM_RING_SINGLE_PRODUCER);
	CHECK(gtk_widget_activate_action(GTK_WIDGET(win), "app.create-segment", "(ss@a{sv})", name, kind,
					 g_variant_dict_end(&d)));
}

static gboolean in_model(GListModel *model, const char *name)
{
	for (guint i = 0; i < g_list_model_get_n_items(model); i++) {
		g_autoptr(SmSegmentItem) item = g_list_model_get_item(model, i);
		if (strcmp(sm_segment_item_get_name(item), name) == 0)
			return TRUE;
	}
	return FALSE;
}

static void check_field(SmHeaderView *hv, const char *field, const char *expect)
{
	const char *v = sm_header_view_get_field_value(hv, field);
	if (!v || !strstr(v, expect)) {
		fprintf(stderr, "field %s = \"%s\", expected to contain \"%s\"\n", field, v ? v : "(none)", expect);
		exit(T_EXIT_FAIL);
	}
}

static gboolean label_contains(GtkWidget *w, gconstpointer needle)
{
	return GTK_IS_LABEL(w) && strstr(gtk_label_get_label(GTK_LABEL(w)), needle);
}

/* Whether a label under `w` shows text containing `needle`. */
static gboolean label_shows(GtkWidget *w, const char *needle)
{
	return ui_find_widget(w, label_contains, needle) != NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmSegmentStore *store = sm_application_get_store(app);
	GListModel *shown = sm_segment_browser_get_model(sm_window_get_browser(win));
	SmHeaderView *hv = SM_HEADER_VIEW(sm_window_get_view(win, "header"));
	char pid[32], pid_prefix[32];
	g_snprintf(pid, sizeof pid, "%d (", (int)getpid());
	g_snprintf(pid_prefix, sizeof pid_prefix, "%d ", (int)getpid());

	for (guint k = 0; k < N_KINDS; k++) {
		const char *name = names[k];
		create(win, name, kinds[k], FALSE);
		/* In the list model, shown, selected, owned. */
		SmSegmentItem *item = sm_segment_store_find(store, name, NULL);
		CHECK(item != NULL);
		CHECK(!sm_segment_item_get_broken(item));
		g_autofree char *kind = NULL;
		g_object_get(item, "kind", &kind, NULL);
		CHECK(g_strcmp0(kind, kinds[k]) == 0);
		g_autofree char *owner = NULL, *mode = NULL;
		g_object_get(item, "owner-text", &owner, "mode-text", &mode, NULL);
		CHECK(g_str_has_prefix(owner, pid_prefix) && g_str_has_suffix(owner, "(alive)"));
		CHECK(g_strcmp0(mode, "rw-------") == 0);
		CHECK(in_model(shown, name));
		CHECK(g_strcmp0(sm_window_get_segment_name(win), name) == 0);
		CHECK(sm_application_owns(app, name));

		/* Inspected: the header view follows the selection. */
		ui_action(win, "win.show-view", "header");
		CHECK(g_strcmp0(sm_header_view_get_segment_name(hv), name) == 0);
		g_autofree char *kind_value = g_strdup_printf("(%s)", kinds[k]);
		check_field(hv, "magic", "SHRDMEM1");
		check_field(hv, "kind", kind_value);
		check_field(hv, "state", "ready");
		check_field(hv, "creator_pid", pid);
		check_field(hv, "label", "test ");
		check_field(hv, "label", kinds[k]);
		CHECK(g_list_model_get_n_items(sm_header_view_get_fields(hv)) > 12);
		check_field(hv, param_field[k][0], param_field[k][1]);
		if (g_str_equal(kinds[k], "ring"))
			check_field(hv, "ring.flags", "spmc");

		/* Pointing at byte 49 (inside creator_pid, 48..51) highlights it. */
		CHECK(g_strcmp0(sm_header_view_hover(hv, 49), "creator_pid") == 0);
		guint off, size;
		sm_header_view_get_highlight(hv, &off, &size);
		CHECK_EQ(off, 48);
		CHECK_EQ(size, 4);
		/* Pointer positions map back to their bytes, hex and ASCII cells. */
		SmHexView *hex = SM_HEX_VIEW(sm_header_view_get_hex_view(hv));
		for (guint b = 0; b < SM_HEADER_SIZE; b += 7) {
			double x, y;
			CHECK(sm_hex_view_byte_position(hex, b, FALSE, &x, &y));
			CHECK_EQ(sm_hex_view_offset_at(hex, x, y), b);
			CHECK(sm_hex_view_byte_position(hex, b, TRUE, &x, &y));
			CHECK_EQ(sm_hex_view_offset_at(hex, x, y), b);
		}
		CHECK_EQ(sm_hex_view_offset_at(hex, 1, 1), -1); /* the margin */
		CHECK(!sm_hex_view_byte_position(hex, SM_HEADER_SIZE, FALSE, &(double){ 0 }, &(double){ 0 }));
		ui_iterate(150);
		g_autofree char *shot = g_strdup_printf("workbench-header-%s", kinds[k]);
		ui_screenshot(GTK_WIDGET(win), shot);
		sm_header_view_hover(hv, -1);
	}

	/* Remove each through the window's confirmation. */
	for (guint k = 0; k < N_KINDS; k++) {
		ui_action(win, "win.remove-segment", names[k]);
		GtkWindow *confirm = sm_window_get_confirm_dialog(win);
		CHECK(confirm != NULL);
		if (k == 0) {
			/* Cancel keeps it. */
			gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_CANCEL);
			CHECK(sm_segment_store_find(store, names[k], NULL) != NULL);
			ui_action(win, "win.remove-segment", names[k]);
			confirm = sm_window_get_confirm_dialog(win);
		}
		gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
		CHECK(sm_segment_store_find(store, names[k], NULL) == NULL);
		CHECK(!in_model(shown, names[k]));
		CHECK(!sm_application_owns(app, names[k]));
		struct sm_segment_info info;
		CHECK_EQ(sm_segment_stat(names[k], &info), -ENOENT);
	}
	/* The last one removed was selected: the views were told "none", and
	 * the list's summary says where the selection went. */
	CHECK(sm_window_get_segment_name(win) == NULL);
	CHECK(sm_header_view_get_segment_name(hv) == NULL);
	g_autofree char *notice = g_strdup_printf("“%s” was removed", names[N_KINDS - 1]);
	GtkWidget *browser = GTK_WIDGET(sm_window_get_browser(win));
	CHECK(label_shows(browser, notice));
	ui_screenshot(GTK_WIDGET(win), "workbench-selected-removed");

	/* Left for quitting: one kept (asked for at creation), one kept and
	 * then not (the header view's Keep check button), one not. */
	create(win, kept, "buffer", TRUE);
	create(win, dropped, "buffer", TRUE);
	CHECK(g_strcmp0(sm_header_view_get_segment_name(hv), dropped) == 0);
	CHECK(!label_shows(browser, "was removed")); /* another one is selected */
	GtkCheckButton *keep = GTK_CHECK_BUTTON(sm_header_view_get_keep_button(hv));
	CHECK(gtk_widget_get_visible(GTK_WIDGET(keep)) && gtk_check_button_get_active(keep));
	gtk_check_button_set_active(keep, FALSE);
	CHECK(sm_application_get_keep(app, kept));
	CHECK(!sm_application_get_keep(app, dropped));
	return T_EXIT_PASS;
}

int main(void)
{
	for (guint k = 0; k < N_KINDS; k++)
		g_strlcpy(names[k], t_name(kinds[k]), sizeof names[k]);
	g_strlcpy(kept, t_name("kept"), sizeof kept);
	g_strlcpy(dropped, t_name("dropped"), sizeof dropped);
	int rc = ui_run(body, NULL, 0, NULL);
	struct sm_segment_info info;
	if (rc == T_EXIT_PASS) {
		/* Quitting removed what the workbench owned, except the kept one. */
		CHECK_EQ(sm_segment_stat(dropped, &info), -ENOENT);
		CHECK_EQ(sm_segment_stat(kept, &info), 0);
		CHECK(info.status == 0 && !info.shutdown);
	}
	sm_segment_unlink(kept, true);
	for (guint k = 0; k < N_KINDS; k++)
		t_remove_file(names[k]);
	t_remove_file(dropped);
	return rc;
}
