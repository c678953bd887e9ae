/* platform_sigbus.c — surviving a segment file that shrinks under its
 * mappings.
 *
 * Any process that may write a segment's file may also truncate it, and
 * touching a mapped page past the file's new end raises SIGBUS, which
 * would kill a monitor merely looking at the segment.  So every segment
 * mapping is registered here, and the first registration installs a
 * SIGBUS handler.  On a fault inside a registered mapping the handler
 * maps anonymous zero pages over the whole of it (the faulting access then
 * completes on them) and marks it truncated, as Wayland compositors do for
 * their clients' buffers; what was read from it since is then worthless,
 * and the segment's code asks smi_mapping_truncated() before it trusts a
 * result.  Any other SIGBUS (a fault anywhere else, a hardware memory
 * error, a signal sent with kill()) goes to the handler that was there
 * before us: with the default one, the process dies as it would have. */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "platform.h"

/* Slots come in chunks, linked as needed and never freed (a handler may
 * be walking them): a process may hold any number of mappings. */
#define CHUNK_SLOTS 1024

struct guarded {
	_Atomic uintptr_t start; /* 0: free slot */
	_Atomic size_t len;
	_Atomic int prot;
	_Atomic int truncated;
	_Atomic int busy; /* handlers looking at this slot right now */
};

struct chunk {
	struct guarded slot[CHUNK_SLOTS];
	struct chunk *_Atomic next;
};

static struct chunk first_chunk;
static struct sigaction previous;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool installed;

/* If `addr` lies in slot g's mapping, replace the mapping with zero pages:
 * 1 if done, 0 if that failed, -1 if `addr` is not in it.  A slot is looked
 * at only while `busy` says so: smi_mapping_unguard() clears start, then
 * waits for busy to fall, so the mapping cannot be unmapped (and something
 * else mapped there) between our reading start and our MAP_FIXED.
 * (seq_cst, both sides: either we see start cleared, or the unguarder sees
 * us busy.) */
static int zero_if_inside(struct guarded *g, uintptr_t addr)
{
	atomic_fetch_add(&g->busy, 1);
	uintptr_t start = atomic_load(&g->start);
	size_t len = atomic_load_explicit(&g->len, memory_order_relaxed);
	bool hit = start > 1 && addr - start < len; /* 1: a slot being filled */
	bool done = false;
	if (hit) {
		int prot = atomic_load_explicit(&g->prot, memory_order_relaxed);
		int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
		/* cppcheck-suppress invalidFunctionArg ; fd -1 is what MAP_ANONYMOUS asks for */
		void *zeros = mmap((void *)start, len, prot, flags, -1, 0);
		done = zeros != MAP_FAILED; /* (then zeros == start) */
		if (done)
			atomic_store_explicit(&g->truncated, 1, memory_order_release);
	}
	atomic_fetch_sub(&g->busy, 1);
	return hit ? done : -1;
}

/* Replace the guarded mapping holding `addr`, if any, with zero pages. */
static bool zero_guarded(uintptr_t addr)
{
	for (struct chunk *c = &first_chunk; c; c = atomic_load(&c->next))
		for (int i = 0; i < CHUNK_SLOTS; i++) {
			int r = zero_if_inside(&c->slot[i], addr);
			if (r >= 0)
				return r;
		}
	return false;
}

/* Not ours to handle: as if our handler had never been installed. */
static void pass_on(int sig, siginfo_t *info, void *context)
{
	if (previous.sa_flags & SA_SIGINFO) {
		previous.sa_sigaction(sig, info, context);
	} else if (previous.sa_handler == SIG_IGN && info->si_code <= 0) {
		/* a signal sent with kill() or raise(), ignored as before */
	} else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
		previous.sa_handler(sig);
	} else {
		/* The default action (a fault cannot be ignored): die of it.  The
		 * signal raised again is delivered as soon as we return. */
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		sigemptyset(&dfl.sa_mask);
		sigaction(SIGBUS, &dfl, NULL);
		raise(SIGBUS);
	}
}

/* Async-signal-safe: atomics, mmap, sigaction and raise only.  Only a
 * fault on a page past the end of its file (BUS_ADRERR) is ours: not a
 * signal sent with kill(), nor a hardware memory error. */
static void on_sigbus(int sig, siginfo_t *info, void *context)
{
	if (info->si_code == BUS_ADRERR && zero_guarded((uintptr_t)info->si_addr))
		return;
	pass_on(sig, info, context);
}

static void install(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	installed = sigaction(SIGBUS, &sa, &previous) == 0;
}

/* Take a free slot of chunk `c` for the mapping: its index there, or -1. */
static int slot_take(struct chunk *c, void *start, size_t len, bool writable)
{
	for (int i = 0; i < CHUNK_SLOTS; i++) {
		struct guarded *g = &c->slot[i];
		uintptr_t expected = 0;
		if (atomic_load_explicit(&g->start, memory_order_relaxed) != 0)
			continue;
		/* The slot is taken by marking it 1 (no mapping starts at 1),
		 * filled, then published with its real start. */
		if (!atomic_compare_exchange_strong(&g->start, &expected, 1))
			continue;
		atomic_store_explicit(&g->len, len, memory_order_relaxed);
		atomic_store_explicit(&g->prot, writable ? PROT_READ | PROT_WRITE : PROT_READ,
				      memory_order_relaxed);
		atomic_store_explicit(&g->truncated, 0, memory_order_relaxed);
		atomic_store_explicit(&g->start, (uintptr_t)start, memory_order_release);
		return i;
	}
	return -1;
}

/* The chunk after `c`, added if there is none yet.  NULL without memory. */
static struct chunk *chunk_next(struct chunk *c)
{
	struct chunk *next = atomic_load(&c->next);
	if (next)
		return next;
	struct chunk *grown = calloc(1, sizeof *grown);
	if (!grown)
		return NULL;
	if (atomic_compare_exchange_strong(&c->next, &next, grown))
		return grown;
	free(grown); /* another thread added one first: `next` is it */
	return next;
}

int smi_mapping_guard(void *start, size_t len, bool writable)
{
	pthread_once(&install_once, install);
	if (!installed || !start || !len)
		return -1;
	int base = 0;
	for (struct chunk *c = &first_chunk; c; c = chunk_next(c), base += CHUNK_SLOTS) {
		int i = slot_take(c, start, len, writable);
		if (i >= 0)
			return base + i;
	}
	return -1;
}

/* Slot number `guard` (smi_mapping_guard()'s), or NULL. */
static struct guarded *slot_at(int guard)
{
	if (guard < 0)
		return NULL;
	struct chunk *c = &first_chunk;
	for (; c && guard >= CHUNK_SLOTS; guard -= CHUNK_SLOTS)
		c = atomic_load(&c->next);
	return c ? &c->slot[guard] : NULL;
}

bool smi_mapping_truncated(int guard)
{
	struct guarded *g = slot_at(guard);
	return g && atomic_load_explicit(&g->truncated, memory_order_acquire);
}

void smi_mapping_unguard(int guard)
{
	struct guarded *g = slot_at(guard);
	if (!g)
		return;
	atomic_store(&g->start, 0);
	while (atomic_load(&g->busy)) /* a handler is replacing it: a moment */
		sched_yield();
}
