/* cli-bench.c — the `bench` group: ring and rpc wrap the engines in
 * app/bench/; compare is cli-bench-compare.c. */
#include "cli-bench.h"

#include "cli-bench-cleanup.h"
#include "cli-bench-compare.h"
#include "cli-util.h"

static const struct cli_cmd bench_cmds[] = {
	{ "ring",    cli_bench_ring,    "producers -> consumers through a ring, verified" },
	{ "rpc",     cli_bench_rpc,     "request/response over an RPC channel vs a Unix socket" },
	{ "compare", cli_bench_compare, "standard workloads over sharedmem and every alternative" },
};

int cli_bench(int argc, char **argv)
{
	cli_bench_cleanup_on_signal();
	return cli_dispatch("bench", bench_cmds, sizeof bench_cmds / sizeof bench_cmds[0], argc, argv);
}
