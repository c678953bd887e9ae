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
 * result.  A fault anywhere else goes to the handler that was there before
 * us: with the default one, the process dies as it would have. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#include "platform.h"

/* Mappings a process holds at once; past that, new ones go unguarded. */
#define MAX_GUARDED 1024

struct guarded {
	_Atomic uintptr_t start; /* 0: free slot */
	_Atomic size_t len;
	_Atomic int prot;
	_Atomic int truncated;
};

static struct guarded guarded[MAX_GUARDED];
static struct sigaction previous;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool installed;

/* Async-signal-safe: atomics, mmap and sigaction only. */
static void on_sigbus(int sig, siginfo_t *info, void *context)
{
	uintptr_t addr = (uintptr_t)info->si_addr;
	for (int i = 0; i < MAX_GUARDED; i++) {
		uintptr_t start = atomic_load_explicit(&guarded[i].start, memory_order_acquire);
		size_t len = atomic_load_explicit(&guarded[i].len, memory_order_relaxed);
		if (start <= 1 || addr - start >= len) /* 1: a slot being filled */
			continue;
		int prot = atomic_load_explicit(&guarded[i].prot, memory_order_relaxed);
		/* cppcheck-suppress invalidFunctionArg ; fd -1 is what MAP_ANONYMOUS asks for */
		void *zeros = mmap((void *)start, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (zeros == MAP_FAILED) /* (else zeros == start: it replaced the mapping) */
			break;
		atomic_store_explicit(&guarded[i].truncated, 1, memory_order_release);
		return;
	}
	if (previous.sa_flags & SA_SIGINFO) {
		previous.sa_sigaction(sig, info, context);
	} else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
		previous.sa_handler(sig);
	} else {
		/* Returning re-runs the access, which faults again, now fatally. */
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		sigaction(SIGBUS, &dfl, NULL);
	}
}

static void install(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	installed = sigaction(SIGBUS, &sa, &previous) == 0;
}

int smi_mapping_guard(void *start, size_t len, bool writable)
{
	pthread_once(&install_once, install);
	if (!installed || !start || !len)
		return -1;
	for (int i = 0; i < MAX_GUARDED; i++) {
		uintptr_t expected = 0;
		if (atomic_load_explicit(&guarded[i].start, memory_order_relaxed) != 0)
			continue;
		/* The slot is taken by marking it 1 (no mapping starts at 1),
		 * filled, then published with its real start. */
		if (!atomic_compare_exchange_strong(&guarded[i].start, &expected, 1))
			continue;
		atomic_store_explicit(&guarded[i].len, len, memory_order_relaxed);
		atomic_store_explicit(&guarded[i].prot, writable ? PROT_READ | PROT_WRITE : PROT_READ,
				      memory_order_relaxed);
		atomic_store_explicit(&guarded[i].truncated, 0, memory_order_relaxed);
		atomic_store_explicit(&guarded[i].start, (uintptr_t)start, memory_order_release);
		return i;
	}
	return -1;
}

bool smi_mapping_truncated(int guard)
{
	return guard >= 0 && guard < MAX_GUARDED &&
	       atomic_load_explicit(&guarded[guard].truncated, memory_order_acquire);
}

void smi_mapping_unguard(int guard)
{
	if (guard >= 0 && guard < MAX_GUARDED)
		atomic_store_explicit(&guarded[guard].start, 0, memory_order_release);
}
