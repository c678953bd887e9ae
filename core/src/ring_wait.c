/* ring_wait.c — waiting for messages or free nodes: a short adaptive spin
 * (yielding: other processes may need this core), then a futex sleep.
 *
 * No lost wake-ups.  A sleeper reads the futex word, sets its side's
 * asleep flag (seq_cst), then issues membarrier() (every running thread of
 * every process registered with the ring executes a full barrier), then
 * re-reads the node it waits on, and only then sleeps on the futex word.
 * A publisher stores the node, then reads the flag (smi_ring_wake) with
 * only a compiler barrier between.  Either the publisher's store came
 * before its barrier point during membarrier(): then the sleeper's re-read
 * sees it; or its flag load came after that point: then it sees the flag,
 * clears it, bumps the futex word and wakes everyone (the bump comes after
 * the sleeper read the word, so its sleep returns at once or is woken).
 * Whoever clears a flag wakes, whatever event it acts on.  This moves the cost of a
 * fence from every publication to the (already slow) sleep, and one wake
 * serves all sleepers: publishers make no more system calls until someone
 * goes to sleep again.  Processes where membarrier is unavailable fence
 * every publication instead, set the ring's fence_all flag so that
 * everyone else does too, and (against publishers that have not seen the
 * flag yet) sleep in slices. */
#include <errno.h>
#include <limits.h>
#include <sched.h>

#include "ring_internal.h"
#include "segment_internal.h"
#include "sharedmem/error.h"

#define SPIN_MIN   64u
#define SPIN_MAX   1024u
#define PAUSES     32u   /* cpu pauses per spin step */
#define YIELD_EVERY 4u   /* a sched_yield every this many steps */

bool smi_ring_is_shutdown(const sm_ring *r)
{
	return atomic_load_explicit(&r->ctl->shutdown, memory_order_acquire) ||
	       atomic_load_explicit((_Atomic uint32_t *)&r->hdr->shutdown, memory_order_acquire);
}

void smi_ring_wake_slow(sm_ring *r, enum smi_wait_side side)
{
	struct smi_ring_ctl *c = r->ctl;
	_Atomic uint32_t *asleep = side == SMI_WAIT_DATA ? &c->readers_asleep : &c->writers_asleep;
	_Atomic uint32_t *word = side == SMI_WAIT_DATA ? &c->data_futex : &c->space_futex;
	/* Whoever clears the flag wakes; a sleeper arriving after this sets
	 * it again before it reads the futex word (see the top). */
	if (!atomic_exchange_explicit(asleep, 0, memory_order_seq_cst))
		return;
	atomic_fetch_add_explicit(word, 1, memory_order_seq_cst);
	smi_futex_wake((uint32_t *)word, INT_MAX);
}

/* The owner's close: wake every sleeper of both sides unconditionally. */
void smi_ring_wake_all(sm_ring *r)
{
	struct smi_ring_ctl *c = r->ctl;
	atomic_fetch_add_explicit(&c->data_futex, 1, memory_order_seq_cst);
	atomic_fetch_add_explicit(&c->space_futex, 1, memory_order_seq_cst);
	smi_futex_wake((uint32_t *)&c->data_futex, INT_MAX);
	smi_futex_wake((uint32_t *)&c->space_futex, INT_MAX);
}

/* sm_ring_interrupt() stores the flag, then bumps the futex words (both
 * seq_cst); a sleeper reads its word, then the flag.  So either it sees
 * the flag, or its read of the word came before the bump: its futex wait
 * then returns at once or is woken (as for the owner's close). */
static bool interrupted(const sm_ring *r)
{
	return atomic_load_explicit(&r->interrupted, memory_order_seq_cst);
}

void sm_ring_interrupt(sm_ring *ring)
{
	if (!ring)
		return;
	int saved = errno; /* a signal handler's caller keeps its errno */
	atomic_store_explicit(&ring->interrupted, true, memory_order_seq_cst);
	/* Waiters of other handles wake too (they share the words): they
	 * look again and go back to sleep.  A read-only handle never waits,
	 * and may not write the words. */
	if (!ring->readonly)
		smi_ring_wake_all(ring);
	errno = saved;
}

bool smi_ring_barrier_all(sm_ring *r)
{
	if (!r->fence_self && smi_membarrier() == 0)
		return true;
	atomic_store_explicit(&r->ctl->fence_all, 1, memory_order_seq_cst);
	smi_store_load_fence();
	return false;
}

/* How long to sleep on a held node before checking its holder again: the
 * first sleep SMI_RING_LIVENESS_NS, each next one twice as long, up to
 * SMI_RING_HELD_SLEEP_MAX_NS.  A live holder's commit or abandon wakes us
 * anyway; only a dead holder waits out the sleep. */
static int64_t held_sleep_ns(struct smi_waiter *w)
{
	uint64_t ns = w->held_sleep_ns ? w->held_sleep_ns : SMI_RING_LIVENESS_NS;
	w->held_sleep_ns = ns < SMI_RING_HELD_SLEEP_MAX_NS / 2 ? ns * 2 : SMI_RING_HELD_SLEEP_MAX_NS;
	return (int64_t)ns;
}

static void start_deadline(struct smi_waiter *w)
{
	if (!w->started) {
		w->deadline = smi_deadline_from_ms(w->timeout_ms);
		w->started = true;
	}
}

int smi_ring_wait(sm_ring *r, struct smi_waiter *w, enum smi_wait_side side,
		  _Atomic uint64_t *probe, uint64_t seen, bool held)
{
	struct smi_ring_ctl *c = r->ctl;
	/* What we wait on is zero pages now, or head and tail were damaged
	 * since we opened (nothing we wait for would ever come).  Checked
	 * only here, off the hot path: damage that lets a call through is
	 * found by the first call that has to wait. */
	if (smi_segment_truncated(r->seg) || !smi_ring_positions_possible(r))
		return -SM_EBADHEADER;
	if (w->timeout_ms == 0)
		goto timed_out;
	if (interrupted(r))
		return -EINTR;
	start_deadline(w);
	if (side == SMI_WAIT_SPACE && smi_ring_is_shutdown(r))
		return -SM_ESHUTDOWN;

	/* Spin phase: cheap re-checks, yielding now and then. */
	unsigned spin = atomic_load_explicit(&r->spin, memory_order_relaxed);
	if (w->spins < spin) {
		w->spins++;
		for (unsigned i = 0; i < PAUSES; i++) {
			smi_cpu_relax();
			if (atomic_load_explicit(probe, memory_order_relaxed) != seen) {
				if (spin < SPIN_MAX) /* spinning paid off: allow more */
					atomic_store_explicit(&r->spin, spin * 2, memory_order_relaxed);
				return 0;
			}
		}
		if (w->spins % YIELD_EVERY == 0) {
			if (smi_deadline_passed(&w->deadline))
				goto timed_out;
			sched_yield();
		}
		return 0;
	}

	/* Sleep phase. */
	int64_t left = smi_deadline_left_ns(&w->deadline);
	if (left == 0)
		goto timed_out;
	if (!w->slept) {
		w->slept = true;
		if (spin > SPIN_MIN) /* spinning did not pay off: a little less */
			atomic_store_explicit(&r->spin, spin - spin / 4, memory_order_relaxed);
		atomic_fetch_add_explicit(side == SMI_WAIT_DATA ? &c->empty_waits : &c->full_waits, 1,
					  memory_order_relaxed);
	}
	/* A held node is watched for its holder's death: wake up now and then,
	 * less often the longer it stays held. */
	if (held) {
		int64_t slice = held_sleep_ns(w);
		if (left > slice)
			left = slice;
	} else {
		w->held_sleep_ns = 0;
	}
	if (left > (int64_t)SMI_RING_RECHECK_NS)
		left = (int64_t)SMI_RING_RECHECK_NS;
	_Atomic uint32_t *word = side == SMI_WAIT_DATA ? &c->data_futex : &c->space_futex;
	_Atomic uint32_t *asleep = side == SMI_WAIT_DATA ? &c->readers_asleep : &c->writers_asleep;
	/* The futex word is read before the flag is set: a waker that clears
	 * our flag bumps the word after that, so the sleep below cannot miss
	 * it, even when the waker acts on an older event than the one we wait
	 * for (a flag left set by a wait that found progress and did not
	 * sleep).  Read after the flag, the word could already hold such a
	 * waker's bump, and the event we need would then find no flag. */
	uint32_t v = atomic_load_explicit(word, memory_order_seq_cst);
	atomic_store_explicit(asleep, 1, memory_order_seq_cst);
	smi_ring_hook(SMI_HOOK_SLEEP_FLAGGED, 0);
	/* Without membarrier (or it stopped working) everyone fences from
	 * now on; until they all see that, sleep in slices. */
	if (!smi_ring_barrier_all(r) && left > (int64_t)SMI_RING_LIVENESS_NS)
		left = (int64_t)SMI_RING_LIVENESS_NS;
	/* The owner's close wakes everyone once: a waiter that looks after it
	 * must not sleep through it, unless it waits on a held node (a reader
	 * draining a live producer's node), which its holder's commit or
	 * abandon wakes, and which it checks for the holder's death anyway.
	 * sm_ring_interrupt() also wakes everyone once: a waiter that sees
	 * its flag does not sleep, held node or not (see interrupted()). */
	if (atomic_load_explicit(probe, memory_order_seq_cst) == seen &&
	    (held || !smi_ring_is_shutdown(r)) && !interrupted(r)) {
		smi_ring_hook(SMI_HOOK_SLEEP_CHECKED, 0);
		smi_futex_wait((uint32_t *)word, v, left == INT64_MAX ? -1 : left);
	}
	return 0;

timed_out:
	if (w->timeout_ms != 0)
		atomic_fetch_add_explicit(&c->timeouts, 1, memory_order_relaxed);
	return -ETIMEDOUT;
}
