/* The create dialog, with the name of a file in /dev/shm that this user
 * cannot read (another user's, mode 000): the dialog said "A segment
 * called … exists already", though no segment can be seen there (the list
 * shows an unreadable file).  It now says the name is taken by a file this
 * user cannot read, its owner and mode.
 * Screenshot: workbench-create-unreadable. */
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sm-create-dialog.h"
#include "uitest.h"

static const char *name;

/* Root reads any file: take away its right to (CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH), so the file is unreadable as it is to others. */
static void lose_dac_override(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	CHECK_EQ(syscall(SYS_capget, &hdr, data), 0);
	data[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
	CHECK_EQ(syscall(SYS_capset, &hdr, data), 0);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	ui_action(win, "win.new-segment", "ring");
	SmCreateDialog *dlg = SM_CREATE_DIALOG(ui_find_toplevel(SM_TYPE_CREATE_DIALOG));
	CHECK(dlg != NULL);
	sm_create_dialog_set_text(dlg, "name", name);
	fprintf(stderr, "typed: '%s'\n", sm_create_dialog_get_error(dlg));
	CHECK(!ui_try_widget_action(GTK_WIDGET(dlg), "create.create", NULL)); /* Create is off */
	const char *said = sm_create_dialog_get_error(dlg);
	fprintf(stderr, "with Create off: '%s'\n", said);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(dlg), "workbench-create-unreadable");
	CHECK(ui_find_toplevel(SM_TYPE_CREATE_DIALOG) == GTK_WINDOW(dlg));
	CHECK(strstr(said, "is taken") != NULL);
	CHECK(strstr(said, "cannot read") != NULL);
	CHECK(geteuid() != 0 || strstr(said, "uid 12345") != NULL);
	return T_EXIT_PASS;
}

int main(void)
{
	name = t_name("create-unreadable");
	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "not yours", 9), 9);
	if (geteuid() == 0) {
		CHECK_EQ(fchown(fd, 12345, 12345), 0); /* another user's */
		lose_dac_override();
	}
	close(fd);
	CHECK(open(path, O_RDONLY) < 0);
	return ui_run(body, NULL, 0, NULL);
}
