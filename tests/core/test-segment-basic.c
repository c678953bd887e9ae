/* Segments: create, publish, open by name from another process, read-only
 * opens, exclusive names, shutdown on close, private mode, stale replacement,
 * and the ported SharedBuffer tests (header size, owner/opener, shutdown). */
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

struct params { uint32_t a, b; };

static const char *name;

static int child_reads(void *arg)
{
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_BUFFER, 0), 0);
	const struct sm_header *h = sm_segment_header(seg);
	CHECK_EQ(h->payload_size, 4096);
	const struct params *p = (const void *)h->params;
	CHECK(p->a == 7 && p->b == 9);
	CHECK(strcmp(h->label, "hello") == 0);
	CHECK(memcmp(sm_segment_payload(seg), "written by owner", 17) == 0);
	memcpy(sm_segment_payload(seg), "written by child", 17);
	CHECK_EQ(sm_segment_owner_alive(seg), 1);
	CHECK(!sm_segment_is_owner(seg));
	sm_segment_close(seg);
	return 0;
}

static int child_dies_owning(void *arg)
{
	sm_segment *seg;
	CHECK_EQ(sm_segment_create(&seg, (const char *)arg, SM_KIND_BUFFER, 64, NULL, 0, NULL), 0);
	sm_segment_publish(seg);
	_exit(0); /* no close: the segment is left behind with a dead owner */
}

int main(void)
{
	name = t_name("basic");
	struct params prm = { 7, 9 };
	struct sm_segment_options opts = { .label = "hello" };
	sm_segment *seg, *other;

	CHECK_EQ(sm_segment_open(&other, name, SM_KIND_NONE, 0), -ENOENT);
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, 4096, &prm, sizeof prm, &opts), 0);
	CHECK(sm_segment_is_owner(seg));

	/* Not published yet: an opener is told so rather than seeing a half-made segment. */
	CHECK_EQ(sm_segment_open(&other, name, SM_KIND_NONE, 0), -SM_ENOTREADY);
	/* Its kind is known already: asking for another is told so at once,
	 * not "not ready" (which invites waiting for what will never fit). */
	CHECK_EQ(sm_segment_open(&other, name, SM_KIND_ARRAY, 0), -SM_EWRONGKIND);
	memcpy(sm_segment_payload(seg), "written by owner", 17);
	sm_segment_publish(seg);

	/* Exclusive: a second creator is refused, even with REPLACE_STALE (owner alive). */
	CHECK_EQ(sm_segment_create(&other, name, SM_KIND_BUFFER, 16, NULL, 0, NULL), -EEXIST);
	opts.flags = SM_CREATE_REPLACE_STALE;
	CHECK_EQ(sm_segment_create(&other, name, SM_KIND_BUFFER, 16, NULL, 0, &opts), -EEXIST);

	/* Private by default: mode 0600 whatever the umask. */
	char path[128];
	struct stat st;
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0600);

	/* Another process opens it by name without knowing its size. */
	CHECK_EQ(t_wait(t_fork(child_reads, NULL)), 0);
	CHECK(memcmp(sm_segment_payload(seg), "written by child", 17) == 0);

	/* Wrong kind is refused. */
	CHECK_EQ(sm_segment_open(&other, name, SM_KIND_RING, 0), -SM_EWRONGKIND);

	/* Read-only opens map without write permission. */
	CHECK_EQ(sm_segment_open(&other, name, SM_KIND_NONE, SM_OPEN_READONLY), 0);
	CHECK(sm_segment_is_readonly(other));
	CHECK(!sm_segment_is_shutdown(other));

	/* Owner's close: shutdown visible to openers, name gone, mapping still valid. */
	sm_segment_close(seg);
	CHECK(sm_segment_is_shutdown(other));
	CHECK(memcmp(sm_segment_payload(other), "written by child", 17) == 0);
	CHECK(stat(path, &st) < 0);
	sm_segment_close(other);

	/* A segment whose owner died is replaced on request (C# faults #50/#56). */
	const char *stale = t_name("stale");
	CHECK_EQ(t_wait(t_fork(child_dies_owning, (void *)stale)), 0);
	CHECK_EQ(sm_segment_open(&other, stale, SM_KIND_BUFFER, 0), 0);
	CHECK_EQ(sm_segment_owner_alive(other), 0);
	sm_segment_close(other);
	CHECK_EQ(sm_segment_create(&seg, stale, SM_KIND_BUFFER, 64, NULL, 0, NULL), -EEXIST);
	CHECK_EQ(sm_segment_create(&seg, stale, SM_KIND_BUFFER, 64, NULL, 0, &opts), 0);
	sm_segment_publish(seg);
	CHECK_EQ(sm_segment_owner_alive(seg), 1);
	sm_segment_close(seg);

	/* Space is reserved at create time: more than /dev/shm holds is -ENOSPC, not SIGBUS later. */
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_BUFFER, UINT64_C(1) << 39, NULL, 0, NULL), -ENOSPC);
	CHECK(stat(path, &st) < 0);

	/* Explicit mode for sharing with others. */
	struct sm_segment_options shared = { .mode = 0644 };
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_ARRAY, 64, NULL, 0, &shared), 0);
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0644);
	CHECK_EQ(sm_segment_unlink(name, false), 0);
	CHECK_EQ(sm_segment_unlink(name, false), -ENOENT);
	sm_segment_close(seg);
	/* A mode that denies its owner reading or writing is refused up
	 * front: the creator could not map what it made. */
	struct sm_segment_options write_only = { .mode = 0200 }, others_only = { .mode = 0066 };
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_ARRAY, 64, NULL, 0, &write_only), -EINVAL);
	CHECK_EQ(sm_segment_create(&seg, name, SM_KIND_ARRAY, 64, NULL, 0, &others_only), -EINVAL);
	CHECK(stat(path, &st) < 0);

	/* Header layout is pinned (StructSize_SharedMemoryHeader in the C# tests). */
	CHECK_EQ(sizeof(struct sm_header), SM_HEADER_SIZE);

	/* No handle is an error, not a crash. */
	CHECK_EQ(sm_segment_owner_alive(NULL), -EINVAL);
	CHECK(sm_segment_header(NULL) == NULL);
	CHECK(sm_segment_payload(NULL) == NULL);
	CHECK_EQ(sm_segment_payload_size(NULL), 0);
	CHECK(sm_segment_name(NULL) == NULL);
	CHECK(!sm_segment_is_owner(NULL));
	CHECK(!sm_segment_is_readonly(NULL));
	CHECK(sm_segment_is_shutdown(NULL));
	struct sm_segment_info *infos;
	size_t n_infos;
	CHECK_EQ(sm_segment_stat("sm.x", NULL), -EINVAL);
	CHECK_EQ(sm_segment_list(NULL, &n_infos), -EINVAL);
	CHECK_EQ(sm_segment_list(&infos, NULL), -EINVAL);
	CHECK_EQ(sm_header_fields(NULL, NULL, 0), -EINVAL);
	/* Nowhere to put the handle: as sm_buffer_create/open and the others. */
	CHECK_EQ(sm_segment_create(NULL, name, SM_KIND_BUFFER, 64, NULL, 0, NULL), -EINVAL);
	CHECK_EQ(sm_segment_open(NULL, name, SM_KIND_NONE, 0), -EINVAL);
	sm_segment_publish(NULL);
	return T_EXIT_PASS;
}
