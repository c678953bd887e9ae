/* ring-sync.h — what the ring tests share: a pipe as a start line
 * (children say "ready", one byte each; the parent waits for n of them),
 * and creation options that replace a file left by a dead test process
 * whose pid ours reuses (names come from t_name: tag + pid). */
#ifndef RING_SYNC_H
#define RING_SYNC_H

#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sharedmem.h"

static const struct sm_segment_options t_ring_opts = { NULL, 0, SM_CREATE_REPLACE_STALE };

static inline void sync_say_ready(int fd)
{
	char c = 1;
	CHECK(write(fd, &c, 1) == 1);
}

static inline void sync_wait_ready(int fd, int n)
{
	for (int i = 0; i < n; i++) {
		char c;
		CHECK(read(fd, &c, 1) == 1);
	}
}

/* A 4-node ring of 16-byte nodes, `flags` its mode: the owner's handle,
 * and two more (a producer's and a reader's). */
static inline void sync_ring_three(const char *name, unsigned flags, sm_ring **owner,
				   sm_ring **producer, sm_ring **reader)
{
	CHECK_EQ(sm_ring_create_flags(owner, name, 4, 16, flags, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(producer, name, 0), 0);
	CHECK_EQ(sm_ring_open(reader, name, 0), 0);
}

/* A producer process's first steps: open ring `name`, reserve a node
 * (waiting at most a second) that holds `value`, not committed, and say
 * ready on `ready_fd`.  The process ends itself if the test hangs. */
static inline sm_ring *sync_reserve_u32(const char *name, struct sm_ring_slot *s, uint32_t value,
					int ready_fd)
{
	alarm(15); /* never outlive a failed test */
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, name, 0), 0);
	CHECK_EQ(sm_ring_reserve(r, s, 1000), 0);
	memcpy(s->data, &value, sizeof value);
	sync_say_ready(ready_fd);
	return r;
}

/* Run fn for each mode whose nodes carry their state: mpmc, spmc, mpsc
 * (spsc finds its messages by head and tail). */
static inline void for_node_modes(void (*fn)(unsigned flags))
{
	fn(0);
	fn(SM_RING_SINGLE_PRODUCER);
	fn(SM_RING_SINGLE_CONSUMER);
}

#endif
