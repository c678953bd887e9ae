/* A ring the monitor or the traffic generator cannot open because its
 * file is broken says why in the list's words (sm_segment_error_text(),
 * as the CLI does): a ring whose flags have a bit this library does not
 * know, a file with holes.  They said "not a sharedmem segment, or its
 * header is corrupt or truncated", which fits neither.
 * Screenshot: ringui-watch-broken. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ringui-test.h"
#include "sharedmem.h"
#include "sm-traffic-panel.h"

#define FLAGS_TEXT "its ring flags have bits this library does not know"
#define HOLES_TEXT "a file with holes (made by hand, not by sharedmem)"

static const char *label_text(GtkWidget *w, GType type)
{
	GObject *label = gtk_widget_get_template_child(w, type, "status_label");
	CHECK(GTK_IS_LABEL(label));
	return gtk_label_get_label(GTK_LABEL(label));
}

static void file_path(const char *name, char *path, size_t size)
{
	g_snprintf(path, size, "%s/%s%s", SM_SHM_DIR, SM_FILE_PREFIX, name);
}

/* Set ring `name`'s flags in its file to ones with an unknown bit (where
 * its decoded header puts ring.flags). */
static void add_unknown_flag(const char *name, const struct sm_header *h)
{
	struct sm_field f[64];
	int n = sm_header_fields(h, f, G_N_ELEMENTS(f));
	CHECK(n > 0 && n <= (int)G_N_ELEMENTS(f));
	const struct sm_field *flags = NULL;
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].name, "ring.flags") == 0)
			flags = &f[i];
	CHECK(flags && flags->size == 4);
	uint32_t bad = (uint32_t)flags->raw | 0x10;
	char path[128];
	file_path(name, path, sizeof path);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_EQ(pwrite(fd, &bad, sizeof bad, flags->offset), (ssize_t)sizeof bad);
	close(fd);
}

/* A ring's first page in a file of the ring's size: holes after it. */
static void make_sparse_ring(const char *name, const struct sm_header *h)
{
	char path[128];
	file_path(name, path, sizeof path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, h, 4096), 4096);
	CHECK_EQ(ftruncate(fd, (off_t)h->total_size), 0);
	close(fd);
}

static const char *want_text;

static gboolean monitor_says(gpointer monitor)
{
	sm_ring_monitor_sample_now(monitor);
	return strcmp(label_text(monitor, SM_TYPE_RING_MONITOR), want_text) == 0;
}

static void expect_monitor(SmRingMonitor *m, const char *name, const char *why)
{
	g_autofree char *want = g_strdup_printf("Cannot watch “%s”: %s", name, why);
	want_text = want;
	sm_ring_monitor_set_segment_name(m, name);
	if (!ui_wait(monitor_says, m, 5000)) {
		fprintf(stderr, "monitor says “%s”, expected “%s”\n",
			label_text(GTK_WIDGET(m), SM_TYPE_RING_MONITOR), want);
		exit(T_EXIT_FAIL);
	}
}

static void expect_traffic_refused(GtkWidget *panel, const char *name, const char *why)
{
	sm_traffic_panel_set_segment_name(SM_TRAFFIC_PANEL(panel), name);
	rt_action(panel, "traffic.start");
	ui_iterate(100);
	g_autofree char *want = g_strdup_printf("Cannot start traffic on “%s”: %s", name, why);
	const char *got = label_text(panel, SM_TYPE_TRAFFIC_PANEL);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "traffic panel says “%s”, expected “%s”\n", got, want);
		exit(T_EXIT_FAIL);
	}
}

int main(void)
{
	rt_init();
	const char *flagged = t_name("watch-flags"), *sparse = t_name("watch-holes");
	sm_ring *ring;
	CHECK_EQ(sm_ring_create(&ring, flagged, 256, 4000, NULL), 0);
	const struct sm_header *h = sm_segment_header(sm_ring_segment(ring));
	make_sparse_ring(sparse, h);
	add_unknown_flag(flagged, h);

	GtkWidget *win;
	SmRingMonitor *m = rt_monitor_window(NULL, &win);
	expect_monitor(m, sparse, HOLES_TEXT);
	expect_monitor(m, flagged, FLAGS_TEXT);
	ui_iterate(100);
	ui_screenshot(GTK_WIDGET(m), "ringui-watch-broken");
	gtk_window_destroy(GTK_WINDOW(win));

	GtkWidget *panel = sm_traffic_panel_new();
	win = rt_window(panel, 700, 520);
	expect_traffic_refused(panel, flagged, FLAGS_TEXT);
	expect_traffic_refused(panel, sparse, HOLES_TEXT);
	ui_screenshot(panel, "ringui-traffic-broken");
	gtk_window_destroy(GTK_WINDOW(win));
	sm_ring_close(ring);
	return T_EXIT_PASS;
}
