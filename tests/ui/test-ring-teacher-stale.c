/* A teaching ring left behind by a workbench that died (SIGKILL, a
 * crash) under the pid this one has now (pids are reused, and a
 * container's workbench gets the same small pid each run) does not keep
 * teaching mode from starting: the stale ring is replaced.  It said
 * "Cannot create the teaching ring “teach-PID-0”: File exists" and left
 * Step off. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-picture.h"

static char stale_name[64];

/* A process that makes the ring and dies holding it. */
static int leave_stale(void *arg)
{
	sm_ring *ring;
	if (sm_ring_create(&ring, stale_name, SM_TEACH_NODES, SM_TEACH_NODE_SIZE, NULL) < 0)
		return 1;
	raise(SIGKILL);
	return 0;
}

int main(void)
{
	rt_init();
	/* The first teaching ring this process makes. */
	g_snprintf(stale_name, sizeof stale_name, "teach-%d-0", (int)getpid());
	t_remove_at_exit(stale_name);
	CHECK_EQ(t_wait(t_fork(leave_stale, NULL)), 128 + SIGKILL);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(stale_name, &info), 0);
	CHECK(info.stale);

	GtkWidget *picture = sm_ring_picture_new();
	GtkWidget *win = rt_window(picture, 1000, 640);
	SmRingPicture *p = SM_RING_PICTURE(picture);
	rt_action(picture, "picture.teach");
	CHECK(sm_ring_picture_get_teaching(p));
	if (!sm_ring_picture_get_teacher(p)) {
		char *log = sm_ring_picture_get_log_text(p);
		fprintf(stderr, "no teacher: %s\n", log);
		return T_EXIT_FAIL;
	}
	CHECK(strcmp(sm_ring_teacher_get_ring_name(sm_ring_picture_get_teacher(p)), stale_name) == 0);
	rt_action(picture, "picture.step");
	ui_iterate(100);
	CHECK_EQ(sm_ring_dial_get_state(sm_ring_picture_get_dial(p), 0), SM_NODE_WRITING);
	ui_screenshot(picture, "ringui-teaching-stale-replaced");
	gtk_window_destroy(GTK_WINDOW(win));
	return T_EXIT_PASS;
}
