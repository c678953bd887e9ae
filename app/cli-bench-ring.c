/* cli-bench-ring.c — `sharedmem bench ring`: the ring engine of
 * app/bench/bench.h (P producer processes -> C consumer processes, every
 * message stamped and verified), over the ring and, with --compare, over
 * every alternative and memcpy in the same run. */
#include "cli-bench.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bench-ring-rtt.h"
#include "bench.h"
#include "cli-bench-out.h"
#include "cli-progress.h"
#include "cli-util.h"
#include <sharedmem/ring.h>
#include "sharedmem/error.h"
#include "sharedmem/traffic.h"

static const char help[] =
	"Usage: sharedmem bench ring [OPTIONS]\n"
	"\n"
	"P producer processes write messages into a ring, C consumer processes\n"
	"read them; every message is stamped (producer, sequence, checksum) and\n"
	"verified: lost, duplicated, reordered or corrupted ones are counted.\n"
	"Prints messages/s, bytes/s and the one-way latency of sampled messages\n"
	"under that load (messages of 32 bytes or more); then the round-trip\n"
	"latency through the ring: one message at a time to an echo process and\n"
	"back over a second ring (both of --ring-mode, --nodes and --node-size).\n"
	"\n"
	"Options:\n"
	"  -p, --producers N    producer processes (default 1, at most 16)\n"
	"  -c, --consumers N    consumer processes (default 1, at most 16)\n"
	"  -m, --size BYTES     message size (default 64, at least 16, at most 1 GiB)\n"
	"  --nodes N            ring nodes (default: 1024, doubled until they hold\n"
	"                       2 MiB of messages; 16 over 64 KiB messages; with\n"
	"                       the sharedmem transports, bare-ring and memcpy)\n"
	"  --node-size BYTES    node size (default: the message size; with the\n"
	"                       sharedmem transports)\n"
	"  -b, --burst N        messages per burst call (with the burst transport,\n"
	"                       at most 256; default 32)\n"
	"  --ring-mode MODE     mpmc (default: any number of each side), spsc, spmc\n"
	"                       or mpsc: single-producer/-consumer rings (faster)\n"
	"  -s, --seconds S      duration of each run (default 1, at most 3600)\n"
	"  -n, --count N        messages per producer instead of a duration\n"
	"  --full-check         hash every byte of every message (default: samples)\n"
	"  -t, --transport T    sharedmem (default), sharedmem-burst, sharedmem-zerocopy,\n"
	"                       pipe, unix-stream, unix-seqpacket, posix-mq, bare-ring\n"
	"                       (a bare spsc ring in shared memory, 1 -> 1), memcpy\n"
	"                       (one process copying the messages, 1 -> 1)\n"
	"  --no-latency         skip the round-trip latency run\n"
	"  --compare            run every transport that can carry the workload, with\n"
	"                       each sharedmem figure's ratio to pipe, memcpy and the\n"
	"                       best alternative (where both runs verified)\n"
	"  --json               {\"config\": {...}, \"results\": [...]}\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status 1 if a run fails or any message is lost, duplicated,\n"
	"reordered or corrupted.\n";

static bool is_sharedmem(enum sm_bench_transport t)
{
	return t == SM_BENCH_RING || t == SM_BENCH_RING_BURST || t == SM_BENCH_RING_ZEROCOPY;
}

/* Whether t moves its messages through as many slots as --nodes says: the
 * sharedmem rings, the bare ring and memcpy's destination (the last two
 * size each slot by the message, so --node-size is the rings' alone). */
static bool uses_nodes(enum sm_bench_transport t)
{
	return is_sharedmem(t) || t == SM_BENCH_BARE_RING || t == SM_BENCH_MEMCPY;
}

static void to_row(const struct sm_bench_result *r, struct bench_row *row)
{
	memset(row, 0, sizeof *row);
	row->workload = r->workload;
	row->transport = r->transport;
	row->msg_size = r->msg_size;
	row->messages = r->messages;
	row->seconds = r->seconds;
	row->msgs_per_s = r->msgs_per_s;
	row->bytes_per_s = r->bytes_per_s;
	row->lost = r->lost;
	row->duplicated = r->duplicated + r->reordered; /* out of order counts as not delivered right */
	row->corrupted = r->corrupted;
	/* One-way latency of sampled messages, where the engine measured it. */
	row->latency = r->p50_ns > 0;
	row->p50_ns = r->p50_ns;
	row->p99_ns = r->p99_ns;
	row->max_ns = r->max_ns;
}

/* Ratios of each sharedmem row to pipe, memcpy and the best alternative,
 * each null where it or its reference did not verify (sm_bench_ratios). */
static void add_ratios(struct bench_row *rows, const struct sm_bench_result *res,
		       const enum sm_bench_transport *ts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_sharedmem(ts[i]))
			continue;
		struct sm_bench_ratios q;
		sm_bench_ratios(res, ts, n, i, &q);
		bench_row_ratio(&rows[i], "ratio_vs_pipe", q.vs_pipe);
		bench_row_ratio(&rows[i], "ratio_vs_memcpy", q.vs_memcpy);
		bench_row_ratio(&rows[i], "ratio_vs_best_alternative", q.vs_best);
	}
}

/* The round-trip latency run, as a row named "<size>B round trip", through
 * rings of `node_count` nodes (the streams' ring's: the header names it)
 * of --node-size. */
static int round_trips(const struct sm_bench_ring_opts *o, uint32_t node_count,
		       struct bench_row *row, char *name, size_t name_size)
{
	struct smb_rpc_config cfg;
	smb_rpc_config_init(&cfg);
	cfg.msg_size = o->msg_size;
	cfg.seconds = o->seconds;
	cfg.count = o->messages;
	cfg.node_count = node_count;
	cfg.packet_size = o->node_size;
	struct smb_rpc_result rr;
	fflush(stdout);
	cli_progress_start("bench ring: round trips", o->messages ? 0 : o->seconds);
	int r = smb_ring_rtt(&cfg, o->ring_flags, &rr);
	cli_progress_stop();
	if (r < 0)
		return r;
	snprintf(name, name_size, "%zuB round trip", o->msg_size);
	memset(row, 0, sizeof *row);
	row->workload = name;
	row->transport = "sharedmem";
	row->msg_size = o->msg_size;
	row->messages = rr.messages;
	row->seconds = rr.seconds;
	row->msgs_per_s = rr.msgs_per_s;
	row->bytes_per_s = rr.bytes_per_s;
	row->latency = true;
	row->p50_ns = rr.p50_ns;
	row->p99_ns = rr.p99_ns;
	row->max_ns = rr.max_ns;
	row->lost = rr.lost;
	row->duplicated = rr.duplicated;
	row->corrupted = rr.corrupted;
	return 0;
}

static void json_out(const struct sm_bench_ring_opts *o, const struct bench_row *rows, size_t n,
		     const struct sm_bench_result *res)
{
	struct cli_json j;
	cj_init(&j, stdout);
	cj_object(&j, NULL);
	cj_object(&j, "config");
	cj_u64(&j, "msg_size", o->msg_size);
	cj_u64(&j, "producers", o->producers);
	cj_u64(&j, "consumers", o->consumers);
	cj_u64(&j, "node_count", n ? res[0].node_count : o->node_count);
	cj_u64(&j, "node_size", o->node_size ? o->node_size : o->msg_size);
	cj_u64(&j, "burst", o->burst ? o->burst : SM_BENCH_DEFAULT_BURST);
	cj_str(&j, "ring_mode", sm_ring_mode_name(o->ring_flags));
	cj_dbl(&j, "seconds", o->messages ? 0 : o->seconds);
	cj_u64(&j, "count", o->messages);
	cj_bool(&j, "full_check", o->full_check);
	cj_end(&j);
	bench_rows_json(&j, "results", rows, n);
	cj_end(&j);
}

int cli_bench_ring(int argc, char **argv)
{
	enum { O_NODES = 0x200, O_NODE_SIZE, O_FULL, O_COMPARE, O_NO_LATENCY, O_RING_MODE };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "producers", required_argument, NULL, 'p' },
		{ "consumers", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 'm' },
		{ "nodes", required_argument, NULL, O_NODES },
		{ "node-size", required_argument, NULL, O_NODE_SIZE },
		{ "burst", required_argument, NULL, 'b' },
		{ "ring-mode", required_argument, NULL, O_RING_MODE },
		{ "seconds", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "full-check", no_argument, NULL, O_FULL },
		{ "transport", required_argument, NULL, 't' },
		{ "compare", no_argument, NULL, O_COMPARE },
		{ "no-latency", no_argument, NULL, O_NO_LATENCY },
		{ NULL, 0, NULL, 0 },
	};
	struct sm_bench_ring_opts o;
	memset(&o, 0, sizeof o);
	o.msg_size = 64;
	o.producers = o.consumers = 1;
	o.seconds = 1.0;
	int transport = SM_BENCH_RING;
	bool compare = false, latency = true, have_seconds = false, have_transport = false;
	bool have_ring_mode = false, have_nodes = false, have_node_size = false;
	uint64_t v;
	int c, r = 0;
	while ((c = getopt_long(argc, argv, "hqp:c:m:b:s:n:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			r = cli_parse_u32(optarg, "--producers", 1, SM_BENCH_MAX_PROCS, &o.producers);
			break;
		case 'c':
			r = cli_parse_u32(optarg, "--consumers", 1, SM_BENCH_MAX_PROCS, &o.consumers);
			break;
		case 'm':
			r = cli_parse_size(optarg, "--size", SM_BENCH_MAX_SIZE, &v);
			if (!r && v < SM_TRAFFIC_MIN_SIZE)
				r = cli_usage("--size: at least %u bytes (the verification stamp)",
					      SM_TRAFFIC_MIN_SIZE);
			o.msg_size = (size_t)v;
			break;
		case O_NODES:
			r = cli_parse_u32(optarg, "--nodes", SM_RING_MIN_NODES, SM_RING_MAX_NODES,
					  &o.node_count);
			have_nodes = true;
			break;
		case O_NODE_SIZE:
			r = cli_parse_size(optarg, "--node-size", SM_RING_MAX_NODE_SIZE, &v);
			o.node_size = (uint32_t)v;
			have_node_size = true;
			break;
		case 'b':
			/* (a call moves at most SM_RING_BURST_MAX) */
			r = cli_parse_u32(optarg, "--burst", 1, SM_RING_BURST_MAX, &o.burst);
			break;
		case O_RING_MODE:
			r = cli_parse_ring_mode(optarg, &o.ring_flags);
			have_ring_mode = true;
			break;
		case 's':
			r = cli_parse_seconds(optarg, "--seconds", SM_BENCH_MAX_SECONDS, &o.seconds);
			have_seconds = true;
			break;
		case 'n':
			r = cli_parse_u64(optarg, "--count", 1, INT64_MAX, &o.messages);
			break;
		case O_FULL:
			o.full_check = true;
			break;
		case 't':
			transport = sm_bench_transport_from_name(optarg);
			if (transport < 0)
				r = cli_usage("--transport: no '%s' (see --help)", optarg);
			have_transport = true;
			break;
		case O_COMPARE:
			compare = true;
			break;
		case O_NO_LATENCY:
			latency = false;
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
	if (o.messages && have_seconds)
		return cli_usage("--seconds and --count do not go together");
	if (compare && have_transport)
		return cli_usage("--compare and --transport do not go together (--compare runs "
				 "every transport)");
	if (o.burst && !compare && transport != SM_BENCH_RING_BURST)
		return cli_usage("--burst goes with --transport sharedmem-burst (or --compare)");
	/* (--compare's memcpy row stays: the ceiling beside any workload) */
	if (!compare && transport == SM_BENCH_MEMCPY && (o.producers > 1 || o.consumers > 1))
		return cli_usage("--transport memcpy is one process copying: it takes no "
				 "--producers or --consumers");
	if (have_ring_mode && !compare && !is_sharedmem((enum sm_bench_transport)transport))
		return cli_usage("--ring-mode goes with a sharedmem transport (or --compare)");
	/* (a transport that would ignore them: its figures would seem to follow them) */
	if (have_nodes && !compare && !uses_nodes((enum sm_bench_transport)transport))
		return cli_usage("--nodes goes with a sharedmem transport, bare-ring or memcpy (or "
				 "--compare)");
	if (have_node_size && !compare && !is_sharedmem((enum sm_bench_transport)transport))
		return cli_usage("--node-size goes with a sharedmem transport (or --compare)");
	if (((o.ring_flags & SM_RING_SINGLE_PRODUCER) && o.producers > 1) ||
	    ((o.ring_flags & SM_RING_SINGLE_CONSUMER) && o.consumers > 1))
		return cli_usage("--ring-mode %s takes one producer (consumer) process",
				 sm_ring_mode_name(o.ring_flags));
	if (o.messages > INT64_MAX / o.producers) /* the total must not wrap */
		return cli_usage("--count %llu from %u producers: more than %lld messages in all",
				 (unsigned long long)o.messages, o.producers, (long long)INT64_MAX);
	if (have_node_size && o.node_size < o.msg_size) /* (0 would be "the default" to the engine) */
		return cli_usage("--node-size %u is smaller than --size %zu", o.node_size, o.msg_size);

	enum sm_bench_transport ts[SM_BENCH_N_TRANSPORTS];
	size_t nts = 0;
	if (compare)
		for (int t = 0; t < SM_BENCH_N_TRANSPORTS; t++)
			ts[nts++] = (enum sm_bench_transport)t;
	else
		ts[nts++] = (enum sm_bench_transport)transport;

	struct sm_bench_result res[SM_BENCH_N_TRANSPORTS];
	struct bench_row rows[SM_BENCH_N_TRANSPORTS + 1];
	enum sm_bench_transport ran[SM_BENCH_N_TRANSPORTS];
	size_t nrows = 0;
	for (size_t i = 0; i < nts; i++) {
		char label[96];
		snprintf(label, sizeof label, "bench ring: %s", sm_bench_transport_name(ts[i]));
		fflush(stdout);
		cli_progress_start(label, o.messages ? 0 : o.seconds);
		r = sm_bench_run(ts[i], &o, &res[nrows]);
		cli_progress_stop();
		if (r == -ENOTSUP) {
			char why[160];
			snprintf(why, sizeof why, "%s cannot carry this workload (%u producer%s -> "
				 "%u consumer%s, %zu-byte messages)", sm_bench_transport_name(ts[i]),
				 o.producers, cli_plural(o.producers), o.consumers,
				 cli_plural(o.consumers), o.msg_size);
			if (!compare)
				return cli_failf("%s", why);
			if (!cli_opt.quiet)
				fprintf(stderr, "sharedmem bench ring: %s; skipped\n", why);
			continue;
		}
		if (r < 0)
			return cli_fail_sized(r, NULL, sm_bench_transport_name(ts[i]), false, 0,
					      "--nodes and --node-size, or --size");
		ran[nrows] = ts[i];
		to_row(&res[nrows], &rows[nrows]);
		nrows++;
	}
	if (compare)
		add_ratios(rows, res, ran, nrows);
	char rtt_name[48];
	/* (the engine's default ring, where a sharedmem run took it: the first) */
	uint32_t rtt_nodes = nrows && res[0].ring_mode ? res[0].node_count : o.node_count;
	if (latency && (compare || is_sharedmem((enum sm_bench_transport)transport))) {
		if ((r = round_trips(&o, rtt_nodes, &rows[nrows], rtt_name, sizeof rtt_name)) < 0)
			return cli_fail(r, NULL, "round trips through the ring");
		nrows++;
	}
	if (cli_opt.json) {
		json_out(&o, rows, nrows, res);
	} else {
		if (nrows && res[0].ring_mode) /* the ring the figures came through */
			printf("ring: %u nodes of %u bytes, %s\n\n", res[0].node_count,
			       o.node_size ? o.node_size : (unsigned)o.msg_size, res[0].ring_mode);
		bench_rows_print(rows, nrows);
	}
	return bench_rows_status(rows, nrows, "messages were lost, duplicated, reordered or corrupted");
}
