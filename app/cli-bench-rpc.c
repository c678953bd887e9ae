/* cli-bench-rpc.c — `sharedmem bench rpc`: the request/response engine of
 * app/bench/bench-rpc.h over the RPC channel and, in the same run, over a
 * Unix-domain socket. */
#include "cli-bench.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bench-rpc.h"
#include "bench-verify.h"
#include "bench.h"
#include "cli-bench-out.h"
#include "cli-progress.h"
#include "cli-util.h"
#include "sharedmem/error.h"
#include "sharedmem/ring.h"
#include "sharedmem/rpc.h"

static const char help[] =
	"Usage: sharedmem bench rpc [OPTIONS]\n"
	"\n"
	"Request/response over an RPC channel: an echo server in a child process,\n"
	"caller threads in this one, every response checked byte for byte; then\n"
	"the same over a Unix-domain socket.  Prints calls/s, bytes/s and the\n"
	"round-trip latency percentiles.\n"
	"\n"
	"Options:\n"
	"  -m, --size BYTES       request (= response) size (default 64)\n"
	"  -c, --callers N        caller threads (default 1)\n"
	"  -s, --seconds S        duration of each run (default 1, at most 3600)\n"
	"  -n, --count N          calls per run instead of a duration\n"
	"  --spin-us US           spin before sleeping (default: the library's)\n"
	"  --workers N            server handler threads (default 0: inline)\n"
	"  --packet-size BYTES    ring node size, packet header included (default:\n"
	"                         the library's; --node-size is another name for it)\n"
	"  --nodes N              nodes per ring (default: the library's)\n"
	"  --no-unix              skip the Unix-socket run\n"
	"  --json                 {\"config\": {...}, \"results\": [...]}\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status 1 if a run fails or any call is lost, duplicated or corrupted.\n";

static void to_row(const struct smb_rpc_config *cfg, const struct smb_rpc_result *r,
		   const char *transport, struct bench_row *row)
{
	memset(row, 0, sizeof *row);
	row->workload = "rpc-echo";
	row->transport = transport;
	row->msg_size = cfg->msg_size;
	row->messages = r->messages;
	row->seconds = r->seconds;
	row->msgs_per_s = r->msgs_per_s;
	row->bytes_per_s = r->bytes_per_s;
	row->latency = true;
	row->p50_ns = r->p50_ns;
	row->p99_ns = r->p99_ns;
	row->max_ns = r->max_ns;
	row->lost = r->lost;
	row->duplicated = r->duplicated;
	row->corrupted = r->corrupted;
}

/* The configuration the channel ran with: a default by its value, not
 * the 0 (-1) that asked for it, as bench ring's. */
static void config_json(struct cli_json *j, const struct smb_rpc_config *cfg)
{
	cj_object(j, "config");
	cj_u64(j, "msg_size", cfg->msg_size);
	cj_u64(j, "callers", cfg->callers);
	cj_dbl(j, "seconds", cfg->count ? 0 : cfg->seconds);
	cj_u64(j, "count", cfg->count);
	cj_i64(j, "spin_us", sm_rpc_spin_us_used(cfg->spin_us));
	cj_u64(j, "workers", cfg->workers);
	cj_u64(j, "packet_size", cfg->packet_size ? cfg->packet_size : SM_RPC_DEFAULT_PACKET_SIZE);
	cj_u64(j, "node_count", cfg->node_count ? cfg->node_count : SM_RPC_DEFAULT_NODE_COUNT);
	cj_end(j);
}

int cli_bench_rpc(int argc, char **argv)
{
	enum { O_SPIN = 0x200, O_WORKERS, O_PACKET, O_NODE_SIZE, O_NODES, O_NO_UNIX };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "size", required_argument, NULL, 'm' },
		{ "callers", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "spin-us", required_argument, NULL, O_SPIN },
		{ "workers", required_argument, NULL, O_WORKERS },
		{ "packet-size", required_argument, NULL, O_PACKET },
		{ "node-size", required_argument, NULL, O_NODE_SIZE },
		{ "nodes", required_argument, NULL, O_NODES },
		{ "no-unix", no_argument, NULL, O_NO_UNIX },
		{ NULL, 0, NULL, 0 },
	};
	struct smb_rpc_config cfg;
	smb_rpc_config_init(&cfg);
	bool unix_too = true, have_seconds = false, have_packet_size = false, have_node_size = false;
	uint64_t v;
	int c, r = 0;
	while ((c = getopt_long(argc, argv, "hqm:c:s:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			/* (the largest message a channel carries) */
			r = cli_parse_size(optarg, "--size", SM_RPC_MAX_MESSAGE_LIMIT, &v);
			cfg.msg_size = (size_t)v;
			break;
		case 'c':
			r = cli_parse_u32(optarg, "--callers", 1, 256, &cfg.callers);
			break;
		case 's':
			r = cli_parse_seconds(optarg, "--seconds", SM_BENCH_MAX_SECONDS, &cfg.seconds);
			have_seconds = true;
			break;
		case 'n':
			r = cli_parse_u64(optarg, "--count", 1, INT64_MAX, &cfg.count);
			break;
		case O_SPIN:
			r = cli_parse_i32(optarg, "--spin-us", 0, 1000000, &cfg.spin_us);
			break;
		case O_WORKERS:
			r = cli_parse_u32(optarg, "--workers", 0, SM_RPC_MAX_WORKERS, &cfg.workers);
			break;
		case O_PACKET:
			r = cli_parse_packet_size(optarg, "--packet-size", &cfg.packet_size);
			have_packet_size = true;
			break;
		case O_NODE_SIZE:
			r = cli_parse_packet_size(optarg, "--node-size", &cfg.packet_size);
			have_node_size = true;
			break;
		case O_NODES:
			r = cli_parse_u32(optarg, "--nodes", SM_RING_MIN_NODES, SM_RING_MAX_NODES,
					  &cfg.node_count);
			break;
		case O_NO_UNIX:
			unix_too = false;
			break;
		default:
			if ((r = cli_common_option(c, help)) >= 0)
				return r;
			r = 0;
		}
		if (r)
			return r;
	}
	if (optind < argc)
		return cli_usage("unexpected argument '%s'", argv[optind]);
	if (cfg.count && have_seconds)
		return cli_usage("--seconds and --count do not go together");
	if (have_packet_size && have_node_size)
		return cli_usage(CLI_PACKET_SIZE_TWICE);

	struct smb_rpc_result res[2];
	struct bench_row rows[2];
	size_t nrows = 0;
	double expect = cfg.count ? 0 : cfg.seconds;
	fflush(stdout);
	cli_progress_start("bench rpc: sharedmem", expect);
	r = smb_rpc_run_sharedmem(&cfg, &res[0]);
	cli_progress_stop();
	if (r < 0)
		return cli_fail_sized(r, NULL, "bench rpc over sharedmem", false, 0, CLI_RPC_SIZED_BY);
	to_row(&cfg, &res[0], "sharedmem", &rows[nrows++]);
	if (unix_too) {
		cli_progress_start("bench rpc: unix-stream", expect);
		r = smb_rpc_run_unix(&cfg, &res[1]);
		cli_progress_stop();
		if (r < 0)
			return cli_fail(r, NULL, "bench rpc over a Unix socket");
		to_row(&cfg, &res[1], "unix-stream", &rows[nrows++]);
		bench_row_ratio(&rows[0], "ratio_vs_unix_socket",
				sm_bench_ratio(rows[0].msgs_per_s, bench_row_clean(&rows[0]),
					       rows[1].msgs_per_s, bench_row_clean(&rows[1])));
	}
	if (cli_opt.json) {
		struct cli_json j;
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		config_json(&j, &cfg);
		bench_rows_json(&j, "results", rows, nrows);
		cj_end(&j);
	} else {
		bench_rows_print(rows, nrows);
	}
	return bench_rows_status(rows, nrows, "calls were lost, duplicated or corrupted");
}
