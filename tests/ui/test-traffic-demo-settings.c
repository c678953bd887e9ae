/* The Traffic page of `sharedmem-workbench --demo`'s ring shows the
 * demo's run (2 producers, 1 consumer, 200-byte messages, 2000/s), but
 * its spin buttons showed the page's own defaults (1, 1, 64, 1000): the
 * settings on screen were not those of the run on screen.  They are now.
 * Screenshot: traffic-demo-settings. */
#include <unistd.h>

#include "sharedmem.h"
#include "sm-traffic-panel.h"
#include "uitest.h"

static char *ring;

static int spin_value(SmTrafficPanel *tp, const char *id)
{
	GObject *spin = gtk_widget_get_template_child(GTK_WIDGET(tp), SM_TYPE_TRAFFIC_PANEL, id);
	return gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(spin));
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	SmTrafficPanel *tp = SM_TRAFFIC_PANEL(ui_show_view_of(win, ring, "traffic"));
	ui_screenshot(GTK_WIDGET(win), "traffic-demo-settings");
	fprintf(stderr, "shown: %d producers, %d consumers, %d bytes, %d/s\n",
		spin_value(tp, "producers_spin"), spin_value(tp, "consumers_spin"),
		spin_value(tp, "size_spin"), spin_value(tp, "rate_spin"));
	CHECK(sm_traffic_runner_is_running(sm_traffic_panel_get_runner(tp)));
	CHECK_EQ(spin_value(tp, "producers_spin"), 2);
	CHECK_EQ(spin_value(tp, "consumers_spin"), 1);
	CHECK_EQ(spin_value(tp, "size_spin"), 200);
	CHECK_EQ(spin_value(tp, "rate_spin"), 2000);
	GObject *fast = gtk_widget_get_template_child(GTK_WIDGET(tp), SM_TYPE_TRAFFIC_PANEL, "fast_check");
	CHECK(!gtk_check_button_get_active(GTK_CHECK_BUTTON(fast)));
	return T_EXIT_PASS;
}

int main(void)
{
	return ui_run_demo(body, "traffic-demo-settings", &ring);
}
