/* A traffic child that fails says why in the traffic view.  A consumer
 * finds its ring removed (`sharedmem traffic consume` exits 1 and says so
 * on stderr); a producer is refused (a --size too small for the stamp:
 * exit 2).  The status line names the child and carries the CLI's
 * words, in the error style, while the other children go on, through
 * Stop, until the next Start.  Screenshot of a failure. */
#include <string.h>

#include <glib/gstdio.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

static SmTrafficPanel *panel;

static const char *status_text(void)
{
	GObject *label = gtk_widget_get_template_child(GTK_WIDGET(panel), SM_TYPE_TRAFFIC_PANEL,
						       "status_label");
	return gtk_label_get_label(GTK_LABEL(label));
}

static gboolean status_is_error(void)
{
	GObject *label = gtk_widget_get_template_child(GTK_WIDGET(panel), SM_TYPE_TRAFFIC_PANEL,
						       "status_label");
	return gtk_widget_has_css_class(GTK_WIDGET(label), "error");
}

static gboolean failed(gpointer data)
{
	return sm_traffic_runner_get_failure(sm_traffic_panel_get_runner(panel)) != NULL;
}

static gboolean received_some(gpointer data)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(panel), &t);
	return t.received >= 2;
}

static gboolean stopped(gpointer data)
{
	return !sm_traffic_runner_is_running(sm_traffic_panel_get_runner(panel));
}

/* The status line shows the failure: the child, its exit, the CLI's words. */
static void check_shown(const char *child, const char *words)
{
	const char *status = status_text();
	fprintf(stderr, "status: %s\n", status);
	CHECK(g_str_has_prefix(status, child));
	CHECK(strstr(status, words) != NULL);
	CHECK(strcmp(status, sm_traffic_runner_get_failure(sm_traffic_panel_get_runner(panel))) == 0);
	CHECK(status_is_error());
}

/* A new ring of `nodes` x `node_size` shown in the view, set for one
 * producer of 48-byte messages at `rate` and one consumer. */
static sm_ring *select_new_ring(const char *name, uint32_t nodes, uint32_t node_size, guint rate)
{
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, nodes, node_size, NULL), 0);
	g_object_set(panel, "segment-name", name, NULL);
	sm_traffic_panel_configure(panel, 1, 1, 48, rate);
	return ring;
}

/* The ring is removed under a slow run: the consumer, waiting for the
 * next message, finds its name gone and fails; the producer goes on. */
static void check_removed(const char *name)
{
	sm_ring *ring = select_new_ring(name, 128, 64, 5);
	rt_action(GTK_WIDGET(panel), "traffic.start");
	CHECK(ui_wait(received_some, NULL, 8000));
	CHECK(!failed(NULL) && !status_is_error());
	CHECK_EQ(sm_segment_unlink(name, false), 0);
	CHECK(ui_wait(failed, NULL, 8000));
	check_shown("Consumer 1 failed (exit status 1): ",
		    "sharedmem traffic consume: segment '");
	CHECK(strstr(status_text(), "': the ring was removed after ") != NULL);
	CHECK(strcmp(sm_traffic_panel_get_figure_text(panel, "children"), "1 producer, 0 consumers") == 0);
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(panel), &t);
	CHECK(t.messages_per_s == 0); /* nobody reads now */
	ui_screenshot(GTK_WIDGET(panel), "ringui-traffic-failure");

	/* Stop: the producer stops cleanly; the failure stays. */
	rt_action(GTK_WIDGET(panel), "traffic.stop");
	CHECK(ui_wait(stopped, NULL, 8000));
	check_shown("Consumer 1 failed (exit status 1): ", "the ring was removed after ");
	sm_ring_close(ring);
}

/* A producer the CLI refuses (a usage error: exit 2; its "Try ... --help"
 * hint is not what is shown), through a wrapper that hands every producer
 * a --size too small for the stamp; the consumer waits on.  A new Start
 * forgets the old failure. */
static void check_refused(const char *name)
{
	const char *real = g_getenv("SHAREDMEM_CLI");
	CHECK(real != NULL);
	g_autofree char *dir = g_dir_make_tmp("sm-traffic-XXXXXX", NULL);
	g_autofree char *wrapper = g_build_filename(dir, "sharedmem", NULL);
	g_autofree char *script = g_strdup_printf(
		"#!/bin/sh\n"
		"if [ \"$2\" = produce ]; then exec '%s' \"$@\" --size 8; fi\n"
		"exec '%s' \"$@\"\n", real, real);
	CHECK(g_file_set_contents(wrapper, script, -1, NULL));
	CHECK(g_chmod(wrapper, 0755) == 0);
	g_autofree char *saved = g_strdup(real);
	g_setenv("SHAREDMEM_CLI", wrapper, TRUE);

	sm_ring *ring = select_new_ring(name, 16, 64, 100);
	CHECK(!failed(NULL) && !status_is_error()); /* the removed ring's is forgotten */
	for (int run = 0; run < 2; run++) {
		rt_action(GTK_WIDGET(panel), "traffic.start");
		CHECK(!failed(NULL) && !status_is_error());
		CHECK(ui_wait(failed, NULL, 8000));
		check_shown("Producer 1 failed (exit status 2): ",
			    "sharedmem traffic produce: --size must be at least 16 bytes");
		CHECK(strstr(status_text(), "--help") == NULL);
		SmTrafficTotals t;
		sm_traffic_runner_get_totals(sm_traffic_panel_get_runner(panel), &t);
		CHECK_EQ(t.consumers, 1);
	}
	rt_action(GTK_WIDGET(panel), "traffic.stop");
	CHECK(ui_wait(stopped, NULL, 8000));
	g_setenv("SHAREDMEM_CLI", saved, TRUE);
	g_unlink(wrapper);
	g_rmdir(dir);
	sm_ring_close(ring);
}

/* Nodes of 8 bytes cannot hold a message's stamp: the view refuses to
 * start, says why in the error style, and starts no child. */
static void check_tiny_nodes(const char *name)
{
	sm_ring *ring = select_new_ring(name, 16, 8, 100);
	rt_action(GTK_WIDGET(panel), "traffic.start");
	fprintf(stderr, "tiny nodes: %s\n", status_text());
	CHECK(strstr(status_text(), "its nodes hold 8 bytes") != NULL);
	CHECK(status_is_error());
	CHECK(!sm_traffic_runner_is_running(sm_traffic_panel_get_runner(panel)));
	sm_ring_close(ring);
}

int main(void)
{
	rt_init();
	panel = SM_TRAFFIC_PANEL(sm_traffic_panel_new());
	GtkWidget *win = rt_window(GTK_WIDGET(panel), 700, 520);
	check_removed(t_name("trfail"));
	check_refused(t_name("trrefused"));
	check_tiny_nodes(t_name("trtiny"));
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
