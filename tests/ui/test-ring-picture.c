/* The ring picture shows each node's state as sm_ring_snapshot reports
 * it (free, being written, ready, being read, abandoned) and the
 * positions; follows the ring as it changes; and reclaims a dead
 * producer's node on Reclaim Dead Holders.  The position markers go
 * forward only, and stand at the sampled positions whenever those move
 * faster than a glide or by a lap.  Screenshots of the picture. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-picture.h"

#define NODES 12

static void check_dial(SmRingPicture *p, sm_ring *ring)
{
	CHECK(sm_ring_picture_sample_now(p));
	uint8_t states[NODES];
	struct sm_ring_snapshot snap;
	CHECK_EQ(sm_ring_snapshot(ring, &snap, states, NODES), 0);
	SmRingDial *dial = sm_ring_picture_get_dial(p);
	CHECK_EQ(sm_ring_dial_get_n_nodes(dial), NODES);
	for (guint i = 0; i < NODES; i++)
		if (sm_ring_dial_get_state(dial, i) != states[i]) {
			fprintf(stderr, "node %u: picture %u, ring %u\n", i,
				sm_ring_dial_get_state(dial, i), states[i]);
			exit(T_EXIT_FAIL);
		}
}

/* What the picture says beside its Reclaim Dead Holders button. */
static const char *recover_text(GtkWidget *picture)
{
	GObject *label = gtk_widget_get_template_child(picture, SM_TYPE_RING_PICTURE, "recover_label");
	CHECK(GTK_IS_LABEL(label));
	return gtk_label_get_label(GTK_LABEL(label));
}

static gboolean glide_done(gpointer dial)
{
	return !sm_ring_dial_is_animating(dial);
}

static gboolean node0_free(gpointer dial)
{
	return sm_ring_dial_get_state(dial, 0) == SM_NODE_FREE;
}

/* Move a ring's positions on by `k`: k messages written and read. */
static void pass_messages(sm_ring *ring, int k)
{
	char msg[8] = "m", out[64];
	for (int i = 0; i < k; i++) {
		CHECK_EQ(sm_ring_write(ring, msg, sizeof msg, 0), 0);
		CHECK_EQ(sm_ring_read(ring, out, sizeof out, 0), (ssize_t)sizeof msg);
	}
}

static void check_markers_at(SmRingDial *dial, double turn)
{
	double w, r;
	sm_ring_dial_get_markers(dial, &w, &r);
	if (fabs(w - turn) > 1e-9 || fabs(r - turn) > 1e-9) {
		fprintf(stderr, "markers at %.3f and %.3f of a turn, not %.3f\n", w, r, turn);
		exit(T_EXIT_FAIL);
	}
}

/* Where the P and C markers stand as a 12-node ring's positions move. */
static void check_marker_moves(GtkWidget *picture, SmRingPicture *p)
{
	const char *name = t_name("picmarks");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 12, 64, NULL), 0);
	g_object_set(picture, "segment-name", name, NULL);
	SmRingDial *dial = sm_ring_picture_get_dial(p);
	CHECK_EQ(sm_ring_dial_get_n_nodes(dial), 12);
	check_markers_at(dial, 0);
	ui_iterate(300);

	/* 9 nodes on (3 back would be shorter): both glide forward. */
	pass_messages(ring, 9);
	CHECK(sm_ring_picture_sample_now(p));
	guint between = 0;
	for (int i = 0; i < 300 && sm_ring_dial_is_animating(dial); i++) {
		double w, r;
		sm_ring_dial_get_markers(dial, &w, &r);
		if (w > 0.75 + 1e-9 || r > 0.75 + 1e-9) {
			fprintf(stderr, "marker went back: %.3f, %.3f of a turn\n", w, r);
			exit(T_EXIT_FAIL);
		}
		between += w > 0.01 && w < 0.74;
		ui_iterate(5);
	}
	CHECK(between > 0);
	check_markers_at(dial, 0.75);

	/* Moves closer together than a glide (a busy ring sampled often):
	 * the markers stand at each sampled position, not between. */
	pass_messages(ring, 3);
	CHECK(sm_ring_picture_sample_now(p));
	pass_messages(ring, 2);
	CHECK(sm_ring_picture_sample_now(p));
	check_markers_at(dial, 2.0 / 12);

	/* A lap or more since the last sample: there at once. */
	ui_iterate(300);
	pass_messages(ring, 13);
	CHECK(sm_ring_picture_sample_now(p));
	check_markers_at(dial, 3.0 / 12);
	sm_ring_close(ring);
}

int main(void)
{
	rt_init();
	const char *name = t_name("pic");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, NODES, 64, NULL), 0);
	GtkWidget *picture = sm_ring_picture_new();
	GtkWidget *win = rt_window(picture, 1100, 700);
	SmRingPicture *p = SM_RING_PICTURE(picture);
	g_object_set(picture, "segment-name", name, NULL);
	check_dial(p, ring);
	for (guint i = 0; i < NODES; i++)
		CHECK_EQ(sm_ring_dial_get_state(sm_ring_picture_get_dial(p), i), SM_NODE_FREE);

	/* Positions 0..4 ready, 0 and 1 then claimed by consumers, 5 and 6
	 * reserved by producers: every state at once. */
	char msg[64] = "hello";
	for (int i = 0; i < 5; i++)
		CHECK_EQ(sm_ring_write(ring, msg, sizeof msg, 0), 0);
	struct sm_ring_slot r0, r1, w5, w6;
	CHECK_EQ(sm_ring_peek(ring, &r0, 0), 0);
	CHECK_EQ(sm_ring_peek(ring, &r1, 0), 0);
	CHECK_EQ(sm_ring_reserve(ring, &w5, 0), 0);
	CHECK_EQ(sm_ring_reserve(ring, &w6, 0), 0);
	check_dial(p, ring);
	SmRingDial *dial = sm_ring_picture_get_dial(p);
	CHECK_EQ(sm_ring_dial_get_state(dial, 0), SM_NODE_READING);
	CHECK_EQ(sm_ring_dial_get_state(dial, 1), SM_NODE_READING);
	CHECK_EQ(sm_ring_dial_get_state(dial, 2), SM_NODE_READY);
	CHECK_EQ(sm_ring_dial_get_state(dial, 4), SM_NODE_READY);
	CHECK_EQ(sm_ring_dial_get_state(dial, 5), SM_NODE_WRITING);
	CHECK_EQ(sm_ring_dial_get_state(dial, 6), SM_NODE_WRITING);
	CHECK_EQ(sm_ring_dial_get_state(dial, 7), SM_NODE_FREE);
	/* The markers glide to the new positions, then the tick stops. */
	CHECK(sm_ring_dial_is_animating(dial));
	CHECK(ui_wait(glide_done, dial, 3000));
	ui_screenshot(picture, "ringui-picture");

	/* The picture follows the ring on its own timer. */
	sm_ring_release(ring, &r0);
	CHECK_EQ(sm_ring_commit(ring, &w5, 10), 0);
	CHECK(ui_wait(node0_free, dial, 3000));
	CHECK_EQ(sm_ring_dial_get_state(dial, 5), SM_NODE_READY);
	check_dial(p, ring);
	sm_ring_release(ring, &r1);
	CHECK_EQ(sm_ring_commit(ring, &w6, 10), 0);

	/* A producer process that died holding node 7: drawn as being
	 * written until Reclaim Dead Holders marks it abandoned. */
	CHECK_EQ(sm_ring_picture_recover(p), 0); /* nothing dead yet */
	CHECK(strstr(recover_text(picture), "No node"));
	pid_t child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		sm_ring *mine;
		struct sm_ring_slot held;
		if (sm_ring_open(&mine, name, 0) < 0 || sm_ring_reserve(mine, &held, 0) < 0)
			_exit(1);
		_exit(0); /* without committing */
	}
	CHECK_EQ(t_wait(child), 0);
	CHECK(sm_ring_picture_sample_now(p));
	CHECK_EQ(sm_ring_dial_get_state(dial, 7), SM_NODE_WRITING);
	rt_action(picture, "picture.recover");
	CHECK_EQ(sm_ring_dial_get_state(dial, 7), SM_NODE_ABANDONED);
	CHECK(strstr(recover_text(picture), "1 node reclaimed"));
	check_dial(p, ring);
	ui_iterate(300);
	ui_screenshot(picture, "ringui-picture-reclaimed");
	/* Not in teaching mode, which shows it on a step of its own. */
	sm_ring_picture_set_teaching(p, TRUE);
	CHECK_EQ(sm_ring_picture_recover(p), -EINVAL);
	sm_ring_picture_set_teaching(p, FALSE);

	check_marker_moves(picture, p);

	/* Not a ring: explained, the picture empties. */
	g_object_set(picture, "segment-name", "no-such-ring-here", NULL);
	CHECK(!sm_ring_picture_sample_now(p));
	CHECK_EQ(sm_ring_dial_get_n_nodes(dial), 0);

	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
