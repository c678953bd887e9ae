/* When the library refuses to remove a segment, the confirmation says so
 * and why, and stays open: one of a live RPC channel's rings (-EBUSY:
 * remove the channel) used to close the dialog with the reason only on
 * stderr, as if it had gone.  A listed file whose name the library never
 * makes (a space in it) is removed as the confirmation promised: it was
 * said to have been "removed since you asked" while it stayed. */
#include <unistd.h>
#include <errno.h>
#include <string.h>

#include "uitest.h"

static char chan[64], ring[80], foreign[80];

/* A message dialog's "text" or "secondary-text". */
static const char *dialog_text(GtkWindow *dialog, const char *which)
{
	static char text[512];
	g_autofree char *t = NULL;
	g_object_get(dialog, which, &t, NULL);
	g_strlcpy(text, t ? t : "", sizeof text);
	return text;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	sm_rpc *rpc;
	CHECK_EQ(sm_rpc_create(&rpc, chan, &o), 0);
	sm_segment_store_refresh(sm_application_get_store(app));

	ui_action(win, "win.remove-segment", ring);
	GtkWindow *confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	ui_iterate(100);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(ring, &info), 0); /* refused */
	CHECK(sm_window_get_confirm_dialog(win) == confirm);
	CHECK(strcmp(dialog_text(confirm, "text"), "Nothing was removed") == 0);
	fprintf(stderr, "%s\n", dialog_text(confirm, "secondary-text"));
	CHECK(strstr(dialog_text(confirm, "secondary-text"), sm_strerror(-EBUSY)) != NULL);
	ui_screenshot(GTK_WIDGET(confirm), "workbench-remove-refused");
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_CANCEL);
	CHECK(sm_window_get_confirm_dialog(win) == NULL);

	sm_rpc_close(rpc);

	t_write_file(foreign, "not a segment", 13);
	sm_segment_store_refresh(sm_application_get_store(app));
	ui_action(win, "win.remove-segment", foreign);
	confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	ui_iterate(100);
	/* Removed, as the confirmation promised. */
	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", foreign);
	CHECK(access(path, F_OK) != 0 && errno == ENOENT);
	CHECK(sm_window_get_confirm_dialog(win) == NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(chan, t_name("rmrefused"), sizeof chan);
	g_snprintf(ring, sizeof ring, "%s.c2s", chan);
	g_snprintf(foreign, sizeof foreign, "%s foreign", chan);
	t_remove_at_exit(foreign);
	return ui_run(body, NULL, 0, NULL);
}
