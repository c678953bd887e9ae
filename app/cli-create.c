/* cli-create.c — `sharedmem create KIND NAME [parameters]` through each
 * kind's own create function, and `sharedmem rm NAME` (sm_segment_unlink). */
#include "cli-create.h"

#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-util.h"
#include "sharedmem.h"

static const char help[] =
	"Usage: sharedmem create KIND NAME [PARAMETERS] [OPTIONS]\n"
	"\n"
	"Create a segment.  KIND and its parameters:\n"
	"  buffer NAME --size BYTES                     read/write buffer with a lock\n"
	"  array  NAME --count N --element-size BYTES   fixed-size elements\n"
	"  ring   NAME --nodes N --node-size BYTES      lock-free ring; --ring-mode\n"
	"                                               mpmc (default), spsc, spmc or\n"
	"                                               mpsc: single-producer and/or\n"
	"                                               -consumer (faster)\n"
	"  rpc    NAME [--nodes N] [--packet-size BYTES] [--max-message BYTES]\n"
	"                                               RPC channel (two rings: its\n"
	"                                               packet is their node, so\n"
	"                                               --node-size names it too); it\n"
	"                                               answers calls only with --hold\n"
	"                                               ('sharedmem rpc serve' has methods)\n"
	"Sizes and counts take K, M, G suffixes (binary): 4K = 4096.\n"
	"\n"
	"By default the command exits and leaves the segment in place; it is\n"
	"removed by 'sharedmem rm NAME' (or by 'sharedmem gc' once nobody maps it,\n"
	"as its creator is gone).  With --hold the command keeps the segment open\n"
	"as its owner until interrupted, then closes and removes it.  Interrupted\n"
	"before it says the segment is there, it removes it (exit status 1).\n"
	"\n"
	"Options:\n"
	"  --label TEXT      a label shown by monitors (up to 31 bytes)\n"
	"  --mode OCTAL      file mode (default 0600: private to you)\n"
	"  --replace-stale   replace a segment of that name whose owner is dead\n"
	"  --hold            stay in the foreground owning the segment\n"
	"  --json            print {\"name\", \"kind\", \"total_size\", \"held\"} on\n"
	"                    success; a channel adds \"rings_size\" (its two rings)\n"
	"                    and \"channel_size\" (all of it; total_size is its\n"
	"                    control segment's)\n"
	"  -h, --help        show this help\n";

/* What `create` parsed; each kind reads the parameters it needs. */
struct create_args {
	const char *name;
	struct sm_segment_options opts;
	uint64_t size, count, element_size, nodes, node_size, max_message;
	bool have_size, have_count, have_element_size, have_nodes, have_node_size, have_max_message;
	bool have_packet_size; /* node_size by its RPC name */
	unsigned ring_flags;
	bool have_ring_mode;
};

/* A created object, and how to close it. */
struct created {
	void *handle;
	void (*close)(void *handle);
};

struct create_kind {
	const char *name;
	/* Returns 0 and fills *out, CLI_USAGE after printing, or -errno. */
	int (*create)(const struct create_args *a, struct created *out);
	unsigned takes; /* the parameters it takes (bits of params[]) */
	const char *sized_by; /* the parameters its size comes from */
};

/* Each parameter and whether it was given, to refuse one the kind does not
 * take (it would be ignored without a word). */
static const struct {
	const char *option;
	size_t have; /* offset of its bool in struct create_args */
} params[] = {
	{ "--size", offsetof(struct create_args, have_size) },
	{ "--count", offsetof(struct create_args, have_count) },
	{ "--element-size", offsetof(struct create_args, have_element_size) },
	{ "--nodes", offsetof(struct create_args, have_nodes) },
	{ "--node-size", offsetof(struct create_args, have_node_size) },
	{ "--max-message", offsetof(struct create_args, have_max_message) },
	{ "--ring-mode", offsetof(struct create_args, have_ring_mode) },
	{ "--packet-size", offsetof(struct create_args, have_packet_size) },
};
enum { P_SIZE = 1, P_COUNT = 2, P_ELEMENT_SIZE = 4, P_NODES = 8, P_NODE_SIZE = 16,
       P_MAX_MESSAGE = 32, P_RING_MODE = 64, P_PACKET_SIZE = 128 };

static int check_params(const struct create_args *a, const struct create_kind *k)
{
	for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
		if (!*(const bool *)((const char *)a + params[i].have) || (k->takes & (1u << i)))
			continue;
		char list[128] = "";
		for (size_t t = 0; t < sizeof params / sizeof params[0]; t++)
			if (k->takes & (1u << t))
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
					 list[0] ? ", " : "", params[t].option);
		return cli_usage("%s is not a parameter of %s %s (it takes %s)", params[i].option,
				 cli_article(k->name), k->name, list);
	}
	return 0;
}

static int need(bool have, const char *kind, const char *option)
{
	return have ? 0 : cli_usage("%s %s needs %s", cli_article(kind), kind, option);
}

/* A parameter given and at least `min`. */
static int need_min(bool have, uint64_t v, uint64_t min, const char *kind, const char *option)
{
	int r = need(have, kind, option);
	if (!r && v < min)
		r = cli_usage("%s: at least %llu for %s %s", option, (unsigned long long)min,
			      cli_article(kind), kind);
	return r;
}

/* A parameter not given, or given and in [min, max]. */
static int optional_in(bool have, uint64_t v, uint64_t min, uint64_t max, const char *kind,
		       const char *option)
{
	int r = have ? need_min(have, v, min, kind, option) : 0;
	if (!r && have && v > max)
		r = cli_usage("%s: at most %llu for %s %s", option, (unsigned long long)max,
			      cli_article(kind), kind);
	return r;
}

/* What a create_*() returns: its library call's error, or 0 with the
 * handle and how to close it in out. */
static int keep(int r, void *handle, void (*close)(void *), struct created *out)
{
	if (r < 0)
		return r;
	out->handle = handle;
	out->close = close;
	return 0;
}

static void close_buffer(void *h) { sm_buffer_close(h); }

static int create_buffer(const struct create_args *a, struct created *out)
{
	int r;
	if ((r = need_min(a->have_size, a->size, 1, "buffer", "--size")))
		return r;
	sm_buffer *buf;
	r = sm_buffer_create(&buf, a->name, a->size, &a->opts);
	return keep(r, buf, close_buffer, out);
}

static void close_array(void *h) { sm_array_close(h); }

static int create_array(const struct create_args *a, struct created *out)
{
	int r;
	if ((r = need_min(a->have_count, a->count, 1, "array", "--count")) ||
	    (r = need_min(a->have_element_size, a->element_size, 1, "array", "--element-size")))
		return r;
	sm_array *arr;
	r = sm_array_create(&arr, a->name, (size_t)a->element_size, a->count, &a->opts);
	return keep(r, arr, close_array, out);
}

static void close_ring(void *h) { sm_ring_close(h); }

static int create_ring(const struct create_args *a, struct created *out)
{
	int r;
	if ((r = need_min(a->have_nodes, a->nodes, SM_RING_MIN_NODES, "ring", "--nodes")) ||
	    (r = need_min(a->have_node_size, a->node_size, 1, "ring", "--node-size")))
		return r;
	sm_ring *ring;
	r = sm_ring_create_flags(&ring, a->name, (uint32_t)a->nodes, (uint32_t)a->node_size,
				 a->ring_flags, &a->opts);
	return keep(r, ring, close_ring, out);
}

static void close_rpc(void *h) { sm_rpc_close(h); }

static int create_rpc(const struct create_args *a, struct created *out)
{
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	int r;
	if (a->have_node_size && a->have_packet_size)
		return cli_usage(CLI_PACKET_SIZE_TWICE);
	/* The channel's limits (sm_rpc_create() says only "invalid argument"). */
	if ((r = optional_in(a->have_nodes, a->nodes, SM_RING_MIN_NODES, SM_RING_MAX_NODES,
			     "rpc", "--nodes")) ||
	    (r = optional_in(a->have_node_size || a->have_packet_size, a->node_size,
			     SM_RPC_MIN_PACKET_SIZE, SM_RPC_MAX_PACKET_SIZE, "rpc",
			     a->have_packet_size ? "--packet-size" : "--node-size")) ||
	    (r = optional_in(a->have_max_message, a->max_message, 1, SM_RPC_MAX_MESSAGE_LIMIT, "rpc",
			     "--max-message")))
		return r;
	o.node_count = (uint32_t)a->nodes;
	o.packet_size = (uint32_t)a->node_size;
	o.max_message = (uint32_t)a->max_message;
	o.label = a->opts.label;
	o.mode = a->opts.mode;
	o.flags = a->opts.flags;
	sm_rpc *rpc;
	r = sm_rpc_create(&rpc, a->name, &o);
	return keep(r, rpc, close_rpc, out);
}

static const struct create_kind kinds[] = {
	{ "buffer", create_buffer, P_SIZE, "--size" },
	{ "array", create_array, P_COUNT | P_ELEMENT_SIZE, "--count and --element-size" },
	{ "ring", create_ring, P_NODES | P_NODE_SIZE | P_RING_MODE, "--nodes and --node-size" },
	{ "rpc", create_rpc, P_NODES | P_PACKET_SIZE | P_NODE_SIZE | P_MAX_MESSAGE, CLI_RPC_SIZED_BY },
};

/* The handle of a segment left behind lives here until exit, so that the
 * segment stays (an owner's close would remove it) and nothing leaks.
 * volatile: the store must happen although nothing reads it. */
static void *volatile kept_handle;

/* The size of an RPC channel's two rings together in *size (0 for the
 * other kinds, which have none): 0 or -errno. */
static int rings_size(const char *kind, const char *name, uint64_t *size)
{
	static const char *const suffixes[] = { SM_RPC_C2S_SUFFIX, SM_RPC_S2C_SUFFIX };
	*size = 0;
	if (strcmp(kind, "rpc") != 0)
		return 0;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char ring[SM_NAME_MAX + 1];
		struct sm_segment_info info;
		snprintf(ring, sizeof ring, "%s%s", name, suffixes[i]);
		int r = sm_segment_stat(ring, &info);
		if (r < 0)
			return r;
		*size += info.header.total_size;
	}
	return 0;
}

/* The line (or JSON object) that says the segment is there.  A channel's
 * size is its control segment's and its rings' (total_size stays the
 * control segment's, as list and inspect show it). */
static void report_created(const char *kind, const char *name, uint64_t total_size,
			   uint64_t rings, bool held)
{
	if (cli_opt.json) {
		struct cli_json j;
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_str(&j, "name", name);
		cj_str(&j, "kind", kind);
		cj_u64(&j, "total_size", total_size);
		if (rings) {
			cj_u64(&j, "rings_size", rings);
			cj_u64(&j, "channel_size", total_size + rings);
		}
		cj_bool(&j, "held", held);
		cj_end(&j);
		return;
	}
	char size[24], control[24], ring[24], parts[96] = "";
	if (rings)
		snprintf(parts, sizeof parts, ": a control segment of %s and two rings of %s",
			 sm_size_text(total_size, control, sizeof control),
			 sm_size_text(rings / 2, ring, sizeof ring));
	printf("created %s '%s' (%s%s)%s\n", kind, name,
	       sm_size_text(total_size + rings, size, sizeof size), parts,
	       held ? "; holding it until interrupted" : "");
}

static int hold(const struct created *c)
{
	while (!cli_interrupted) {
		struct timespec t = { 0, 200 * 1000000 };
		nanosleep(&t, NULL);
	}
	c->close(c->handle);
	return CLI_OK;
}

int cli_create(int argc, char **argv)
{
	enum { O_SIZE = 0x200, O_COUNT, O_ELEM, O_NODES, O_NODE_SIZE, O_PACKET_SIZE, O_LABEL,
	       O_MODE, O_REPLACE, O_HOLD, O_MAX, O_RING_MODE };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "size", required_argument, NULL, O_SIZE },
		{ "count", required_argument, NULL, O_COUNT },
		{ "element-size", required_argument, NULL, O_ELEM },
		{ "nodes", required_argument, NULL, O_NODES },
		{ "node-size", required_argument, NULL, O_NODE_SIZE },
		{ "packet-size", required_argument, NULL, O_PACKET_SIZE },
		{ "label", required_argument, NULL, O_LABEL },
		{ "mode", required_argument, NULL, O_MODE },
		{ "replace-stale", no_argument, NULL, O_REPLACE },
		{ "hold", no_argument, NULL, O_HOLD },
		{ "max-message", required_argument, NULL, O_MAX },
		{ "ring-mode", required_argument, NULL, O_RING_MODE },
		{ NULL, 0, NULL, 0 },
	};
	struct create_args a;
	memset(&a, 0, sizeof a);
	bool do_hold = false;
	int c, r;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case O_SIZE:
			r = cli_parse_size(optarg, "--size", UINT64_MAX >> 1, &a.size);
			a.have_size = true;
			break;
		case O_COUNT:
			r = cli_parse_u64(optarg, "--count", 1, UINT32_MAX, &a.count);
			a.have_count = true;
			break;
		case O_ELEM:
			r = cli_parse_size(optarg, "--element-size", UINT32_MAX, &a.element_size);
			a.have_element_size = true;
			break;
		case O_NODES:
			/* (the kinds that take it, ring and rpc, are rings) */
			r = cli_parse_u64(optarg, "--nodes", SM_RING_MIN_NODES, SM_RING_MAX_NODES,
					  &a.nodes);
			a.have_nodes = true;
			break;
		case O_NODE_SIZE:
			r = cli_parse_size(optarg, "--node-size", SM_RING_MAX_NODE_SIZE, &a.node_size);
			a.have_node_size = true;
			break;
		case O_PACKET_SIZE:
			r = cli_parse_size(optarg, "--packet-size", SM_RPC_MAX_PACKET_SIZE, &a.node_size);
			a.have_packet_size = true;
			break;
		case O_MAX:
			r = cli_parse_size(optarg, "--max-message", SM_RPC_MAX_MESSAGE_LIMIT,
					   &a.max_message);
			a.have_max_message = true;
			break;
		case O_RING_MODE:
			r = cli_parse_ring_mode(optarg, &a.ring_flags);
			a.have_ring_mode = true;
			break;
		case O_LABEL:
			r = cli_parse_label(optarg, &a.opts.label);
			break;
		case O_MODE:
			r = cli_parse_mode(optarg, &a.opts.mode);
			break;
		case O_REPLACE:
			a.opts.flags |= SM_CREATE_REPLACE_STALE;
			r = 0;
			break;
		case O_HOLD:
			do_hold = true;
			r = 0;
			break;
		default:
			if ((r = cli_common_option(c, help)) < 0)
				r = 0;
			else
				return r;
		}
		if (r)
			return r;
	}
	if (argc - optind < 2)
		return cli_usage("KIND and NAME are needed");
	if (argc - optind > 2)
		return cli_usage("unexpected argument '%s'", argv[optind + 2]);
	const char *kind = argv[optind];
	a.name = argv[optind + 1];
	const struct create_kind *k = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].name && strcmp(kinds[i].name, kind) == 0)
			k = &kinds[i];
	if (!k)
		return cli_usage("unknown kind '%s' (buffer, array, ring or rpc)", kind);
	if ((r = check_params(&a, k)))
		return r;
	bool channel = strcmp(kind, "rpc") == 0;
	if ((r = channel ? cli_check_channel_name(a.name) : cli_check_name(a.name)))
		return r;

	struct created made;
	memset(&made, 0, sizeof made);
	/* Caught with or without --hold: an interrupted create removes what
	 * it made rather than dying with it left unsaid. */
	cli_catch_signals();
	cli_block_signals(true); /* threads a kind starts (rpc) leave signals to us */
	r = k->create(&a, &made);
	cli_block_signals(false);
	if (r == CLI_USAGE)
		return r;
	if (r < 0)
		return cli_fail_sized(r, a.name, "cannot create it", channel, a.opts.flags, k->sized_by);
	struct sm_segment_info info;
	uint64_t rings;
	if ((r = sm_segment_stat(a.name, &info)) < 0 || (r = rings_size(kind, a.name, &rings)) < 0)
		return cli_fail(r, a.name, "created, but cannot read it back");
	if (cli_interrupted && !do_hold) { /* (--hold: the hold ends at once, as always) */
		made.close(made.handle);
		return cli_failf("segment '%s': interrupted; the segment is removed", a.name);
	}
	report_created(kind, a.name, info.header.total_size, rings, do_hold);
	/* Whoever waits for that line would wait for good (--hold), or not
	 * know the segment is there: the command fails and leaves nothing. */
	int err = cli_flush_stdout_nosigpipe();
	if (err < 0) {
		made.close(made.handle);
		return cli_fail_stdout(err, a.name, "the segment is removed");
	}
	if (do_hold)
		return hold(&made);
	kept_handle = made.handle;
	return CLI_OK;
}

/* ---- rm ----------------------------------------------------------------- */

static const char rm_help[] =
	"Usage: sharedmem rm [--force] NAME...\n"
	"\n"
	"Remove the named segments (/dev/shm/sm.NAME; an RPC channel with its two\n"
	"rings).  Processes that have one mapped keep their mapping until they\n"
	"close it.  A file that is not a sharedmem segment, and one ring of an\n"
	"RPC channel, are refused unless --force is given.\n"
	"\n"
	"Options:\n"
	"  -f, --force  remove even a file whose header is not a segment's, one\n"
	"               ring of a channel, or a file that list shows under a name\n"
	"               sharedmem never gives\n"
	"  --json       {\"removed\": [NAME...]}\n"
	"  -h, --help   show this help\n";

int cli_rm(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	bool force = false;
	int c, r;
	while ((c = getopt_long(argc, argv, "hqf", longopts, NULL)) != -1) {
		if (c == 'f')
			force = true;
		else if ((r = cli_common_option(c, rm_help)) >= 0)
			return r;
	}
	if (optind >= argc)
		return cli_usage("which segment? (NAME is missing)");
	for (int i = optind; i < argc; i++)
		if (!force && (r = cli_check_name(argv[i]))) /* --force: a foreign file's name too */
			return r;
	cli_report_ignore_sigpipe();
	int status = CLI_OK, removed = 0;
	struct cli_json j;
	if (cli_opt.json) {
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_array(&j, "removed");
	}
	for (int i = optind; i < argc; i++) {
		/* A foreign file's name (--force) is shown as list shows it. */
		char shown[SM_SHOWN_TEXT_SIZE(SM_INFO_NAME_MAX)];
		cli_shown_name(argv[i], shown, sizeof shown);
		r = sm_segment_unlink(argv[i], force);
		char reason[SM_INFO_REASON_SIZE];
		if (r == -SM_EBADHEADER || r == -SM_EVERSION || r == -EBUSY)
			status = cli_failf("segment '%s': %s; --force removes it anyway", shown,
					   sm_segment_error_text(argv[i], r, reason, sizeof reason));
		else if (r < 0)
			status = cli_fail(r, argv[i], NULL);
		else {
			removed++;
			if (cli_opt.json)
				cj_str(&j, NULL, argv[i]);
			else
				printf("removed %s\n", shown);
		}
	}
	if (cli_opt.json) {
		cj_end(&j);
		cj_end(&j);
	}
	char done[64];
	snprintf(done, sizeof done, "%d segment%s removed", removed,
		 removed == 1 ? " was" : "s were");
	return cli_report_flushed(status, NULL, done);
}
