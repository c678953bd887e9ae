/* A ring of an RPC channel (NAME.c2s, NAME.s2c) was offered the Traffic
 * page like any ring, and Start wrote stamped test messages into it: the
 * channel's server took them for requests, and the channel's own packets
 * were eaten by the test consumers.  The page is now shown only for
 * rings of their own, and the panel refuses a channel's ring if asked. */
#include <string.h>

#include "uitest.h"
#include "sm-traffic-panel.h"

static char chan[64], c2s[80], ring[64];

static gboolean page_visible(SmWindow *win, const char *page)
{
	GtkStack *stack = sm_window_get_stack(win);
	return gtk_stack_page_get_visible(gtk_stack_get_page(stack, gtk_stack_get_child_by_name(stack, page)));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	sm_rpc *rpc;
	CHECK_EQ(sm_rpc_create(&rpc, chan, &o), 0);
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, ring, 16, 64, NULL), 0);
	ui_action(win, "win.refresh", NULL);

	CHECK(sm_window_select_segment(win, ring));
	CHECK(page_visible(win, "traffic") && page_visible(win, "monitor"));
	CHECK(sm_window_select_segment(win, c2s));
	ui_iterate(100);
	CHECK(page_visible(win, "monitor") && page_visible(win, "picture"));
	if (page_visible(win, "traffic")) {
		fprintf(stderr, "the Traffic page is offered for %s\n", c2s);
		return T_EXIT_FAIL;
	}

	/* Asked anyway (the page was open when the channel came): refused. */
	SmTrafficPanel *panel = SM_TRAFFIC_PANEL(sm_window_get_view(win, "traffic"));
	sm_traffic_panel_set_segment_name(panel, c2s);
	ui_widget_action(GTK_WIDGET(panel), "traffic.start", NULL);
	ui_iterate(100);
	CHECK(!sm_traffic_runner_is_running(sm_traffic_panel_get_runner(panel)));
	GtkLabel *status = GTK_LABEL(gtk_widget_get_template_child(GTK_WIDGET(panel), SM_TYPE_TRAFFIC_PANEL,
								    "status_label"));
	fprintf(stderr, "status: %s\n", gtk_label_get_label(status));
	CHECK(strstr(gtk_label_get_label(status), "RPC channel") != NULL);
	sm_traffic_panel_set_segment_name(panel, NULL);
	sm_rpc_close(rpc);
	sm_ring_close(r);
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(chan, t_name("rpcring"), sizeof chan);
	g_snprintf(c2s, sizeof c2s, "%s" SM_RPC_C2S_SUFFIX, chan);
	g_strlcpy(ring, t_name("plainring"), sizeof ring);
	return ui_run(body, NULL, 0, NULL);
}
