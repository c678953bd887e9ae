/* sharedmem/ring.h — lock-free multi-producer/multi-consumer ring of
 * fixed-size nodes in a named segment.
 *
 * Any number of producer and consumer processes and threads may use one
 * ring at once.  A ring of node_count nodes holds up to node_count messages
 * at once (no node is wasted).  Each producer's messages are read in the
 * order it wrote them; every message is read by exactly one consumer.
 *
 * Timeouts are total deadlines in milliseconds: 0 = try once, -1 = forever.
 * A timeout is -ETIMEDOUT, distinct from a 0-byte message.
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

/* Create ring `name` of node_count (>= 2) nodes of node_size (>= 1) bytes.
 * Errors as sm_segment_create(), plus -EINVAL for bad counts/sizes and
 * -EFBIG when the ring would not fit in memory limits. */
int sm_ring_create(sm_ring **out, const char *name, uint32_t node_count,
		   uint32_t node_size, const struct sm_segment_options *opts);

/* Open an existing ring; flags SM_OPEN_READONLY for monitors (snapshot
 * only).  Errors as sm_segment_open(), and -SM_EBADHEADER when the ring's
 * own parameters are inconsistent. */
int sm_ring_open(sm_ring **out, const char *name, unsigned flags);

/* Close.  The owner's close shuts the ring down: blocked and later writers
 * get -SM_ESHUTDOWN at once; readers drain what is left, then get
 * -SM_ESHUTDOWN.  NULL is ignored. */
void sm_ring_close(sm_ring *ring);

sm_segment *sm_ring_segment(const sm_ring *ring);
uint32_t sm_ring_node_count(const sm_ring *ring);
uint32_t sm_ring_node_size(const sm_ring *ring);

/* Copy `len` (0..node_size) bytes in as one message.  0, -EMSGSIZE,
 * -ETIMEDOUT, -SM_ESHUTDOWN, -EBADF (read-only handle). */
int sm_ring_write(sm_ring *ring, const void *data, size_t len, int timeout_ms);

/* Copy the next message out; returns its length.  -SM_ETOOSMALL if `cap` is
 * too small (the message stays in the ring), -ETIMEDOUT, -SM_ESHUTDOWN
 * (shut down and drained). */
ssize_t sm_ring_read(sm_ring *ring, void *dst, size_t cap, int timeout_ms);

/* Bursts: write `count` messages of msg_size bytes laid out back to back
 * at `data`; returns how many were written (>= 1), or -errno if none
 * could be before the deadline.  Waits only for the first. */
int sm_ring_write_burst(sm_ring *ring, const void *data, size_t msg_size,
			unsigned count, int timeout_ms);
/* Read up to `max` messages into `dst`, each at a stride of `stride` bytes
 * (>= node_size); lens[i] receives each length.  Returns the count (>= 1)
 * or -errno.  Waits only for the first. */
int sm_ring_read_burst(sm_ring *ring, void *dst, size_t stride, uint32_t *lens,
		       unsigned max, int timeout_ms);

/* Zero-copy.  A slot is a node reserved by this caller. */
struct sm_ring_slot {
	void    *data;     /* the node's bytes, in shared memory */
	size_t   capacity; /* node_size */
	size_t   length;   /* message length (peek) */
	uint64_t position; /* ring position of the node */
};
/* Reserve a node to fill in place; then sm_ring_commit() or
 * sm_ring_abandon() (an abandoned node is skipped by readers, never
 * published as a message). */
int sm_ring_reserve(sm_ring *ring, struct sm_ring_slot *slot, int timeout_ms);
int sm_ring_commit(sm_ring *ring, struct sm_ring_slot *slot, size_t len);
void sm_ring_abandon(sm_ring *ring, struct sm_ring_slot *slot);
/* Claim the next message in place; sm_ring_release() frees the node. */
int sm_ring_peek(sm_ring *ring, struct sm_ring_slot *slot, int timeout_ms);
void sm_ring_release(sm_ring *ring, struct sm_ring_slot *slot);

/* ---- Monitoring (read-only, no cost to the hot path) -------------------- */

enum sm_node_state {
	SM_NODE_FREE    = 0,
	SM_NODE_WRITING = 1, /* reserved by a producer */
	SM_NODE_READY   = 2, /* committed, waiting for a consumer */
	SM_NODE_READING = 3, /* claimed by a consumer */
	SM_NODE_ABANDONED = 4, /* published without a message (abandoned or its
				* producer died); consumers will skip it */
};

struct sm_ring_snapshot {
	uint32_t node_count, node_size;
	uint64_t write_reserved;  /* producer claim position (free-running) */
	uint64_t write_committed; /* messages committed */
	uint64_t read_claimed;    /* consumer claim position */
	uint64_t read_released;   /* messages released */
	uint32_t occupancy;       /* nodes in use (reserved - released) */
	uint64_t messages_written, bytes_written;
	uint64_t messages_read, bytes_read;
	uint64_t full_waits, empty_waits, timeouts;
	uint64_t abandoned;       /* nodes skipped: producer died or abandoned */
	uint64_t lost;            /* messages lost with a consumer that died */
	uint64_t monotonic_ns;    /* CLOCK_MONOTONIC when taken */
	int      shutdown;
};

/* Fill `snap` from the ring's counters and positions; if `states` is not
 * NULL, also each node's enum sm_node_state (up to max_states).  Works on
 * read-only handles.  0 or -EINVAL. */
int sm_ring_snapshot(const sm_ring *ring, struct sm_ring_snapshot *snap,
		     uint8_t *states, uint32_t max_states);

#ifdef __cplusplus
}
#endif

#endif
