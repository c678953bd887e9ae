/* Accessibility audit of every page (demo ring and RPC channel selected):
 * icon-only buttons have a tooltip and an accessible label, pictures
 * (charts, dials, the hex view) have an accessible label, and Tab reaches
 * every focusable control shown. */
#include <string.h>

#include "sm-demo.h"
#include "uitest.h"

static char suffix[32];
static int problems;

static gboolean has_label_descendant(GtkWidget *w)
{
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		if ((GTK_IS_LABEL(c) && *gtk_label_get_label(GTK_LABEL(c))) || has_label_descendant(c))
			return TRUE;
	return FALSE;
}

static const char *describe(GtkWidget *w)
{
	static char buf[256];
	const char *tip = gtk_widget_get_tooltip_text(w);
	g_snprintf(buf, sizeof buf, "%s (%s) in %s", G_OBJECT_TYPE_NAME(w), tip ? tip : "no tooltip",
		   gtk_widget_get_parent(w) ? G_OBJECT_TYPE_NAME(gtk_widget_get_parent(w)) : "-");
	return buf;
}

static void audit(GtkWidget *w, const char *page)
{
	if (!gtk_widget_get_mapped(w) || GTK_IS_WINDOW_CONTROLS(w))
		return; /* the window's own close button is GTK's */
	GtkWidget *parent = gtk_widget_get_parent(w);
	/* A button showing only an icon (the inner button of a GtkMenuButton
	 * is the menu button's business; spin buttons' +/- are GTK's). */
	if (GTK_IS_BUTTON(w) && !GTK_IS_MENU_BUTTON(parent) && !GTK_IS_SPIN_BUTTON(parent) &&
	    !has_label_descendant(w)) {
		if (!gtk_widget_get_tooltip_text(w)) {
			fprintf(stderr, "%s: icon-only button without tooltip: %s\n", page, describe(w));
			problems++;
		}
		if (!gtk_test_accessible_has_property(GTK_ACCESSIBLE(w), GTK_ACCESSIBLE_PROPERTY_LABEL)) {
			fprintf(stderr, "%s: icon-only button without accessible label: %s\n", page, describe(w));
			problems++;
		}
	}
	if (GTK_IS_MENU_BUTTON(w) && !gtk_menu_button_get_label(GTK_MENU_BUTTON(w)) &&
	    !gtk_test_accessible_has_property(GTK_ACCESSIBLE(w), GTK_ACCESSIBLE_PROPERTY_LABEL)) {
		fprintf(stderr, "%s: icon-only menu button without accessible label: %s\n", page, describe(w));
		problems++;
	}
	if (gtk_accessible_get_accessible_role(GTK_ACCESSIBLE(w)) == GTK_ACCESSIBLE_ROLE_IMG &&
	    !GTK_IS_IMAGE(w) && !GTK_IS_PICTURE(w) &&
	    !gtk_test_accessible_has_property(GTK_ACCESSIBLE(w), GTK_ACCESSIBLE_PROPERTY_LABEL)) {
		fprintf(stderr, "%s: picture without accessible label: %s\n", page, describe(w));
		problems++;
	}
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		audit(c, page);
}

/* Controls a keyboard user must reach with Tab. */
static void collect_focusable(GtkWidget *w, GPtrArray *out)
{
	if (!gtk_widget_get_mapped(w) || !gtk_widget_is_sensitive(w))
		return;
	if ((GTK_IS_BUTTON(w) || GTK_IS_CHECK_BUTTON(w) || GTK_IS_SWITCH(w) || GTK_IS_SCALE(w) ||
	     GTK_IS_DROP_DOWN(w) || GTK_IS_SPIN_BUTTON(w) || GTK_IS_TEXT(w)) &&
	    gtk_widget_get_focusable(w) && gtk_widget_get_can_focus(w) &&
	    !GTK_IS_SPIN_BUTTON(gtk_widget_get_parent(w))) {
		g_ptr_array_add(out, w);
		if (GTK_IS_SPIN_BUTTON(w) || GTK_IS_DROP_DOWN(w))
			return;
	}
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		collect_focusable(c, out);
}

static gboolean focus_within(GtkWidget *focus, GtkWidget *w)
{
	return focus && (focus == w || gtk_widget_is_ancestor(focus, w));
}

static void check_tab_order(SmWindow *win, const char *page)
{
	GPtrArray *want = g_ptr_array_new();
	collect_focusable(GTK_WIDGET(win), want);
	GPtrArray *seen = g_ptr_array_new();
	gtk_window_set_focus(GTK_WINDOW(win), NULL);
	for (int i = 0; i < 400; i++) {
		if (!gtk_widget_child_focus(GTK_WIDGET(win), GTK_DIR_TAB_FORWARD))
			gtk_widget_child_focus(GTK_WIDGET(win), GTK_DIR_TAB_FORWARD); /* wrapped */
		GtkWidget *f = gtk_window_get_focus(GTK_WINDOW(win));
		if (f)
			g_ptr_array_add(seen, f);
	}
	/* Tab goes round: back to the first control, not stuck at the end. */
	guint again = 0;
	for (guint j = 1; j < seen->len; j++)
		again += seen->len && seen->pdata[j] == seen->pdata[0];
	if (again == 0) {
		fprintf(stderr, "%s: Tab never comes back round to %s\n", page,
			seen->len ? describe(seen->pdata[0]) : "anything");
		problems++;
	}
	for (guint i = 0; i < want->len; i++) {
		GtkWidget *w = want->pdata[i];
		gboolean reached = FALSE;
		for (guint j = 0; j < seen->len && !reached; j++)
			reached = focus_within(seen->pdata[j], w);
		if (!reached) {
			fprintf(stderr, "%s: Tab never reaches %s\n", page, describe(w));
			problems++;
		}
	}
	fprintf(stderr, "%s: %u controls, all checked\n", page, want->len);
	g_ptr_array_unref(want);
	g_ptr_array_unref(seen);
}

static void audit_page(SmWindow *win, const char *segment, const char *page)
{
	CHECK(sm_window_select_segment(win, segment));
	ui_action(win, "win.show-view", page);
	ui_iterate(300);
	audit(GTK_WIDGET(win), page);
	check_tab_order(win, page);
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	g_autofree char *ring = sm_demo_name(SM_DEMO_RING, suffix);
	g_autofree char *rpc = sm_demo_name(SM_DEMO_RPC, suffix);
	ui_iterate(500);
	audit_page(win, ring, "header");
	audit_page(win, ring, "monitor");
	audit_page(win, ring, "picture");
	audit_page(win, ring, "traffic");
	audit_page(win, rpc, "rpc");
	ui_screenshot(GTK_WIDGET(win), "workbench-a11y-rpc");
	CHECK_EQ(problems, 0);
	return T_EXIT_PASS;
}

int main(void)
{
	/* Our own demo names, removed at exit even when a CHECK fails before
	 * the workbench quits. */
	g_strlcpy(suffix, t_name("a11y"), sizeof suffix);
	g_autofree char *ring = sm_demo_name(SM_DEMO_RING, suffix);
	g_autofree char *rpc = sm_demo_name(SM_DEMO_RPC, suffix);
	t_remove_at_exit(ring);
	t_remove_at_exit(rpc);
	const char *argv[] = { "sharedmem-workbench", "--demo", "--demo-suffix", suffix, NULL };
	return ui_run(body, NULL, 4, argv);
}
