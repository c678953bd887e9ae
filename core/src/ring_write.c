/* ring_write.c — the producer side: write, write_burst, reserve/commit/abandon. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem/error.h"

/* Claim up to `want` consecutive free positions with one CAS on head.
 * Returns how many (>= 1) with the first in *first, or -errno. */
static int claim_write(sm_ring *r, unsigned want, uint64_t *first, struct smi_waiter *w)
{
	struct smi_ring_ctl *c = r->ctl;
	uint64_t pos = atomic_load_explicit(&c->head, memory_order_relaxed);
	for (;;) {
		struct smi_ring_node *n = smi_ring_node(r, pos);
		/* Acquire pairs with the consumer's release of this node: its
		 * reads of the previous message are done before we write. */
		uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
		int64_t dif = (int64_t)(seq - SEQ(pos, SEQ_FREE));
		if (dif == 0) {
			unsigned k = 1;
			while (k < want &&
			       atomic_load_explicit(&smi_ring_node(r, pos + k)->seq, memory_order_acquire) ==
				       SEQ(pos + k, SEQ_FREE))
				k++;
			/* Relaxed: the seq loads above carry the ordering; head
			 * only arbitrates between producers. */
			if (atomic_compare_exchange_weak_explicit(&c->head, &pos, pos + k,
								  memory_order_relaxed, memory_order_relaxed)) {
				*first = pos;
				return (int)k;
			}
		} else if (dif < 0) {
			/* The node still holds position pos - N: the ring is full,
			 * or a consumer is reading that node. */
			uint64_t old = SEQ_POS(seq);
			bool held = SEQ_STATE(seq) != SEQ_FREE &&
				    atomic_load_explicit(&c->tail, memory_order_relaxed) > old;
			if (held && smi_ring_recover_reader(r, w, n, old))
				continue;
			if (smi_ring_is_shutdown(r))
				return -SM_ESHUTDOWN;
			int e = smi_ring_wait(r, w, SMI_WAIT_SPACE, &n->seq, seq, held);
			if (e < 0)
				return e;
			if (smi_ring_is_shutdown(r)) /* woken by the owner's close */
				return -SM_ESHUTDOWN;
			pos = atomic_load_explicit(&c->head, memory_order_relaxed);
		} else {
			pos = atomic_load_explicit(&c->head, memory_order_relaxed);
		}
	}
}

/* Publish a filled node.  Release pairs with the consumer's acquire load
 * of seq: the data and length are visible before the node reads READY. */
static inline void publish(struct smi_ring_node *n, uint64_t pos, uint32_t len)
{
	n->len = len;
	atomic_store_explicit(&n->seq, SEQ(pos, SEQ_READY), memory_order_release);
}

/* Bytes are counted in this process's slot; a relaxed load+store, not an
 * atomic add: only this handle writes it (threads sharing one handle may
 * undercount slightly, a monitor's figure, not a delivery count). */
static inline void count_bytes(_Atomic uint64_t *ctr, uint64_t bytes)
{
	atomic_store_explicit(ctr, atomic_load_explicit(ctr, memory_order_relaxed) + bytes,
			      memory_order_relaxed);
}

static int check_writer(sm_ring *r)
{
	if (!r)
		return -EINVAL;
	if (r->readonly)
		return -EBADF;
	smi_ring_check_fork(r);
	if (smi_ring_is_shutdown(r))
		return -SM_ESHUTDOWN;
	return 0;
}

/* Claim one node and record ourselves as its holder. */
static int reserve_one(sm_ring *r, int timeout_ms, uint64_t *pos)
{
	struct smi_waiter w;
	smi_waiter_init(&w, timeout_ms);
	for (;;) {
		int k = claim_write(r, 1, pos, &w);
		if (k < 0)
			return k;
		smi_ring_hook(SMI_HOOK_WRITE_CLAIMED, *pos);
		if (smi_take_claim(smi_ring_node(r, *pos), r->claim_w, CLAIM_RECLAIMED_W))
			return 0;
		/* Reclaimed while we were stalled: that position is a SKIP now. */
	}
}

int sm_ring_write(sm_ring *r, const void *data, size_t len, int timeout_ms)
{
	int e = check_writer(r);
	if (e < 0)
		return e;
	if (len > r->node_size)
		return -EMSGSIZE;
	if (len && !data)
		return -EINVAL;
	uint64_t pos;
	e = reserve_one(r, timeout_ms, &pos);
	if (e < 0)
		return e;
	struct smi_ring_node *n = smi_ring_node(r, pos);
	if (len) /* data may be NULL for an empty message */
		memcpy(smi_node_data(n), data, len);
	smi_ring_hook(SMI_HOOK_WRITE_FILLED, pos);
	publish(n, pos, (uint32_t)len);
	count_bytes(&r->procs[r->slot].bytes_written, len);
	smi_ring_wake(r, SMI_WAIT_DATA);
	return 0;
}

int sm_ring_write_burst(sm_ring *r, const void *data, size_t msg_size, unsigned count,
			int timeout_ms)
{
	int e = check_writer(r);
	if (e < 0)
		return e;
	if (msg_size > r->node_size)
		return -EMSGSIZE;
	if (count == 0 || (msg_size && !data))
		return -EINVAL;
	struct smi_waiter w;
	smi_waiter_init(&w, timeout_ms);
	const uint8_t *src = data;
	unsigned done = 0;
	while (done == 0) {
		uint64_t first;
		int k = claim_write(r, count, &first, &w);
		if (k < 0)
			return k;
		smi_ring_hook(SMI_HOOK_WRITE_CLAIMED, first);
		for (int i = 0; i < k; i++) {
			struct smi_ring_node *n = smi_ring_node(r, first + (uint64_t)i);
			if (!smi_take_claim(n, r->claim_w, CLAIM_RECLAIMED_W))
				continue; /* reclaimed: already a SKIP */
			memcpy(smi_node_data(n), src + (size_t)done * msg_size, msg_size);
			publish(n, first + (uint64_t)i, (uint32_t)msg_size);
			done++;
		}
	}
	count_bytes(&r->procs[r->slot].bytes_written, (uint64_t)done * msg_size);
	smi_ring_wake(r, SMI_WAIT_DATA);
	return (int)done;
}

int sm_ring_reserve(sm_ring *r, struct sm_ring_slot *slot, int timeout_ms)
{
	if (!slot)
		return -EINVAL;
	int e = check_writer(r);
	if (e < 0)
		return e;
	uint64_t pos;
	e = reserve_one(r, timeout_ms, &pos);
	if (e < 0)
		return e;
	slot->data = smi_node_data(smi_ring_node(r, pos));
	slot->capacity = r->node_size;
	slot->length = 0;
	slot->position = pos;
	return 0;
}

/* The node of a slot this handle reserved, or NULL. */
static struct smi_ring_node *reserved_node(sm_ring *r, const struct sm_ring_slot *slot)
{
	if (!r || !slot || r->readonly)
		return NULL;
	struct smi_ring_node *n = smi_ring_node(r, slot->position);
	if (slot->data != smi_node_data(n) ||
	    atomic_load_explicit(&n->seq, memory_order_relaxed) != SEQ(slot->position, SEQ_FREE) ||
	    atomic_load_explicit(&n->claimer, memory_order_relaxed) != r->claim_w)
		return NULL;
	return n;
}

int sm_ring_commit(sm_ring *r, struct sm_ring_slot *slot, size_t len)
{
	struct smi_ring_node *n = reserved_node(r, slot);
	if (!n)
		return -EINVAL;
	if (len > r->node_size)
		return -EMSGSIZE; /* still reserved: commit less, or abandon */
	smi_ring_hook(SMI_HOOK_WRITE_FILLED, slot->position);
	publish(n, slot->position, (uint32_t)len);
	count_bytes(&r->procs[r->slot].bytes_written, len);
	slot->length = len;
	slot->data = NULL;
	smi_ring_wake(r, SMI_WAIT_DATA);
	return 0;
}

void sm_ring_abandon(sm_ring *r, struct sm_ring_slot *slot)
{
	struct smi_ring_node *n = reserved_node(r, slot);
	if (!n)
		return;
	/* Readers skip a SKIP node; release pairs with their acquire. */
	n->len = 0;
	atomic_store_explicit(&n->seq, SEQ(slot->position, SEQ_SKIP), memory_order_release);
	atomic_fetch_add_explicit(&r->ctl->abandoned, 1, memory_order_relaxed);
	slot->data = NULL;
	smi_ring_wake(r, SMI_WAIT_DATA);
}
