/* Error text is readable in the dark style too: a broken file's reason on
 * the header page has at least 4.5:1 contrast (WCAG AA) against the
 * window's background, light and dark.  GTK 4.8's dark theme keeps the
 * light theme's red, #cc0000, about 2:1 on its dark grey. */
#include <math.h>

#include "sm-header-view.h"
#include "uitest.h"

static char name[64];

static double luminance(const GdkRGBA *c)
{
	double ch[3] = { c->red, c->green, c->blue };
	for (int i = 0; i < 3; i++)
		ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
	return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double error_contrast(SmWindow *win, const char *style)
{
	SmApplication *app = SM_APPLICATION(gtk_window_get_application(GTK_WINDOW(win)));
	g_action_group_change_action_state(G_ACTION_GROUP(app), "style", g_variant_new_string(style));
	ui_iterate(200);
	GtkWidget *hv = sm_window_get_view(win, "header");
	GtkWidget *error = GTK_WIDGET(gtk_widget_get_template_child(hv, SM_TYPE_HEADER_VIEW, "error_label"));
	CHECK(gtk_widget_get_mapped(error));
	GdkRGBA fg, bg;
	gtk_style_context_get_color(gtk_widget_get_style_context(error), &fg);
	CHECK(gtk_style_context_lookup_color(gtk_widget_get_style_context(error), "theme_bg_color", &bg));
	double a = luminance(&fg) + 0.05, b = luminance(&bg) + 0.05;
	double contrast = a > b ? a / b : b / a;
	g_autofree char *f = gdk_rgba_to_string(&fg), *g = gdk_rgba_to_string(&bg);
	fprintf(stderr, "%s: error text %s on %s: %.2f:1\n", style, f, g, contrast);
	return contrast;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	t_write_file(name, "not a segment", 13);
	sm_segment_store_refresh(sm_application_get_store(app));
	CHECK(sm_window_select_segment(win, name));
	ui_action(win, "win.show-view", "header");
	CHECK(error_contrast(win, "light") >= 4.5);
	CHECK(error_contrast(win, "dark") >= 4.5);
	ui_screenshot(GTK_WIDGET(win), "workbench-dark-errors");
	CHECK(error_contrast(win, "light") >= 4.5); /* and back */
	return T_EXIT_PASS;
}

int main(void)
{
	g_strlcpy(name, t_name("darkerr"), sizeof name);
	return ui_run(body, NULL, 0, NULL);
}
