/* ring_roles.c — the producer and consumer roles of single-role rings.
 *
 * On a ring created with SM_RING_SINGLE_PRODUCER, the producer that holds
 * the role is the only one that moves head, so it needs no CAS: it fills
 * the node at head, publishes it (seq READY), then stores head + 1.  No
 * node is ever held without being recorded: a node behind head is
 * published, and the node at head is the holder's own.  A consumer on a
 * SM_RING_SINGLE_CONSUMER ring likewise frees the node at tail, then
 * stores tail + 1.  So the role's claimer word in the control block is
 * all there is to recover: when its holder is dead (pid + start time, as
 * for nodes), the next handle takes the role over and finishes the one
 * step the dead one may have left half done (a node published or freed,
 * the index not yet moved past it).  What the dead one held in between
 * needs nothing: an uncommitted message was never published, an
 * unreleased one is still READY at tail and is delivered again.
 *
 * When both roles are single (spsc) the consumer does not write nodes at
 * all: moving tail frees them, and the producer finds room by tail.  So
 * a spsc consumer leaves no step half done; a message it read but had
 * not moved tail past is delivered again.  But a spsc consumer finds
 * messages by head: once the ring is shut down no producer takes the role
 * over, so the consumer finishes a dead producer's step itself to drain
 * what it published (smi_ring_finish_dead_producer). */
#include "ring_internal.h"

/* The holder published `p` (READY or SKIP) but did not move head.  Unless
 * both roles are single, consumers find messages by the node, not by
 * head: one may have read and freed `p` since (free for the next lap). */
static bool published_at(const sm_ring *r, uint64_t p)
{
	uint64_t seq = atomic_load_explicit(&smi_ring_node(r, p)->seq, memory_order_acquire);
	return (SEQ_POS(seq) == p && (SEQ_STATE(seq) == SEQ_READY || SEQ_STATE(seq) == SEQ_SKIP)) ||
	       seq == SEQ(p + r->node_count, SEQ_FREE);
}

/* The holder freed `p` for its next lap but did not move tail.  Producers
 * find room by the node, not by tail: one may have claimed and filled
 * the next lap's position since (free, being written, READY or SKIP). */
static bool freed_at(const sm_ring *r, uint64_t p)
{
	uint64_t seq = atomic_load_explicit(&smi_ring_node(r, p)->seq, memory_order_acquire);
	return SEQ_POS(seq) == p + r->node_count;
}

/* Move `index` past what a dead holder finished (a burst: several), and
 * wake the other side's sleepers: the dead one published (freed) those
 * nodes but died before its wake. */
static void finish_step(sm_ring *r, _Atomic uint64_t *index, bool (*done)(const sm_ring *, uint64_t),
			enum smi_wait_side wake)
{
	uint64_t p = atomic_load_explicit(index, memory_order_acquire), start = p;
	while (p - start < r->node_count && done(r, p))
		p++;
	if (p == start)
		return;
	smi_ring_advance(index, p);
	smi_ring_wake(r, wake);
}

/* Does role word `cur` name a live holder?  Handles store only their own
 * word of the role's side (`tag`), and never from the anonymous slot
 * (smi_ring_take_role): any other word is a damaged file's, no holder. */
static bool role_held(const sm_ring *r, uint32_t cur, unsigned tag)
{
	return cur != 0 && CLAIM_TAG(cur) == tag && CLAIM_SLOT(cur) != SMI_RING_ANON &&
	       !smi_ring_claimer_dead(r, cur);
}

bool smi_ring_finish_dead_producer(sm_ring *r)
{
	uint32_t holder = atomic_load_explicit(&r->ctl->producer_role, memory_order_acquire);
	if (role_held(r, holder, CLAIM_W))
		return false; /* a live producer moves head itself */
	uint64_t start = atomic_load_explicit(&r->ctl->head, memory_order_acquire), p = start;
	while (p - start < r->node_count && published_at(r, p))
		p++;
	/* CAS: a producer that took the role just before the shutdown may
	 * move head past the same nodes, and then past its own. */
	return p != start && atomic_compare_exchange_strong_explicit(&r->ctl->head, &start, p,
								     memory_order_release,
								     memory_order_relaxed);
}

bool smi_ring_producer_holds(const sm_ring *r, uint64_t pos)
{
	if (!r->single_producer)
		return false;
	/* The word first, then seq and head (acquire, so in that order): a
	 * spsc commit moves head before it clears the word; a spmc producer
	 * marks its nodes before it publishes them, and then readers just
	 * look again. */
	struct smi_ring_node *n = smi_ring_node(r, pos);
	uint32_t claim = atomic_load_explicit(&n->claimer, memory_order_acquire);
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	uint64_t head = atomic_load_explicit(&r->ctl->head, memory_order_acquire);
	uint32_t holder = atomic_load_explicit(&r->ctl->producer_role, memory_order_acquire);
	bool marked = claim == holder && CLAIM_TAG(claim) == CLAIM_W;
	bool held = r->spsc ? head == pos && (marked || published_at(r, pos))
			    : head <= pos && pos - head < r->node_count && marked &&
				      seq == SEQ(pos, SEQ_FREE);
	return held && role_held(r, holder, CLAIM_W);
}

int smi_ring_take_role(sm_ring *r, enum smi_ring_role role)
{
	if (r->slot == SMI_RING_ANON)
		return -EBUSY; /* a holder nobody could check when it dies */
	bool producer = role == SMI_ROLE_PRODUCER;
	struct smi_ring_ctl *c = r->ctl;
	_Atomic uint32_t *word = producer ? &c->producer_role : &c->consumer_role;
	uint32_t mine = producer ? r->claim_w : r->claim_r;
	/* Acquire (both orders) pairs with the CAS of the previous holder:
	 * what it did to the index and nodes is seen below. */
	uint32_t cur = atomic_load_explicit(word, memory_order_acquire);
	while (cur != mine) {
		if (role_held(r, cur, producer ? CLAIM_W : CLAIM_R))
			return -EBUSY;
		if (atomic_compare_exchange_weak_explicit(word, &cur, mine, memory_order_acq_rel,
							  memory_order_acquire))
			break;
	}
	if (producer) {
		finish_step(r, &c->head, published_at, SMI_WAIT_DATA);
		r->producing = true;
	} else {
		finish_step(r, &c->tail, freed_at, SMI_WAIT_SPACE);
		r->consuming = true;
	}
	return 0;
}
