/* ring_read.c — the consumer side: read, read_burst, peek/release. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem/error.h"

/* Position pos is published: READY, SKIP, or SEQ_BAD (a damaged node,
 * which consumers claim like a SKIP so that it never blocks them). */
static inline bool published(uint64_t seq, uint64_t pos)
{
	return SEQ_POS(seq) == pos && SEQ_STATE(seq) != SEQ_FREE;
}

/* A message that a buffer of `cap` bytes cannot take, to be left in place
 * (-SM_ETOOSMALL).  A length over node_size is no message at all: that
 * node is claimed and passed over as corrupt (see pass_corrupt). */
static inline bool too_long(const sm_ring *r, uint64_t seq, const struct smi_ring_node *n,
			    size_t cap)
{
	if (__builtin_expect(SEQ_STATE(seq) != SEQ_READY, 0))
		return false;
	uint32_t len = smi_node_len(n);
	return len > cap && len <= r->node_size;
}

/* A single consumer facing a single producer: how many of `want`
 * positions from `pos` are published, by its view of head, re-read only
 * when that view says too few.  The acquire load pairs with the
 * producer's release of head (move_head in ring_write.c): the nodes
 * below it are filled.  A head more than a lap ahead (a damaged ring)
 * reads as empty. */
static inline unsigned spsc_ready(sm_ring *r, uint64_t pos, unsigned want)
{
	uint64_t n = r->node_count, ready = r->seen_head - pos;
	if (ready < want || ready > n) {
		r->seen_head = atomic_load_explicit(&r->ctl->head, memory_order_acquire);
		ready = r->seen_head - pos;
		if (ready == 0 || ready > n)
			return 0;
	}
	return ready < want ? (unsigned)ready : want;
}

/* Claim up to `want` consecutive published positions with one CAS on
 * tail, if they are published right now.  A message longer than `cap` at
 * the first position is left in place (-SM_ETOOSMALL); later ones end the
 * run instead.  (The length is checked again once the node is ours.)  Returns the count, 0 (nothing published, or lost the
 * race) or -SM_ETOOSMALL.  The acquire loads pair with the producer's
 * release in publish(): length and data are visible once seq is READY.
 * The CAS releases for recoverers, as in ring_write.c. */
static inline int try_claim(sm_ring *r, unsigned want, size_t cap, uint64_t *pos_out,
			    uint64_t *seq_out)
{
	struct smi_ring_ctl *c = r->ctl;
	uint64_t pos = atomic_load_explicit(&c->tail, memory_order_relaxed);
	struct smi_ring_node *n = smi_ring_node(r, pos);
	*pos_out = pos;
	if (r->spsc) {
		unsigned ready = spsc_ready(r, pos, want);
		*seq_out = 0;
		if (!ready)
			return 0;
		want = ready;
	}
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	*seq_out = seq;
	if (!r->spsc && !published(seq, pos))
		return 0;
	if (too_long(r, seq, n, cap))
		return -SM_ETOOSMALL;
	unsigned k = 1;
	struct smi_ring_node *m = n;
	while (k < want) {
		m = smi_ring_next(r, m);
		uint64_t s = atomic_load_explicit(&m->seq, memory_order_acquire);
		if ((!r->spsc && !published(s, pos + k)) || too_long(r, s, m, cap))
			break;
		k++;
	}
	if (r->single_consumer)
		return (int)k; /* tail is ours alone: it moves as nodes are freed */
	if (!atomic_compare_exchange_strong_explicit(&c->tail, &pos, pos + k, memory_order_release,
						     memory_order_relaxed))
		return 0;
	return (int)k;
}

/* A reader found the ring shut down.  Writers show their claim, then
 * check the flag (overtaken in ring_write.c); a barrier in every
 * writer now makes the claims of those that did not see the flag visible
 * to us.  Once per handle: a writer that checks after it sees the flag. */
static void order_drain(sm_ring *r)
{
	if (atomic_load_explicit(&r->drain_ordered, memory_order_acquire))
		return;
	if (smi_ring_barrier_all(r)) /* else it fenced: again next time */
		atomic_store_explicit(&r->drain_ordered, true, memory_order_release);
}

/* Wait for a message at node `n`, whose word read `seq`: a spsc consumer
 * watches head instead of the node (as last seen by spsc_ready()). */
static int wait_data(sm_ring *r, struct smi_waiter *w, struct smi_ring_node *n, uint64_t seq,
		     bool held)
{
	_Atomic uint64_t *probe = r->spsc ? &r->ctl->head : &n->seq;
	return smi_ring_wait(r, w, SMI_WAIT_DATA, probe, r->spsc ? r->seen_head : seq, held);
}

/* The slow path of claiming: retry, wait for messages, recover nodes held
 * by dead producers.  `w` is the API call's waiter: a call that comes back
 * here after passing a SKIP keeps the deadline it started with.  Returns
 * the count (>= 1) or -errno. */
static int claim_read_slow(sm_ring *r, unsigned want, size_t cap, uint64_t *first,
			   struct smi_waiter *w)
{
	struct smi_ring_ctl *c = r->ctl;
	for (;;) {
		uint64_t pos, seq;
		int k = try_claim(r, want, cap, &pos, &seq);
		if (k != 0) {
			*first = pos;
			return k;
		}
		/* Another consumer took pos: try the next.  (A node ahead of an
		 * unmoved tail only exists in a corrupt ring: then wait as on an
		 * empty one, so the deadline still holds.) */
		if (seq >= SEQ(pos, SEQ_READY) &&
		    atomic_load_explicit(&c->tail, memory_order_relaxed) != pos)
			continue;
		/* Not published yet: empty, or a producer is filling it (or a
		 * consumer still reads the previous lap: just wait). */
		struct smi_ring_node *n = smi_ring_node(r, pos);
		if (!r->spsc && smi_seq_maybe_behind(seq, pos) &&
		    smi_ring_repair_behind(r, n, pos, SMI_WAIT_DATA))
			continue;
		bool held = !r->spsc && seq == SEQ(pos, SEQ_FREE) &&
			    atomic_load_explicit(&c->head, memory_order_acquire) > pos;
		if (held && smi_ring_recover_writer(r, n, pos))
			continue;
		if (!held && smi_ring_is_shutdown(r)) {
			order_drain(r);
			if (smi_ring_producer_holds(r, pos)) {
				held = true; /* drained once it is published */
			} else if (atomic_load_explicit(&c->head, memory_order_acquire) <= pos) {
				if (r->spsc && smi_ring_finish_dead_producer(r))
					continue; /* a dead producer's last messages */
				return -SM_ESHUTDOWN; /* drained */
			}
		}
		int e = wait_data(r, w, n, seq, held);
		if (e < 0)
			return e;
	}
}

static inline int claim_read(sm_ring *r, unsigned want, size_t cap, uint64_t *first,
			     uint64_t *seq, struct smi_waiter *w)
{
	int k = try_claim(r, want, cap, first, seq);
	if (__builtin_expect(k > 0, 1))
		return k;
	if (k < 0)
		return k;
	return claim_read_slow(r, want, cap, first, w);
}

/* Free a node for its next lap.  Release pairs with the producer's acquire
 * load in try_claim() (ring_write.c): our reads of the message happen
 * before its writes.  In a spsc ring moving tail frees it (move_tail).
 * A single consumer facing many producers also leaves its own word in the
 * claimer (see the claimer word in ring_internal.h). */
static inline void free_node(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	if (r->spsc)
		return;
	if (r->single_consumer)
		atomic_store_explicit(&n->claimer, r->claim_r, memory_order_relaxed);
	atomic_store_explicit(&n->seq, SEQ(pos + r->node_count, SEQ_FREE), memory_order_release);
}

/* A single consumer then moves tail past what it freed, once per call
 * (ring_roles.c; release pairs with a single producer's acquire of tail). */
static inline void move_tail(sm_ring *r, uint64_t next)
{
	if (r->single_consumer) {
		smi_ring_hook(SMI_HOOK_READ_FREED, next - 1);
		smi_ring_advance(&r->ctl->tail, next);
	}
}

/* Free one node and move past it. */
static inline void release_one(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	free_node(r, n, pos);
	move_tail(r, pos + 1);
}

/* Pass a SKIP position we hold: free its node. */
static void pass_skip(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	release_one(r, n, pos);
	atomic_fetch_add_explicit(&r->ctl->skipped, 1, memory_order_relaxed);
}

/* Pass a damaged node we hold: free it and count it corrupt. */
static void pass_corrupt(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	release_one(r, n, pos);
	atomic_fetch_add_explicit(&r->ctl->corrupt, 1, memory_order_relaxed);
}

/* Pass a position we hold that is not a message (SKIP or SEQ_BAD). */
static void pass_non_message(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	if (atomic_load_explicit(&n->seq, memory_order_relaxed) == SEQ(pos, SEQ_SKIP))
		pass_skip(r, n, pos);
	else
		pass_corrupt(r, n, pos);
}

/* Take a claimed position as ours.  Returns 1 with a message (its length,
 * <= cap, in *len), 0 if it was nothing for us (a SKIP or a
 * damaged node we passed, or reclaimed from us).  The length is loaded
 * once, here, after the node became ours: a ring-written node cannot
 * change any more, so a length over `cap` (checked before the claim) or
 * over node_size was written by another process: the node is corrupt. */
static inline int take_position(sm_ring *r, struct smi_ring_node *n, uint64_t pos, size_t cap,
				uint32_t *len)
{
	if (!r->single_consumer &&
	    __builtin_expect(!smi_take_claim(n, pos, r->claim_r, CLAIM_RECLAIMED_R), 0))
		return 0; /* reclaimed while we stalled: counted lost */
	if (__builtin_expect(atomic_load_explicit(&n->seq, memory_order_relaxed) !=
				     SEQ(pos, SEQ_READY), 0)) {
		pass_non_message(r, n, pos);
		return 0;
	}
	*len = smi_node_len(n);
	if (__builtin_expect(*len > cap || *len > r->node_size, 0)) {
		pass_corrupt(r, n, pos);
		return 0;
	}
	return 1;
}

/* The handle may read; the caller then checks its arguments before it
 * takes a single-consumer role (smi_ring_role): a refused call takes none. */
static inline int check_reader(sm_ring *r)
{
	if (__builtin_expect(!r || r->readonly, 0))
		return r ? -EBADF : -EINVAL;
	smi_ring_check_fork(r);
	return 0;
}

/* Claim one position holding a message of at most `cap` bytes (*len) in
 * node *node.  Always inlined: the position, length and node then stay in
 * registers instead of going through memory. */
__attribute__((always_inline)) static inline int peek_one(sm_ring *r, size_t cap, int timeout_ms,
							   uint64_t *pos, uint32_t *len,
							   struct smi_ring_node **node)
{
	struct smi_waiter w; /* one deadline for every claim of this call */
	smi_waiter_init(&w, timeout_ms);
	for (;;) {
		uint64_t seq;
		int k = claim_read(r, 1, cap, pos, &seq, &w);
		if (k < 0)
			return k;
		smi_ring_hook(SMI_HOOK_READ_CLAIMED, *pos);
		*node = smi_ring_node(r, *pos);
		if (take_position(r, *node, *pos, cap, len))
			return 0;
		smi_ring_wake(r, SMI_WAIT_SPACE); /* a skipped node was freed */
	}
}

/* The spsc consumer's common case, straight through: a message at tail
 * (by spsc_ready) that fits, in a handle that holds the role with nothing
 * peeked, no fork since, no test hook.  The same steps as the general
 * path below (whose claim and take also load seq and length, and call the
 * hooks), in fewer instructions.  Returns the length, or -1 for "take the
 * general path" (which decides everything else, waiting included). */
static inline ssize_t spsc_read_fast(sm_ring *r, void *dst, size_t cap)
{
	if (!r->consuming || r->peeked || r->fork_gen != smi_fork_generation ||
	    smi_ring_test_hook != NULL)
		return -1;
	uint64_t pos = atomic_load_explicit(&r->ctl->tail, memory_order_relaxed);
	if (!spsc_ready(r, pos, 1))
		return -1;
	struct smi_ring_node *n = smi_ring_node(r, pos);
	/* Relaxed: the acquire load of head that gave the view ordered these. */
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_relaxed);
	uint32_t len = smi_node_len(n);
	if (seq != SEQ(pos, SEQ_READY) || len > cap || len > r->node_size)
		return -1;
	smi_copy(dst, smi_node_data(n), len);
	release_one(r, n, pos);
	smi_count_bytes(&r->me->bytes_read, len);
	smi_ring_wake(r, SMI_WAIT_SPACE);
	return (ssize_t)len;
}

ssize_t smi_ring_look(sm_ring *r, void *dst, size_t cap)
{
	uint64_t pos = atomic_load_explicit(&r->ctl->tail, memory_order_relaxed);
	if (r->spsc && !spsc_ready(r, pos, 1))
		return -1;
	struct smi_ring_node *n = smi_ring_node(r, pos);
	/* Acquire pairs with the producer's release in publish(): the length
	 * and data of a READY node are visible. */
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	uint32_t len = smi_node_len(n);
	if (seq != SEQ(pos, SEQ_READY) || len > r->node_size)
		return -1;
	smi_copy(dst, smi_node_data(n), len < cap ? len : cap);
	return (ssize_t)len;
}

int smi_ring_await_next(sm_ring *r, int timeout_ms)
{
	struct smi_ring_ctl *c = r->ctl;
	struct smi_waiter w;
	smi_waiter_init(&w, timeout_ms);
	for (;;) {
		uint64_t pos = atomic_load_explicit(&c->tail, memory_order_relaxed);
		struct smi_ring_node *n = smi_ring_node(r, pos);
		uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
		if (r->spsc ? spsc_ready(r, pos, 1) != 0 : published(seq, pos))
			return 0;
		if (smi_ring_is_shutdown(r))
			return 0; /* a read tells what became of it */
		/* As claim_read_slow() waits (a node held by a dead producer
		 * is left to the read that claims it: this wait just ends). */
		int e = wait_data(r, &w, n, seq, false);
		if (e < 0)
			return e;
	}
}

ssize_t sm_ring_read(sm_ring *r, void *dst, size_t cap, int timeout_ms)
{
	if (r && r->spsc && (dst || !cap)) {
		ssize_t got = spsc_read_fast(r, dst, cap);
		if (got >= 0)
			return got;
	}
	int e = check_reader(r);
	if (e < 0)
		return e;
	if (cap && !dst)
		return -EINVAL;
	if ((e = smi_ring_role(r, SMI_ROLE_CONSUMER)) < 0)
		return e;
	uint64_t pos;
	uint32_t len;
	struct smi_ring_node *n;
	e = peek_one(r, cap, timeout_ms, &pos, &len, &n);
	if (e < 0)
		return e;
	smi_copy(dst, smi_node_data(n), len); /* dst may be NULL when len is 0 */
	smi_ring_hook(SMI_HOOK_READ_COPIED, pos);
	release_one(r, n, pos);
	smi_count_bytes(&r->me->bytes_read, len);
	smi_ring_wake(r, SMI_WAIT_SPACE);
	return (ssize_t)len;
}

int sm_ring_read_burst(sm_ring *r, void *dst, size_t stride, uint32_t *lens, unsigned max,
		       int timeout_ms)
{
	int e = check_reader(r);
	if (e < 0)
		return e;
	if (max == 0 || !dst || !lens || stride < r->node_size)
		return -EINVAL;
	if ((e = smi_ring_role(r, SMI_ROLE_CONSUMER)) < 0)
		return e;
	if (max > SMI_RING_BURST_MAX)
		max = SMI_RING_BURST_MAX;
	uint8_t *out = dst;
	unsigned got = 0;
	uint64_t bytes = 0;
	struct smi_waiter w; /* one deadline for every claim of this call */
	smi_waiter_init(&w, timeout_ms);
	while (got == 0) {
		uint64_t first, seq;
		int k = claim_read(r, max, stride, &first, &seq, &w);
		if (k < 0)
			return k;
		smi_ring_hook(SMI_HOOK_READ_CLAIMED, first);
		bool ok[SMI_RING_BURST_MAX];
		if (r->single_consumer)
			memset(ok, 1, (size_t)k);
		else
			smi_take_claims(r, first, (unsigned)k, r->claim_r, CLAIM_RECLAIMED_R, ok);
		struct smi_ring_node *n = smi_ring_node(r, first), *next = n;
		for (int i = 0; i < k; i++, n = next) {
			uint64_t pos = first + (uint64_t)i;
			next = smi_ring_next(r, n);
			uint32_t len;
			if (!ok[i])
				continue; /* reclaimed while we stalled: counted lost */
			if (__builtin_expect(atomic_load_explicit(&n->seq, memory_order_relaxed) !=
						     SEQ(pos, SEQ_READY), 0)) {
				pass_non_message(r, n, pos);
				continue;
			}
			len = smi_node_len(n);
			if (__builtin_expect(len > r->node_size, 0)) { /* stride >= node_size */
				pass_corrupt(r, n, pos);
				continue;
			}
			smi_copy(out + (size_t)got * stride, smi_node_data(n), len);
			lens[got++] = len;
			bytes += len;
			free_node(r, n, pos);
		}
		move_tail(r, first + (uint64_t)k);
		if (got == 0) /* only skipped nodes freed: wake before we wait */
			smi_ring_wake(r, SMI_WAIT_SPACE);
	}
	smi_count_bytes(&r->me->bytes_read, bytes);
	smi_ring_wake(r, SMI_WAIT_SPACE);
	return (int)got;
}

int sm_ring_peek(sm_ring *r, struct sm_ring_slot *slot, int timeout_ms)
{
	if (!slot)
		return -EINVAL;
	int e = check_reader(r);
	if (e < 0 || (e = smi_ring_role(r, SMI_ROLE_CONSUMER)) < 0)
		return e;
	uint64_t pos;
	uint32_t len;
	struct smi_ring_node *n;
	e = peek_one(r, r->node_size, timeout_ms, &pos, &len, &n);
	if (e < 0)
		return e;
	slot->data = smi_node_data(n);
	slot->capacity = r->node_size;
	slot->length = len;
	slot->position = pos;
	if (r->consuming) {
		r->peeked = true;
		if (!r->spsc) /* for monitors: tail does not show it (smi_single_slot) */
			atomic_store_explicit(&n->claimer, r->claim_r, memory_order_relaxed);
	}
	return 0;
}

void sm_ring_release(sm_ring *r, struct sm_ring_slot *slot)
{
	/* A child of fork() before it registered holds none of its parent's
	 * slots (the node names the parent as holder). */
	if (!r || !slot || r->readonly || r->fork_gen != smi_fork_generation)
		return;
	struct smi_ring_node *n = smi_ring_node(r, slot->position);
	if (slot->data != smi_node_data(n) ||
	    atomic_load_explicit(&n->seq, memory_order_relaxed) != SEQ(slot->position, SEQ_READY))
		return; /* not a slot this handle peeked */
	if (r->single_consumer ? !r->peeked ||
					 atomic_load_explicit(&r->ctl->tail, memory_order_relaxed) != slot->position
			       : atomic_load_explicit(&n->claimer, memory_order_relaxed) != r->claim_r)
		return;
	smi_ring_hook(SMI_HOOK_READ_COPIED, slot->position);
	release_one(r, n, slot->position);
	smi_count_bytes(&r->me->bytes_read, slot->length);
	slot->data = NULL;
	if (r->single_consumer) /* (a shared multi-role handle is never written) */
		r->peeked = false;
	smi_ring_wake(r, SMI_WAIT_SPACE);
}
