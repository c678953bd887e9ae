/* Read/write buffer: the C# BufferReadWriteTests ported
 * (Constructor_ProducerConsumer_Created, ReadWrite_Bytes_DataMatches with
 * 1024 bytes, ReadWrite_TimeoutException), the README example, structs at
 * an offset, bounds (overflow included), read-only handles, and open's
 * checks of the header's parameters. */
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

struct sample {
	uint32_t seq;
	double value;
	char tag[12];
};

static const char *name;
static unsigned char pattern[1024];

static int consumer(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	CHECK_EQ(sm_buffer_size(b), 1024);
	unsigned char got[1024];
	CHECK_EQ(sm_buffer_read(b, 0, got, sizeof got), 0);
	CHECK(memcmp(got, pattern, sizeof got) == 0);
	sm_buffer_close(b);
	return 0;
}

/* While another process holds the write lock, a locked read with timeout
 * 0 times out. */
static int reader_times_out(void *arg)
{
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	int x;
	CHECK_EQ(sm_buffer_read_locked(b, 0, &x, sizeof x, 0), -ETIMEDOUT);
	CHECK_EQ(sm_buffer_write_locked(b, 0, &x, sizeof x, 0), -ETIMEDOUT);
	sm_buffer_close(b);
	return 0;
}

static void expect_bad_param(off_t offset, uint64_t value, size_t width)
{
	uint64_t saved = 0;
	sm_buffer *b;
	CHECK_EQ(sm_buffer_open(&b, name, SM_OPEN_READONLY), 0);
	memcpy(&saved, (const char *)sm_segment_header(sm_buffer_segment(b)) + offset, width);
	sm_buffer_close(b);
	t_patch_file(name, offset, &value, width);
	CHECK_EQ(sm_buffer_open(&b, name, 0), -SM_EBADHEADER);
	t_patch_file(name, offset, &saved, width);
	CHECK_EQ(sm_buffer_open(&b, name, 0), 0);
	sm_buffer_close(b);
}

int main(void)
{
	name = t_name("buffer");
	t_remove_at_exit(name);
	sm_buffer *producer, *reader;

	CHECK_EQ(sm_buffer_create(&producer, name, 0, NULL), -EINVAL);
	CHECK_EQ(sm_buffer_open(&reader, name, 0), -ENOENT);

	/* Constructor_ProducerConsumer_Created. */
	CHECK_EQ(sm_buffer_create(&producer, name, 1024, NULL), 0);
	CHECK_EQ(sm_buffer_open(&reader, name, 0), 0);
	CHECK_EQ(sm_buffer_size(reader), 1024);
	CHECK(sm_segment_is_owner(sm_buffer_segment(producer)));
	CHECK(!sm_segment_is_owner(sm_buffer_segment(reader)));

	/* ReadWrite_Bytes_DataMatches: 1024 bytes, read in another process. */
	for (size_t i = 0; i < sizeof pattern; i++)
		pattern[i] = (unsigned char)(i * 131 + 7);
	CHECK_EQ(sm_buffer_write(producer, 0, pattern, sizeof pattern), 0);
	CHECK_EQ(t_wait(t_fork(consumer, NULL)), 0);

	/* The README example: ints at offsets 0 and 1000. */
	int data = 123, got = 0;
	CHECK_EQ(SM_BUFFER_WRITE(producer, 0, &data), 0);
	data = 456;
	CHECK_EQ(SM_BUFFER_WRITE(producer, 1000, &data), 0);
	CHECK_EQ(SM_BUFFER_READ(reader, 0, &got), 0);
	CHECK_EQ(got, 123);
	CHECK_EQ(SM_BUFFER_READ(reader, 1000, &got), 0);
	CHECK_EQ(got, 456);

	/* Structs at an offset. */
	struct sample s = { 7, 2.5, "sample" }, s2;
	CHECK_EQ(SM_BUFFER_WRITE(producer, 100, &s), 0);
	CHECK_EQ(SM_BUFFER_READ(reader, 100, &s2), 0);
	CHECK(memcmp(&s, &s2, sizeof s) == 0);

	/* Bounds, overflow of offset + len included. */
	char tmp[16];
	CHECK_EQ(sm_buffer_read(reader, 1020, tmp, 8), -ERANGE);
	CHECK_EQ(sm_buffer_write(producer, 1020, tmp, 8), -ERANGE);
	CHECK_EQ(sm_buffer_read(reader, 1016, tmp, 8), 0);
	CHECK_EQ(sm_buffer_read(reader, 1024, tmp, 0), 0);
	CHECK_EQ(sm_buffer_read(reader, 1025, tmp, 0), -ERANGE);
	CHECK_EQ(sm_buffer_read(reader, UINT64_MAX, tmp, 2), -ERANGE);
	CHECK_EQ(sm_buffer_write(producer, 8, tmp, SIZE_MAX), -ERANGE);
	CHECK_EQ(sm_buffer_read_locked(reader, UINT64_MAX - 1, tmp, 4, 0), -ERANGE);
	CHECK_EQ(sm_buffer_read(reader, 0, NULL, 4), -EINVAL);
	CHECK_EQ(sm_buffer_write(producer, 0, NULL, 4), -EINVAL);

	/* ReadWrite_TimeoutException: while the write lock is held, a locked
	 * read with timeout 0 times out in another process; in the thread
	 * holding it (through another handle) it is refused, -EDEADLK, since
	 * it would wait for itself (the C# lock, unaware of its holder, timed
	 * out).  After release it works. */
	CHECK_EQ(sm_rwlock_write_acquire(sm_buffer_lock(producer), 0), 0);
	CHECK_EQ(sm_buffer_read_locked(reader, 0, &got, sizeof got, 0), -EDEADLK);
	CHECK_EQ(sm_buffer_read_locked(reader, 0, &got, sizeof got, -1), -EDEADLK);
	CHECK_EQ(t_wait(t_fork(reader_times_out, NULL)), 0);
	CHECK_EQ(sm_rwlock_write_release(sm_buffer_lock(producer)), 0);
	got = 0;
	CHECK_EQ(sm_buffer_read_locked(reader, 0, &got, sizeof got, 0), 0);
	CHECK_EQ(got, 123);
	data = 789;
	CHECK_EQ(sm_buffer_write_locked(reader, 0, &data, sizeof data, 0), 0);
	CHECK_EQ(SM_BUFFER_READ(producer, 0, &got), 0);
	CHECK_EQ(got, 789);

	/* Read-only handles read without locking, and never write or lock. */
	sm_buffer *ro;
	CHECK_EQ(sm_buffer_open(&ro, name, SM_OPEN_READONLY), 0);
	CHECK_EQ(SM_BUFFER_READ(ro, 1000, &got), 0);
	CHECK_EQ(got, 456);
	CHECK_EQ(SM_BUFFER_WRITE(ro, 0, &data), -EBADF);
	CHECK_EQ(sm_buffer_read_locked(ro, 0, &got, sizeof got, 0), -EBADF);
	sm_buffer_close(ro);

	/* The inspector decodes the buffer's parameters. */
	struct sm_segment_info info;
	struct sm_field fields[64];
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	int n = sm_header_fields(&info.header, fields, 64);
	int found = 0;
	for (int i = 0; i < n && i < 64; i++)
		if (strcmp(fields[i].name, "buffer.data_size") == 0 && fields[i].raw == 1024)
			found = 1;
	CHECK(found);

	/* Corrupt parameters. */
	off_t params = (off_t)offsetof(struct sm_header, params);
	expect_bad_param(params + 8, 2048, 8);         /* data size larger than the payload */
	expect_bad_param(params + 8, UINT64_MAX, 8);   /* overflowing */
	expect_bad_param(params + 0, 0, 8);            /* data over the lock */
	expect_bad_param(params + 16, 0, 4);           /* lock size */

	/* Wrong kind. */
	sm_array *a;
	CHECK_EQ(sm_array_open(&a, name, 0, 0), -SM_EWRONGKIND);

	sm_buffer_close(reader);
	sm_buffer_close(producer);
	CHECK_EQ(sm_buffer_open(&reader, name, 0), -ENOENT);

	/* No handle: nothing, not a crash. */
	CHECK_EQ(sm_buffer_size(NULL), 0);
	CHECK(sm_buffer_data(NULL) == NULL);
	CHECK(sm_buffer_segment(NULL) == NULL);
	CHECK(sm_buffer_lock(NULL) == NULL);
	return T_EXIT_PASS;
}
