/* cli-live-data.c — live state of arrays (geometry) and buffers (size),
 * with their reader/writer lock's holders, for `inspect`. */
#include "cli-live-kinds.h"

#include "sharedmem/array.h"
#include "sharedmem/buffer.h"

static void lock_state(struct cli_report *r, const sm_rwlock *lock)
{
	struct sm_rwlock_info li;
	if (!lock || sm_rwlock_get_info(lock, &li) < 0)
		return;
	rep_section(r, "lock", "Lock");
	rep_i64(r, "writer_pid", li.writer_pid);
	rep_u64(r, "readers", li.readers);
	uint32_t n = li.readers < SM_RWLOCK_MAX_READERS ? li.readers : SM_RWLOCK_MAX_READERS;
	if (r->j) {
		cj_array(r->j, "reader_pids");
		for (uint32_t i = 0; i < n; i++)
			cj_i64(r->j, NULL, li.reader_pids[i]);
		cj_end(r->j);
	} else { /* the holders, as the JSON names them: "123,456", or "-" */
		char pids[SM_RWLOCK_MAX_READERS * 12 + 1] = "";
		size_t used = 0;
		for (uint32_t i = 0; i < n; i++)
			used += (size_t)snprintf(pids + used, sizeof pids - used, "%s%d", i ? "," : "",
						 (int)li.reader_pids[i]);
		rep_str(r, "reader_pids", n ? pids : NULL);
	}
	rep_i64(r, "pending_writer", li.pending_writer);
	rep_u64(r, "waiters", li.waiters);
	rep_u64(r, "recoveries", li.recoveries);
	rep_end(r);
}

int cli_live_array(const char *name, struct cli_report *r)
{
	sm_array *arr;
	int ret = sm_array_open(&arr, name, 0, SM_OPEN_READONLY);
	if (ret < 0)
		return ret;
	rep_u64(r, "length", sm_array_length(arr));
	rep_size(r, "element_size", sm_array_element_size(arr));
	rep_size(r, "data_size", sm_array_length(arr) * sm_array_element_size(arr));
	lock_state(r, sm_array_lock(arr));
	sm_array_close(arr);
	return 0;
}

int cli_live_buffer(const char *name, struct cli_report *r)
{
	sm_buffer *buf;
	int ret = sm_buffer_open(&buf, name, SM_OPEN_READONLY);
	if (ret < 0)
		return ret;
	rep_size(r, "size", sm_buffer_size(buf));
	lock_state(r, sm_buffer_lock(buf));
	sm_buffer_close(buf);
	return 0;
}
