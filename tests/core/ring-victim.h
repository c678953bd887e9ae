/* ring-victim.h — stopping a process inside a ring call to kill it there:
 * the ring's test hook parks the victim at the (victim_after + 1)-th pass
 * through victim_point, after telling the parent on victim_fd; the parent
 * waits for that, SIGKILLs it and reaps it. */
#ifndef RING_VICTIM_H
#define RING_VICTIM_H

#include <signal.h>
#include <unistd.h>

#include "ring_internal.h"
#include "../testlib.h"

static int victim_fd;         /* write end of the parent's pipe */
static enum smi_ring_hook_point victim_point;
static int victim_after;      /* passes the victim completes first */
static int victim_hits;

/* Set as smi_ring_test_hook in the victim. */
static void victim_stop_here(enum smi_ring_hook_point point, uint64_t pos)
{
	(void)pos;
	if (point != victim_point || ++victim_hits <= victim_after)
		return;
	char c = 1;
	if (write(victim_fd, &c, 1) != 1)
		_exit(3);
	for (;;)
		pause(); /* SIGKILLed here */
}

/* Arm the hook's target before forking the victim. */
static inline void victim_arm(enum smi_ring_hook_point point, int after)
{
	victim_point = point;
	victim_after = after;
	victim_hits = 0;
}

static inline void victim_kill_when_stopped(pid_t victim, int pipe_rd)
{
	char c;
	CHECK(read(pipe_rd, &c, 1) == 1);
	CHECK(kill(victim, SIGKILL) == 0);
	CHECK_EQ(t_wait(victim), 128 + SIGKILL);
}

#endif
