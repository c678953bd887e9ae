/* The header page explained only a stale segment ("Stale: its owner is
 * dead and nobody has it open."): one the list marks ⚠ "Owner dead" (its
 * owner gone, another process attached) or "Shut down" got no line,
 * though its fields say "(not running)" or "closed by owner".  Each state
 * now has its line, from the same place. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sm-header-view.h"
#include "uitest.h"

static char dead_name[64], closed_name[64];

static gboolean listed_as(gpointer data)
{
	const char *const *want = data; /* name, status word */
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	SmSegmentItem *item = sm_segment_store_find(sm_application_get_store(app), want[0], NULL);
	if (!item)
		return FALSE;
	enum sm_entry_status st = sm_segment_info_status(sm_segment_item_get_info(item));
	return st == (enum sm_entry_status)GPOINTER_TO_INT(want[1]);
}

static const char *state_line(SmHeaderView *view)
{
	GtkWidget *l = GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(view), SM_TYPE_HEADER_VIEW, "error_label"));
	return gtk_widget_get_visible(l) ? gtk_label_get_label(GTK_LABEL(l)) : "";
}

static void check_line(SmWindow *win, const char *name, enum sm_entry_status st, const char *start,
		       const char *shot)
{
	const char *want[] = { name, GINT_TO_POINTER(st) };
	CHECK(ui_wait(listed_as, (gpointer)want, 4000));
	CHECK(sm_window_select_segment(win, name));
	ui_action(win, "win.show-view", "header");
	SmHeaderView *view = SM_HEADER_VIEW(sm_window_get_view(win, "header"));
	sm_header_view_reload(view);
	ui_iterate(100);
	fprintf(stderr, "%s: '%s'\n", name, state_line(view));
	ui_screenshot(GTK_WIDGET(win), shot);
	CHECK(g_str_has_prefix(state_line(view), start));
}

/* A buffer made by a child that dies without closing it, opened here. */
static sm_buffer *orphan(const char *name)
{
	int made[2], opened[2]; /* child -> parent, parent -> child */
	CHECK(pipe(made) == 0 && pipe(opened) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		sm_buffer *b;
		char ok = sm_buffer_create(&b, name, 4096, NULL) == 0;
		if (write(made[1], &ok, 1) != 1 || !ok)
			_exit(1);
		char c;
		(void)!read(opened[0], &c, 1); /* until the parent has it open */
		_exit(0);
	}
	char ok = 0;
	CHECK(read(made[0], &ok, 1) == 1 && ok);
	sm_buffer *b = NULL;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK(write(opened[1], "x", 1) == 1);
	int status;
	CHECK(waitpid(pid, &status, 0) == pid);
	for (int i = 0; i < 2; i++)
		close(made[i]), close(opened[i]);
	return b;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	(void)app, (void)data;
	sm_buffer *dead = orphan(dead_name);
	check_line(win, dead_name, SM_ENTRY_OWNER_DEAD, "Owner dead:", "workbench-header-owner-dead");

	/* Shut down, as its owner's close marks it, while it is still here
	 * (the owner's close also removes the name: marked by hand). */
	sm_buffer *closed;
	CHECK_EQ(sm_buffer_create(&closed, closed_name, 4096, NULL), 0);
	g_autofree char *path = g_strdup_printf(SM_SHM_DIR "/" SM_FILE_PREFIX "%s", closed_name);
	int fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	uint32_t one = 1;
	CHECK(pwrite(fd, &one, sizeof one, offsetof(struct sm_header, shutdown)) == sizeof one);
	close(fd);
	check_line(win, closed_name, SM_ENTRY_CLOSED, "Shut down:", "workbench-header-shut-down");

	sm_buffer_close(dead);
	sm_buffer_close(closed);
	sm_segment_unlink(dead_name, true);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(dead_name, t_name("hdrdead"), sizeof dead_name);
	g_strlcpy(closed_name, t_name("hdrclosed"), sizeof closed_name);
	return ui_run(body, NULL, 0, NULL);
}
