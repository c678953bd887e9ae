/* rpc_wait.c — how a caller waits for its response.
 *
 * The common case crosses two threads: the caller reads the incoming ring
 * itself (it "leads": takes the reader role, see struct sm_rpc) instead of
 * waiting for the receiving thread to read the response and wake it.  What
 * a leader reads that is not a reply to a waiting caller (a request, an
 * async completion) goes to the receiving thread.  Callers that find the
 * role taken "follow": they spin (spin_us), yield a while, then sleep on
 * their call's futex; a leader whose call is done leaves and kicks one
 * sleeping follower to take over.  Yielding first matters with more
 * callers than cores: a reply read for a follower that has not gone to
 * sleep is handed over with a store, where a futex wake and the sleep
 * cost a system call and a context switch each.
 * The receiving thread keeps out of the way while sync calls are under
 * way (it parks on rx_bell, reading only while nobody leads), and reads
 * the ring as before once they stop (HOT_NS after the last one began). */
#include "rpc_internal.h"

#include <sched.h>

#define LEAD_SLICE_NS   2000000 /* a leader blocked on the ring checks its call this often */
#define FOLLOW_SLICE_NS 1000000 /* a follower retries the role this often */
#define FOLLOW_YIELDS   64      /* yields before a follower sleeps */
#define SYNC_STAMP_NS   1000000 /* last_sync_ns is this fine (HOT_NS is 20 ms) */

/* The receiving thread, on a call of its own (nested, from an inline
 * handler): it must keep serving what leaders hand it meanwhile, and
 * finishing async calls that fail or expire. */
static void wait_on_rx(sm_rpc *rpc, struct smi_rpc_call *call)
{
	/* Acquire pairs with the release store in deliver_locked(). */
	while (__atomic_load_n(&call->done, __ATOMIC_ACQUIRE) != SMI_DONE_FINISHED) {
		int64_t left = smi_deadline_left_ns(&call->deadline);
		if (left == 0)
			return;
		uint32_t bell = __atomic_load_n(&rpc->rx_bell, __ATOMIC_ACQUIRE);
		smi_rpc_run_deferred(rpc);
		smi_rpc_complete_due(rpc);
		if (smi_rpc_poll(rpc, 0))
			continue;
		if (__atomic_load_n(&call->done, __ATOMIC_ACQUIRE) == SMI_DONE_FINISHED)
			return;
		if (atomic_load_explicit(&rpc->leaders, memory_order_acquire) == 0) {
			/* nobody else reads: wait on the ring ourselves */
			smi_rpc_poll(rpc, left < LEAD_SLICE_NS ? left : LEAD_SLICE_NS);
		} else {
			smi_futex_wait(&rpc->rx_bell, bell, left < FOLLOW_SLICE_NS ? left : FOLLOW_SLICE_NS);
		}
		smi_rpc_check_peer(rpc, false);
	}
}

static bool finished(struct smi_rpc_call *call)
{
	/* Acquire pairs with the release store in deliver_locked(). */
	return __atomic_load_n(&call->done, __ATOMIC_ACQUIRE) == SMI_DONE_FINISHED;
}

/* Read the ring until the call is done or its deadline: spin (polling)
 * until spin_end (0: no spin), then block on the ring in slices.  Returns
 * early when another thread holds the reader role.  The clock is read
 * once, and after each wait for a packet. */
static void lead(sm_rpc *rpc, struct smi_rpc_call *call, uint64_t spin_end)
{
	unsigned spins = 0, unwaited = 0;
	uint64_t now = smi_now_ns();
	bool worker = smi_rpc_current == rpc;
	while (!finished(call)) {
		int64_t left = smi_rpc_left_at(&call->deadline, now);
		if (left == 0)
			return;
		if (worker && smi_rpc_work_queued(rpc))
			return; /* a request for the pool, which may be only us: help */
		if (smi_rpc_deferred_pending(rpc))
			return; /* our reply may be queued behind them: follow */
		if (now < spin_end) {
			int got = smi_rpc_lead_poll(rpc, 0, NULL);
			if (got < 0)
				return; /* another thread reads */
			if (!got) {
				smi_cpu_relax();
				if ((++spins & 63) == 0)
					sched_yield(); /* never hog a shared core */
			}
			now = smi_now_ns();
			continue;
		}
		uint64_t before = now;
		if (smi_rpc_lead_poll(rpc, left < LEAD_SLICE_NS ? left : LEAD_SLICE_NS, &now) < 0)
			return;
		if (now != before) /* it waited: check the peer now and then */
			smi_rpc_check_peer_at(rpc, now);
		else if ((++unwaited & 7) == 0) /* packets for others keep coming */
			now = smi_now_ns();
	}
}

/* Someone else is to finish our call: another thread reads, or the
 * receiving thread has replies queued that came before ours. */
static bool others_read(sm_rpc *rpc)
{
	return atomic_load_explicit(&rpc->lead, memory_order_seq_cst) != 0 ||
	       smi_rpc_deferred_pending(rpc);
}

/* Wait while others read: spin until spin_end, then sleep on the call's
 * futex.  Returns when the call is done, its deadline passed, or the
 * reader role is worth trying again (kicked, or a slice passed). */
static void follow(sm_rpc *rpc, struct smi_rpc_call *call, uint64_t spin_end)
{
	unsigned spins = 0;
	while (spin_end && smi_now_ns() < spin_end) {
		if (finished(call) || !others_read(rpc))
			return;
		smi_cpu_relax();
		if ((++spins & 63) == 0)
			sched_yield();
	}
	/* Then yield: the reply is usually a few round trips away, and
	 * letting the leader (or the thread that will lead) run costs far
	 * less than a futex sleep and wake. */
	for (unsigned i = 0; i < FOLLOW_YIELDS; i++) {
		if (finished(call) || !others_read(rpc))
			return;
		/* a yield may last a time slice on a loaded machine */
		if ((i & 7) == 7 && smi_deadline_passed(&call->deadline))
			return;
		sched_yield();
	}
	int64_t left = smi_deadline_left_ns(&call->deadline);
	if (left == 0)
		return;
	/* seq_cst: pairs with deliver_locked()'s store of `done` and load of
	 * `following` (no wake-up is lost). */
	__atomic_store_n(&call->following, 1, __ATOMIC_SEQ_CST);
	atomic_fetch_add_explicit(&rpc->followers, 1, memory_order_seq_cst);
	/* Counted first, then the role re-checked (seq_cst): a leader that
	 * left before our check is seen here; one that leaves after it sees
	 * our count and kicks us (changing `done`, so the sleep ends). */
	if (others_read(rpc))
		smi_futex_wait(&call->done, SMI_DONE_PENDING, left < FOLLOW_SLICE_NS ? left : FOLLOW_SLICE_NS);
	atomic_fetch_sub_explicit(&rpc->followers, 1, memory_order_relaxed);
	__atomic_store_n(&call->following, 0, __ATOMIC_RELAXED);
	uint32_t kicked = SMI_DONE_KICKED;
	__atomic_compare_exchange_n(&call->done, &kicked, SMI_DONE_PENDING, false, __ATOMIC_ACQUIRE,
				    __ATOMIC_RELAXED);
	smi_rpc_check_peer(rpc, false);
}

void smi_rpc_wait_done(sm_rpc *rpc, struct smi_rpc_call *call)
{
	if (smi_rpc_receiver == rpc) {
		wait_on_rx(rpc, call);
		return;
	}
	/* The call started a moment ago (its request just sent): that time
	 * serves, the clock is read once per packet as it is. */
	uint64_t now = call->start_ns;
	uint64_t spin_ns = (uint64_t)atomic_load_explicit(&rpc->spin_us, memory_order_relaxed) * 1000u;
	uint64_t spin_end = spin_ns ? now + spin_ns : 0;
	/* Stored at most every SYNC_STAMP_NS: callers on other cores share
	 * the line, and the receiving thread needs no finer time. */
	if (now - atomic_load_explicit(&rpc->last_sync_ns, memory_order_relaxed) >= SYNC_STAMP_NS)
		atomic_store_explicit(&rpc->last_sync_ns, now, memory_order_relaxed);
	atomic_fetch_add_explicit(&rpc->sync_waiting, 1, memory_order_seq_cst);
	/* lead() checks the deadline first thing (with the clock it reads). */
	while (!finished(call)) {
		if (smi_rpc_current == rpc && smi_rpc_help_one(rpc)) {
			/* a worker: serve queued requests meanwhile */
			if (smi_deadline_passed(&call->deadline))
				break;
			continue;
		}
		atomic_fetch_add_explicit(&rpc->leaders, 1, memory_order_seq_cst);
		lead(rpc, call, spin_end);
		atomic_fetch_sub_explicit(&rpc->leaders, 1, memory_order_seq_cst);
		if (finished(call) || smi_deadline_left_ns(&call->deadline) == 0)
			break;
		follow(rpc, call, spin_end);
	}
	atomic_fetch_sub_explicit(&rpc->sync_waiting, 1, memory_order_seq_cst);
	/* Whoever still waits needs a reader: the receiving thread reads
	 * only while no caller leads, and followers sleep. */
	if (atomic_load_explicit(&rpc->followers, memory_order_seq_cst) &&
	    atomic_load_explicit(&rpc->leaders, memory_order_seq_cst) == 0)
		smi_rpc_kick_follower(rpc);
}
