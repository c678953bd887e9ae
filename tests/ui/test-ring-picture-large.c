/* A ring of more nodes than the picture used to copy states for (65536)
 * is drawn whole: the dial counts all its nodes and its P and C markers
 * stand where the ring's positions are.  It drew the first 65536 nodes as
 * the whole ring ("65536 nodes" in the middle) and placed the markers at
 * position modulo 65536: a ring half way round showed them near the top.
 * Screenshot: ringui-picture-large. */
#include <math.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-picture.h"

#define NODES (1u << 17)
#define PASSED 70000u

static gboolean glide_done(gpointer dial)
{
	return !sm_ring_dial_is_animating(dial);
}

int main(void)
{
	rt_init();
	const char *name = t_name("piclarge");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, NODES, 8, NULL), 0);
	char msg[8] = "m", out[8];
	for (guint i = 0; i < PASSED; i++) {
		CHECK_EQ(sm_ring_write(ring, msg, sizeof msg, 0), 0);
		CHECK_EQ(sm_ring_read(ring, out, sizeof out, 0), (ssize_t)sizeof msg);
	}
	CHECK_EQ(sm_ring_write(ring, msg, sizeof msg, 0), 0); /* one ready node */

	GtkWidget *picture = sm_ring_picture_new();
	GtkWidget *win = rt_window(picture, 1000, 640);
	SmRingPicture *p = SM_RING_PICTURE(picture);
	g_object_set(picture, "segment-name", name, NULL);
	CHECK(sm_ring_picture_sample_now(p));
	SmRingDial *dial = sm_ring_picture_get_dial(p);
	CHECK(ui_wait(glide_done, dial, 3000));
	CHECK_EQ(sm_ring_dial_get_n_nodes(dial), NODES);
	CHECK_EQ(sm_ring_dial_get_state(dial, PASSED), SM_NODE_READY);
	double w, r;
	sm_ring_dial_get_markers(dial, &w, &r);
	if (fabs(w - (PASSED + 1.0) / NODES) > 1e-9 || fabs(r - (double)PASSED / NODES) > 1e-9) {
		fprintf(stderr, "markers at %.4f and %.4f of a turn, not %.4f and %.4f\n", w, r,
			(PASSED + 1.0) / NODES, (double)PASSED / NODES);
		return T_EXIT_FAIL;
	}
	ui_iterate(100);
	ui_screenshot(picture, "ringui-picture-large");

	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
