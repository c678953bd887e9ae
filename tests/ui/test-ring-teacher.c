/* The teaching mode, driven through its actions, goes through a full
 * cycle: fill until full, empty until empty, a producer process killed
 * mid-write, its node marked abandoned (and drawn so), and a consumer
 * reading past it; the picture shows the teaching ring's real node
 * states at every step; the log tells it. */
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

	gboolean shot = FALSE;
	for (int steps = 0; last_event != SM_TEACH_CYCLE_DONE; steps++) {
		CHECK(steps < 200);
		rt_action(picture, "picture.step");
		CHECK(last_event != SM_TEACH_FAILED);
		/* The picture is the ring's real state. */
		uint8_t states[SM_TEACH_NODES];
		struct sm_ring_snapshot snap;
		CHECK_EQ(sm_ring_snapshot(ring, &snap, states, SM_TEACH_NODES), 0);
		CHECK_EQ(sm_ring_dial_get_n_nodes(dial), SM_TEACH_NODES);
		for (guint i = 0; i < SM_TEACH_NODES; i++)
			CHECK_EQ(sm_ring_dial_get_state(dial, i), states[i]);
		if (last_event == SM_TEACH_FULL)
			CHECK_EQ(snap.occupancy, SM_TEACH_NODES);
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
