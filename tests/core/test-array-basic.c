/* Shared array: the C# ArrayTests ported (Indexer_ReadWriteInteger_DataMatches
 * across fork and across exec, Indexer_OutOfRange, a complex struct round
 * trip, CopyTo/Write with NULL, iteration, IndexOf/Contains), the typed
 * macros, read-only handles, and open's checks of the header's parameters. */
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

struct complex_item { /* the C# test's fixed-buffer struct */
	int32_t id;
	double value;
	char name[32];
	int32_t samples[8];
};

static const char *name;

static int child_fork_side(void *arg)
{
	sm_array *a;
	CHECK_EQ(SM_ARRAY_OPEN(&a, name, int32_t, 0), 0);
	CHECK_EQ(sm_array_length(a), 10);
	int32_t x;
	CHECK_EQ(SM_ARRAY_GET(a, 0, &x), 0);
	CHECK_EQ(x, 123);
	CHECK_EQ(SM_ARRAY_GET(a, 9, &x), 0);
	CHECK_EQ(x, 456);
	CHECK_EQ(SM_ARRAY_SET(a, int32_t, 5, 789), 0);
	sm_array_close(a);
	return 0;
}

/* Run after exec: a fresh process image that only knows the name. */
static int exec_side(const char *arr_name)
{
	sm_array *a;
	CHECK_EQ(sm_array_open(&a, arr_name, 0, 0), 0);
	CHECK_EQ(sm_array_element_size(a), sizeof(int32_t));
	int32_t all[10];
	CHECK_EQ(sm_array_read(a, 0, all, 10), 0);
	CHECK(all[0] == 123 && all[5] == 789 && all[9] == 456);
	CHECK_EQ(SM_ARRAY_SET(a, int32_t, 1, 321), 0);
	sm_array_close(a);
	return 0;
}

static int child_reads_struct(void *arg)
{
	const struct complex_item *want = arg;
	sm_array *a;
	CHECK_EQ(SM_ARRAY_OPEN(&a, name, struct complex_item, 0), 0);
	struct complex_item got;
	CHECK_EQ(SM_ARRAY_GET(a, 2, &got), 0);
	CHECK(memcmp(&got, want, sizeof got) == 0);
	sm_array_close(a);
	return 0;
}

/* Open must refuse a header whose parameters were tampered with. */
static void expect_bad_param(const char *arr_name, off_t offset, uint64_t value, size_t width)
{
	uint64_t saved = 0;
	const struct sm_header *h;
	sm_array *a;
	CHECK_EQ(sm_array_open(&a, arr_name, 0, SM_OPEN_READONLY), 0);
	h = sm_segment_header(sm_array_segment(a));
	memcpy(&saved, (const char *)h + offset, width);
	sm_array_close(a);

	t_patch_file(arr_name, offset, &value, width);
	CHECK_EQ(sm_array_open(&a, arr_name, 0, 0), -SM_EBADHEADER);
	CHECK_EQ(sm_array_open(&a, arr_name, 0, SM_OPEN_READONLY), -SM_EBADHEADER);
	t_patch_file(arr_name, offset, &saved, width);
	CHECK_EQ(sm_array_open(&a, arr_name, 0, 0), 0);
	sm_array_close(a);
}

static const struct sm_field *find_field(const struct sm_field *f, int n, const char *fname)
{
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].name, fname) == 0)
			return &f[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-side") == 0)
		return exec_side(argv[2]);

	name = t_name("array");
	t_remove_at_exit(name);
	sm_array *owner, *reader;

	/* Bad sizes. */
	CHECK_EQ(sm_array_create(&owner, name, 0, 10, NULL), -EINVAL);
	CHECK_EQ(sm_array_create(&owner, name, 4, 0, NULL), -EINVAL);
	CHECK_EQ(sm_array_create(&owner, name, 8, UINT64_MAX / 4, NULL), -EFBIG);
	CHECK_EQ(sm_array_create(&owner, "bad/name", 4, 1, NULL), -EINVAL);
	CHECK_EQ(sm_array_open(&reader, name, 4, 0), -ENOENT);

	/* Indexer_ReadWriteInteger_DataMatches. */
	CHECK_EQ(SM_ARRAY_CREATE(&owner, name, int32_t, 10, NULL), 0);
	CHECK_EQ(sm_array_length(owner), 10);
	CHECK_EQ(SM_ARRAY_SET(owner, int32_t, 0, 123), 0);
	CHECK_EQ(SM_ARRAY_SET(owner, int32_t, sm_array_length(owner) - 1, 456), 0);
	CHECK_EQ(SM_ARRAY_OPEN(&reader, name, int32_t, 0), 0);
	int32_t x = 0;
	CHECK_EQ(SM_ARRAY_GET(reader, 9, &x), 0);
	CHECK_EQ(x, 456);
	CHECK_EQ(t_wait(t_fork(child_fork_side, NULL)), 0);
	CHECK_EQ(SM_ARRAY_GET(owner, 5, &x), 0);
	CHECK_EQ(x, 789);
	const char *args[] = { "exec-side", name, NULL };
	CHECK_EQ(t_wait(t_exec_self(NULL, args)), 0);
	CHECK_EQ(SM_ARRAY_GET(reader, 1, &x), 0);
	CHECK_EQ(x, 321);
	CHECK_EQ(((int32_t *)sm_array_data(reader))[1], 321);

	/* Indexer_OutOfRange: -1 and Length. */
	CHECK_EQ(SM_ARRAY_GET(owner, (uint64_t)-1, &x), -ERANGE);
	CHECK_EQ(SM_ARRAY_GET(owner, 10, &x), -ERANGE);
	CHECK_EQ(SM_ARRAY_SET(owner, int32_t, 10, 1), -ERANGE);
	int32_t buf[12] = { 0 };
	CHECK_EQ(sm_array_read(owner, 8, buf, 3), -ERANGE);
	CHECK_EQ(sm_array_write(owner, 8, buf, 3), -ERANGE);
	CHECK_EQ(sm_array_read(owner, UINT64_MAX, buf, 2), -ERANGE);
	CHECK_EQ(sm_array_write(owner, 2, buf, UINT64_MAX), -ERANGE);
	CHECK_EQ(sm_array_read(owner, 10, buf, 0), 0);

	/* The element type must match the array's element size. */
	int64_t wide;
	CHECK_EQ(SM_ARRAY_GET(owner, 0, &wide), -EINVAL);
	CHECK_EQ(SM_ARRAY_SET(owner, int64_t, 0, 1), -EINVAL);
	sm_array *other;
	CHECK_EQ(SM_ARRAY_OPEN(&other, name, int64_t, 0), -SM_EWRONGKIND);
	CHECK_EQ(sm_buffer_open(&(sm_buffer *){ NULL }, name, 0), -SM_EWRONGKIND);

	/* CopyTo_NullArray / Write_NullArray. */
	CHECK_EQ(sm_array_read(owner, 0, NULL, 10), -EINVAL);
	CHECK_EQ(sm_array_write(owner, 0, NULL, 10), -EINVAL);
	CHECK_EQ(SM_ARRAY_GET(owner, 0, (int32_t *)NULL), -EINVAL);

	/* Write a range, CopyTo, iterate (GetEnumerator_IterateItems_DataMatches). */
	int32_t data[10];
	for (int i = 0; i < 10; i++)
		data[i] = i * i - 7;
	CHECK_EQ(sm_array_write(owner, 0, data, 10), 0);
	CHECK_EQ(sm_array_read(reader, 0, buf, 10), 0);
	CHECK(memcmp(buf, data, sizeof data) == 0);
	for (uint64_t i = 0; i < sm_array_length(reader); i++) {
		CHECK_EQ(SM_ARRAY_GET(reader, i, &x), 0);
		CHECK_EQ(x, data[i]);
	}
	CHECK_EQ(sm_array_write(owner, 7, data, 3), 0);
	CHECK_EQ(SM_ARRAY_GET(reader, 9, &x), 0);
	CHECK_EQ(x, data[2]);

	/* IList_IndexOf / Contains. */
	int32_t probe = 9 - 7;
	CHECK_EQ(SM_ARRAY_FIND(reader, &probe), 3);
	probe = 1000;
	CHECK_EQ(SM_ARRAY_FIND(reader, &probe), -ENOENT);
	CHECK_EQ(SM_ARRAY_FIND(reader, &wide), -EINVAL);

	/* Read-only handles read but never write or lock. */
	sm_array *ro;
	CHECK_EQ(sm_array_open(&ro, name, 4, SM_OPEN_READONLY), 0);
	CHECK_EQ(SM_ARRAY_GET(ro, 9, &x), 0);
	CHECK_EQ(x, data[2]);
	CHECK_EQ(SM_ARRAY_SET(ro, int32_t, 0, 1), -EBADF);
	CHECK_EQ(sm_array_write(ro, 0, data, 1), -EBADF);
	CHECK_EQ(sm_rwlock_read_acquire(sm_array_lock(ro), 0), -EBADF);
	sm_array_close(ro);

	/* The inspector decodes the array's parameters. */
	struct sm_segment_info info;
	struct sm_field fields[64];
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	int n = sm_header_fields(&info.header, fields, 64);
	const struct sm_field *f = find_field(fields, n, "array.element_size");
	CHECK(f && f->raw == 4);
	f = find_field(fields, n, "array.length");
	CHECK(f && f->raw == 10);

	/* Corrupt parameters: open checks them against the payload size. */
	off_t params = (off_t)offsetof(struct sm_header, params);
	expect_bad_param(name, params + 16, 3, 4);              /* element_size */
	expect_bad_param(name, params + 16, 0, 4);              /* element_size 0 */
	expect_bad_param(name, params + 8, 11, 8);              /* length */
	expect_bad_param(name, params + 8, UINT64_MAX / 2, 8);  /* length * size overflows */
	expect_bad_param(name, params + 0, 64, 8);              /* data offset inside the lock */
	expect_bad_param(name, params + 20, 16, 4);             /* lock size */

	sm_array_close(reader);
	sm_array_close(owner);

	/* Indexer_ReadWriteComplexStruct_DataMatches, across processes. */
	struct complex_item item;
	memset(&item, 0, sizeof item);
	item.id = 42;
	item.value = 3.25;
	snprintf(item.name, sizeof item.name, "complex item");
	for (int i = 0; i < 8; i++)
		item.samples[i] = i * 3;
	CHECK_EQ(SM_ARRAY_CREATE(&owner, name, struct complex_item, 5, NULL), 0);
	CHECK_EQ(SM_ARRAY_PUT(owner, 2, &item), 0);
	CHECK_EQ(t_wait(t_fork(child_reads_struct, &item)), 0);
	sm_array_close(owner);
	CHECK_EQ(sm_array_open(&reader, name, 0, 0), -ENOENT);

	/* No handle: nothing, not a crash. */
	CHECK_EQ(sm_array_length(NULL), 0);
	CHECK_EQ(sm_array_element_size(NULL), 0);
	CHECK(sm_array_data(NULL) == NULL);
	CHECK(sm_array_segment(NULL) == NULL);
	CHECK(sm_array_lock(NULL) == NULL);
	return T_EXIT_PASS;
}
