/* ring-sync.h — a pipe as a start line for the ring tests: children say
 * "ready" (one byte each), the parent waits for n of them. */
#ifndef RING_SYNC_H
#define RING_SYNC_H

#include <unistd.h>

#include "../testlib.h"

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

#endif
