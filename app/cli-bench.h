/* cli-bench.h — `sharedmem bench ring|rpc|compare`. */
#ifndef SM_CLI_BENCH_H
#define SM_CLI_BENCH_H

int cli_bench(int argc, char **argv);

#endif
