/* ring_procs.c — the ring's process slots: who may hold a node (so a
 * waiter can tell a dead holder from a slow one) and per-process byte
 * counters (so counting bytes never shares a cache line across processes). */
#include <pthread.h>

#include "ring_internal.h"

unsigned smi_fork_generation;
void (*smi_ring_test_hook)(enum smi_ring_hook_point point, uint64_t pos);
bool smi_ring_force_fences;

static void after_fork_child(void) { smi_fork_generation++; }
static void install_atfork(void) { pthread_atfork(NULL, NULL, after_fork_child); }

/* Dead only on proof (smi_proc_alive): the pid is gone, names a process
 * that started at another time, or a zombie.  An unreadable /proc proves
 * nothing: taking a live process's nodes or slot would corrupt the ring.
 * A pid no process can have (<= 0, written by a damaged file) is no
 * holder at all: dead. */
static bool proc_dead(int32_t pid, uint64_t start)
{
	return !smi_proc_alive(pid, start);
}

static bool take_slot(struct smi_ring_proc *s, int32_t seen, struct smi_proc_id me)
{
	if (!atomic_compare_exchange_strong_explicit(&s->pid, &seen, me.pid, memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	atomic_store_explicit(&s->start_time, me.start_time, memory_order_relaxed);
	/* Release: whoever reads the new generation (acquire, in
	 * smi_ring_claimer_dead) also sees the pid and start time. */
	atomic_fetch_add_explicit(&s->gen, 1, memory_order_release);
	return true;
}

void smi_ring_register(sm_ring *r)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install_atfork);
	r->fork_gen = smi_fork_generation;
	r->slot = SMI_RING_ANON;
	/* A role belongs to a slot: a child of fork() takes its own. */
	r->producing = r->consuming = r->reserved = r->peeked = false;
	uint32_t gen = 0;
	if (!r->readonly) {
		struct smi_proc_id me = smi_proc_self();
		/* Free slots first; then slots whose process died. */
		for (int pass = 0; pass < 2 && r->slot == SMI_RING_ANON; pass++) {
			for (uint32_t i = 0; i < SMI_RING_ANON; i++) {
				struct smi_ring_proc *s = &r->procs[i];
				int32_t pid = atomic_load_explicit(&s->pid, memory_order_acquire);
				bool candidate = pass == 0 ? pid == 0
					: pid != 0 && pid != me.pid &&
					  proc_dead(pid, atomic_load_explicit(&s->start_time,
									      memory_order_relaxed));
				if (candidate && take_slot(s, pid, me)) {
					r->slot = i;
					gen = atomic_load_explicit(&s->gen, memory_order_relaxed);
					break;
				}
			}
		}
	}
	r->me = &r->procs[r->slot];
	/* Without membarrier, our publications fence themselves and everyone
	 * else's must too, since our sleeps cannot order them (sticky flag). */
	r->fence_self = !r->readonly && (smi_ring_force_fences || smi_membarrier_register() < 0);
	if (r->fence_self)
		atomic_store_explicit(&r->ctl->fence_all, 1, memory_order_seq_cst);
	r->claim_w = CLAIM_MAKE(CLAIM_W, gen, r->slot);
	r->claim_r = CLAIM_MAKE(CLAIM_R, gen, r->slot);
}

void smi_ring_unregister(sm_ring *r)
{
	if (r->readonly || r->slot == SMI_RING_ANON)
		return;
	/* Nodes this handle still holds now count as held by a dead process. */
	atomic_store_explicit(&r->procs[r->slot].pid, 0, memory_order_release);
}

int smi_ring_claimer_dead(const sm_ring *r, uint32_t claim)
{
	uint32_t slot = CLAIM_SLOT(claim);
	if (slot >= SMI_RING_ANON)
		return 0; /* anonymous holders cannot be checked */
	const struct smi_ring_proc *s = &r->procs[slot];
	uint32_t gen = atomic_load_explicit(&s->gen, memory_order_acquire);
	if ((gen & 0x7fffffu) != CLAIM_GEN(claim))
		return 1; /* the slot was taken over: its old holder is gone */
	int32_t pid = atomic_load_explicit(&s->pid, memory_order_relaxed);
	if (pid == 0)
		return 1; /* the holder closed its handle */
	return proc_dead(pid, atomic_load_explicit(&s->start_time, memory_order_relaxed));
}
