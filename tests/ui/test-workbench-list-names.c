/* The segment list shows each name whole: `--demo`'s channel and its two
 * rings read "demo-rpc-t-…-48…" three times over (the Name column kept
 * 170 pixels whatever the names), so a user could not tell them apart
 * without a tooltip.  The column now fits the longest name, up to a
 * limit that keeps Kind and Status in sight, until the user drags its
 * edge.  Screenshot: list-names. */
#include <string.h>

#include "sm-demo.h"
#include "uitest.h"

static char *ring, longer[96];


static gboolean label_is(GtkWidget *w, gconstpointer data)
{
	return GTK_IS_LABEL(w) && strcmp(gtk_label_get_label(GTK_LABEL(w)), data) == 0;
}

static gboolean title_is(GtkWidget *w, gconstpointer data)
{
	return GTK_IS_LABEL(w) && strcmp(gtk_label_get_label(GTK_LABEL(w)), data) == 0 &&
	       gtk_widget_get_ancestor(w, GTK_TYPE_LIST_ITEM) == NULL;
}

/* The row of `name` shows all of it. */
static void check_whole(GtkWidget *list, const char *name)
{
	GtkWidget *label = ui_find_widget(list, label_is, name);
	CHECK(label != NULL);
	int natural;
	gtk_widget_measure(label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
	gboolean cut = pango_layout_is_ellipsized(gtk_label_get_layout(GTK_LABEL(label)));
	fprintf(stderr, "%s: %d px of %d%s\n", name, gtk_widget_get_width(label), natural, cut ? ", cut" : "");
	CHECK(!cut);
	CHECK(gtk_widget_get_width(label) >= natural);
}

/* The column titled `title` starts inside the list as shown. */
static void check_in_sight(GtkWidget *browser, const char *title)
{
	GtkWidget *header = ui_find_widget(browser, title_is, title);
	CHECK(header != NULL);
	graphene_point_t p;
	CHECK(gtk_widget_compute_point(header, browser, &GRAPHENE_POINT_INIT(0, 0), &p));
	fprintf(stderr, "%s at x %.0f of %d\n", title, p.x, gtk_widget_get_width(browser));
	CHECK(p.x + 30 < gtk_widget_get_width(browser));
}

static gboolean is_column_view(GtkWidget *w, gconstpointer data)
{
	return GTK_IS_COLUMN_VIEW(w);
}

static GtkColumnViewColumn *name_column(GtkWidget *browser)
{
	GtkWidget *view = ui_find_widget(browser, is_column_view, NULL);
	CHECK(view != NULL);
	GListModel *columns = gtk_column_view_get_columns(GTK_COLUMN_VIEW(view));
	for (guint i = 0; i < g_list_model_get_n_items(columns); i++) {
		g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item(columns, i);
		if (g_strcmp0(gtk_column_view_column_get_title(col), "Name") == 0)
			return col; /* the view keeps it */
	}
	CHECK(!"no Name column");
	return NULL;
}

static int body(SmApplication *app, SmWindow *win, void *data)
{
	const char *suffix = ring + strlen(SM_DEMO_RING) + 1;
	g_autofree char *rpc = sm_demo_name(SM_DEMO_RPC, suffix);
	g_autofree char *c2s = g_strconcat(rpc, ".c2s", NULL);
	g_autofree char *s2c = g_strconcat(rpc, ".s2c", NULL);
	ui_action(win, "win.refresh", NULL);
	ui_iterate(500);
	GtkWidget *browser = GTK_WIDGET(sm_window_get_browser(win));
	ui_screenshot(GTK_WIDGET(win), "list-names");
	const char *names[] = { ring, rpc, c2s, s2c };
	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
		check_whole(browser, names[i]);
	check_in_sight(browser, "Kind");
	check_in_sight(browser, "Status");

	/* A width the user chose (what dragging the edge sets) stays. */
	GtkColumnViewColumn *col = name_column(browser);
	gtk_column_view_column_set_fixed_width(col, 180);
	sm_buffer *buf;
	CHECK_EQ(sm_buffer_create(&buf, longer, 64, NULL), 0);
	ui_action(win, "win.refresh", NULL);
	ui_iterate(300);
	CHECK(sm_segment_store_find(sm_application_get_store(app), longer, NULL) != NULL);
	CHECK_EQ(gtk_column_view_column_get_fixed_width(col), 180);
	sm_buffer_close(buf);
	return T_EXIT_PASS;
}

int main(void)
{
	g_snprintf(longer, sizeof longer, "%s-a-longer-name-than-any-before", t_name("list-names"));
	t_remove_at_exit(longer);
	return ui_run_demo(body, "list-names", &ring);
}
