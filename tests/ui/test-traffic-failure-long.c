/* A child's failure longer than the status line's three lines: the line
 * is cut with "…", and pointing at it shows the whole text (nothing did:
 * a producer refused by a single-producer ring whose role another process
 * holds ended "…or one of an RPC channel's rin…", the reason unreadable). */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

static const char *ring_name;

/* Another process that holds the ring's producer role meanwhile (and
 * goes with the test, should a check fail). */
static int produce_elsewhere(void *data)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sm_ring *ring;
	if (sm_ring_open(&ring, ring_name, 0) < 0)
		return 1;
	char msg[16] = "elsewhere";
	while (sm_ring_write(ring, msg, sizeof msg, 100) != -EBUSY)
		;
	return 1;
}

static gboolean failed(gpointer panel)
{
	return sm_traffic_runner_get_failure(sm_traffic_panel_get_runner(panel)) != NULL;
}

int main(void)
{
	rt_init();
	ring_name = t_name("trlong");
	t_remove_at_exit(ring_name);
	sm_ring *ring;
	CHECK_EQ(sm_ring_create_flags(&ring, ring_name, 8, 64, SM_RING_SINGLE_PRODUCER, NULL), 0);
	pid_t other = t_fork(produce_elsewhere, NULL);
	ui_iterate(300);

	GtkWidget *win;
	SmTrafficPanel *p = rt_traffic_window(ring_name, 600, 520, &win);
	sm_traffic_panel_configure(p, 1, 1, 32, 100);
	rt_action(GTK_WIDGET(p), "traffic.start");
	CHECK(ui_wait(failed, p, 8000));
	ui_iterate(200);
	ui_screenshot(win, "traffic-failure-long");

	const char *failure = sm_traffic_runner_get_failure(sm_traffic_panel_get_runner(p));
	GObject *label = gtk_widget_get_template_child(GTK_WIDGET(p), SM_TYPE_TRAFFIC_PANEL, "status_label");
	CHECK(pango_layout_is_ellipsized(gtk_label_get_layout(GTK_LABEL(label))));
	const char *tip = gtk_widget_get_tooltip_text(GTK_WIDGET(label));
	fprintf(stderr, "failure: %s\ntooltip: %s\n", failure, tip ? tip : "(none)");
	CHECK(tip && strcmp(tip, failure) == 0);

	sm_traffic_runner_stop(sm_traffic_panel_get_runner(p));
	gtk_window_destroy(GTK_WINDOW(win));
	kill(other, SIGKILL);
	t_wait(other);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
