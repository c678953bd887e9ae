/* test-null-handles.c — the promises segment.h, buffer.h, array.h and
 * ring.h make for NULL: a NULL handle, out pointer, name, slot or buffer
 * gives -EINVAL (or the documented NULL/0/no-op), never a crash, and
 * NULL with nothing to copy (a length or count of 0) is no error. */
#include <errno.h>
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

static void segment_nulls(const char *name)
{
	sm_segment *seg;
	struct sm_segment_info info;
	char buf[SM_INFO_REASON_SIZE];
	CHECK_EQ(sm_segment_create(&seg, NULL, SM_KIND_BUFFER, 8, NULL, 0, NULL), -EINVAL);
	CHECK_EQ(sm_segment_unlink(NULL, false), -EINVAL);
	CHECK_EQ(sm_segment_unlink(NULL, true), -EINVAL);
	CHECK_EQ(sm_segment_stat(NULL, &info), -EINVAL);
	/* No name: nothing to read, the error's own sentence. */
	CHECK(strcmp(sm_segment_error_text(NULL, -SM_EBADHEADER, buf, sizeof buf),
		     sm_strerror(-SM_EBADHEADER)) == 0);
	CHECK(sm_segment_create_blocker(NULL, true, 0, buf, sizeof buf, &info) == NULL);
	CHECK_EQ(sm_kind_from_name(NULL), SM_KIND_NONE);
	sm_segment_publish(NULL);
	sm_segment_close(NULL);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), -ENOENT); /* nothing made */
}

static void buffer_nulls(const char *name)
{
	sm_buffer *b;
	char d[8] = { 0 };
	CHECK_EQ(sm_buffer_create(NULL, name, 8, NULL), -EINVAL);
	CHECK_EQ(sm_buffer_open(NULL, name, 0), -EINVAL);
	CHECK_EQ(sm_buffer_read(NULL, 0, d, 1), -EINVAL);
	CHECK_EQ(sm_buffer_write(NULL, 0, d, 1), -EINVAL);
	CHECK_EQ(sm_buffer_read_locked(NULL, 0, d, 1, 0), -EINVAL);
	CHECK_EQ(sm_buffer_write_locked(NULL, 0, d, 1, 0), -EINVAL);
	sm_buffer_close(NULL);

	CHECK_EQ(sm_buffer_create(&b, name, 8, NULL), 0);
	CHECK_EQ(sm_buffer_read(b, 0, NULL, 0), 0); /* "NULL pointers with len > 0" only */
	CHECK_EQ(sm_buffer_write(b, 8, NULL, 0), 0);
	CHECK_EQ(sm_buffer_read_locked(b, 0, NULL, 1, 0), -EINVAL);
	CHECK_EQ(sm_buffer_write_locked(b, 0, NULL, 1, 0), -EINVAL);
	sm_buffer_close(b);
}

static void array_nulls(const char *name)
{
	sm_array *a;
	int32_t x = 1;
	CHECK_EQ(sm_array_create(NULL, name, 4, 4, NULL), -EINVAL);
	CHECK_EQ(sm_array_open(NULL, name, 4, 0), -EINVAL);
	CHECK_EQ(sm_array_get(NULL, 0, &x, sizeof x), -EINVAL);
	CHECK_EQ(sm_array_set(NULL, 0, &x, sizeof x), -EINVAL);
	CHECK_EQ(sm_array_read(NULL, 0, &x, 1), -EINVAL);
	CHECK_EQ(sm_array_write(NULL, 0, &x, 1), -EINVAL);
	CHECK_EQ(sm_array_find(NULL, &x, sizeof x), -EINVAL);
	sm_array_close(NULL);
	CHECK_EQ(sm_array_length(NULL), 0);
	CHECK_EQ(sm_array_element_size(NULL), 0);
	CHECK(sm_array_data(NULL) == NULL);
	CHECK(sm_array_segment(NULL) == NULL);
	CHECK(sm_array_lock(NULL) == NULL);

	CHECK_EQ(sm_array_create(&a, name, sizeof x, 4, NULL), 0);
	CHECK_EQ(sm_array_set(a, 0, NULL, sizeof x), -EINVAL);
	CHECK_EQ(sm_array_find(a, NULL, sizeof x), -EINVAL);
	CHECK_EQ(sm_array_read(a, 0, NULL, 0), 0); /* count 0 is a no-op */
	CHECK_EQ(sm_array_write(a, 4, NULL, 0), 0);
	sm_array_close(a);
}

static void ring_nulls(const char *name)
{
	sm_ring *r;
	struct sm_ring_slot slot, none;
	struct sm_ring_snapshot snap;
	char d[8] = { 0 };
	uint32_t lens[2];
	memset(&none, 0, sizeof none);
	CHECK_EQ(sm_ring_open(NULL, name, 0), -EINVAL);
	CHECK_EQ(sm_ring_read(NULL, d, sizeof d, 0), -EINVAL);
	CHECK_EQ(sm_ring_write_burst(NULL, d, 1, 1, 0), -EINVAL);
	CHECK_EQ(sm_ring_read_burst(NULL, d, sizeof d, lens, 2, 0), -EINVAL);
	CHECK_EQ(sm_ring_reserve(NULL, &slot, 0), -EINVAL);
	CHECK_EQ(sm_ring_peek(NULL, &slot, 0), -EINVAL);
	CHECK_EQ(sm_ring_commit(NULL, &none, 1), -EINVAL);
	CHECK_EQ(sm_ring_snapshot(NULL, &snap, NULL, 0), -EINVAL);
	sm_ring_abandon(NULL, &none);
	sm_ring_release(NULL, &none);
	sm_ring_close(NULL);

	CHECK_EQ(sm_ring_create(&r, name, 2, sizeof d, NULL), 0);
	CHECK_EQ(sm_ring_reserve(r, NULL, 0), -EINVAL);
	CHECK_EQ(sm_ring_peek(r, NULL, 0), -EINVAL);
	CHECK_EQ(sm_ring_commit(r, NULL, 1), -EINVAL);
	sm_ring_abandon(r, NULL);
	sm_ring_release(r, NULL);
	/* A 0-byte message needs no buffer on either side. */
	CHECK_EQ(sm_ring_write(r, NULL, 0, 0), 0);
	CHECK_EQ(sm_ring_read(r, NULL, 0, 0), 0);
	/* Nothing was taken by the refused calls: both nodes are free. */
	CHECK_EQ(sm_ring_snapshot(r, &snap, NULL, 0), 0);
	CHECK_EQ(snap.occupancy, 0);
	CHECK_EQ(snap.write_reserved, 1);
	sm_ring_close(r);
}

int main(void)
{
	segment_nulls(t_name("null-seg"));
	buffer_nulls(t_name("null-buf"));
	array_nulls(t_name("null-arr"));
	ring_nulls(t_name("null-ring"));
	return T_EXIT_PASS;
}
