/* A monitor closed (its window destroyed) while its export file chooser
 * is open takes the chooser with it: the chooser stayed, and accepting it
 * exported the disposed monitor (a crash for the PNG, GTK criticals and
 * a file written for the CSV). */
#include <glib/gstdio.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-monitor.h"

static gboolean chooser_shown(gpointer data)
{
	return ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static int export_then_close(const char *action, const char *ring, const char *path)
{
	GtkWidget *win;
	GtkWidget *monitor = GTK_WIDGET(rt_monitor_window(ring, &win));
	ui_iterate(200);
	rt_action(monitor, action);
	CHECK(ui_wait(chooser_shown, NULL, 5000));
	GtkWindow *chooser = ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), path);
	gtk_window_destroy(GTK_WINDOW(win));
	ui_iterate(200);
	chooser = ui_find_toplevel(GTK_TYPE_FILE_CHOOSER_DIALOG);
	if (chooser) {
		fprintf(stderr, "%s: the chooser outlived the monitor's window\n", action);
		G_GNUC_BEGIN_IGNORE_DEPRECATIONS
		gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_ACCEPT);
		G_GNUC_END_IGNORE_DEPRECATIONS
		ui_iterate(300);
		return T_EXIT_FAIL;
	}
	CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
	return T_EXIT_PASS;
}

int main(void)
{
	rt_init();
	/* Criticals (exporting a disposed monitor) fail the test too. */
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
	const char *name = t_name("monexp");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 16, 64, NULL), 0);
	char *dir = g_dir_make_tmp("ringui-export-closed-XXXXXX", NULL);
	CHECK(dir != NULL);
	char *csv = g_build_filename(dir, "samples.csv", NULL);
	char *png = g_build_filename(dir, "plots.png", NULL);
	int rc = export_then_close("monitor.export-csv", name, csv);
	if (rc == T_EXIT_PASS)
		rc = export_then_close("monitor.export-png", name, png);
	g_unlink(csv);
	g_unlink(png);
	g_rmdir(dir);
	sm_ring_close(ring);
	return rc;
}
