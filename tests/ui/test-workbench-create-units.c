/* The creation dialog says in what unit its sizes are: "Size 4096",
 * "Node size 256", "Packet size 4096", "Largest message 64K" left the
 * user to guess (bytes? nodes? KiB?) unless they hovered for a tooltip,
 * where the Traffic and RPC pages say "Message size (bytes)" and
 * "Payload (bytes)".  Each byte count's label now ends in "(bytes)". */
#include <string.h>

#include "sm-create-dialog.h"
#include "uitest.h"

static const struct {
	const char *kind;
	const char *fields[3]; /* the labels of its byte counts, unit left out */
} byte_fields[] = {
	{ "buffer", { "Size" } },
	{ "array", { "Element size" } },
	{ "ring", { "Node size" } },
	{ "rpc", { "Packet size", "Largest message" } },
};

static gboolean shown_label_starting(GtkWidget *w, gconstpointer prefix)
{
	return GTK_IS_LABEL(w) && gtk_widget_is_visible(w) &&
	       g_str_has_prefix(gtk_label_get_text(GTK_LABEL(w)), prefix);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	for (unsigned k = 0; k < G_N_ELEMENTS(byte_fields); k++) {
		ui_action(win, "win.new-segment", byte_fields[k].kind);
		GtkWindow *dlg = ui_find_toplevel(SM_TYPE_CREATE_DIALOG);
		CHECK(dlg != NULL);
		for (unsigned f = 0; f < G_N_ELEMENTS(byte_fields[k].fields) && byte_fields[k].fields[f]; f++) {
			GtkWidget *label = ui_find_widget(GTK_WIDGET(dlg), shown_label_starting,
							  byte_fields[k].fields[f]);
			CHECK(label != NULL);
			const char *text = gtk_label_get_text(GTK_LABEL(label));
			fprintf(stderr, "%s: \"%s\"\n", byte_fields[k].kind, text);
			CHECK(g_str_has_suffix(text, "(bytes)"));
			/* The field's accessible name comes from it (screen readers). */
			GtkWidget *entry = gtk_label_get_mnemonic_widget(GTK_LABEL(label));
			CHECK(GTK_IS_ENTRY(entry));
		}
		if (k == 3)
			ui_screenshot(GTK_WIDGET(dlg), "create-units");
		gtk_window_destroy(dlg);
		ui_iterate(100);
	}
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run(body, NULL, 0, NULL);
}
