/* crash.h — the crash-injection driver's shared state.
 *
 * The driver (crash-inject.c) forks ring producers, ring consumers, ring
 * owners, an RPC server and an RPC client, SIGKILLs one at a random
 * instant again and again, and restarts it.  Every child says what it is
 * doing in its slot (state word + the message it is on) before doing it,
 * so the driver knows, for each kill, which window it landed in.  The
 * bookkeeping lives in one anonymous shared mapping made before the
 * first fork. */
#ifndef SM_CRASH_H
#define SM_CRASH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sharedmem.h"
#include "sharedmem/traffic.h"

#define CRASH_PRODUCERS 2
#define CRASH_CONSUMERS 2
#define CRASH_OWNERS    1
#define CRASH_MAX_SEQ   (UINT64_C(1) << 22) /* messages per producer, at most */

enum crash_role { ROLE_PRODUCER, ROLE_CONSUMER, ROLE_OWNER, ROLE_SERVER, ROLE_CLIENT, ROLE_N_ };

/* What a child is doing; `seq`/`producer` say which message where it matters. */
enum crash_state {
	ST_START = 0,   /* opening its segment */
	ST_IDLE,        /* between operations: holds nothing */
	/* producers */
	ST_WRITING,     /* in sm_ring_write / sm_ring_reserve for `seq` */
	ST_RESERVED,    /* holds a reserved node for `seq` */
	ST_COMMITTING,  /* in sm_ring_commit for `seq` */
	/* consumers */
	ST_PEEKING,     /* in sm_ring_peek: may have claimed an unknown message */
	ST_HOLDING,     /* holds message (producer, seq) */
	ST_RELEASING,   /* in sm_ring_release of (producer, seq), then recording it */
	/* rpc client */
	ST_CALLING,     /* in sm_rpc_call */
	ST_N_
};

struct crash_slot {
	_Atomic int32_t  pid;
	enum crash_role  role;
	uint32_t         index;       /* producer id / consumer number ... */
	_Atomic uint32_t state;       /* enum crash_state */
	_Atomic uint32_t producer;    /* consumer: producer of the message it is on */
	_Atomic uint64_t seq;         /* the message it is on */
	_Atomic uint64_t heartbeat_ns; /* CLOCK_MONOTONIC, at every step */
	_Atomic uint64_t busy_since_ns; /* start of the current blocking call, 0 when none */
	uint32_t         incarnation;
};

/* One bit per (producer, sequence number). */
struct crash_bits {
	_Atomic uint64_t w[CRASH_PRODUCERS][CRASH_MAX_SEQ / 64];
};

struct crash_shared {
	uint64_t seed;
	bool     soak;
	char     ring_name[SM_NAME_MAX + 1];
	char     rpc_name[SM_NAME_MAX + 1];
	char     prefix[24];
	uint32_t node_count, node_size;
	int      op_timeout_ms;            /* every blocking call's timeout */
	int      slack_ms;                 /* how far past it the watchdog lets a call run */
	uint32_t rate;                     /* soak: messages/s per producer (0 = flat out) */
	struct crash_slot slots[CRASH_PRODUCERS + CRASH_CONSUMERS + CRASH_OWNERS + 2];
	unsigned n_slots;

	/* Producers: the next sequence number each writes (advanced by the
	 * producer after a commit, by the driver past a killed write). */
	_Atomic uint64_t next_seq[CRASH_PRODUCERS];
	_Atomic uint32_t owner_serial;     /* ring owners: next segment number */

	/* Failures: counted; the first one's text kept. */
	_Atomic uint32_t failures;
	_Atomic uint32_t fail_lock;
	char     first_failure[512];

	/* Ring accounting (bitmaps: see crash_ring.c). */
	struct crash_bits committed, uncertain, read, held, maybe;
	_Atomic uint64_t duplicates, corrupted, reordered, verified;
	/* Kill windows. */
	_Atomic uint64_t kills[ROLE_N_];
	_Atomic uint64_t killed_in[ST_N_];

	/* RPC accounting. */
	_Atomic uint64_t calls_ok, calls_failed_ok, calls_bad, handled;
	_Atomic uint64_t call_errors[8]; /* by crash_rpc_error_index() */
	_Atomic uint64_t slowest_call_ns;
	_Atomic uint64_t connects;

	/* Results, for the summary line. */
	uint64_t ring_checked, ring_read, ring_lost;
};

extern struct crash_shared *crash;

/* ---- helpers (crash-inject.c) ---- */
uint64_t crash_now_ns(void);
/* Record a failure (printf-style); the driver fails the run at the end. */
void crash_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Set this child's state (and heartbeat). */
void crash_state(struct crash_slot *s, enum crash_state st);
/* Mark the start / end of a blocking call (for the watchdog). */
void crash_busy(struct crash_slot *s, bool busy);
/* A child's private random numbers. */
uint64_t crash_rand(uint64_t *state);

static inline bool bit_set(struct crash_bits *b, uint32_t p, uint64_t seq)
{
	uint64_t m = UINT64_C(1) << (seq % 64);
	return atomic_fetch_or_explicit(&b->w[p][seq / 64], m, memory_order_relaxed) & m;
}
static inline bool bit_get(struct crash_bits *b, uint32_t p, uint64_t seq)
{
	return atomic_load_explicit(&b->w[p][seq / 64], memory_order_relaxed) & (UINT64_C(1) << (seq % 64));
}

/* ---- children (each runs until killed) ---- */
int crash_producer(struct crash_slot *s);
int crash_consumer(struct crash_slot *s);
int crash_owner(struct crash_slot *s);
int crash_server(struct crash_slot *s);
int crash_client(struct crash_slot *s);

/* ---- the driver's side ---- */
int crash_ring_setup(sm_ring **ring);
/* Note what a kill of slot `s` (in state `st`) leaves to account for. */
void crash_ring_killed(struct crash_slot *s, enum crash_state st);
/* Drain the ring, check the accounting, print the counts; 0 or -1. */
int crash_ring_finish(sm_ring *ring);
int crash_rpc_finish(void);
/* Index of an RPC error in call_errors, and its name. */
unsigned crash_rpc_error_index(int err);
const char *crash_rpc_error_name(unsigned i);

#endif
