/* cli-bench-cleanup.c — what the benchmarks leave behind if interrupted.
 *
 * The engines (app/bench/) name what they create after the process that
 * runs them: segments bench-PID, bench-rpc-PID (with its two rings) and
 * bench-rtt-PID-req/-resp, POSIX queues /sm-bench-PID[-CALLER-K].  A run
 * ended by SIGINT, SIGTERM or SIGHUP used to leave them in /dev/shm: the
 * handler installed here removes them (unlink and mq_unlink only, on paths
 * made beforehand), then lets the signal kill the process as before.  The
 * forked producers and consumers inherit it and do the same, harmlessly. */
#include "cli-bench-cleanup.h"

#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-util.h"
#include "sharedmem.h"

#define MAX_QUEUE_CALLERS 256 /* bench rpc --callers at most; a queue pair each */
#define N_FILES 6
#define N_QUEUES (1 + 2 * MAX_QUEUE_CALLERS)

static char files[N_FILES][96];
static char queues[N_QUEUES][48];

static void on_signal(int sig)
{
	for (int i = 0; i < N_FILES; i++)
		unlink(files[i]);
	for (int i = 0; i < N_QUEUES; i++)
		mq_unlink(queues[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_bench_cleanup_on_signal(void)
{
	int pid = (int)getpid();
	const char *const segments[N_FILES] = { "bench-%d",	     "bench-rpc-%d",
						"bench-rpc-%d.c2s",  "bench-rpc-%d.s2c",
						"bench-rtt-%d-req", "bench-rtt-%d-resp" };
	char name[64];
	for (int i = 0; i < N_FILES; i++) {
		snprintf(name, sizeof name, segments[i], pid);
		snprintf(files[i], sizeof files[i], SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	}
	snprintf(queues[0], sizeof queues[0], "/sm-bench-%d", pid);
	for (int c = 0; c < MAX_QUEUE_CALLERS; c++)
		for (int k = 0; k < 2; k++)
			snprintf(queues[1 + 2 * c + k], sizeof queues[0], "/sm-bench-%d-%d-%d", pid, c, k);
	cli_on_stop_signals(on_signal);
}
