/* ring_recover.c — unsticking nodes whose holder died.
 *
 * A producer holds a node from its CAS on head until it publishes the node
 * (READY or SKIP); a consumer from its CAS on tail until it frees the node.
 * Right after its CAS the holder records itself in the node's claimer word
 * (smi_take_claim).  A waiter stuck on a held node looks at that word:
 *   - tagged with the holder's side: the holder's process slot says whether
 *     it is alive (pid + start time); if dead, the node is reclaimed;
 *   - not yet tagged: the holder is between its CAS and recording itself,
 *     a few instructions; if that lasts long (claim_window_ns), it is
 *     treated as dead.  Should it be alive after all, its own CAS on the
 *     claimer word fails and it moves on, so this is safe (a producer
 *     just claims another position; a consumer's message is counted lost);
 *   - already reclaimed: another recoverer got there; the seq CAS below is
 *     idempotent, so finishing its job is safe even if it died.
 * Reclaiming = CAS the claimer word to the side's "reclaimed" marker, then
 * CAS the node's seq forward: a writer's node becomes SKIP (counted
 * abandoned), a reader's node becomes free for the next lap (counted lost;
 * skipped if it carried no message; corrupt if it was damaged).  Only the
 * seq CAS winner counts. */
#include "ring_internal.h"

/* Track how long the node has looked the same; true when it is worth
 * judging its holder now (at most every SMI_RING_LIVENESS_NS). */
static bool stuck_long_enough(struct smi_stuck *st, uint64_t seq, uint32_t claim, uint64_t now)
{
	if (atomic_load_explicit(&st->since_ns, memory_order_relaxed) == 0 ||
	    atomic_load_explicit(&st->seq, memory_order_relaxed) != seq ||
	    atomic_load_explicit(&st->claim, memory_order_relaxed) != claim) {
		atomic_store_explicit(&st->seq, seq, memory_order_relaxed);
		atomic_store_explicit(&st->claim, claim, memory_order_relaxed);
		atomic_store_explicit(&st->since_ns, now, memory_order_relaxed);
		atomic_store_explicit(&st->next_check_ns, now + SMI_RING_LIVENESS_NS, memory_order_relaxed);
		return false;
	}
	if (now < atomic_load_explicit(&st->next_check_ns, memory_order_relaxed))
		return false;
	atomic_store_explicit(&st->next_check_ns, now + SMI_RING_LIVENESS_NS, memory_order_relaxed);
	return true;
}

/* How long a claim may stay unrecorded before its holder counts as dead.
 * Taking a producer's unrecorded claim costs nothing but a SKIP node (a
 * live producer's own CAS fails and it claims another position), so that
 * side waits briefly.  Taking a consumer's loses its message, so that side
 * waits SM_RING_CLAIM_WINDOW_MS, except right after such a take: the
 * other nodes of the dead consumer's burst follow quickly. */
static uint64_t claim_window_ns(const struct smi_stuck *st, unsigned side_tag, uint64_t now)
{
	if (side_tag == CLAIM_W ||
	    now < atomic_load_explicit(&st->fast_until_ns, memory_order_relaxed))
		return SMI_RING_SHORT_WINDOW_NS;
	return SMI_RING_CLAIM_WINDOW_NS;
}

static bool holder_dead(const sm_ring *r, struct smi_stuck *st, uint32_t claim,
			unsigned side_tag, uint64_t now)
{
	if (CLAIM_TAG(claim) == side_tag)
		return smi_ring_claimer_dead(r, claim);
	if (now - atomic_load_explicit(&st->since_ns, memory_order_relaxed) <
	    claim_window_ns(st, side_tag, now))
		return false;
	atomic_store_explicit(&st->fast_until_ns, now + SMI_RING_CLAIM_WINDOW_NS, memory_order_relaxed);
	return true;
}

/* Move seq from `from` to `to`; the winner counts the event. */
static bool advance_seq(struct smi_ring_node *n, uint64_t from, uint64_t to,
			_Atomic uint64_t *counter)
{
	/* Release pairs with the acquire loads of seq in the claim loops. */
	if (!atomic_compare_exchange_strong_explicit(&n->seq, &from, to, memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
	return true;
}

/* Take a producer's node at `pos` whose holder (claim word `claim`) was
 * judged dead, and publish it as SKIP.  True if this call moved it. */
static bool reclaim_writer(sm_ring *r, struct smi_ring_node *n, uint64_t pos, uint32_t claim)
{
	if (claim != CLAIM_RECLAIMED_W &&
	    !atomic_compare_exchange_strong_explicit(&n->claimer, &claim, CLAIM_RECLAIMED_W,
						     memory_order_acq_rel, memory_order_relaxed))
		return false; /* the holder (or another recoverer) moved first */
	if (!advance_seq(n, SEQ(pos, SEQ_FREE), SEQ(pos, SEQ_SKIP), &r->ctl->abandoned))
		return false;
	smi_ring_wake(r, SMI_WAIT_DATA);
	return true;
}

/* Take a consumer's node (word `seq`) whose holder was judged dead, count
 * its message lost and free the node.  True if this call moved it. */
static bool reclaim_reader(sm_ring *r, struct smi_ring_node *n, uint64_t seq, uint32_t claim)
{
	if (claim != CLAIM_RECLAIMED_R &&
	    !atomic_compare_exchange_strong_explicit(&n->claimer, &claim, CLAIM_RECLAIMED_R,
						     memory_order_acq_rel, memory_order_relaxed))
		return false;
	_Atomic uint64_t *counter = SEQ_STATE(seq) == SEQ_READY  ? &r->ctl->lost
				    : SEQ_STATE(seq) == SEQ_SKIP ? &r->ctl->skipped
								 : &r->ctl->corrupt;
	if (!advance_seq(n, seq, SEQ(SEQ_POS(seq) + r->node_count, SEQ_FREE), counter))
		return false;
	smi_ring_wake(r, SMI_WAIT_SPACE);
	return true;
}

bool smi_ring_recover_writer(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	uint32_t claim = atomic_load_explicit(&n->claimer, memory_order_acquire);
	if (seq != SEQ(pos, SEQ_FREE))
		return true;
	if (claim != CLAIM_RECLAIMED_W) {
		uint64_t now = smi_now_ns();
		struct smi_stuck *st = &r->stuck[0];
		if (!stuck_long_enough(st, seq, claim, now) || !holder_dead(r, st, claim, CLAIM_W, now))
			return false;
	}
	reclaim_writer(r, n, pos, claim);
	return true;
}

bool smi_ring_recover_reader(sm_ring *r, struct smi_ring_node *n, uint64_t pos)
{
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	uint32_t claim = atomic_load_explicit(&n->claimer, memory_order_acquire);
	if (SEQ_POS(seq) != pos || SEQ_STATE(seq) == SEQ_FREE)
		return true;
	if (claim != CLAIM_RECLAIMED_R) {
		uint64_t now = smi_now_ns();
		struct smi_stuck *st = &r->stuck[1];
		if (!stuck_long_enough(st, seq, claim, now) || !holder_dead(r, st, claim, CLAIM_R, now))
			return false;
	}
	reclaim_reader(r, n, seq, claim);
	return true;
}

/* ---- Nodes set back: smi_ring_repair_behind() ----------------------------- */

bool smi_ring_repair_behind(sm_ring *r, struct smi_ring_node *n, uint64_t pos,
			    enum smi_wait_side side)
{
	struct smi_ring_ctl *c = r->ctl;
	bool reader = side == SMI_WAIT_DATA;
	uint64_t N = r->node_count;
	/* Acquire, then the node: what the indices' movers saw of the node is
	 * seen below (a producer that passed p saw it free for p, a consumer
	 * that passed p saw it published at p). */
	if (atomic_load_explicit(reader ? &c->tail : &c->head, memory_order_acquire) != pos)
		return true; /* moved on: look again */
	uint64_t other = atomic_load_explicit(reader ? &c->head : &c->tail, memory_order_acquire);
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	uint64_t q = SEQ_POS(seq);
	bool free = SEQ_STATE(seq) == SEQ_FREE, last_lap = q + N == pos, to_free;
	if (q >= pos || pos >= SMI_RING_POS_LIMIT) /* (a damaged index: SEQ cannot name pos) */
		return false;
	if (reader) {
		/* Before a producer won pos, the node may still hold pos - N
		 * being read.  A producer that won pos will not publish it now:
		 * the position is passed as corrupt. */
		bool claimed = other > pos;
		if (!claimed && last_lap && !free)
			return false;
		to_free = !claimed;
	} else {
		/* The node holds pos - N (head passed it) published, or free
		 * while its producer writes it and no consumer passed it. */
		bool passed = pos < N || other > pos - N;
		if (last_lap && (!free || !passed))
			return false;
		/* Consumers passed pos - N: free; else they pass it as corrupt. */
		to_free = passed;
	}
	uint64_t to = to_free ? SEQ(pos, SEQ_FREE) : reader ? SEQ(pos, SEQ_BAD) : SEQ(pos - N, SEQ_BAD);
	/* Only a change is worth looking again for (the caller loops
	 * without waiting). */
	if (!atomic_compare_exchange_strong_explicit(&n->seq, &seq, to, memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	smi_ring_wake(r, reader ? SMI_WAIT_SPACE : SMI_WAIT_DATA);
	return true;
}

/* ---- The sweep: sm_ring_recover() ---------------------------------------- */

/* A node held by a recorded holder that is dead now. */
struct dead_hold {
	uint32_t index;
	uint64_t seq;
	uint32_t claim;
};
#define SWEEP_BATCH 64u

/* Is the node whose words read `seq` and `claim` held (being written or
 * read) by a recorded holder that is dead?  Nodes of single-role sides are
 * never held that way (ring_roles.c). */
static bool held_by_dead(const sm_ring *r, uint64_t seq, uint32_t claim, uint64_t head,
			 uint64_t tail)
{
	switch (smi_node_state(r, seq, claim, head, tail)) {
	case SM_NODE_WRITING:
		return !r->single_producer && CLAIM_TAG(claim) == CLAIM_W &&
		       smi_ring_claimer_dead(r, claim);
	case SM_NODE_READING:
		return !r->single_consumer && CLAIM_TAG(claim) == CLAIM_R &&
		       smi_ring_claimer_dead(r, claim);
	default:
		return false;
	}
}

int sm_ring_recover(sm_ring *r)
{
	if (!r)
		return -EINVAL;
	if (r->readonly)
		return -EBADF;
	struct dead_hold found[SWEEP_BATCH];
	int reclaimed = 0;
	uint32_t i = 0;
	while (i < r->node_count) {
		uint64_t tail = atomic_load_explicit(&r->ctl->tail, memory_order_acquire);
		uint64_t head = atomic_load_explicit(&r->ctl->head, memory_order_acquire);
		unsigned k = 0;
		for (; i < r->node_count && k < SWEEP_BATCH; i++) {
			struct smi_ring_node *n = smi_ring_node(r, i);
			uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
			uint32_t claim = atomic_load_explicit(&n->claimer, memory_order_acquire);
			if (held_by_dead(r, seq, claim, head, tail))
				found[k++] = (struct dead_hold){ i, seq, claim };
		}
		if (k == 0)
			continue;
		/* As a waiter does, judge a holder only after its node looked the
		 * same for SMI_RING_LIVENESS_NS: the claimer word may still name
		 * the node's previous holder while the live one that just won the
		 * position is about to record itself. */
		smi_sleep_ns(SMI_RING_LIVENESS_NS);
		for (unsigned j = 0; j < k; j++) {
			struct smi_ring_node *n = smi_ring_node(r, found[j].index);
			if (atomic_load_explicit(&n->seq, memory_order_acquire) != found[j].seq ||
			    atomic_load_explicit(&n->claimer, memory_order_acquire) != found[j].claim)
				continue;
			if (SEQ_STATE(found[j].seq) == SEQ_FREE)
				reclaimed += reclaim_writer(r, n, SEQ_POS(found[j].seq), found[j].claim);
			else
				reclaimed += reclaim_reader(r, n, found[j].seq, found[j].claim);
		}
	}
	return reclaimed;
}
