/* Discovery: list every library segment with its decoded summary, the pids
 * that map it, broken files listed as broken, stale ones found and removed
 * by gc; the ported "ShuttingDown" check through a monitor's view. */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const struct sm_segment_info *find(const struct sm_segment_info *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static const char *stale_name;

static int child_leaves_stale(void *arg)
{
	sm_segment *seg;
	CHECK_EQ(sm_segment_create(&seg, stale_name, SM_KIND_ARRAY, 128, NULL, 0, NULL), 0);
	sm_segment_publish(seg);
	_exit(0);
}

static int gc_count;
static void on_gc(const char *name, void *user)
{
	if (strcmp(name, (const char *)user) == 0)
		gc_count++;
}

int main(void)
{
	const char *live = t_name("live");
	const char *broken = t_name("broken");
	stale_name = t_name("stale");
	struct sm_segment_options opts = { .label = "demo label" };
	sm_segment *seg;
	CHECK_EQ(sm_segment_create(&seg, live, SM_KIND_RING, 1024, NULL, 0, &opts), 0);
	sm_segment_publish(seg);
	t_write_file(broken, "garbage", 7);
	CHECK_EQ(t_wait(t_fork(child_leaves_stale, NULL)), 0);

	struct sm_segment_info *v;
	size_t n;
	CHECK_EQ(sm_segment_list(&v, &n), 0);
	const struct sm_segment_info *a = find(v, n, live);
	CHECK(a);
	CHECK_EQ(a->status, 0);
	CHECK_EQ(a->kind, SM_KIND_RING);
	CHECK_EQ(a->payload_size, 1024);
	CHECK_EQ(a->owner_pid, getpid());
	CHECK_EQ(a->owner_alive, 1);
	CHECK_EQ(a->mode, 0600);
	CHECK_EQ(a->uid, geteuid());
	CHECK(!a->stale);
	CHECK(strcmp(a->label, "demo label") == 0);
	CHECK(a->n_attached >= 1 && a->attached[0] == getpid());
	CHECK(strcmp(sm_kind_name(a->kind), "ring") == 0);
	CHECK_EQ(sm_kind_from_name("ring"), SM_KIND_RING);

	/* The one header decoder the CLI and workbench share. */
	struct sm_field fields[64];
	int nf = sm_header_fields(&a->header, fields, 64);
	CHECK(nf >= 15 && nf <= 64);
	CHECK_EQ(fields[0].offset, 0);
	CHECK(strstr(fields[0].value, "SHRDMEM1"));
	bool saw_kind = false, saw_pid = false;
	for (int i = 0; i < nf; i++) {
		saw_kind |= strcmp(fields[i].name, "kind") == 0 && strstr(fields[i].value, "ring");
		saw_pid |= strcmp(fields[i].name, "creator_pid") == 0 && fields[i].offset == 48 &&
			   fields[i].raw == (uint64_t)getpid();
	}
	CHECK(saw_kind && saw_pid);
	CHECK_EQ(sm_header_fields(&a->header, fields, 2), nf); /* reports the count needed */
	char mode[10];
	sm_mode_string(0640, mode);
	CHECK(strcmp(mode, "rw-r-----") == 0);

	const struct sm_segment_info *b = find(v, n, broken);
	CHECK(b);
	CHECK_EQ(b->status, -SM_EBADHEADER);
	CHECK(!b->stale); /* broken files are shown, never garbage-collected */

	const struct sm_segment_info *s = find(v, n, stale_name);
	CHECK(s);
	CHECK_EQ(s->owner_alive, 0);
	CHECK_EQ(s->n_attached, 0);
	CHECK(s->stale);
	free(v);

	/* gc --dry-run names it but keeps it; gc removes it and nothing else of ours. */
	gc_count = 0;
	CHECK(sm_segment_gc(true, on_gc, (void *)stale_name) >= 1);
	CHECK_EQ(gc_count, 1);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(stale_name, &info), 0);
	gc_count = 0;
	CHECK(sm_segment_gc(false, on_gc, (void *)stale_name) >= 1);
	CHECK_EQ(gc_count, 1);
	CHECK_EQ(sm_segment_stat(stale_name, &info), -ENOENT);
	CHECK_EQ(sm_segment_stat(live, &info), 0);
	CHECK_EQ(sm_segment_stat(broken, &info), 0);

	/* A monitor sees the owner's shutdown (Close_CheckShuttingDown_True). */
	sm_segment *mon;
	CHECK_EQ(sm_segment_open(&mon, live, SM_KIND_RING, SM_OPEN_READONLY), 0);
	sm_segment_close(seg);
	CHECK(sm_segment_is_shutdown(mon));
	sm_segment_close(mon);
	t_remove_file(broken);
	return T_EXIT_PASS;
}
