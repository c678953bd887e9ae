/* cli-bench.h — `sharedmem bench ring|rpc|compare`. */
#ifndef SM_CLI_BENCH_H
#define SM_CLI_BENCH_H

int cli_bench(int argc, char **argv);

/* Members of the group (cli-bench-ring.c, cli-bench-rpc.c). */
int cli_bench_ring(int argc, char **argv);
int cli_bench_rpc(int argc, char **argv);

#endif
