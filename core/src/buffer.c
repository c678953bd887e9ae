/* buffer.c — bounds-checked reads and writes at an offset, plain or locked. */
#include "sharedmem/buffer.h"

#include <stdlib.h>
#include <string.h>

#include "buffer_internal.h"
#include "kind_params.h"
#include "locked_segment.h"
#include "segment_internal.h"
#include "sharedmem/error.h"

struct sm_buffer {
	struct smi_locked l;
};

int sm_buffer_create(sm_buffer **out, const char *name, uint64_t size,
		     const struct sm_segment_options *opts)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	if (size == 0)
		return -EINVAL;
	sm_buffer *buf = calloc(1, sizeof *buf);
	if (!buf)
		return -ENOMEM;
	struct smi_buffer_params p = {
		.data_offset = SMI_LOCKED_DATA_OFFSET,
		.data_size = size,
		.lock_size = SMI_RWLOCK_SHM_SIZE,
	};
	int r = smi_locked_create(&buf->l, name, SM_KIND_BUFFER, size, &p, sizeof p, opts);
	if (r < 0) {
		free(buf);
		return r;
	}
	*out = buf;
	return 0;
}

int sm_buffer_open(sm_buffer **out, const char *name, unsigned flags)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	sm_buffer *buf = calloc(1, sizeof *buf);
	if (!buf)
		return -ENOMEM;
	int r = smi_locked_open(&buf->l, name, SM_KIND_BUFFER, flags);
	if (r < 0) {
		free(buf);
		return r;
	}
	struct smi_buffer_params p;
	memcpy(&p, smi_segment_params(buf->l.seg), sizeof p);
	r = smi_buffer_params_check(&p, sm_segment_payload_size(buf->l.seg));
	if (r == 0)
		smi_locked_attach(&buf->l, p.data_offset, p.data_size);
	if (r < 0) {
		sm_buffer_close(buf);
		return r;
	}
	*out = buf;
	return 0;
}

void sm_buffer_close(sm_buffer *buf)
{
	if (!buf)
		return;
	smi_locked_close(&buf->l);
	free(buf);
}

/* The getters answer a NULL handle with NULL or 0, as the segment's do. */
uint64_t sm_buffer_size(const sm_buffer *buf) { return buf ? buf->l.data_size : 0; }
void *sm_buffer_data(const sm_buffer *buf) { return buf ? buf->l.data : NULL; }
sm_segment *sm_buffer_segment(const sm_buffer *buf) { return buf ? buf->l.seg : NULL; }
sm_rwlock *sm_buffer_lock(sm_buffer *buf) { return buf ? &buf->l.lock : NULL; }

/* Bad input before any copy or lock: 0 or -errno. */
static int check_access(const sm_buffer *buf, uint64_t offset, const void *ptr, size_t len,
			bool write)
{
	if (!buf || (len && !ptr))
		return -EINVAL;
	if (write && buf->l.lock.readonly)
		return -EBADF;
	if (!smi_range_ok(offset, len, buf->l.data_size))
		return -ERANGE;
	return 0;
}

int sm_buffer_read(const sm_buffer *buf, uint64_t offset, void *dst, size_t len)
{
	int r = check_access(buf, offset, dst, len, false);
	if (r == 0 && len)
		memcpy(dst, buf->l.data + offset, len);
	return r < 0 ? r : smi_locked_result(&buf->l, r);
}

int sm_buffer_write(sm_buffer *buf, uint64_t offset, const void *src, size_t len)
{
	int r = check_access(buf, offset, src, len, true);
	if (r == 0 && len)
		memcpy(buf->l.data + offset, src, len);
	return r < 0 ? r : smi_locked_result(&buf->l, r);
}

int sm_buffer_read_locked(sm_buffer *buf, uint64_t offset, void *dst, size_t len, int timeout_ms)
{
	int r = check_access(buf, offset, dst, len, false);
	if (r < 0)
		return r;
	int locked = smi_rwlock_read_acquire_once(&buf->l.lock, timeout_ms);
	if (locked < 0)
		return locked;
	if (len)
		memcpy(dst, buf->l.data + offset, len);
	sm_rwlock_read_release(&buf->l.lock);
	return smi_locked_result(&buf->l, locked); /* 0 or SM_LOCK_RECOVERED */
}

int sm_buffer_write_locked(sm_buffer *buf, uint64_t offset, const void *src, size_t len,
			   int timeout_ms)
{
	int r = check_access(buf, offset, src, len, true);
	if (r < 0)
		return r;
	int locked = sm_rwlock_write_acquire(&buf->l.lock, timeout_ms);
	if (locked < 0)
		return locked;
	if (len)
		memcpy(buf->l.data + offset, src, len);
	sm_rwlock_write_release(&buf->l.lock);
	return smi_locked_result(&buf->l, locked);
}
