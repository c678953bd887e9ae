/* Teaching mode that cannot make its ring (its name taken by a live
 * segment, /dev/shm full) says so in the picture too: the status line
 * and the dial no longer show the watched ring as it was when teaching
 * began (frozen: nothing samples it in teaching mode), and leaving
 * teaching mode shows the watched ring again.
 * Screenshot: ringui-teaching-failed. */
#include <string.h>
#include <unistd.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-picture.h"

/* The picture's labels, all in one string. */
static void collect_labels(GtkWidget *w, GString *out)
{
	if (GTK_IS_LABEL(w) && gtk_widget_get_visible(w))
		g_string_append_printf(out, "[%s]", gtk_label_get_label(GTK_LABEL(w)));
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		collect_labels(c, out);
}

static gboolean shows(GtkWidget *w, const char *needle)
{
	g_autoptr(GString) all = g_string_new("");
	collect_labels(w, all);
	return strstr(all->str, needle) != NULL;
}

int main(void)
{
	rt_init();
	const char *name = t_name("teachfail");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, name, 16, 64, NULL), 0);
	char msg[8] = "m";
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sm_ring_write(ring, msg, sizeof msg, 0), 0);

	/* The teaching ring's name, held by a live segment of ours. */
	char taken[64];
	g_snprintf(taken, sizeof taken, "teach-%d-0", (int)getpid());
	t_remove_at_exit(taken);
	sm_buffer *blocker;
	CHECK_EQ(sm_buffer_create(&blocker, taken, 64, NULL), 0);

	GtkWidget *picture = sm_ring_picture_new();
	GtkWidget *win = rt_window(picture, 1000, 640);
	SmRingPicture *p = SM_RING_PICTURE(picture);
	g_object_set(picture, "segment-name", name, NULL);
	CHECK(shows(picture, "3 of 16 nodes in use"));

	rt_action(picture, "picture.teach");
	CHECK(sm_ring_picture_get_teaching(p));
	CHECK(sm_ring_picture_get_teacher(p) == NULL);
	ui_iterate(200);
	ui_screenshot(picture, "ringui-teaching-failed");
	CHECK(!shows(picture, "3 of 16 nodes in use"));
	CHECK(shows(picture, "No teaching ring"));
	CHECK_EQ(sm_ring_dial_get_n_nodes(sm_ring_picture_get_dial(p)), 0);

	/* Out of teaching mode: the watched ring as it is now. */
	char out[64];
	CHECK_EQ(sm_ring_read(ring, out, sizeof out, 0), (ssize_t)sizeof msg);
	rt_action(picture, "picture.teach");
	CHECK(!sm_ring_picture_get_teaching(p));
	CHECK(shows(picture, "2 of 16 nodes in use"));
	CHECK_EQ(sm_ring_dial_get_n_nodes(sm_ring_picture_get_dial(p)), 16);

	gtk_window_destroy(GTK_WINDOW(win));
	sm_buffer_close(blocker);
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
