/* ring_write.c — the producer side: write, write_burst, reserve/commit/abandon.
 *
 * Hot path (try_claim + smi_take_claim + publish + smi_ring_wake): one CAS
 * on head, one CAS on the node's claimer word, the copy, a release store
 * of seq and a read of the readers' asleep flag (no fence: see
 * ring_wait.c).  A spsc producer instead checks its view of tail, then
 * copies, stores seq and head.  Everything else (waiting, recovery,
 * counting waits) is on the slow path. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem/error.h"

/* A single producer facing a single consumer: how many of `want`
 * positions from `pos` are free, by its view of tail, re-read only when
 * that view says too few.  The acquire load pairs with the consumer's
 * release of tail (move_tail in ring_read.c): its reads of those nodes
 * are done before we write them.  A tail ahead of head (a damaged ring)
 * reads as full. */
static inline unsigned spsc_room(sm_ring *r, uint64_t pos, unsigned want)
{
	uint64_t n = r->node_count, used = pos - r->seen_tail;
	if (used >= n || n - used < want) {
		r->seen_tail = atomic_load_explicit(&r->ctl->tail, memory_order_acquire);
		used = pos - r->seen_tail;
		if (used >= n)
			return 0;
	}
	return n - used < want ? (unsigned)(n - used) : want;
}

/* Claim up to `want` consecutive free positions with one CAS on head, if
 * they are free right now.  Returns how many (0: none free, or lost the
 * race).  The acquire load pairs with the consumer's release in
 * free_node(): its reads of the previous message are done before we write.
 * The seq loads carry the ordering of data; head arbitrates between
 * producers. */
static inline unsigned try_claim(sm_ring *r, unsigned want, uint64_t *pos_out, uint64_t *seq_out)
{
	struct smi_ring_ctl *c = r->ctl;
	uint64_t pos = atomic_load_explicit(&c->head, memory_order_relaxed);
	if (r->spsc) {
		*pos_out = pos;
		*seq_out = 0;
		return spsc_room(r, pos, want);
	}
	struct smi_ring_node *n = smi_ring_node(r, pos);
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	*pos_out = pos;
	*seq_out = seq;
	if (seq != SEQ(pos, SEQ_FREE))
		return 0;
	unsigned k = 1;
	while (k < want) {
		n = smi_ring_next(r, n);
		if (atomic_load_explicit(&n->seq, memory_order_acquire) != SEQ(pos + k, SEQ_FREE))
			break;
		k++;
	}
	if (r->single_producer)
		return k; /* head is ours alone: it moves after publication */
	/* Release: recoverers that read head (acquire) see what this
	 * producer's predecessors on these nodes did (see smi_take_claims). */
	if (!atomic_compare_exchange_strong_explicit(&c->head, &pos, pos + k, memory_order_release,
						     memory_order_relaxed))
		return 0;
	return k;
}

/* The slow path of claiming: retry, wait for space, recover nodes held by
 * dead consumers.  `w` is the API call's waiter: a call that comes back
 * here after losing a claim keeps the deadline it started with.  Returns
 * the count (>= 1) or -errno. */
static int claim_write_slow(sm_ring *r, unsigned want, uint64_t *first, struct smi_waiter *w)
{
	for (;;) {
		uint64_t pos, seq;
		unsigned k = try_claim(r, want, &pos, &seq);
		if (k) {
			*first = pos;
			return (int)k;
		}
		/* Full: wait for the consumer to move tail (spsc), or for the
		 * node at pos to be freed. */
		_Atomic uint64_t *probe = &r->ctl->tail;
		uint64_t seen = r->seen_tail;
		bool held = false;
		if (!r->spsc) {
			/* Another producer took pos: try the next.  (A node ahead
			 * of an unmoved head only exists in a corrupt ring: then
			 * wait as on a full one, so the deadline still holds.) */
			if ((int64_t)(seq - SEQ(pos, SEQ_FREE)) >= 0 &&
			    atomic_load_explicit(&r->ctl->head, memory_order_relaxed) != pos)
				continue;
			/* The node still holds position pos - N: the ring is
			 * full, or a consumer is reading that node. */
			struct smi_ring_node *n = smi_ring_node(r, pos);
			if (smi_seq_maybe_behind(seq, pos) &&
			    smi_ring_repair_behind(r, n, pos, SMI_WAIT_SPACE))
				continue;
			uint64_t old = SEQ_POS(seq);
			held = SEQ_STATE(seq) != SEQ_FREE && /* READY, SKIP or SEQ_BAD */
			       atomic_load_explicit(&r->ctl->tail, memory_order_acquire) > old;
			if (held && smi_ring_recover_reader(r, n, old))
				continue;
			probe = &n->seq;
			seen = seq;
		}
		if (smi_ring_is_shutdown(r))
			return -SM_ESHUTDOWN;
		int e = smi_ring_wait(r, w, SMI_WAIT_SPACE, probe, seen, held);
		if (e < 0)
			return e;
		if (smi_ring_is_shutdown(r)) /* woken by the owner's close */
			return -SM_ESHUTDOWN;
	}
}

/* Claim one node and record ourselves as its holder: 0 or -errno.
 * Always inlined (it is sm_ring_write's hot path), as peek_one. */
__attribute__((always_inline)) static inline int reserve_one(sm_ring *r, int timeout_ms,
							      uint64_t *pos,
							      struct smi_ring_node **node)
{
	struct smi_waiter w; /* one deadline for every claim of this call */
	smi_waiter_init(&w, timeout_ms);
	smi_ring_hook(SMI_HOOK_WRITE_CHECKED, 0);
	for (;;) {
		uint64_t seq;
		if (__builtin_expect(!try_claim(r, 1, pos, &seq), 0)) {
			int k = claim_write_slow(r, 1, pos, &w);
			if (k < 0)
				return k;
		}
		smi_ring_hook(SMI_HOOK_WRITE_CLAIMED, *pos);
		struct smi_ring_node *n = smi_ring_node(r, *pos);
		if (r->single_producer ||
		    __builtin_expect(smi_take_claim(n, *pos, r->claim_w, CLAIM_RECLAIMED_W), 1)) {
			*node = n;
			return 0;
		}
		/* Reclaimed while we were stalled: that position is a SKIP now. */
	}
}

/* Publish a filled node.  Release pairs with the consumer's acquire load
 * of seq: the data and length are visible before the node reads READY.
 * (A single producer facing many consumers has left its own word in the
 * claimer already: claim_overtaken, sm_ring_reserve.) */
static inline void publish(struct smi_ring_node *n, uint64_t pos, uint32_t len, unsigned state)
{
	n->len = len;
	atomic_store_explicit(&n->seq, SEQ(pos, state), memory_order_release);
}

/* A single producer then moves head past what it published, once per
 * call (ring_roles.c; release pairs with a single consumer's acquire in
 * ring_read.c: the nodes before `next` are visible). */
static inline void move_head(sm_ring *r, uint64_t next)
{
	if (r->single_producer) {
		smi_ring_hook(SMI_HOOK_WRITE_PUBLISHED, next - 1);
		smi_ring_advance(&r->ctl->head, next);
	}
}

/* Has the owner's close overtaken this write, now that readers can see
 * it?  Readers that find the ring shut down make every writer's earlier
 * stores visible before they look (order_drain in ring_read.c, a
 * membarrier against the compiler barrier here): either they see this
 * write and wait for it, or this load sees the flag.  Then the write
 * must not succeed, as readers that looked before may have ended. */
static inline bool overtaken(sm_ring *r)
{
	smi_ring_store_load(r);
	return __builtin_expect(smi_ring_closing(r), 0);
}

/* A write's claim of the `k` nodes from `n` shows (head, moved by CAS,
 * shows a shared side's; a spmc producer marks the nodes with its word,
 * which it would leave there as it publishes anyway, see
 * smi_ring_producer_holds): overtaken?  A spsc producer, whose readers
 * find messages by head, asks after publishing instead, before it moves
 * head (one store less). */
static inline bool claim_overtaken(sm_ring *r, struct smi_ring_node *n, unsigned k)
{
	if (r->single_producer)
		for (unsigned i = 0; i < k; i++, n = smi_ring_next(r, n))
			atomic_store_explicit(&n->claimer, r->claim_w, memory_order_relaxed);
	return overtaken(r);
}

/* An overtaken write gives its `k` positions from `first` up unread, as
 * abandoned ones (ok: which are ours, NULL for all), and fails. */
static int give_up(sm_ring *r, uint64_t first, unsigned k, const bool *ok)
{
	struct smi_ring_node *n = smi_ring_node(r, first);
	uint64_t given = 0;
	for (unsigned i = 0; i < k; i++, n = smi_ring_next(r, n)) {
		if (ok && !ok[i])
			continue; /* reclaimed: already a SKIP */
		publish(n, first + i, 0, SEQ_SKIP);
		given++;
	}
	move_head(r, first + k);
	atomic_fetch_add_explicit(&r->ctl->abandoned, given, memory_order_relaxed);
	smi_ring_wake(r, SMI_WAIT_DATA);
	return -SM_ESHUTDOWN;
}

/* The handle may write; the caller then checks its arguments before it
 * takes a single-producer role (smi_ring_role): a refused call takes none. */
static inline int check_writer(sm_ring *r)
{
	if (__builtin_expect(!r || r->readonly, 0))
		return r ? -EBADF : -EINVAL;
	smi_ring_check_fork(r);
	if (__builtin_expect(smi_ring_closing(r), 0))
		return -SM_ESHUTDOWN;
	return 0;
}

/* The spsc producer's common case, straight through: room at head (by
 * spsc_room), in a handle that holds the role with nothing reserved, no
 * fork since, no test hook, the ring open.  The same steps as the
 * general path below, in fewer instructions.  Returns 0, -SM_ESHUTDOWN,
 * or 1 for "take the general path" (which decides everything else,
 * waiting included). */
static inline int spsc_write_fast(sm_ring *r, const void *data, size_t len)
{
	if (!r->producing || r->reserved || r->fork_gen != smi_fork_generation ||
	    smi_ring_test_hook != NULL || smi_ring_closing(r))
		return 1;
	uint64_t pos = atomic_load_explicit(&r->ctl->head, memory_order_relaxed);
	if (!spsc_room(r, pos, 1))
		return 1;
	struct smi_ring_node *n = smi_ring_node(r, pos);
	smi_copy(smi_node_data(n), data, len);
	publish(n, pos, (uint32_t)len, SEQ_READY);
	if (overtaken(r))
		return give_up(r, pos, 1, NULL);
	move_head(r, pos + 1);
	smi_count_bytes(&r->me->bytes_written, len);
	smi_ring_wake(r, SMI_WAIT_DATA);
	return 0;
}

int sm_ring_write(sm_ring *r, const void *data, size_t len, int timeout_ms)
{
	if (r && r->spsc && len <= r->node_size && (data || !len)) {
		int fast = spsc_write_fast(r, data, len);
		if (fast <= 0)
			return fast;
	}
	int e = check_writer(r);
	if (e < 0)
		return e;
	if (len > r->node_size)
		return -EMSGSIZE;
	if (len && !data)
		return -EINVAL;
	if ((e = smi_ring_role(r, SMI_ROLE_PRODUCER)) < 0)
		return e;
	uint64_t pos;
	struct smi_ring_node *n;
	e = reserve_one(r, timeout_ms, &pos, &n);
	if (e < 0)
		return e;
	if (!r->spsc && claim_overtaken(r, n, 1))
		return give_up(r, pos, 1, NULL);
	smi_copy(smi_node_data(n), data, len);
	smi_ring_hook(SMI_HOOK_WRITE_FILLED, pos);
	publish(n, pos, (uint32_t)len, SEQ_READY);
	if (r->spsc && overtaken(r))
		return give_up(r, pos, 1, NULL);
	move_head(r, pos + 1);
	smi_count_bytes(&r->me->bytes_written, len);
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
	if ((e = smi_ring_role(r, SMI_ROLE_PRODUCER)) < 0)
		return e;
	if (count > SMI_RING_BURST_MAX)
		count = SMI_RING_BURST_MAX;
	const uint8_t *src = data;
	unsigned done = 0;
	struct smi_waiter w; /* one deadline for every claim of this call */
	smi_waiter_init(&w, timeout_ms);
	smi_ring_hook(SMI_HOOK_WRITE_CHECKED, 0);
	while (done == 0) {
		uint64_t first, seq;
		int k = (int)try_claim(r, count, &first, &seq);
		if (__builtin_expect(k == 0, 0) &&
		    (k = claim_write_slow(r, count, &first, &w)) < 0)
			return k;
		smi_ring_hook(SMI_HOOK_WRITE_CLAIMED, first);
		bool ok[SMI_RING_BURST_MAX];
		if (r->single_producer)
			memset(ok, 1, (size_t)k);
		else
			smi_take_claims(r, first, (unsigned)k, r->claim_w, CLAIM_RECLAIMED_W, ok);
		struct smi_ring_node *n = smi_ring_node(r, first), *next = n;
		if (!r->spsc && claim_overtaken(r, n, (unsigned)k))
			return give_up(r, first, (unsigned)k, ok);
		for (int i = 0; i < k; i++, n = next) {
			next = smi_ring_next(r, n);
			if (!ok[i])
				continue; /* reclaimed: already a SKIP */
			smi_copy(smi_node_data(n), src + (size_t)done * msg_size, msg_size);
			smi_ring_hook(SMI_HOOK_WRITE_FILLED, first + (uint64_t)i);
			publish(n, first + (uint64_t)i, (uint32_t)msg_size, SEQ_READY);
			done++;
		}
		if (r->spsc && overtaken(r))
			return give_up(r, first, (unsigned)k, ok);
		move_head(r, first + (uint64_t)k);
	}
	smi_count_bytes(&r->me->bytes_written, (uint64_t)done * msg_size);
	smi_ring_wake(r, SMI_WAIT_DATA);
	return (int)done;
}

/* The owner shut the ring down while we reserved: readers that looked
 * before we showed the node may have finished.  Give it back unseen: a
 * single producer's node only carries our word (put the old one back),
 * a shared head's position must be published, as abandoned. */
static int reserve_too_late(sm_ring *r, struct sm_ring_slot *slot, uint32_t old_claim)
{
	if (r->producing) {
		atomic_store_explicit(&smi_ring_node(r, slot->position)->claimer, old_claim,
				      memory_order_relaxed);
		r->reserved = false;
	} else {
		sm_ring_abandon(r, slot);
	}
	slot->data = NULL;
	return -SM_ESHUTDOWN;
}

int sm_ring_reserve(sm_ring *r, struct sm_ring_slot *slot, int timeout_ms)
{
	if (!slot)
		return -EINVAL;
	int e = check_writer(r);
	if (e < 0 || (e = smi_ring_role(r, SMI_ROLE_PRODUCER)) < 0)
		return e;
	uint64_t pos;
	struct smi_ring_node *n;
	e = reserve_one(r, timeout_ms, &pos, &n);
	if (e < 0)
		return e;
	slot->data = smi_node_data(n);
	slot->capacity = r->node_size;
	slot->length = 0;
	slot->position = pos;
	uint32_t old_claim = 0;
	if (r->producing) {
		r->reserved = true;
		/* For readers at a shut-down ring (smi_ring_producer_holds) and
		 * monitors (smi_single_slot): head does not show the node. */
		old_claim = atomic_load_explicit(&n->claimer, memory_order_relaxed);
		atomic_store_explicit(&n->claimer, r->claim_w, memory_order_relaxed);
	}
	/* A reservation can outlast the owner's close: readers then wait for
	 * it (they see it: our head CAS, or the word above), unless the close
	 * overtook it. */
	if (overtaken(r))
		return reserve_too_late(r, slot, old_claim);
	return 0;
}

/* A spsc producer takes its word back from the node it reserved, after
 * head passed the node (release: a reader that finds the word gone finds
 * head moved; see smi_ring_producer_holds). */
static inline void unmark_reserved(sm_ring *r, struct smi_ring_node *n)
{
	if (r->spsc)
		atomic_store_explicit(&n->claimer, CLAIM_NONE, memory_order_release);
}

/* The node of a slot this handle reserved, or NULL.  Not in a child of
 * fork() before it registered: the slot is its parent's, whose process
 * the node names as holder. */
static struct smi_ring_node *reserved_node(sm_ring *r, const struct sm_ring_slot *slot)
{
	if (!r || !slot || r->readonly || r->fork_gen != smi_fork_generation)
		return NULL;
	struct smi_ring_node *n = smi_ring_node(r, slot->position);
	if (slot->data != smi_node_data(n))
		return NULL;
	if (r->single_producer) /* head is our slot's until we publish it */
		return r->reserved &&
			       atomic_load_explicit(&r->ctl->head, memory_order_relaxed) == slot->position
			       ? n : NULL;
	if (atomic_load_explicit(&n->seq, memory_order_relaxed) != SEQ(slot->position, SEQ_FREE) ||
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
	publish(n, slot->position, (uint32_t)len, SEQ_READY);
	move_head(r, slot->position + 1);
	unmark_reserved(r, n);
	smi_count_bytes(&r->me->bytes_written, len);
	slot->length = len;
	slot->data = NULL;
	if (r->single_producer) /* (a shared multi-role handle is never written) */
		r->reserved = false;
	smi_ring_wake(r, SMI_WAIT_DATA);
	return 0;
}

void sm_ring_abandon(sm_ring *r, struct sm_ring_slot *slot)
{
	struct smi_ring_node *n = reserved_node(r, slot);
	if (!n)
		return;
	/* Readers skip a SKIP node. */
	publish(n, slot->position, 0, SEQ_SKIP);
	move_head(r, slot->position + 1);
	unmark_reserved(r, n);
	atomic_fetch_add_explicit(&r->ctl->abandoned, 1, memory_order_relaxed);
	slot->data = NULL;
	if (r->single_producer) /* (a shared multi-role handle is never written) */
		r->reserved = false;
	smi_ring_wake(r, SMI_WAIT_DATA);
}
