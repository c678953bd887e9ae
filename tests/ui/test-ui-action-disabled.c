/* The tests' action helper (ui_widget_action) let a test "click" a
 * disabled button and go on as if it had acted: it asked
 * gtk_widget_activate_action(), which says TRUE for a disabled action
 * and does nothing.  The helper now asks as a click does: a disabled
 * action is not activated, and ui_widget_action() fails the test. */
#include "sm-create-dialog.h"
#include "uitest.h"

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_action(win, "win.new-segment", "buffer");
	SmCreateDialog *dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	CHECK(dlg != NULL);
	sm_create_dialog_set_text(dlg, "name", ""); /* "Enter a name.": Create is off */
	fprintf(stderr, "dialog says '%s'\n", sm_create_dialog_get_error(dlg));
	/* What the helper asked before: TRUE, though nothing was done. */
	CHECK(gtk_widget_activate_action(GTK_WIDGET(dlg), "create.create", NULL));
	CHECK(!ui_try_widget_action(GTK_WIDGET(dlg), "create.create", NULL));
	CHECK(!ui_try_widget_action(GTK_WIDGET(dlg), "create.no-such-action", NULL));
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == GTK_WINDOW(dlg));
	/* An enabled action still acts. */
	CHECK(ui_try_widget_action(GTK_WIDGET(dlg), "create.cancel", NULL));
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run(body, NULL, 0, NULL);
}
