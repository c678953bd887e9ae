/* The create dialog checks an RPC channel's ring names (NAME.c2s and
 * NAME.s2c) before Create, as it checks the channel's own name: a
 * segment under one of them is named inline, Create does nothing, and
 * nothing is left behind. */
#include <string.h>

#include "sm-create-dialog.h"
#include "uitest.h"

static char name[64], ring_name[80];

static int body(SmApplication *app, SmWindow *win, void *data)
{
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, ring_name, 4, 64, NULL), 0);
	sm_segment_store_refresh(sm_application_get_store(app));

	ui_action(win, "win.new-segment", "rpc");
	SmCreateDialog *dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	CHECK(dlg != NULL);
	sm_create_dialog_set_text(dlg, "name", name);
	const char *error = sm_create_dialog_get_error(dlg);
	if (!strstr(error, ring_name) || !strstr(error, "exists")) {
		fprintf(stderr, "with “%s” taken the dialog says “%s”\n", ring_name, error);
		return T_EXIT_FAIL;
	}
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-rpc-ring-taken");
	CHECK(!ui_try_widget_action(GTK_WIDGET(dlg), "create.create", NULL)); /* Create is off */
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == GTK_WINDOW(dlg));
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), -ENOENT);
	CHECK(!sm_application_owns(app, name));

	/* The ring gone, the channel can be made. */
	sm_ring_close(ring);
	sm_segment_store_refresh(sm_application_get_store(app));
	ui_iterate(100);
	CHECK(strcmp(sm_create_dialog_get_error(dlg), "") == 0);
	ui_widget_action(GTK_WIDGET(dlg), "create.create", NULL);
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == NULL);
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.kind, SM_KIND_RPC);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(name, t_name("dlgrpc"), sizeof name);
	g_snprintf(ring_name, sizeof ring_name, "%s%s", name, SM_RPC_S2C_SUFFIX);
	return ui_run(body, NULL, 0, NULL);
}
