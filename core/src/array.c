/* array.c — fixed-size elements in a segment, every access bounds-checked. */
#include "sharedmem/array.h"

#include <stdlib.h>
#include <string.h>

#include "array_internal.h"
#include "kind_params.h"
#include "locked_segment.h"
#include "segment_internal.h"
#include "sharedmem/error.h"

struct sm_array {
	struct smi_locked l;
	uint64_t length;
	size_t element_size;
};

int sm_array_create(sm_array **out, const char *name, size_t element_size, uint64_t length,
		    const struct sm_segment_options *opts)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	if (element_size == 0 || length == 0)
		return -EINVAL;
	if (element_size > UINT32_MAX || length > UINT64_MAX / element_size)
		return -EFBIG;
	sm_array *arr = calloc(1, sizeof *arr);
	if (!arr)
		return -ENOMEM;
	struct smi_array_params p = {
		.data_offset = SMI_LOCKED_DATA_OFFSET,
		.length = length,
		.element_size = (uint32_t)element_size,
		.lock_size = SMI_RWLOCK_SHM_SIZE,
	};
	int r = smi_locked_create(&arr->l, name, SM_KIND_ARRAY, length * element_size, &p, sizeof p, opts);
	if (r < 0) {
		free(arr);
		return r;
	}
	arr->length = length;
	arr->element_size = element_size;
	*out = arr;
	return 0;
}

int sm_array_open(sm_array **out, const char *name, size_t element_size, unsigned flags)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	sm_array *arr = calloc(1, sizeof *arr);
	if (!arr)
		return -ENOMEM;
	int r = smi_locked_open(&arr->l, name, SM_KIND_ARRAY, flags);
	if (r < 0) {
		free(arr);
		return r;
	}
	/* The params are read once; later changes in shared memory cannot move
	 * our bounds. */
	struct smi_array_params p;
	memcpy(&p, smi_segment_params(arr->l.seg), sizeof p);
	r = smi_array_params_check(&p, sm_segment_payload_size(arr->l.seg));
	if (r == 0)
		smi_locked_attach(&arr->l, p.data_offset, p.length * p.element_size);
	if (r == 0 && element_size && element_size != p.element_size)
		r = -SM_EWRONGKIND;
	if (r < 0) {
		sm_array_close(arr);
		return r;
	}
	arr->length = p.length;
	arr->element_size = p.element_size;
	*out = arr;
	return 0;
}

void sm_array_close(sm_array *arr)
{
	if (!arr)
		return;
	smi_locked_close(&arr->l);
	free(arr);
}

/* The getters answer a NULL handle with NULL or 0, as the segment's do. */
uint64_t sm_array_length(const sm_array *arr) { return arr ? arr->length : 0; }
size_t sm_array_element_size(const sm_array *arr) { return arr ? arr->element_size : 0; }
void *sm_array_data(const sm_array *arr) { return arr ? arr->l.data : NULL; }
sm_segment *sm_array_segment(const sm_array *arr) { return arr ? arr->l.seg : NULL; }
sm_rwlock *sm_array_lock(sm_array *arr) { return arr ? &arr->l.lock : NULL; }

/* Bad input before any copy: 0 or -errno. */
static int check_range(const sm_array *arr, uint64_t start, uint64_t count, const void *ptr,
		       bool write)
{
	if (!arr || (count && !ptr))
		return -EINVAL;
	if (write && arr->l.lock.readonly)
		return -EBADF;
	if (!smi_range_ok(start, count, arr->length))
		return -ERANGE;
	return 0;
}

int sm_array_get(const sm_array *arr, uint64_t index, void *dst, size_t size)
{
	if (arr && size != arr->element_size)
		return -EINVAL;
	return sm_array_read(arr, index, dst, 1);
}

int sm_array_set(sm_array *arr, uint64_t index, const void *src, size_t size)
{
	if (arr && size != arr->element_size)
		return -EINVAL;
	return sm_array_write(arr, index, src, 1);
}

int sm_array_read(const sm_array *arr, uint64_t start, void *dst, uint64_t count)
{
	int r = check_range(arr, start, count, dst, false);
	if (r == 0 && count)
		memcpy(dst, arr->l.data + start * arr->element_size, count * arr->element_size);
	return r < 0 ? r : smi_locked_result(&arr->l, r);
}

int sm_array_write(sm_array *arr, uint64_t start, const void *src, uint64_t count)
{
	int r = check_range(arr, start, count, src, true);
	if (r == 0 && count)
		memcpy(arr->l.data + start * arr->element_size, src, count * arr->element_size);
	return r < 0 ? r : smi_locked_result(&arr->l, r);
}

int64_t sm_array_find(const sm_array *arr, const void *elem, size_t size)
{
	if (!arr || !elem || size != arr->element_size)
		return -EINVAL;
	int64_t found = -ENOENT;
	for (uint64_t i = 0; i < arr->length && found < 0; i++)
		if (memcmp(arr->l.data + i * size, elem, size) == 0)
			found = (int64_t)i;
	/* A truncated file compared zeros: neither answer can be trusted. */
	return smi_segment_truncated(arr->l.seg) ? -SM_EBADHEADER : found;
}
