/* ring-sync.h — what the ring tests share: a pipe as a start line
 * (children say "ready", one byte each; the parent waits for n of them),
 * and creation options that replace a file left by a dead test process
 * whose pid ours reuses (names come from t_name: tag + pid). */
#ifndef RING_SYNC_H
#define RING_SYNC_H

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

/* Run fn for each mode whose nodes carry their state: mpmc, spmc, mpsc
 * (spsc finds its messages by head and tail). */
static inline void for_node_modes(void (*fn)(unsigned flags))
{
	fn(0);
	fn(SM_RING_SINGLE_PRODUCER);
	fn(SM_RING_SINGLE_CONSUMER);
}

#endif
