/* fuzz_kinds.c — see fuzz_kinds.h. */
#include "fuzz_kinds.h"

#include <errno.h>
#include <string.h>

#include "fuzz_util.h"

/* What a kind's own open must return for this file: the generic
 * validation's error, -SM_EWRONGKIND for another kind, else 0 or
 * -SM_EBADHEADER / -SM_EVERSION (its own parameters may be inconsistent). */
static void check_open_result(int r, const char *name, const struct sm_header *h, int valid,
			      uint32_t kind)
{
	if (r == -ENOENT && !fz_exists(name))
		return; /* removed by someone else meanwhile */
	if (valid < 0)
		FZ_ASSERT_EQ(r, valid);
	else if (h->kind != kind)
		FZ_ASSERT_EQ(r, -SM_EWRONGKIND);
	else
		FZ_ASSERT(r == 0 || r == -SM_EBADHEADER || r == -SM_EVERSION);
}

/* [p, p+n) lies inside the segment's payload. */
static void inside_payload(const sm_segment *seg, const void *p, uint64_t n)
{
	const char *lo = sm_segment_payload(seg), *q = p;
	FZ_ASSERT(q >= lo && n <= sm_segment_payload_size(seg) &&
		  (uint64_t)(q - lo) <= sm_segment_payload_size(seg) - n);
}

/* Lock calls on a fuzzed lock word: they must come back (timeout 0), with
 * one of the documented results, and whatever was taken is given back. */
static void poke_lock(sm_rwlock *lock, bool readonly)
{
	struct sm_rwlock_info info;
	FZ_ASSERT_EQ(sm_rwlock_get_info(lock, &info), 0);
	FZ_ASSERT(info.readers <= SM_RWLOCK_MAX_READERS);
	int r = sm_rwlock_write_acquire(lock, 0);
	if (readonly) {
		FZ_ASSERT_EQ(r, -EBADF);
		FZ_ASSERT_EQ(sm_rwlock_read_acquire(lock, 0), -EBADF);
		return;
	}
	/* (-EDEADLK: the fuzzed writer is this very process) */
	FZ_ASSERT(r == 0 || r == SM_LOCK_RECOVERED || r == -ETIMEDOUT || r == -EDEADLK);
	if (r >= 0)
		FZ_ASSERT_EQ(sm_rwlock_write_release(lock), 0);
	r = sm_rwlock_read_acquire(lock, 0);
	FZ_ASSERT(r == 0 || r == SM_LOCK_RECOVERED || r == -ETIMEDOUT || r == -EDEADLK);
	if (r >= 0)
		FZ_ASSERT_EQ(sm_rwlock_read_release(lock), 0);
}

static void buffer_kind(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_buffer *b = NULL;
	int r = sm_buffer_open(&b, name, flags);
	check_open_result(r, name, h, valid, SM_KIND_BUFFER);
	if (r < 0)
		return;
	uint64_t size = sm_buffer_size(b);
	inside_payload(sm_buffer_segment(b), sm_buffer_data(b), size);
	fz_touch(sm_buffer_data(b), size);
	uint8_t x[8];
	if (size >= sizeof x) {
		FZ_ASSERT_EQ(sm_buffer_read(b, size - sizeof x, x, sizeof x), 0);
		r = sm_buffer_write(b, size - sizeof x, x, sizeof x);
		FZ_ASSERT_EQ(r, flags & SM_OPEN_READONLY ? -EBADF : 0);
	}
	FZ_ASSERT_EQ(sm_buffer_read(b, size, x, 1), -ERANGE);
	poke_lock(sm_buffer_lock(b), flags & SM_OPEN_READONLY);
	sm_buffer_close(b);
}

static void array_kind(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_array *a = NULL;
	int r = sm_array_open(&a, name, 0, flags);
	check_open_result(r, name, h, valid, SM_KIND_ARRAY);
	if (r < 0)
		return;
	uint64_t n = sm_array_length(a);
	size_t es = sm_array_element_size(a);
	FZ_ASSERT(n >= 1 && es >= 1 && n <= UINT64_MAX / es);
	inside_payload(sm_array_segment(a), sm_array_data(a), n * es);
	fz_touch(sm_array_data(a), n * es);
	uint8_t *e = malloc(es);
	FZ_ASSERT(e);
	FZ_ASSERT_EQ(sm_array_get(a, n - 1, e, es), 0);
	FZ_ASSERT_EQ(sm_array_get(a, n, e, es), -ERANGE);
	r = sm_array_set(a, n - 1, e, es);
	FZ_ASSERT_EQ(r, flags & SM_OPEN_READONLY ? -EBADF : 0);
	FZ_ASSERT(sm_array_find(a, e, es) >= 0);
	free(e);
	poke_lock(sm_array_lock(a), flags & SM_OPEN_READONLY);
	sm_array_close(a);
}

/* What a call that found nothing to do at once may return: its timeout,
 * the shutdown, or (calls move head and tail by the fuzzed nodes) head
 * and tail at positions no ring could hold. */
static bool ring_gave_up(long r)
{
	return r == -ETIMEDOUT || r == -SM_ESHUTDOWN || r == -SM_EBADHEADER;
}

/* Every call a handle allows, none of which may wait (timeout 0): on a
 * fuzzed ring they must come back with a documented result. */
static void ring_calls(sm_ring *ring, bool readonly)
{
	uint32_t size = sm_ring_node_size(ring), n = sm_ring_node_count(ring);
	uint8_t *buf = malloc(size);
	FZ_ASSERT(buf);
	memset(buf, 0x5a, size);
	int r = sm_ring_write(ring, buf, size, 0);
	FZ_ASSERT(readonly ? r == -EBADF : (r == 0 || ring_gave_up(r)));
	r = sm_ring_write(ring, buf, (size_t)size + 1, 0); /* too long: never written */
	FZ_ASSERT(readonly ? r == -EBADF : (r == -EMSGSIZE || r == -SM_ESHUTDOWN));
	/* A node whose stored length exceeds node_size is passed over
	 * (counted corrupt), never -SM_ETOOSMALL for a node_size buffer. */
	ssize_t got = sm_ring_read(ring, buf, size, 0);
	FZ_ASSERT(readonly ? got == -EBADF
			   : ((got >= 0 && got <= size) || ring_gave_up(got)));
	struct sm_ring_slot slot;
	r = sm_ring_peek(ring, &slot, 0);
	FZ_ASSERT(readonly ? r == -EBADF : (r == 0 || ring_gave_up(r)));
	if (r == 0) {
		FZ_ASSERT(slot.length <= size && slot.capacity == size);
		fz_touch(slot.data, slot.length);
		sm_ring_release(ring, &slot);
	}
	r = sm_ring_reserve(ring, &slot, 0);
	FZ_ASSERT(readonly ? r == -EBADF : (r == 0 || ring_gave_up(r)));
	if (r == 0) {
		fz_touch(slot.data, slot.capacity);
		sm_ring_abandon(ring, &slot);
	}
	/* What a monitor sees, node states included. */
	uint8_t *states = malloc(n);
	FZ_ASSERT(states);
	struct sm_ring_snapshot snap;
	FZ_ASSERT_EQ(sm_ring_snapshot(ring, &snap, states, n), 0);
	FZ_ASSERT(snap.node_count == n && snap.node_size == size && snap.occupancy <= n);
	for (uint32_t i = 0; i < n; i++)
		FZ_ASSERT(states[i] <= SM_NODE_ABANDONED);
	FZ_ASSERT_EQ(sm_ring_snapshot(ring, &snap, states, n / 2), 0);
	free(states);
	free(buf);
}

static void ring_kind(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_ring *ring = NULL;
	int r = sm_ring_open(&ring, name, flags);
	check_open_result(r, name, h, valid, SM_KIND_RING);
	if (r < 0)
		return;
	const sm_segment *seg = sm_ring_segment(ring);
	FZ_ASSERT(sm_ring_node_count(ring) >= 2 && sm_ring_node_size(ring) >= 1);
	FZ_ASSERT((uint64_t)sm_ring_node_count(ring) * sm_ring_node_size(ring) <=
		  sm_segment_payload_size(seg));
	ring_calls(ring, flags & SM_OPEN_READONLY);
	sm_ring_close(ring);
}

/* An RPC channel as monitors see it, and a client's connect (which must
 * fail cleanly: a fuzzed file has no rings beside it). */
static void rpc_kind(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_rpc_monitor *mon = NULL;
	int r = sm_rpc_open_monitor(&mon, name, flags & SM_OPEN_READONLY ? 0 : SM_RPC_MONITOR_WRITABLE);
	check_open_result(r, name, h, valid, SM_KIND_RPC);
	if (r < 0)
		return;
	struct sm_rpc_stats st;
	FZ_ASSERT_EQ(sm_rpc_stats_read(mon, &st), 0);
	FZ_ASSERT_EQ(sm_rpc_monitor_reset(mon), flags & SM_OPEN_READONLY ? -EBADF : 0);
	sm_rpc_monitor_close(mon);
	if (flags & SM_OPEN_READONLY)
		return;
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	sm_rpc *rpc = NULL;
	r = sm_rpc_connect(&rpc, name, &opts);
	if (r == 0) /* cannot be: there are no rings beside a fuzzed file */
		sm_rpc_close(rpc);
	FZ_ASSERT(r < 0 && rpc == NULL);
}

void fz_open_kinds(const char *name, const struct sm_header *h, int valid)
{
	for (unsigned flags = 0; flags <= SM_OPEN_READONLY; flags += SM_OPEN_READONLY) {
		buffer_kind(name, h, valid, flags);
		array_kind(name, h, valid, flags);
		ring_kind(name, h, valid, flags);
		rpc_kind(name, h, valid, flags);
	}
}

void fz_monitor_kinds(const char *name)
{
	sm_ring *ring = NULL;
	if (sm_ring_open(&ring, name, SM_OPEN_READONLY) == 0) {
		ring_calls(ring, true);
		sm_ring_close(ring);
	}
	sm_rpc_monitor *mon = NULL;
	if (sm_rpc_open_monitor(&mon, name, 0) == 0) {
		struct sm_rpc_stats st;
		FZ_ASSERT_EQ(sm_rpc_stats_read(mon, &st), 0);
		sm_rpc_monitor_close(mon);
	}
}
