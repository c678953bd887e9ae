/* locked_segment.c — create and open segments laid out as lock + data. */
#include "locked_segment.h"

#include "sharedmem/error.h"

int smi_locked_create(struct smi_locked *l, const char *name, enum sm_kind kind,
		      uint64_t data_size, const void *params, size_t params_size,
		      const struct sm_segment_options *opts)
{
	if (data_size > UINT64_MAX - SMI_LOCKED_DATA_OFFSET)
		return -EFBIG;
	int r = sm_segment_create(&l->seg, name, kind, SMI_LOCKED_DATA_OFFSET + data_size,
				  params, params_size, opts);
	if (r < 0)
		return r;
	uint8_t *payload = sm_segment_payload(l->seg);
	smi_rwlock_init((struct smi_rwlock_shm *)payload);
	l->lock.shm = (struct smi_rwlock_shm *)payload;
	l->lock.readonly = false;
	l->lock.seg = l->seg;
	l->data = payload + SMI_LOCKED_DATA_OFFSET;
	l->data_size = data_size;
	sm_segment_publish(l->seg); /* release: the zeroed lock is visible to openers */
	return 0;
}

int smi_locked_open(struct smi_locked *l, const char *name, enum sm_kind kind, unsigned flags)
{
	l->lock.shm = NULL;
	l->data = NULL;
	l->data_size = 0;
	return sm_segment_open(&l->seg, name, kind, flags);
}

void smi_locked_attach(struct smi_locked *l, uint64_t data_offset, uint64_t data_size)
{
	uint8_t *payload = sm_segment_payload(l->seg);
	l->lock.shm = (struct smi_rwlock_shm *)payload;
	l->lock.readonly = sm_segment_is_readonly(l->seg);
	l->lock.seg = l->seg;
	l->data = payload + data_offset;
	l->data_size = data_size;
}

void smi_locked_close(struct smi_locked *l)
{
	sm_segment_close(l->seg);
	l->seg = NULL;
}
