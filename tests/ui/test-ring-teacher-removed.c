/* The teaching ring removed from a terminal (`sharedmem rm teach-…`)
 * while the lesson goes on: at the producer's death, which needs another
 * process to open the ring by its name, the lesson says the ring was
 * removed and goes on with a new teaching ring, on which a whole cycle,
 * the producer's death included, works again.  It said "The producer
 * process did not reserve a node (it said “nothing”)" and then that the
 * cycle had "survived a producer dying mid-write".
 * Screenshot: ringui-teaching-removed. */
#include <string.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-ring-picture.h"

static guint seen[SM_TEACH_FAILED + 1];
static char *last_text;

static void on_stepped(SmRingTeacher *t, int event, const char *text, gpointer data)
{
	seen[event]++;
	g_free(last_text);
	last_text = g_strdup(text);
	if (event == SM_TEACH_FAILED || event == SM_TEACH_CYCLE_DONE)
		fprintf(stderr, "%s: %s\n", event == SM_TEACH_FAILED ? "failed" : "done", text);
}

/* Step until `event` (at most 60 steps); FALSE if it never came. */
static gboolean step_until(GtkWidget *picture, int event)
{
	guint before = seen[event];
	for (int i = 0; i < 60 && seen[event] == before; i++) {
		rt_step(SM_RING_PICTURE(picture));
		ui_iterate(10);
	}
	return seen[event] > before;
}

int main(void)
{
	rt_init();
	GtkWidget *win;
	SmRingTeacher *t;
	SmRingPicture *p = rt_teaching_window(1200, 720, &win, &t);
	GtkWidget *picture = GTK_WIDGET(p);
	g_signal_connect(t, "stepped", G_CALLBACK(on_stepped), NULL);
	g_autofree char *first = g_strdup(sm_ring_teacher_get_ring_name(t));
	for (int i = 0; i < 3; i++)
		rt_action(picture, "picture.step");

	const char *argv[] = { g_getenv("SHAREDMEM_CLI"), "-q", "rm", first, NULL };
	int status = -1;
	CHECK(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
	CHECK(g_spawn_check_wait_status(status, NULL));

	/* Full, empty, then the producer's death: the ring's name is gone. */
	CHECK(step_until(picture, SM_TEACH_EMPTY));
	CHECK(step_until(picture, SM_TEACH_FAILED));
	CHECK_EQ(seen[SM_TEACH_CHILD_RESERVED], 0);
	CHECK(strstr(last_text, "was removed") != NULL);
	const char *second = sm_ring_teacher_get_ring_name(t);
	CHECK(strcmp(second, first) != 0);
	t_remove_at_exit(second);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(second, &info), 0);
	g_autofree char *log = sm_ring_picture_get_log_text(p);
	CHECK(strstr(log, "was removed") != NULL); /* the user reads it there */
	CHECK(strstr(log, "did not reserve") == NULL);
	ui_iterate(100);
	ui_screenshot(win, "ringui-teaching-removed");

	/* A whole cycle on the new ring, its producer's death shown. */
	CHECK(step_until(picture, SM_TEACH_CYCLE_DONE));
	CHECK_EQ(seen[SM_TEACH_CHILD_KILLED], 1);
	CHECK_EQ(seen[SM_TEACH_RECOVERED], 1);
	CHECK(strstr(last_text, "survived a producer dying") != NULL);
	CHECK_EQ(seen[SM_TEACH_FAILED], 1);
	gtk_window_destroy(GTK_WINDOW(win));
	g_free(last_text);
	return T_EXIT_PASS;
}
