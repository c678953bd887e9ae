/* cli-bench-cleanup.h — remove what an interrupted benchmark made. */
#ifndef SM_CLI_BENCH_CLEANUP_H
#define SM_CLI_BENCH_CLEANUP_H

/* From now on, SIGINT, SIGTERM and SIGHUP first remove the segments and
 * queues this process's benchmark runs create, then kill it as before. */
void cli_bench_cleanup_on_signal(void);

#endif
