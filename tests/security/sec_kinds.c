/* sec_kinds.c — see sec_kinds.h. */
#include "sec_kinds.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL "security"

int sec_for_files(const char *name, void (*fn)(const char *path, void *user), void *user)
{
	char base[128], path[300];
	snprintf(base, sizeof base, "sm.%s", name);
	size_t len = strlen(base);
	DIR *d = opendir(SM_SHM_DIR);
	if (!d)
		return -errno;
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, base, len) != 0 || (e->d_name[len] && e->d_name[len] != '.'))
			continue;
		snprintf(path, sizeof path, SM_SHM_DIR "/%s", e->d_name);
		if (fn)
			fn(path, user);
		n++;
	}
	closedir(d);
	return n;
}

/* ---- A plain segment (generic API) ---- */

static int seg_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_segment *seg;
	int r = sm_segment_create(&seg, name, SM_KIND_BUFFER, 4096, NULL, 0, &opts);
	if (r == 0)
		sm_segment_publish(seg);
	*handle = seg;
	return r;
}

static int seg_open(const char *name, unsigned flags, void **handle)
{
	sm_segment *seg;
	int r = sm_segment_open(&seg, name, SM_KIND_NONE, flags);
	*handle = seg;
	return r;
}

static void seg_close(void *handle) { sm_segment_close(handle); }
static sm_segment *seg_segment(void *handle) { return handle; }

/* ---- Buffer ---- */

static int buf_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_buffer *b;
	int r = sm_buffer_create(&b, name, 4096, &opts);
	*handle = b;
	return r;
}

static int buf_open(const char *name, unsigned flags, void **handle)
{
	sm_buffer *b;
	int r = sm_buffer_open(&b, name, flags);
	*handle = b;
	return r;
}

static void buf_close(void *handle) { sm_buffer_close(handle); }
static sm_segment *buf_segment(void *handle) { return sm_buffer_segment(handle); }

/* Every call that writes the mapping must say -EBADF on a read-only handle. */
static int lock_refuses(sm_rwlock *lock)
{
	return sm_rwlock_read_acquire(lock, 0) == -EBADF &&
	       sm_rwlock_write_acquire(lock, 0) == -EBADF &&
	       sm_rwlock_read_release(lock) == -EBADF &&
	       sm_rwlock_write_release(lock) == -EBADF ? 0 : -1;
}

static int buf_refuse_writes(void *handle)
{
	sm_buffer *b = handle;
	char x[8] = { 0 };
	if (sm_buffer_write(b, 0, x, sizeof x) != -EBADF ||
	    sm_buffer_write_locked(b, 0, x, sizeof x, 0) != -EBADF ||
	    sm_buffer_read_locked(b, 0, x, sizeof x, 0) != -EBADF ||
	    sm_buffer_read(b, 0, x, sizeof x) != 0) /* plain reads work */
		return -1;
	return lock_refuses(sm_buffer_lock(b));
}

/* ---- Array ---- */

static int arr_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_array *a;
	int r = sm_array_create(&a, name, sizeof(uint64_t), 64, &opts);
	*handle = a;
	return r;
}

static int arr_open(const char *name, unsigned flags, void **handle)
{
	sm_array *a;
	int r = sm_array_open(&a, name, 0, flags);
	*handle = a;
	return r;
}

static void arr_close(void *handle) { sm_array_close(handle); }
static sm_segment *arr_segment(void *handle) { return sm_array_segment(handle); }

static int arr_refuse_writes(void *handle)
{
	sm_array *a = handle;
	uint64_t v = 1;
	if (sm_array_set(a, 0, &v, sizeof v) != -EBADF || sm_array_write(a, 0, &v, 1) != -EBADF ||
	    sm_array_get(a, 0, &v, sizeof v) != 0)
		return -1;
	return lock_refuses(sm_array_lock(a));
}

/* ---- Ring ---- */

static int ring_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_segment_options opts = { LABEL, mode, flags };
	sm_ring *r;
	int e = sm_ring_create(&r, name, 8, 64, &opts);
	*handle = r;
	return e;
}

static int ring_open(const char *name, unsigned flags, void **handle)
{
	sm_ring *r;
	int e = sm_ring_open(&r, name, flags);
	*handle = r;
	return e;
}

static void ring_close(void *handle) { sm_ring_close(handle); }
static sm_segment *ring_segment(void *handle) { return sm_ring_segment(handle); }

static int ring_refuse_writes(void *handle)
{
	sm_ring *r = handle;
	char x[8] = { 0 };
	struct sm_ring_slot slot;
	struct sm_ring_snapshot snap;
	uint32_t lens[1];
	if (sm_ring_write(r, x, sizeof x, 0) != -EBADF || sm_ring_read(r, x, sizeof x, 0) != -EBADF ||
	    sm_ring_write_burst(r, x, sizeof x, 1, 0) != -EBADF ||
	    sm_ring_read_burst(r, x, 64, lens, 1, 0) != -EBADF ||
	    sm_ring_reserve(r, &slot, 0) != -EBADF || sm_ring_peek(r, &slot, 0) != -EBADF)
		return -1;
	return sm_ring_snapshot(r, &snap, NULL, 0); /* monitoring works */
}

/* ---- RPC channel: created by its server, opened by monitors ---- */

struct rpc_handle {
	sm_rpc *server;
	sm_rpc_monitor *monitor;
};

static int rpc_create(const char *name, unsigned mode, unsigned flags, void **handle)
{
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.mode = mode;
	opts.flags = flags;
	opts.label = LABEL;
	opts.node_count = 4;
	opts.packet_size = 256;
	struct rpc_handle *h = calloc(1, sizeof *h);
	int e = h ? sm_rpc_create(&h->server, name, &opts) : -ENOMEM;
	if (e < 0) {
		free(h);
		h = NULL;
	}
	*handle = h;
	return e;
}

/* Read-only: a monitor; read-write: a writable monitor (stats reset). */
static int rpc_open(const char *name, unsigned flags, void **handle)
{
	struct rpc_handle *h = calloc(1, sizeof *h);
	int e = h ? sm_rpc_open_monitor(&h->monitor, name,
					flags & SM_OPEN_READONLY ? 0 : SM_RPC_MONITOR_WRITABLE)
		  : -ENOMEM;
	if (e < 0) {
		free(h);
		h = NULL;
	}
	*handle = h;
	return e;
}

static void rpc_close(void *handle)
{
	struct rpc_handle *h = handle;
	if (!h)
		return;
	sm_rpc_close(h->server);
	sm_rpc_monitor_close(h->monitor);
	free(h);
}

static int rpc_refuse_writes(void *handle)
{
	struct rpc_handle *h = handle;
	struct sm_rpc_stats st;
	if (sm_rpc_monitor_reset(h->monitor) != -EBADF)
		return -1;
	return sm_rpc_stats_read(h->monitor, &st); /* reading works */
}

const struct sec_kind sec_kinds[] = {
	{ "segment", seg_create, seg_open, seg_close, seg_segment, NULL },
	{ "buffer", buf_create, buf_open, buf_close, buf_segment, buf_refuse_writes },
	{ "array", arr_create, arr_open, arr_close, arr_segment, arr_refuse_writes },
	{ "ring", ring_create, ring_open, ring_close, ring_segment, ring_refuse_writes },
	{ "rpc", rpc_create, rpc_open, rpc_close, NULL, rpc_refuse_writes },
};
const unsigned sec_n_kinds = sizeof sec_kinds / sizeof sec_kinds[0];
