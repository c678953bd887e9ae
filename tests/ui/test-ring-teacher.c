/* The teaching mode, driven through its actions, goes through a full
 * cycle: fill until full, empty until empty, a producer process killed
 * mid-write, its node marked abandoned (and drawn so), and a consumer
 * reading past it; the picture shows the teaching ring's real node
 * states at every step, and its P marker whole wherever it stands; the
 * log tells it; Tab goes from Teaching Mode straight to Step. */
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-picture.h"

static int last_event = -1;
static guint seen[SM_TEACH_FAILED + 1];

static void on_stepped(SmRingTeacher *t, int event, const char *text, gpointer data)
{
	last_event = event;
	seen[event]++;
	if (event == SM_TEACH_FAILED)
		fprintf(stderr, "step failed: %s\n", text);
}

static guint steps_before;

static const char *focused_action(GtkWidget *win)
{
	GtkWidget *focus = gtk_root_get_focus(GTK_ROOT(win));
	return GTK_IS_ACTIONABLE(focus) ? gtk_actionable_get_action_name(GTK_ACTIONABLE(focus)) : NULL;
}

static gboolean tab_to_teach_button(gpointer win)
{
	gtk_widget_child_focus(win, GTK_DIR_TAB_FORWARD);
	return g_strcmp0(focused_action(win), "picture.teach") == 0;
}

static gboolean glide_done(gpointer dial)
{
	return !sm_ring_dial_is_animating(dial);
}

/* Pixels of the producer marker's colour (#c64600) in the dial as drawn
 * (saved as screenshot `name`): a marker cut off by the dial's edge has
 * fewer than a whole one. */
static guint producer_marker_pixels(SmRingDial *dial, const char *name)
{
	CHECK(ui_wait(glide_done, dial, 3000));
	ui_iterate(50);
	ui_screenshot(GTK_WIDGET(dial), name);
	g_autofree char *path = g_strdup_printf("%s/%s.png", g_getenv("SM_SCREENSHOT_DIR"), name);
	g_autoptr(GError) error = NULL;
	GdkTexture *texture = gdk_texture_new_from_filename(path, &error);
	CHECK(texture != NULL);
	int w = gdk_texture_get_width(texture), h = gdk_texture_get_height(texture);
	guchar *px = g_malloc((gsize)w * h * 4);
	gdk_texture_download(texture, px, (gsize)w * 4); /* cairo ARGB32: B G R A */
	guint count = 0;
	for (gsize i = 0; i < (gsize)w * h; i++)
		count += px[i * 4] == 0x00 && px[i * 4 + 1] == 0x46 && px[i * 4 + 2] == 0xc6;
	g_free(px);
	g_object_unref(texture);
	return count;
}

static gboolean stepped_on(gpointer data)
{
	return seen[SM_TEACH_RESERVED] + seen[SM_TEACH_WROTE] + seen[SM_TEACH_COMMITTED] > steps_before;
}

int main(void)
{
	rt_init();
	GtkWidget *picture = sm_ring_picture_new();
	GtkWidget *win = rt_window(picture, 1200, 720);
	SmRingPicture *p = SM_RING_PICTURE(picture);
	CHECK(sm_ring_picture_get_teacher(p) == NULL);
	rt_action(picture, "picture.teach");
	CHECK(sm_ring_picture_get_teaching(p));
	SmRingTeacher *t = sm_ring_picture_get_teacher(p);
	CHECK(t != NULL);
	g_signal_connect(t, "stepped", G_CALLBACK(on_stepped), NULL);
	sm_ring *ring = sm_ring_teacher_get_ring(t);
	SmRingDial *dial = sm_ring_picture_get_dial(p);

	/* Keyboard: Tab from Teaching Mode reaches Step next (the legend is
	 * a key to the colours, not a row of Tab stops). */
	CHECK(ui_wait(tab_to_teach_button, win, 1000));
	CHECK(gtk_widget_child_focus(win, GTK_DIR_TAB_FORWARD));
	CHECK_EQ(g_strcmp0(focused_action(win), "picture.step"), 0);

	gboolean shot = FALSE;
	guint marker_px = 0; /* the P marker, drawn whole beside node 1 */
	for (int steps = 0; last_event != SM_TEACH_CYCLE_DONE; steps++) {
		CHECK(steps < 200);
		rt_step(p);
		CHECK(last_event != SM_TEACH_FAILED);
		/* The picture is the ring's real state. */
		uint8_t states[SM_TEACH_NODES];
		struct sm_ring_snapshot snap;
		CHECK_EQ(sm_ring_snapshot(ring, &snap, states, SM_TEACH_NODES), 0);
		CHECK_EQ(sm_ring_dial_get_n_nodes(dial), SM_TEACH_NODES);
		for (guint i = 0; i < SM_TEACH_NODES; i++)
			CHECK_EQ(sm_ring_dial_get_state(dial, i), states[i]);
		if (last_event == SM_TEACH_RESERVED && marker_px == 0) {
			CHECK_EQ(snap.write_reserved, 1);
			marker_px = producer_marker_pixels(dial, "ringui-teaching-first");
			CHECK(marker_px > 200);
		}
		if (last_event == SM_TEACH_FULL) {
			CHECK_EQ(snap.occupancy, SM_TEACH_NODES);
			/* P stands above node 0, at the dial's top edge: all of it. */
			guint top_px = producer_marker_pixels(dial, "ringui-teaching-full");
			if (top_px < marker_px * 9 / 10) {
				fprintf(stderr, "P marker at node 0: %u pixels, %u at node 1\n", top_px, marker_px);
				exit(T_EXIT_FAIL);
			}
		}
		if (last_event == SM_TEACH_EMPTY)
			CHECK_EQ(snap.occupancy, 0);
		if (last_event == SM_TEACH_WROTE && snap.occupancy == 5 && !shot) {
			ui_iterate(300);
			ui_screenshot(picture, "ringui-teaching");
			shot = TRUE;
		}
		if (last_event == SM_TEACH_ABANDONED) {
			int node = sm_ring_teacher_get_node(t);
			CHECK(node >= 0 && node < SM_TEACH_NODES);
			CHECK_EQ(states[node], SM_NODE_ABANDONED);
			CHECK_EQ(snap.abandoned, 1);
			ui_iterate(300);
			ui_screenshot(picture, "ringui-teaching-abandoned");
		}
		if (last_event == SM_TEACH_RECOVERED) {
			CHECK_EQ(snap.abandoned, 1);
			CHECK_EQ(snap.occupancy, 0);
			for (guint i = 0; i < SM_TEACH_NODES; i++)
				CHECK_EQ(states[i], SM_NODE_FREE);
		}
		ui_iterate(5);
	}
	CHECK_EQ(seen[SM_TEACH_FULL], 1);
	CHECK_EQ(seen[SM_TEACH_EMPTY], 1);
	CHECK_EQ(seen[SM_TEACH_COMMITTED], SM_TEACH_NODES);
	CHECK_EQ(seen[SM_TEACH_RELEASED], SM_TEACH_NODES);
	CHECK_EQ(seen[SM_TEACH_CHILD_KILLED], 1);
	CHECK_EQ(seen[SM_TEACH_ABANDONED], 1);
	CHECK_EQ(seen[SM_TEACH_RECOVERED], 1);
	CHECK_EQ(sm_ring_teacher_get_cycles(t), 1);
	CHECK(shot);

	char *log = sm_ring_picture_get_log_text(p);
	CHECK(strstr(log, "A producer claimed node 0"));
	CHECK(strstr(log, "wrote 64 bytes into node 0"));
	CHECK(strstr(log, "A consumer claimed node 0"));
	CHECK(strstr(log, "The ring is full"));
	CHECK(strstr(log, "The ring is empty"));
	CHECK(strstr(log, "killed (SIGKILL)"));
	CHECK(strstr(log, "marked the node abandoned"));
	CHECK(strstr(log, "passed the abandoned node"));
	g_free(log);

	/* Auto-step runs on its own, a few operations per second. */
	rt_action(picture, "picture.auto-step");
	CHECK(sm_ring_picture_get_auto_step(p));
	steps_before = seen[SM_TEACH_RESERVED] + seen[SM_TEACH_WROTE] + seen[SM_TEACH_COMMITTED];
	CHECK(ui_wait(stepped_on, NULL, 3000));
	/* A hidden page pauses the lesson; shown again, it goes on. */
	gtk_widget_set_visible(picture, FALSE);
	steps_before = seen[SM_TEACH_RESERVED] + seen[SM_TEACH_WROTE] + seen[SM_TEACH_COMMITTED];
	ui_iterate(1500);
	CHECK(!stepped_on(NULL));
	CHECK(sm_ring_picture_get_auto_step(p));
	gtk_widget_set_visible(picture, TRUE);
	CHECK(ui_wait(stepped_on, NULL, 3000));
	rt_action(picture, "picture.auto-step");

	/* Leaving teaching mode removes the teaching ring. */
	char *ring_name = g_strdup(sm_ring_teacher_get_ring_name(t));
	rt_action(picture, "picture.teach");
	CHECK(sm_ring_picture_get_teacher(p) == NULL);
	sm_ring *gone;
	CHECK(sm_ring_open(&gone, ring_name, SM_OPEN_READONLY) < 0);
	g_free(ring_name);

	/* A new session starts a new log. */
	rt_action(picture, "picture.teach");
	CHECK(sm_ring_picture_get_teacher(p) != NULL);
	log = sm_ring_picture_get_log_text(p);
	CHECK(g_str_has_prefix(log, "• A ring of 8 nodes"));
	CHECK(strstr(log, "A producer claimed") == NULL);
	g_free(log);
	rt_action(picture, "picture.teach");
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
