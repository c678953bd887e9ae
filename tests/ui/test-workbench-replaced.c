/* A segment removed and re-created under the same name while the
 * workbench shows it is another segment:
 *   - the ring views follow it (a ring's owner killed, a new ring made with
 *     --replace-stale: Monitor and Picture show the new ring's nodes);
 *   - a remove confirmation asked about the old one removes nothing. */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "sm-ring-dial.h"
#include "sm-ring-monitor.h"
#include "sm-ring-picture.h"
#include "uitest.h"

static char ring_name[64], buffer_name[64];

/* A failed CHECK exits: the holders go with the test. */
static void die_with_parent(gpointer data)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* `sharedmem -q create ...` holding the segment until signalled. */
static GPid spawn_cli(const char *const *args)
{
	const char *argv[16] = { g_getenv("SHAREDMEM_CLI"), "-q", "create" };
	int n = 3;
	for (int i = 0; args[i] && n < 14; i++)
		argv[n++] = args[i];
	argv[n++] = "--hold";
	argv[n] = NULL;
	GPid pid;
	GError *error = NULL;
	if (!g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL, &pid, &error)) {
		fprintf(stderr, "spawn: %s\n", error->message);
		exit(T_EXIT_FAIL);
	}
	return pid;
}

static void stop(GPid pid, int sig)
{
	kill(pid, sig);
	waitpid(pid, NULL, 0);
}

static gboolean listed(gpointer name)
{
	SmApplication *app = SM_APPLICATION(g_application_get_default());
	return sm_segment_store_find(sm_application_get_store(app), name, NULL) != NULL;
}

static guint32 kind_of(const char *name)
{
	struct sm_segment_info info;
	return sm_segment_stat(name, &info) == 0 ? info.kind : SM_KIND_NONE;
}

static gboolean is_ring(gpointer name)
{
	return listed(name) && kind_of(name) == SM_KIND_RING;
}

static const char *label_of(GtkWidget *view, GType type, const char *id)
{
	return gtk_label_get_label(GTK_LABEL(gtk_widget_get_template_child(view, type, id)));
}

static gboolean picture_has_8_nodes(gpointer data)
{
	return sm_ring_dial_get_n_nodes(sm_ring_picture_get_dial(data)) == 8;
}

static gboolean monitor_has_8_nodes(gpointer data)
{
	return strstr(label_of(data, SM_TYPE_RING_MONITOR, "status_label"), "8 nodes") != NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	/* ---- ring replaced while shown ---- */
	const char *ring64[] = { "ring", ring_name, "--nodes", "64", "--node-size", "256", NULL };
	GPid first = spawn_cli(ring64);
	CHECK(ui_wait(listed, ring_name, 3000));
	CHECK(sm_window_select_segment(win, ring_name));
	ui_action(win, "win.show-view", "picture");
	SmRingPicture *picture = SM_RING_PICTURE(sm_window_get_view(win, "picture"));
	GtkWidget *monitor = sm_window_get_view(win, "monitor");
	ui_iterate(300);
	CHECK_EQ(sm_ring_dial_get_n_nodes(sm_ring_picture_get_dial(picture)), 64);

	stop(first, SIGKILL); /* the file stays, stale */
	const char *ring8[] = { "ring", ring_name, "--nodes", "8", "--node-size", "256", "--replace-stale", NULL };
	GPid second = spawn_cli(ring8);
	CHECK(ui_wait(picture_has_8_nodes, picture, 4000));
	CHECK(g_strcmp0(sm_window_get_segment_name(win), ring_name) == 0);
	ui_screenshot(GTK_WIDGET(win), "workbench-replaced-picture");
	ui_action(win, "win.show-view", "monitor");
	CHECK(ui_wait(monitor_has_8_nodes, monitor, 3000));
	ui_iterate(300);
	ui_screenshot(GTK_WIDGET(win), "workbench-replaced-monitor");
	stop(second, SIGINT);

	/* ---- remove confirmation outliving its segment ---- */
	const char *buffer[] = { "buffer", buffer_name, "--size", "4096", NULL };
	GPid holder = spawn_cli(buffer);
	CHECK(ui_wait(listed, buffer_name, 3000));
	ui_action(win, "win.remove-segment", buffer_name);
	GtkWindow *confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	stop(holder, SIGINT); /* removes the buffer */
	const char *ring4[] = { "ring", buffer_name, "--nodes", "4", "--node-size", "64", NULL };
	GPid other = spawn_cli(ring4);
	CHECK(ui_wait(is_ring, buffer_name, 3000));
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	ui_iterate(200);
	CHECK_EQ(kind_of(buffer_name), SM_KIND_RING); /* the new one is still there */
	confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL); /* it says why nothing happened */
	ui_screenshot(GTK_WIDGET(confirm), "workbench-replaced-confirm");
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_CANCEL);
	ui_iterate(50);
	CHECK(sm_window_get_confirm_dialog(win) == NULL);

	/* The segment asked about, unchanged, is removed as before. */
	ui_action(win, "win.remove-segment", buffer_name);
	confirm = sm_window_get_confirm_dialog(win);
	CHECK(confirm != NULL);
	gtk_dialog_response(GTK_DIALOG(confirm), GTK_RESPONSE_ACCEPT);
	CHECK_EQ(kind_of(buffer_name), SM_KIND_NONE);
	stop(other, SIGINT);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(ring_name, t_name("replaced-ring"), sizeof ring_name);
	g_strlcpy(buffer_name, t_name("replaced-buffer"), sizeof buffer_name);
	return ui_run(body, NULL, 0, NULL);
}
