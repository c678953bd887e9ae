/* ring_internal.h — the ring's shared-memory layout, its process-local
 * handle and the helpers its source files share.  Internal.
 *
 * Algorithm: Dmitry Vyukov's bounded MPMC queue.  Producers claim
 * positions by CAS on `head`, consumers by CAS on `tail`; both are
 * free-running 64-bit counters (no ABA).  Each node carries a 64-bit
 * sequence word that says which position the node is at and in what state:
 *
 *   seq == 4p + SEQ_FREE   free for the producer of position p
 *   seq == 4p + SEQ_READY  holds the message of position p
 *   seq == 4p + SEQ_SKIP   position p carries no message (abandoned)
 *
 * A consumer that is done with position p stores 4(p + N) (free for the
 * next lap), so N nodes hold N messages: no node is wasted.  Positions
 * stay below 2^62 (146 years at 10^9 messages/s), so 4p never overflows.
 *
 * Being written / being read are not stored: they are derived (a free node
 * behind `head` is being written, a ready node behind `tail` is being read).
 * A ring with a single producer and a single consumer (spsc) runs as a
 * Lamport ring instead: head and tail move after each step, the consumer
 * finds messages by head and frees nodes by tail alone, and nodes keep
 * their last READY word (see ring_roles.c).
 * Each node also has a claimer word naming the process slot that holds it,
 * tagged with the phase, so a waiter stuck on the node can tell a dead
 * holder from a slow one (see ring_recover.c).
 */
#ifndef SHAREDMEM_RING_INTERNAL_H
#define SHAREDMEM_RING_INTERNAL_H

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "platform.h"
#include "sharedmem/ring.h"

#define SMI_CACHE_LINE 64u

/* ---- Node sequence encoding ---------------------------------------------- */
#define SEQ_FREE  0u
#define SEQ_READY 1u
#define SEQ_SKIP  2u
#define SEQ_BAD   3u /* never written by the ring: a damaged node */
#define SEQ(pos, state) (((pos) << 2) | (state))
#define SEQ_POS(seq)    ((seq) >> 2)
#define SEQ_STATE(seq)  ((unsigned)((seq) & 3u))

/* ---- Claimer word -------------------------------------------------------- *
 * bits 31..30: tag; bits 29..7: generation of the process slot; 6..0: slot.
 * A reclaimed node gets CLAIM_RECLAIMED_W or _R (which side gave it up),
 * so the holder's own CAS on the word fails if a recoverer got there first.
 * Between holders the word keeps the last one's, tagged with its side, and
 * waiters rely on that: a node whose holder won its position but has not
 * recorded itself yet shows the other side's tag, and is judged by how
 * long it stays so, not by the process the stale word names.  A side of
 * many records each holder as it takes the node; a single side needs no
 * claim, but leaves its word on the node (a single producer before it
 * fills it, a single consumer as it frees it: ring_write.c
 * claim_overtaken, ring_read.c free_node), or the next holder of the other side
 * would find the word its own side left a lap before.  A spsc ring never
 * reclaims nodes: its producer leaves its word only on the node it holds
 * reserved (zero-copy), and takes it back as it commits or abandons it, so
 * that readers at a shut-down ring can tell (smi_ring_producer_holds). */
#define CLAIM_NONE 0u
#define CLAIM_W    1u
#define CLAIM_R    2u
#define CLAIM_X    3u /* reclaimed */
#define CLAIM_TAG(c)  ((c) >> 30)
#define CLAIM_SLOT(c) ((c) & 0x7fu)
#define CLAIM_GEN(c)  (((c) >> 7) & 0x7fffffu)
#define CLAIM_MAKE(tag, gen, slot) \
	(((uint32_t)(tag) << 30) | (((uint32_t)(gen) & 0x7fffffu) << 7) | ((uint32_t)(slot) & 0x7fu))
#define CLAIM_RECLAIMED_W CLAIM_MAKE(CLAIM_X, 0, 0)
#define CLAIM_RECLAIMED_R CLAIM_MAKE(CLAIM_X, 0, 1)

/* Process slots: who may hold nodes (for crash recovery) and per-process
 * byte counters.  Slot SMI_RING_ANON is shared by processes that found the
 * table full: its holders are never declared dead. */
#define SMI_RING_PROCS 128u
#define SMI_RING_ANON  (SMI_RING_PROCS - 1u)

/* ---- Shared memory ------------------------------------------------------- */

/* The ring's parameters in sm_header.params; checked on open. */
struct smi_ring_params {
	uint32_t node_count;   /*  0 */
	uint32_t node_size;    /*  4: payload bytes per node */
	uint32_t node_stride;  /*  8: bytes between nodes (header + payload, cache-line rounded) */
	uint32_t node_header;  /* 12: bytes of node header before the payload */
	uint64_t ctl_offset;   /* 16: from the payload start */
	uint64_t procs_offset; /* 24 */
	uint64_t nodes_offset; /* 32 */
	uint32_t proc_slots;   /* 40: SMI_RING_PROCS */
	uint32_t flags;        /* 44: SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER */
	uint32_t reserved[4];  /* 48: zero */
};
_Static_assert(sizeof(struct smi_ring_params) == 64, "ring params size");
_Static_assert(sizeof(struct smi_ring_params) <= SM_PARAMS_SIZE, "ring params fit");
_Static_assert(offsetof(struct smi_ring_params, nodes_offset) == 32, "nodes_offset");
_Static_assert(offsetof(struct smi_ring_params, flags) == 44, "flags");
#define SMI_RING_FLAGS (SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER)

/* Control block: each group on its own cache line so producers, consumers
 * and sleepers do not false-share (as DPDK's prod/cons headtails). */
struct smi_ring_ctl {
	_Atomic uint64_t head; /* next position a producer claims */
	uint8_t pad0[SMI_CACHE_LINE - 8];
	_Atomic uint64_t tail; /* next position a consumer claims */
	uint8_t pad1[SMI_CACHE_LINE - 8];
	/* Sleepers: futex words bumped by wakers, and how many sleep on each.
	 * Written only on the slow path; the hot path reads the counts. */
	_Atomic uint32_t data_futex;     /* consumers wait here for messages */
	_Atomic uint32_t space_futex;    /* producers wait here for free nodes */
	_Atomic uint32_t readers_asleep; /* 1: a consumer may sleep; the next publisher wakes all */
	_Atomic uint32_t writers_asleep; /* 1: a producer may sleep; the next freer wakes all */
	_Atomic uint32_t shutdown;       /* 1 once the owner closed the ring */
	_Atomic uint32_t fence_all;      /* 1 once a process without membarrier joined */
	/* Single-producer / single-consumer rings: the claimer word (CLAIM_W
	 * or CLAIM_R) of the handle that holds the role, 0 if none. */
	_Atomic uint32_t producer_role;
	_Atomic uint32_t consumer_role;
	uint8_t pad2[SMI_CACHE_LINE - 32];
	/* Slow-path event counters. */
	_Atomic uint64_t full_waits;
	_Atomic uint64_t empty_waits;
	_Atomic uint64_t timeouts;
	_Atomic uint64_t abandoned; /* positions published as SKIP */
	_Atomic uint64_t skipped;   /* SKIP positions consumers passed */
	_Atomic uint64_t lost;      /* messages whose consumer died holding them */
	_Atomic uint64_t corrupt;   /* nodes passed over: header not what the ring writes */
	uint8_t pad3[SMI_CACHE_LINE - 56];
};
_Static_assert(sizeof(struct smi_ring_ctl) == 4 * SMI_CACHE_LINE, "ctl size");
_Static_assert(offsetof(struct smi_ring_ctl, tail) == 64, "tail line");
_Static_assert(offsetof(struct smi_ring_ctl, data_futex) == 128, "futex line");
_Static_assert(offsetof(struct smi_ring_ctl, full_waits) == 192, "counters line");

/* One process slot, a cache line each (only its process writes it). */
struct smi_ring_proc {
	_Atomic int32_t  pid;        /* 0 = free */
	_Atomic uint32_t gen;        /* bumped whenever the slot is taken */
	_Atomic uint64_t start_time; /* of pid, for liveness */
	_Atomic uint64_t bytes_written;
	_Atomic uint64_t bytes_read;
	uint8_t pad[SMI_CACHE_LINE - 32];
};
_Static_assert(sizeof(struct smi_ring_proc) == SMI_CACHE_LINE, "proc slot size");

struct smi_ring_node {
	_Atomic uint64_t seq;     /* see the encoding above */
	uint32_t         len;     /* message length; written before seq is released */
	_Atomic uint32_t claimer; /* CLAIM_* word */
	/* payload follows */
};
#define SMI_RING_NODE_HEADER 16u
_Static_assert(sizeof(struct smi_ring_node) == SMI_RING_NODE_HEADER, "node header");

#define SMI_RING_BURST_MAX SM_RING_BURST_MAX
/* Positions stay below this (see the top): SEQ() names no position past it. */
#define SMI_RING_POS_LIMIT (UINT64_C(1) << 62)

/* Largest total size accepted (the node limits are SM_RING_MAX_*). */
#define SMI_RING_MAX_TOTAL      (UINT64_C(1) << 40)

/* ---- Process-local handle ------------------------------------------------ */

struct sm_ring {
	sm_segment *seg;
	struct smi_ring_ctl *ctl;
	struct smi_ring_proc *procs;
	uint8_t *nodes;
	uint8_t *nodes_end; /* nodes + node_count * stride */
	struct sm_header *hdr;
	uint32_t node_count;
	uint32_t node_size;
	uint32_t stride;
	uint64_t mask;       /* node_count - 1 when a power of two, else 0 */
	bool readonly;
	bool owner;
	/* Single-role rings (params flags): the side's index (head or tail)
	 * moves by plain stores, after the node, so no node is ever held
	 * unrecorded (see ring_roles.c).  The handle holding the role may
	 * have one zero-copy slot out at a time. */
	bool single_producer, single_consumer;
	/* Both roles single: the consumer frees a node by moving tail alone
	 * and never writes the node; the producer finds room by its view of
	 * tail and the consumer messages by its view of head, each re-read
	 * only when it says too few, so the index lines rarely move between
	 * cores.  The views only lag (indices only grow), so stale ones are
	 * safe. */
	bool spsc;
	uint64_t seen_tail; /* the producer's view of tail */
	uint64_t seen_head; /* the consumer's view of head */
	bool producing, consuming;  /* this handle holds the role */
	bool reserved, peeked;      /* its zero-copy slot is out */
	/* Our process slot, re-taken after fork(). */
	uint32_t slot;
	struct smi_ring_proc *me; /* &procs[slot] */
	uint32_t claim_w, claim_r; /* our tagged claimer words */
	bool fence_self; /* this process cannot be reached by smi_membarrier() */
	/* A reader of this handle saw the ring shut down and made every
	 * writer's claim shown so far visible (ring_read.c). */
	_Atomic bool drain_ordered;
	/* sm_ring_interrupt() was called: every wait of this handle ends
	 * with -EINTR (ring_wait.c). */
	_Atomic bool interrupted;
	unsigned fork_gen;      /* smi_fork_generation when our slot was taken */
	unsigned open_fork_gen; /* ... when this handle was made: differs in a child */
	/* What a node we are stuck on looked like, and since when (for
	 * recovery; kept per handle so that polling callers, timeout 0, also
	 * notice a dead holder).  [0]: as a consumer, [1]: as a producer.
	 * Threads sharing the handle may race here: only timing is affected. */
	struct smi_stuck {
		_Atomic uint64_t seq;
		_Atomic uint32_t claim;
		_Atomic uint64_t since_ns;
		_Atomic uint64_t next_check_ns;
		_Atomic uint64_t fast_until_ns; /* short claim windows until then */
	} stuck[2];
	/* Adaptive spin budget (steps before sleeping); a hint, so threads
	 * sharing the handle may race on it (relaxed atomics). */
	_Atomic unsigned spin;
};

static inline struct smi_ring_node *smi_ring_node(const sm_ring *r, uint64_t pos)
{
	uint64_t i = r->mask ? (pos & r->mask) : (pos % r->node_count);
	return (struct smi_ring_node *)(r->nodes + i * r->stride);
}

/* A node's stored length, loaded once.  Every use of a length goes through
 * one such load and is checked against node_size before it sizes a copy:
 * the file is shared, and another process may have written anything there
 * (a second load could see another value than the one checked). */
static inline uint32_t smi_node_len(const struct smi_ring_node *n)
{
	return __atomic_load_n(&n->len, __ATOMIC_RELAXED);
}

/* The node after `n` (position + 1): walks a burst without a division. */
static inline struct smi_ring_node *smi_ring_next(const sm_ring *r, struct smi_ring_node *n)
{
	uint8_t *p = (uint8_t *)n + r->stride;
	return (struct smi_ring_node *)(p == r->nodes_end ? r->nodes : p);
}

static inline uint8_t *smi_node_data(struct smi_ring_node *n)
{
	return (uint8_t *)n + SMI_RING_NODE_HEADER;
}

int smi_ring_claimer_dead(const sm_ring *r, uint32_t claim);
/* Is `claim` the word of the live holder of the role of side `tag`? */
static inline bool smi_role_word_live(const sm_ring *r, uint32_t claim, unsigned tag)
{
	if (CLAIM_TAG(claim) != tag)
		return false;
	const _Atomic uint32_t *role = tag == CLAIM_W ? &r->ctl->producer_role : &r->ctl->consumer_role;
	return atomic_load_explicit(role, memory_order_relaxed) == claim &&
	       !smi_ring_claimer_dead(r, claim);
}
/* A single side's zero-copy slot (not spsc): the node at its index, not
 * yet moved past, carrying the word sm_ring_reserve (sm_ring_peek) leaves
 * there (the other side's holders leave theirs over it), of the role's
 * live holder: a dead one's slot held nothing, its successor starts there. */
static inline bool smi_single_slot(const sm_ring *r, bool single, uint64_t pos, uint64_t index,
				   uint32_t claim, unsigned tag)
{
	return single && !r->spsc && pos == index && smi_role_word_live(r, claim, tag);
}
/* A spsc producer's zero-copy slot: node `n` is the one at head and
 * carries the word sm_ring_reserve leaves there (until its commit or
 * abandon) of the role's live holder.  Its seq names no position to tell
 * by (spsc nodes keep their last READY word). */
static inline bool smi_spsc_reserved(const sm_ring *r, const struct smi_ring_node *n,
				     uint64_t head, uint32_t claim)
{
	return r->spsc && n == smi_ring_node(r, head) && smi_role_word_live(r, claim, CLAIM_W);
}

/* A node's state as a monitor sees it, from its seq and claimer words and
 * the ring's head and tail (being written / being read are derived, see
 * the top). */
static inline enum sm_node_state smi_node_state(const sm_ring *r, uint64_t seq, uint32_t claim,
						uint64_t head, uint64_t tail)
{
	uint64_t pos = SEQ_POS(seq);
	/* A spsc consumer frees a node by moving tail past it, without
	 * writing the node: every published node behind tail is free, and a
	 * node being written or read is not seen from outside (but for a
	 * reservation: smi_spsc_reserved). */
	if (r->spsc && SEQ_STATE(seq) != SEQ_FREE && pos < tail)
		return SM_NODE_FREE;
	switch (SEQ_STATE(seq)) {
	case SEQ_FREE:
		return pos < head || smi_single_slot(r, r->single_producer, pos, head, claim, CLAIM_W)
			       ? SM_NODE_WRITING : SM_NODE_FREE;
	case SEQ_READY:
		return pos < tail || smi_single_slot(r, r->single_consumer, pos, tail, claim, CLAIM_R)
			       ? SM_NODE_READING : SM_NODE_READY;
	case SEQ_SKIP:
	default: /* SEQ_BAD: damaged; consumers pass it like a SKIP */
		return pos < tail ? SM_NODE_READING : SM_NODE_ABANDONED;
	}
}

/* Is node `n` still at the position `pos` its (unrecorded) holder won?
 * A producer's position is free until published, a consumer's is published. */
static inline bool smi_claim_current(struct smi_ring_node *n, uint64_t pos, uint32_t lost_marker)
{
	uint64_t seq = atomic_load_explicit(&n->seq, memory_order_acquire);
	if (lost_marker == CLAIM_RECLAIMED_W)
		return seq == SEQ(pos, SEQ_FREE);
	return SEQ_POS(seq) == pos && SEQ_STATE(seq) != SEQ_FREE;
}

/* Record this handle as the holder of node `n` at position `pos` (claim
 * word `mine`, of the side whose reclaimed marker is `lost_marker`).
 * Fails if a recoverer reclaimed the node first (it then took care of the
 * position); the word is then left as it is.  The CAS pairs with the
 * recoverer's CAS on the same word.  The marker alone does not tell: by
 * the time a stalled holder looks, the next holder may have replaced it
 * (the consumer that passed the SKIP, the producer of the next lap), and
 * writing over that holder's word would hide it from its own commit and
 * from every waiter.  But a recoverer moves seq on before anyone can
 * replace its marker: so the word is read first, then seq (acquire, so in
 * that order), and only a word read while seq was still at `pos` is
 * replaced, by one CAS that fails if anything wrote it since.  A won CAS
 * with seq still at `pos` after it proves the node was never reclaimed,
 * and no recoverer can take it now: its CAS expects the word we replaced. */
static inline bool smi_take_claim(struct smi_ring_node *n, uint64_t pos, uint32_t mine,
				  uint32_t lost_marker)
{
	uint32_t c = atomic_load_explicit(&n->claimer, memory_order_acquire);
	if (c == lost_marker || !smi_claim_current(n, pos, lost_marker) ||
	    !atomic_compare_exchange_strong_explicit(&n->claimer, &c, mine, memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	return smi_claim_current(n, pos, lost_marker);
}

/* Bytes are counted in this handle's process slot with a relaxed load and
 * store, not an atomic add: only this handle writes it (threads sharing a
 * handle may undercount a little: a monitor's figure, not a delivery count). */
static inline void smi_count_bytes(_Atomic uint64_t *ctr, uint64_t bytes)
{
	atomic_store_explicit(ctr, atomic_load_explicit(ctr, memory_order_relaxed) + bytes,
			      memory_order_relaxed);
}

/* Copy a message; small ones with a few overlapping fixed-size moves
 * instead of a call (most messages in a ring are small). */
typedef uint8_t smi_v16 __attribute__((vector_size(16), aligned(1)));
static inline void smi_copy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (n > 64) {
		memcpy(d, s, n);
	} else if (n >= 32) { /* four 16-byte moves, the last two overlapping */
		smi_v16 a, b, c, e;
		memcpy(&a, s, 16);
		memcpy(&b, s + 16, 16);
		memcpy(&c, s + n - 32, 16);
		memcpy(&e, s + n - 16, 16);
		memcpy(d, &a, 16);
		memcpy(d + 16, &b, 16);
		memcpy(d + n - 32, &c, 16);
		memcpy(d + n - 16, &e, 16);
	} else if (n >= 16) {
		smi_v16 a, b;
		memcpy(&a, s, 16);
		memcpy(&b, s + n - 16, 16);
		memcpy(d, &a, 16);
		memcpy(d + n - 16, &b, 16);
	} else if (n >= 8) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	}
}

/* Record this handle as the holder of the `k` nodes from position `first`
 * (a burst).  Only the first needs the CAS: a recoverer can reach a later
 * node only after the first was published or freed, which this holder
 * does after these stores (release), or after reclaiming the first, which
 * makes this CAS fail.  In that case every node gets its own CAS, and
 * ok[i] says which ones are ours.  Returns how many are ours. */
static inline unsigned smi_take_claims(sm_ring *r, uint64_t first, unsigned k, uint32_t mine,
				       uint32_t lost_marker, bool *ok)
{
	struct smi_ring_node *n = smi_ring_node(r, first);
	bool plain = smi_take_claim(n, first, mine, lost_marker);
	unsigned ours = plain;
	ok[0] = plain;
	for (unsigned i = 1; i < k; i++) {
		n = smi_ring_next(r, n);
		if (plain)
			atomic_store_explicit(&n->claimer, mine, memory_order_relaxed);
		ok[i] = plain || smi_take_claim(n, first + i, mine, lost_marker);
		ours += ok[i];
	}
	return ours;
}

/* Could a ring hold its head and tail as they are now (ring.c)?  False
 * only when another process damaged them: sm_ring_open refuses such a
 * ring, and a call that has to wait gives up (ring_wait.c). */
bool smi_ring_positions_possible(const sm_ring *r);

/* Computes the layout for a ring; 0 or -EINVAL / -EFBIG. */
int smi_ring_layout(uint32_t node_count, uint32_t node_size, uint32_t flags,
		    struct smi_ring_params *p, uint64_t *payload_size);

/* ---- Process slots (ring_procs.c) ---- */
extern unsigned smi_fork_generation;
void smi_ring_register(sm_ring *r);
void smi_ring_unregister(sm_ring *r);
/* Re-register after fork (cheap check for the hot path). */
static inline void smi_ring_check_fork(sm_ring *r)
{
	if (__builtin_expect(r->fork_gen != smi_fork_generation, 0))
		smi_ring_register(r);
}
/* 1 if the claimer named by `claim` is certainly dead, else 0. */
int smi_ring_claimer_dead(const sm_ring *r, uint32_t claim);

/* ---- Single-producer / single-consumer roles (ring_roles.c) ---- */
enum smi_ring_role { SMI_ROLE_PRODUCER, SMI_ROLE_CONSUMER };
/* Take the role for this handle: 0, or -EBUSY while a live handle holds
 * it (or this process has no slot to be checked by). */
int smi_ring_take_role(sm_ring *r, enum smi_ring_role role);
/* 0 if this handle may act as `role` now (taking the role of a
 * single-role ring on first use), else -errno. */
static inline int smi_ring_role(sm_ring *r, enum smi_ring_role role)
{
	bool single = role == SMI_ROLE_PRODUCER ? r->single_producer : r->single_consumer;
	bool held = role == SMI_ROLE_PRODUCER ? r->producing : r->consuming;
	if (__builtin_expect(!single, 1))
		return 0;
	if (__builtin_expect(!held, 0))
		return smi_ring_take_role(r, role);
	bool busy = role == SMI_ROLE_PRODUCER ? r->reserved : r->peeked;
	return busy ? -EBUSY : 0;
}
/* A spsc consumer at a shut-down ring: if the producer role's holder is
 * dead, move head past what it published but did not pass.  True if head
 * moved (there is more to drain). */
bool smi_ring_finish_dead_producer(sm_ring *r);
/* Does a live single producer hold position `pos` (at or past head,
 * which it moves only after publishing)?  Readers at a shut-down ring wait
 * for such a node as for any other held one.  A spmc producer marks the
 * nodes it writes or reserves with the role's word in their claimer before
 * it checks the shutdown flag; a spsc producer marks a reservation so (its
 * commit or abandon clears the word again), and a write is seen published
 * at head before it checks.  The caller made those marks visible after it
 * saw the shutdown (order_drain in ring_read.c). */
bool smi_ring_producer_holds(const sm_ring *r, uint64_t pos);
/* Move the side's index past a position it finished with (single role:
 * plain store; release pairs with monitors' and recoverers' acquire). */
static inline void smi_ring_advance(_Atomic uint64_t *index, uint64_t next)
{
	atomic_store_explicit(index, next, memory_order_release);
}

/* ---- Waiting (ring_wait.c) ---- */
enum smi_wait_side { SMI_WAIT_DATA, SMI_WAIT_SPACE };

/* Per-call wait state. */
struct smi_waiter {
	struct smi_deadline deadline;
	int timeout_ms;
	unsigned spins;
	bool started; /* deadline computed (lazily: the hot path never reads the clock) */
	bool slept;
	uint64_t held_sleep_ns; /* the next sleep on a held node; 0: none yet */
};
static inline void smi_waiter_init(struct smi_waiter *w, int timeout_ms)
{
	*w = (struct smi_waiter){ .timeout_ms = timeout_ms };
}
/* Wait a little for `side` to make progress: spin, yield, then futex.
 * `probe` is the node seq word to watch; `held` says another process holds
 * that node (then the sleep is cut short to check its holder, and it
 * sleeps at a shut-down ring too: the holder wakes it).  Returns 0
 * to re-check, -ETIMEDOUT, -EINTR (the handle was interrupted), or
 * -SM_ESHUTDOWN (space side only). */
int smi_ring_wait(sm_ring *r, struct smi_waiter *w, enum smi_wait_side side,
		  _Atomic uint64_t *probe, uint64_t probe_seen, bool held);
/* Wake sleepers of `side` after a publication (the caller has made its
 * store): clears the side's asleep flag, bumps its futex word, wakes all. */
void smi_ring_wake_slow(sm_ring *r, enum smi_wait_side side);
/* Both sides, unconditionally (the owner's close). */
void smi_ring_wake_all(sm_ring *r);
/* A full fence, for its store-load ordering.  ThreadSanitizer does not
 * model fences (GCC warns that it ignores them); it needs none here: it
 * finds races through the release/acquire pairs that hand data over, and
 * store-load ordering is not one of those. */
static inline void smi_store_load_fence(void)
{
#if defined(__SANITIZE_THREAD__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wtsan"
#endif
	atomic_thread_fence(memory_order_seq_cst);
#if defined(__SANITIZE_THREAD__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
}

/* Order this thread's stores before its next load, against a peer that
 * issues membarrier() between its own store (or load) and load
 * (smi_ring_barrier_all): a compiler barrier is enough; processes that
 * cannot be reached that way, or rings that have such a peer, use a real
 * fence (smi_ring_wait in ring_wait.c has the argument). */
static inline void smi_ring_store_load(const sm_ring *r)
{
	if (__builtin_expect(r->fence_self || atomic_load_explicit(&r->ctl->fence_all,
								   memory_order_relaxed), 0))
		smi_store_load_fence();
	else
		atomic_signal_fence(memory_order_seq_cst);
}
/* The other side of smi_ring_store_load: a full barrier in every running
 * thread of every process registered with the ring (membarrier), or, where
 * that cannot be done, a fence here and in every publication from now on
 * (fence_all).  False in that case. */
bool smi_ring_barrier_all(sm_ring *r);

/* After a publication: wake the other side if someone may sleep. */
static inline void smi_ring_wake(sm_ring *r, enum smi_wait_side side)
{
	/* Store(seq) then load(asleep) must not be reordered against the
	 * sleeper's set-flag-then-re-read: sleepers issue a membarrier()
	 * after setting the flag. */
	smi_ring_store_load(r);
	_Atomic uint32_t *asleep = side == SMI_WAIT_DATA ? &r->ctl->readers_asleep
							 : &r->ctl->writers_asleep;
	if (__builtin_expect(atomic_load_explicit(asleep, memory_order_relaxed) != 0, 0))
		smi_ring_wake_slow(r, side);
}
bool smi_ring_is_shutdown(const sm_ring *r);
/* The hot path's check: the ring's own flag, set by the owner's close
 * before it wakes anyone (smi_ring_is_shutdown also reads the header's). */
static inline bool smi_ring_closing(const sm_ring *r)
{
	return atomic_load_explicit(&r->ctl->shutdown, memory_order_relaxed) != 0;
}

/* ---- Looking ahead (ring_read.c) ---- */
/* Copy the first bytes (at most `cap`) of the message at tail to `dst`
 * without claiming it: its length, or -1 if no message is published there
 * now (empty, being written, a SKIP).  For a handle whose reading threads
 * take turns (the RPC's reader role) on a ring no other process reads:
 * the message is then still the next one when the caller claims it. */
ssize_t smi_ring_look(sm_ring *r, void *dst, size_t cap);
/* Wait up to timeout_ms until the position at tail is published (a
 * message, or a node readers skip), without claiming it: for a reader
 * that, like smi_ring_look()'s, has the ring to itself and must know
 * what comes before it may take it.  0 once published (or the ring is
 * shut down: a read says what became of it), -ETIMEDOUT, -EINTR, or
 * -SM_EBADHEADER, as a read's wait. */
int smi_ring_await_next(sm_ring *r, int timeout_ms);

/* ---- Recovery (ring_recover.c) ---- */
/* A consumer is stuck on free node `n` at position `pos` < head: if its
 * producer is dead (or never finished claiming), publish it as SKIP.
 * Returns true if the node changed. */
bool smi_ring_recover_writer(sm_ring *r, struct smi_ring_node *n, uint64_t pos);
/* A producer is stuck on node `n` still holding position `pos` (< tail):
 * if its consumer is dead, count the message lost and free the node. */
bool smi_ring_recover_reader(sm_ring *r, struct smi_ring_node *n, uint64_t pos);

/* A waiter at `pos` (a consumer at tail, side SMI_WAIT_DATA; a producer
 * at head, SMI_WAIT_SPACE) whose node names a position the ring has
 * passed (set back: a damaged file), which no holder will ever move:
 * put back the word the ring would have there.  True if the caller should
 * look again (the node or the index moved). */
bool smi_ring_repair_behind(sm_ring *r, struct smi_ring_node *n, uint64_t pos,
			    enum smi_wait_side side);
/* Might seq be set back for a waiter at pos?  (smi_ring_repair_behind
 * decides: the lap before pos can be a live holder's.) */
static inline bool smi_seq_maybe_behind(uint64_t seq, uint64_t pos)
{
	return SEQ_POS(seq) < pos;
}

/* ---- Test hooks ---- *
 * Called (when set) at the points below, so kill tests can stop a process
 * deterministically inside a claim.  Not exported from the shared library. */
enum smi_ring_hook_point {
	SMI_HOOK_WRITE_CHECKED, /* the ring was open; nothing claimed yet */
	SMI_HOOK_WRITE_CLAIMED, /* head advanced, claimer not yet recorded */
	SMI_HOOK_WRITE_FILLED,  /* data copied, not yet committed */
	SMI_HOOK_READ_CLAIMED,  /* tail advanced, claimer not yet recorded */
	SMI_HOOK_READ_COPIED,   /* data copied out, node not yet released */
	/* Single-role rings: the node is published (freed), head (tail) not
	 * yet moved past it. */
	SMI_HOOK_WRITE_PUBLISHED,
	SMI_HOOK_READ_FREED,
	/* A waiter going to sleep (ring_wait.c; pos is 0): its asleep flag
	 * is set; then, it has re-checked and is about to sleep. */
	SMI_HOOK_SLEEP_FLAGGED,
	SMI_HOOK_SLEEP_CHECKED,
};
extern void (*smi_ring_test_hook)(enum smi_ring_hook_point point, uint64_t pos);
static inline void smi_ring_hook(enum smi_ring_hook_point point, uint64_t pos)
{
	if (__builtin_expect(smi_ring_test_hook != NULL, 0))
		smi_ring_test_hook(point, pos);
}
/* Test hook: handles registered while this is true behave as in a process
 * without membarrier (fence every publication, sleep in slices). */
extern bool smi_ring_force_fences;
/* The time a claim may stay unrecorded before waiters treat its holder as
 * dead (the holder's own CAS then fails, so this is safe, only lossy). */
#define SMI_RING_CLAIM_WINDOW_NS ((uint64_t)SM_RING_CLAIM_WINDOW_MS * 1000 * 1000)
/* The short window (see claim_window_ns in ring_recover.c). */
#define SMI_RING_SHORT_WINDOW_NS (UINT64_C(50) * 1000 * 1000)
/* How long a waiter waits on a held node before checking its holder. */
#define SMI_RING_LIVENESS_NS     (UINT64_C(10) * 1000 * 1000)
/* Its sleeps double while the node stays held, up to this: the longest a
 * dead holder goes unnoticed (each sleep costs a membarrier()). */
#define SMI_RING_HELD_SLEEP_MAX_NS (UINT64_C(100) * 1000 * 1000)
/* The longest a waiter sleeps without looking again: a ring whose file
 * was truncated under us wakes nobody (its futex words went with it). */
#define SMI_RING_RECHECK_NS      (UINT64_C(1000) * 1000 * 1000)

#endif
