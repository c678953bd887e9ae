/* cli-bench-cleanup.c — what the benchmarks leave behind if interrupted.
 *
 * The engines (app/bench/) name the segments they create after the
 * process that runs them (SM_BENCH_*_SEGMENT in bench.h; the RPC channel
 * with its two rings).  A run ended by SIGINT, SIGTERM or SIGHUP used to
 * leave them in /dev/shm: the handler installed here removes them (unlink
 * only, on paths made beforehand), then lets the signal kill the process
 * as before.  The forked producers and consumers inherit it and do the
 * same, harmlessly. */
#include "cli-bench-cleanup.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"
#include "cli-util.h"
#include "sharedmem.h"

#define N_FILES 6

static char files[N_FILES][96];

static void on_signal(int sig)
{
	for (int i = 0; i < N_FILES; i++)
		unlink(files[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_bench_cleanup_on_signal(void)
{
	static const char *const segments[N_FILES] = {
		SM_BENCH_RING_SEGMENT,
		SM_BENCH_RPC_SEGMENT,
		SM_BENCH_RPC_SEGMENT SM_RPC_C2S_SUFFIX,
		SM_BENCH_RPC_SEGMENT SM_RPC_S2C_SUFFIX,
		SM_BENCH_RTT_REQ_SEGMENT,
		SM_BENCH_RTT_RESP_SEGMENT,
	};
	char name[64];
	for (int i = 0; i < N_FILES; i++) {
		snprintf(name, sizeof name, segments[i], (int)getpid());
		snprintf(files[i], sizeof files[i], SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	}
	cli_on_stop_signals(on_signal);
}
