/* sharedmem/ring.h — lock-free multi-producer/multi-consumer ring of
 * fixed-size nodes in a named segment.
 *
 * Any number of producer and consumer processes and threads may use one
 * ring at once (unless it was created single-producer or single-consumer:
 * see sm_ring_create_flags).  A ring of node_count nodes holds up to node_count messages
 * at once (no node is wasted).  Each producer's messages are read in the
 * order it wrote them; every message is read by exactly one consumer.
 * Positions are free-running 64-bit counters (no wrap-around, no ABA).
 *
 * Timeouts are total deadlines in milliseconds: 0 = try once, -1 = forever
 * (any negative value waits forever).  A timeout is -ETIMEDOUT, distinct
 * from a 0-byte message.  Calls that
 * wait spin briefly (yielding the CPU), then sleep on a futex; a call
 * that finds what it needs makes no system call.
 *
 * Crash tolerance: a process that dies holding a node (between reserve and
 * commit, or between peek and release, or inside write/read) does not stall
 * the ring.  Waiters stuck on the node notice within ~10 ms that its holder
 * is dead (pid + start time) and skip the node (counted `abandoned`) or
 * free it (counted `lost`).  A holder that died in the few instructions
 * between winning a position and recording itself is presumed dead after
 * 50 ms (producers) or SM_RING_CLAIM_WINDOW_MS (consumers; 50 ms for the
 * rest of a burst).  Should such a holder be alive after all, it loses that
 * claim safely: a producer writes its message at another position, a
 * consumer's message counts as lost.  Up to 127 processes per ring are
 * tracked; beyond that, holders are not checked.
 *
 * Sizing: each node takes node_size + 16 bytes, rounded up to 64.  For
 * streaming, give the ring more bytes than a core's L2 cache: a ring that
 * fits in L2 bounces every line between the producer's and the consumer's
 * caches (each write waits for the reader's copy to be taken back), a
 * larger one streams through the shared L3.  On the 2-core test machine
 * 64-byte messages went 1.5-2x faster through 32768 nodes (4 MiB) than
 * through 1024 (128 KiB).  The cost is queueing: under a load the
 * consumer cannot keep up with, a message waits node_count messages.
 * One message at a time (request/response) does not care.
 *
 * fork(): a child may keep using a handle its parent opened (it registers
 * itself on first use), but should not close an inherited owner handle:
 * only the creating process's close shuts the ring down.  Zero-copy slots
 * the parent holds stay the parent's: the child's commit of one gets
 * -EINVAL, its abandon or release is ignored.
 */
#ifndef SHAREDMEM_RING_H
#define SHAREDMEM_RING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "segment.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_ring sm_ring;

/* How long a consumer's claim may stay unrecorded before waiters treat its
 * holder as dead (see above). */
#define SM_RING_CLAIM_WINDOW_MS 1000
/* Most messages one burst call moves; longer bursts move this many. */
#define SM_RING_BURST_MAX 256u

/* The node counts and node sizes a ring may have. */
#define SM_RING_MIN_NODES     2u
#define SM_RING_MAX_NODES     (1u << 31)
#define SM_RING_MAX_NODE_SIZE (1u << 30)

/* Create ring `name` of node_count (SM_RING_MIN_NODES..SM_RING_MAX_NODES)
 * nodes of node_size (1..SM_RING_MAX_NODE_SIZE) bytes; the caller owns it.
 * Does not block.  Errors as sm_segment_create() (-EEXIST, -ENAMETOOLONG,
 * -ENOSPC, ...), plus -EINVAL (NULL out, node_count < SM_RING_MIN_NODES,
 * node_size 0) and -EFBIG (node size over SM_RING_MAX_NODE_SIZE, node count
 * over SM_RING_MAX_NODES, or more than 1 TiB in all). */
int sm_ring_create(sm_ring **out, const char *name, uint32_t node_count,
		   uint32_t node_size, const struct sm_segment_options *opts);

/* Single-role rings (as DPDK's RING_F_SP_ENQ / RING_F_SC_DEQ), chosen at
 * creation.  With SM_RING_SINGLE_PRODUCER one handle at a time writes: the
 * first handle to write (or reserve) takes the producer role, others get
 * -EBUSY until it closes or its process dies; it moves head with plain
 * stores instead of a CAS per message, roughly twice as fast.  Likewise
 * SM_RING_SINGLE_CONSUMER for reading.  The other side may still have many
 * handles.  Calls on the role's handle must not run concurrently (one
 * thread at a time, as DPDK's single-producer API), and it has at most one
 * zero-copy slot out: writes, reads and a second reserve (peek) before
 * its commit/abandon (release) get -EBUSY.  Crashes: the next holder of
 * the role takes over where a dead one stopped; a message the dead
 * consumer had not released is delivered again (never lost), a message
 * the dead producer had not committed is simply not there (one it
 * committed is drained after a shutdown even with no next holder).  With both
 * flags (spsc) the ring runs as a Lamport ring: the consumer frees nodes
 * by moving tail alone, so a node read but not yet passed when its
 * consumer dies is delivered again too, and monitors see each node only
 * as free or ready, but for the producer's zero-copy reservation (being
 * written). */
#define SM_RING_SINGLE_PRODUCER 0x1u
#define SM_RING_SINGLE_CONSUMER 0x2u
/* sm_ring_create() with `ring_flags` (SM_RING_SINGLE_*); -EINVAL for
 * unknown flags.  sm_ring_create() is this with 0 (any number of each). */
int sm_ring_create_flags(sm_ring **out, const char *name, uint32_t node_count,
			 uint32_t node_size, unsigned ring_flags,
			 const struct sm_segment_options *opts);
/* The ring's SM_RING_SINGLE_* flags. */
unsigned sm_ring_flags(const sm_ring *ring);
/* The mode in short: "mpmc", "spsc", "spmc" or "mpsc" (flags beyond
 * SM_RING_SINGLE_* are ignored). */
const char *sm_ring_mode_name(unsigned ring_flags);

/* Open an existing ring; flags SM_OPEN_READONLY for monitors (snapshot
 * only).  Errors as sm_segment_open() (-ENOENT, -SM_EWRONGKIND, ...), and
 * -SM_EBADHEADER when the ring's own parameters are inconsistent with each
 * other or with the segment's size, or its head and tail are positions no
 * ring could hold (2^62 or more, tail ahead of head, more than a lap
 * apart: the file was damaged). */
int sm_ring_open(sm_ring **out, const char *name, unsigned flags);

/* Close.  The owner's close shuts the ring down: blocked and later writers
 * get -SM_ESHUTDOWN at once; readers drain what is left, then get
 * -SM_ESHUTDOWN.  What is left includes a zero-copy reservation a live
 * producer still holds (readers wait for it like for any node being
 * written: its commit succeeds and is read; its abandon or its producer's
 * death ends the drain).  A write, burst or reserve under way when the
 * owner closes either succeeds and is read, or fails with -SM_ESHUTDOWN
 * (its positions then read as abandoned); never both, never neither.
 * Do not close a handle other threads are still using.  NULL is ignored. */
void sm_ring_close(sm_ring *ring);

/* Getters: NULL or 0 for a NULL handle (sm_ring_flags too). */
sm_segment *sm_ring_segment(const sm_ring *ring);
uint32_t sm_ring_node_count(const sm_ring *ring);
uint32_t sm_ring_node_size(const sm_ring *ring);

/* Copy `len` (0..node_size) bytes in as one message.  Blocks while the ring
 * is full, up to timeout_ms.  0, -EMSGSIZE (len > node_size, nothing
 * written), -ETIMEDOUT, -SM_ESHUTDOWN, -EBADF (read-only handle), -EINVAL
 * (NULL ring, or NULL data with len > 0). */
int sm_ring_write(sm_ring *ring, const void *data, size_t len, int timeout_ms);
/* (Every producer call below and sm_ring_write() also return -EBUSY on a
 * single-producer ring whose role another live handle holds; every
 * consumer call likewise on a single-consumer ring; a call refused for its
 * arguments takes no role.  Every call that waits
 * returns -SM_EBADHEADER once it finds the ring's file truncated under the
 * mapping (see sm_segment_open()), or its head and tail set to positions
 * no ring could hold (as sm_ring_open() refuses them); a waiter asleep
 * then notices within a second.  And every call that would wait returns
 * -EINTR once its handle is interrupted: sm_ring_interrupt().) */

/* Copy the next message out; returns its length.  Blocks while the ring is
 * empty, up to timeout_ms.  -SM_ETOOSMALL if `cap` is too small (the message
 * stays in the ring; sm_ring_peek() tells its length), -ETIMEDOUT,
 * -SM_ESHUTDOWN (shut down and drained), -EBADF, -EINVAL (NULL ring, or
 * NULL dst with cap > 0).  Messages abandoned by their producer are
 * skipped silently. */
ssize_t sm_ring_read(sm_ring *ring, void *dst, size_t cap, int timeout_ms);

/* Bursts: write `count` (>= 1) messages of msg_size bytes laid out back to
 * back at `data` with one claim; returns how many were written (>= 1, the
 * first ones), or -errno (as sm_ring_write, -EINVAL for count 0) if none
 * could be before the deadline.  Waits only for the first. */
int sm_ring_write_burst(sm_ring *ring, const void *data, size_t msg_size,
			unsigned count, int timeout_ms);
/* Read up to `max` messages into `dst`, each at a stride of `stride` bytes
 * (>= node_size, else -EINVAL); lens[i] receives each length.  Returns the
 * count (>= 1) or -errno as sm_ring_read (never -SM_ETOOSMALL: every
 * message fits a stride), -EINVAL also for max 0 or NULL dst or lens.
 * Waits only for the first. */
int sm_ring_read_burst(sm_ring *ring, void *dst, size_t stride, uint32_t *lens,
		       unsigned max, int timeout_ms);

/* Zero-copy.  A slot is a node reserved (or peeked) by this handle. */
struct sm_ring_slot {
	void    *data;     /* the node's bytes, in shared memory */
	size_t   capacity; /* node_size */
	size_t   length;   /* message length (peek) */
	uint64_t position; /* ring position of the node */
};
/* Reserve a node to fill in place; blocks like sm_ring_write and returns
 * its errors (except -EMSGSIZE; -EINVAL: NULL ring or slot).  Then sm_ring_commit() or sm_ring_abandon()
 * it: until then, readers wait at this node (later nodes are not readable
 * before it: order is kept). */
int sm_ring_reserve(sm_ring *ring, struct sm_ring_slot *slot, int timeout_ms);
/* Publish `len` bytes of a reserved node.  0, -EMSGSIZE (len > capacity:
 * the node stays reserved; commit less or abandon), -EINVAL (not a slot
 * this handle holds reserved: never reserved, already committed or
 * abandoned).  Does not block. */
int sm_ring_commit(sm_ring *ring, struct sm_ring_slot *slot, size_t len);
/* Give a reservation up: readers skip the node, which counts as
 * `abandoned`; garbage is never published.  Invalid slots are ignored. */
void sm_ring_abandon(sm_ring *ring, struct sm_ring_slot *slot);
/* Claim the next message in place (slot->data, slot->length); blocks like
 * sm_ring_read and returns its errors (except -SM_ETOOSMALL; -EINVAL: NULL
 * ring or slot).  sm_ring_release() frees the node
 * (until then producers wait at it when the ring wraps around). */
int sm_ring_peek(sm_ring *ring, struct sm_ring_slot *slot, int timeout_ms);
/* Free a peeked node.  Invalid or already released slots are ignored. */
void sm_ring_release(sm_ring *ring, struct sm_ring_slot *slot);

/* Interrupt the handle's waits, for good: from now on every call on
 * `ring` that would wait (for a message, for room, for a node another
 * process holds) returns -EINTR instead, and one waiting now does so at
 * once.  Those count no timeout (one already asleep has counted its wait,
 * as any call that sleeps).  Calls that need not wait still work: a read
 * takes a message that is there, a write fills a free node, a timeout of 0
 * still gets -ETIMEDOUT.  It stays so until the handle is closed.
 * For a program that waits without a deadline yet must stop on a signal
 * or an event of its own: waiting in short deadlines instead would count
 * every one that expires in the ring's `timeouts` (and `empty_waits` or
 * `full_waits`), which monitors show as the ring's traffic.
 * Async-signal-safe (errno is kept) and callable from any thread while the
 * handle is open.  It wakes every sleeper of the ring once: those of other
 * handles and processes look again and go back to sleep.  NULL is
 * ignored. */
void sm_ring_interrupt(sm_ring *ring);

/* Reclaim now every node held by a process that died (see "Crash
 * tolerance" above): a dead producer's node is published as abandoned
 * (consumers skip it), a dead consumer's is freed and its message counted
 * lost.  Waiters do this themselves when they reach such a node; this
 * lets a monitor or a teacher do it at any time, e.g. to show the
 * abandoned node before anyone reads past it.  Holders are judged as a
 * waiter judges them (their node must look the same for ~10 ms, so a call
 * that finds one takes that long); unrecorded claims are left to waiters;
 * single-role sides hold no nodes that need it.  Returns the number of
 * nodes reclaimed, -EINVAL (NULL) or -EBADF (read-only handle). */
int sm_ring_recover(sm_ring *ring);

/* ---- Monitoring (read-only, no cost to the hot path) -------------------- */

enum sm_node_state {
	SM_NODE_FREE    = 0,
	SM_NODE_WRITING = 1, /* reserved by a producer */
	SM_NODE_READY   = 2, /* committed, waiting for a consumer */
	SM_NODE_READING = 3, /* claimed by a consumer */
	SM_NODE_ABANDONED = 4, /* published without a message (abandoned, or
				* its producer died); consumers will skip it */
};

/* Counters and positions.  Message counts are derived from the positions
 * (the hot path counts nothing else), bytes from per-process counters:
 *   messages_written = write_committed - abandoned
 *   messages_read    = read_released - lost - corrupt - (abandoned nodes passed)
 * full_waits / empty_waits count calls that had to go to sleep; timeouts
 * counts -ETIMEDOUT returns of calls with a non-zero timeout.  Taken under
 * traffic the figures are a moment's approximation; on an idle ring exact. */
struct sm_ring_snapshot {
	uint32_t node_count, node_size;
	uint64_t write_reserved;  /* producer claim position (free-running) */
	uint64_t write_committed; /* positions published (messages + abandoned) */
	uint64_t read_claimed;    /* consumer claim position */
	uint64_t read_released;   /* positions freed */
	uint32_t occupancy;       /* nodes in use (reserved - released) */
	uint64_t messages_written, bytes_written;
	uint64_t messages_read, bytes_read;
	uint64_t full_waits, empty_waits, timeouts;
	uint64_t abandoned;       /* nodes skipped: producer died or abandoned */
	uint64_t lost;            /* messages lost with a consumer that died */
	uint64_t monotonic_ns;    /* CLOCK_MONOTONIC when taken */
	int      shutdown;
	/* Nodes consumers passed over because their header could not have
	 * been written by the ring (a length > node_size, a length that
	 * changed while a consumer held the node, an unknown state, a
	 * position set back behind the readers' and writers'): the file was
	 * damaged by another process.  Such a node never blocks readers or
	 * writers and never reaches a caller; its position counts as read. */
	uint64_t corrupt;
};

/* Fill `snap` from the ring's counters and positions; if `states` is not
 * NULL, also each node's enum sm_node_state (up to max_states).  Works on
 * read-only handles; reads every node once (O(node_count)).  0, -EINVAL,
 * or -SM_EBADHEADER (the ring's file was truncated under the mapping, see
 * sm_segment_open(): close the handle; *snap is zeroed). */
int sm_ring_snapshot(const sm_ring *ring, struct sm_ring_snapshot *snap,
		     uint8_t *states, uint32_t max_states);

#ifdef __cplusplus
}
#endif

#endif
