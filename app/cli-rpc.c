/* cli-rpc.c — `sharedmem rpc serve NAME` (a channel server with the
 * built-in echo, add and sleep methods) and `sharedmem rpc call NAME
 * METHOD [ARGS]`. */
#include "cli-rpc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-rpc-handlers.h"
#include "cli-util.h"
#include "sharedmem.h"

static int cmd_serve(int argc, char **argv);
static int cmd_call(int argc, char **argv);

static const struct cli_cmd rpc_cmds[] = {
	{ "serve", cmd_serve, "create channel NAME and answer calls (echo, add, sleep)" },
	{ "call",  cmd_call,  "call METHOD on channel NAME and print the response" },
};

int cli_rpc(int argc, char **argv)
{
	return cli_dispatch("rpc", rpc_cmds, sizeof rpc_cmds / sizeof rpc_cmds[0], argc, argv);
}

/* ---- serve -------------------------------------------------------------- */

static const char serve_help[] =
	"Usage: sharedmem rpc serve NAME [OPTIONS]\n"
	"\n"
	"Create RPC channel NAME as its server and answer calls until interrupted\n"
	"(Ctrl+C, SIGTERM), then close it (which removes it).  Built-in methods\n"
	"(a request is \"METHOD\\0ARGS\"; 'sharedmem rpc call' builds it):\n"
	"  echo ARGS       the arguments back\n"
	"  add N N...      their sum, in decimal\n"
	"  sleep MS        sleeps MS milliseconds (0..60000), then answers\n"
	"Prints one line on stdout once the channel is ready.  Stops (exit 1) once\n"
	"the channel is removed ('sharedmem rm NAME'), or replaced by another\n"
	"segment under its name, and no client is connected: none could connect\n"
	"any more.\n"
	"\n"
	"Options:\n"
	"  --max-message BYTES  largest request/response (default 1M)\n"
	"  --packet-size BYTES  ring node size, packet header included (default 64K;\n"
	"                       --node-size is another name for it)\n"
	"  --nodes N            nodes per ring (default 32)\n"
	"  --workers N          run handlers on N worker threads (default 0: inline)\n"
	"  --spin-us US         spin this long before sleeping (default: 50 with\n"
	"                       4 or more CPUs, else 0: brief adaptive spins only)\n"
	"  --calls N            exit after answering N calls (refusing any more)\n"
	"  --label TEXT         label shown by monitors (up to 31 bytes)\n"
	"  --mode OCTAL         file mode (default 0600)\n"
	"  --replace-stale      replace a channel whose server is dead\n"
	"  --json               print the ready line as JSON\n"
	"  -h, --help           show this help\n";

/* The serve loop wakes every 20 ms; it asks after the channel's names
 * every NAME_CHECK_TICKS wakes (250 ms). */
#define NAME_CHECK_TICKS 12

/* What became of the channel's names (cli_gone_text()), once nobody is
 * connected: removed or taken, no client can ever connect again, so
 * serving on would wait for good.  A client still connected to the old
 * mapping is served until it leaves.  NULL while named (or when it cannot
 * be told). */
static const char *channel_gone(const sm_rpc *rpc)
{
	const char *gone = cli_gone_text(sm_rpc_still_named(rpc));
	return gone && !sm_rpc_peer_connected(rpc) ? gone : NULL;
}

/* Before the close, wait (a second at most) until the replies to the
 * `taken` requests are written: the handler counts a call before its
 * reply goes out, and the close refuses a reply not yet written.  One
 * in the ring reaches the client (it reads its ring before it hears of
 * the close).  Interrupted, a sleep stops within 20 ms, and its caller
 * hears why (ECANCELED) rather than of a close. */
static void await_replies(const sm_rpc *rpc, uint64_t taken)
{
	struct sm_rpc_stats st;
	for (int i = 0; i < 1000; i++) {
		if (sm_rpc_stats(rpc, &st) < 0 ||
		    st.server.responses_sent + st.server.errors_sent >= taken)
			return;
		struct timespec t = { 0, 1000000 };
		nanosleep(&t, NULL);
	}
}

/* " (2 with an error: 1 no such method, 1 bad arguments)", or of one
 * kind " (1 with an error: no such method)"; nothing without errors. */
static void report_errors(struct cli_rpc_server *srv)
{
	unsigned long long no_method = atomic_load(&srv->no_method);
	unsigned long long bad_args = atomic_load(&srv->bad_args);
	if (!no_method && !bad_args)
		return;
	fprintf(stderr, " (%llu with an error: ", no_method + bad_args);
	if (!bad_args)
		fputs("no such method)", stderr);
	else if (!no_method)
		fputs("bad arguments)", stderr);
	else
		fprintf(stderr, "%llu no such method, %llu bad arguments)", no_method, bad_args);
}

/* "answered N calls on 'NAME'", those with an error reply, and the calls
 * the stop cut short. */
static void report_served(struct cli_rpc_server *srv, const char *name)
{
	unsigned long long served = atomic_load(&srv->served);
	unsigned long long cancelled = atomic_load(&srv->cancelled);
	fprintf(stderr, "sharedmem rpc serve: answered %llu call%s on '%s'", served,
		cli_plural(served), name);
	report_errors(srv);
	if (cancelled)
		fprintf(stderr, "; %llu cancelled as it stopped", cancelled);
	fputc('\n', stderr);
}

static int cmd_serve(int argc, char **argv)
{
	enum { O_MAX = 0x200, O_PACKET, O_NODE_SIZE, O_NODES, O_WORKERS, O_SPIN, O_CALLS, O_LABEL,
	       O_MODE, O_REPLACE };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "max-message", required_argument, NULL, O_MAX },
		{ "packet-size", required_argument, NULL, O_PACKET },
		{ "node-size", required_argument, NULL, O_NODE_SIZE },
		{ "nodes", required_argument, NULL, O_NODES },
		{ "workers", required_argument, NULL, O_WORKERS },
		{ "spin-us", required_argument, NULL, O_SPIN },
		{ "calls", required_argument, NULL, O_CALLS },
		{ "label", required_argument, NULL, O_LABEL },
		{ "mode", required_argument, NULL, O_MODE },
		{ "replace-stale", no_argument, NULL, O_REPLACE },
		{ NULL, 0, NULL, 0 },
	};
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	uint64_t v;
	long long calls = 0;
	bool have_packet_size = false, have_node_size = false;
	int c, r = 0;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case O_MAX:
			r = cli_parse_size(optarg, "--max-message", SM_RPC_MAX_MESSAGE_LIMIT, &v);
			if (!r && v == 0)
				r = cli_usage("--max-message: at least 1 byte");
			o.max_message = (uint32_t)v;
			break;
		case O_PACKET:
			r = cli_parse_packet_size(optarg, "--packet-size", &o.packet_size);
			have_packet_size = true;
			break;
		case O_NODE_SIZE:
			r = cli_parse_packet_size(optarg, "--node-size", &o.packet_size);
			have_node_size = true;
			break;
		case O_NODES:
			r = cli_parse_u32(optarg, "--nodes", SM_RING_MIN_NODES, SM_RING_MAX_NODES,
					  &o.node_count);
			break;
		case O_WORKERS:
			r = cli_parse_u32(optarg, "--workers", 0, SM_RPC_MAX_WORKERS, &o.workers);
			break;
		case O_SPIN:
			r = cli_parse_i32(optarg, "--spin-us", 0, 1000000, &o.spin_us);
			break;
		case O_CALLS:
			r = cli_parse_int(optarg, "--calls", 1, INT64_MAX, &calls);
			break;
		case O_LABEL:
			r = cli_parse_label(optarg, &o.label);
			break;
		case O_MODE:
			r = cli_parse_mode(optarg, &o.mode);
			break;
		case O_REPLACE:
			o.flags |= SM_CREATE_REPLACE_STALE;
			break;
		default:
			if ((r = cli_common_option(c, serve_help)) >= 0)
				return r;
			r = 0;
		}
		if (r)
			return r;
	}
	if (have_packet_size && have_node_size)
		return cli_usage(CLI_PACKET_SIZE_TWICE);
	const char *name;
	if ((r = cli_one_name(argc, argv, "channel", &name)) || (r = cli_check_channel_name(name)))
		return r;

	struct cli_rpc_server srv = { .limit = (uint64_t)calls };
	atomic_init(&srv.served, 0);
	atomic_init(&srv.cancelled, 0);
	atomic_init(&srv.no_method, 0);
	atomic_init(&srv.bad_args, 0);
	atomic_init(&srv.taken, 0);
	o.handler = cli_rpc_builtin_handler;
	o.handler_user = &srv;
	cli_catch_signals();
	cli_block_signals(true); /* the channel's threads inherit the mask */
	sm_rpc *rpc;
	r = sm_rpc_create(&rpc, name, &o);
	cli_block_signals(false);
	if (r < 0)
		return cli_fail_sized(r, name, "cannot create the channel", true, o.flags,
				      CLI_RPC_SIZED_BY);
	if (cli_opt.json) {
		struct cli_json j;
		cj_init(&j, stdout);
		cj_object(&j, NULL);
		cj_str(&j, "name", name);
		cj_i64(&j, "pid", getpid());
		cj_u64(&j, "max_message", sm_rpc_max_message(rpc));
		cj_u64(&j, "packet_payload", sm_rpc_packet_payload(rpc));
		cj_end(&j);
	} else {
		printf("serving rpc channel '%s' (methods: " CLI_RPC_METHODS "), pid %d\n", name,
		       (int)getpid());
	}
	/* Whoever waits for the ready line would wait for good. */
	if ((r = cli_flush_stdout_nosigpipe()) < 0) {
		sm_rpc_close(rpc);
		return cli_fail_stdout(r, name, "the channel is closed");
	}
	const char *gone = NULL;
	for (unsigned tick = 1; !cli_interrupted &&
	     (!calls || atomic_load(&srv.served) < (uint_fast64_t)calls); tick++) {
		struct timespec t = { 0, 20 * 1000000 };
		nanosleep(&t, NULL);
		if (tick % NAME_CHECK_TICKS == 0 && (gone = channel_gone(rpc)))
			break;
	}
	if (!gone)
		await_replies(rpc, atomic_load(&srv.taken));
	sm_rpc_close(rpc);
	unsigned long long served = atomic_load(&srv.served);
	if (gone)
		return cli_failf("segment '%s': the channel %s after %llu call%s", name, gone, served,
				 cli_plural(served));
	if (!cli_opt.quiet)
		report_served(&srv, name);
	return CLI_OK;
}

/* ---- call --------------------------------------------------------------- */

static const char call_help[] =
	"Usage: sharedmem rpc call NAME METHOD [ARG...] [OPTIONS]\n"
	"\n"
	"Connect to channel NAME as its client, call METHOD with the arguments\n"
	"(joined by spaces; with --stdin, read from standard input instead) and\n"
	"print the response.  'sharedmem rpc serve' offers echo, add and sleep.\n"
	"A handler's error is reported with its code and text (exit 1).  Put '--'\n"
	"before arguments that start with '-': rpc call calc add -- 2 -7\n"
	"Interrupted (Ctrl+C, SIGTERM) while it waits for the reply, it cancels\n"
	"the call (the server may still run it) and says so (exit 1; with --json,\n"
	"status \"ECANCELED\"); while it reads standard input or waits for a\n"
	"server, it says no call was made (exit 1).\n"
	"\n"
	"Options:\n"
	"  -t, --timeout MS          total deadline of the call (default 5000, at least 1;\n"
	"                            -1 forever)\n"
	"  --connect-timeout MS      wait this long for a server, or for another\n"
	"                            client to leave (default 1000)\n"
	"  --stdin                   the arguments are standard input\n"
	"  -n, --no-newline          do not add a newline after the response\n"
	"  --json                    {\"status\", \"response\", \"response_len\",\n"
	"                             \"latency_ns\", \"remote_code\", \"remote_error\",\n"
	"                             \"message\"}\n"
	"  -h, --help                show this help\n";

/* Read all of stdin (up to max bytes) into a malloc'ed buffer. */
static int read_all_stdin(char **out, size_t *len, size_t max)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(buf);
				return -EMSGSIZE;
			}
			char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				return -ENOMEM;
			}
			buf = grown;
			cap *= 2;
		}
		/* (The stop signals are blocked but inside the wait.) */
		ssize_t got = cli_read_stdin(buf + n, cap - n);
		if (got < 0) {
			free(buf);
			return -errno;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* "METHOD\0" + args into a malloc'ed request. */
static char *build_request(const char *method, const char *args, size_t args_len, size_t *len)
{
	size_t mlen = strlen(method);
	char *req = malloc(mlen + 1 + args_len + 1);
	if (!req)
		return NULL;
	memcpy(req, method, mlen + 1);
	if (args_len)
		memcpy(req + mlen + 1, args, args_len);
	*len = mlen + 1 + args_len;
	return req;
}

static void json_result(const struct sm_rpc_result *res)
{
	struct cli_json j;
	cj_init(&j, stdout);
	cj_object(&j, NULL);
	cj_str(&j, "status", res->status == 0 ? "ok" : sm_strerror_name(res->status));
	cj_strn(&j, "response", res->data ? res->data : "", res->len);
	cj_u64(&j, "response_len", res->len);
	cj_u64(&j, "latency_ns", res->latency_ns);
	cj_i64(&j, "remote_code", res->remote_code);
	cj_str(&j, "remote_error", res->remote_code ? sm_strerror_name(res->remote_code) : NULL);
	cj_str(&j, "message", res->message);
	cj_end(&j);
}

/* A connect waits for a server this long at a time, between looks at the
 * stop signals (the library's wait knows nothing of them).  A channel
 * file with no header yet is then given this long, not the library's
 * second, as with a --connect-timeout of this many ms. */
#define CONNECT_SLICE_MS 250

/* sm_rpc_connect(), waiting up to o->connect_timeout_ms (-1: forever)
 * for a server (-SM_ENOPEER) and while another client holds the channel
 * (-EBUSY): calls from several processes at once then take turns instead
 * of failing.  -EINTR once a stop signal came. */
static int connect_waiting(sm_rpc **rpc, const char *name, const struct sm_rpc_options *o)
{
	uint64_t start = cli_now_ns();
	struct sm_rpc_options slice = *o;
	for (;;) {
		uint64_t waited_ms = (cli_now_ns() - start) / 1000000u;
		int64_t left = o->connect_timeout_ms < 0 ? CONNECT_SLICE_MS :
			       (int64_t)o->connect_timeout_ms - (int64_t)waited_ms;
		slice.connect_timeout_ms = left < 0 ? 0 : left < CONNECT_SLICE_MS ? (int)left
										   : CONNECT_SLICE_MS;
		int r = sm_rpc_connect(rpc, name, &slice);
		if (r != -EBUSY && r != -SM_ENOPEER)
			return r;
		if (cli_pause_ms(r == -EBUSY ? 2 : 0) < 0)
			return -EINTR;
		if (o->connect_timeout_ms >= 0 &&
		    cli_now_ns() - start >= (uint64_t)o->connect_timeout_ms * 1000000u)
			return r;
	}
}

/* The outcome of the call, from its completion (on the channel's
 * receiving thread, or on the thread that cancels it), which then writes
 * a byte to `ready`. */
struct call_outcome {
	struct sm_rpc_result res;
	int ready[2]; /* a pipe */
};

static void call_done(void *user, struct sm_rpc_result *res)
{
	struct call_outcome *out = user;
	out->res = *res;
	res->data = NULL; /* ours now */
	while (write(out->ready[1], "", 1) < 0 && errno == EINTR)
		;
}

/* Call and wait for the outcome in res; a stop signal cancels the call
 * (-ECANCELED, with cli_interrupted set).  The call's return value. */
static int call_interruptible(sm_rpc *rpc, const void *req, size_t len, int timeout,
			      struct sm_rpc_result *res)
{
	struct call_outcome out = { .ready = { -1, -1 } };
	uint64_t id = 0;
	int r = pipe(out.ready) < 0 ? -errno :
		sm_rpc_call_async(rpc, req, len, timeout, call_done, &out, &id);
	if (r == 0) {
		int w;
		do
			w = cli_wait_readable(out.ready[0]);
		while (w == -EINTR && !cli_interrupted);
		if (w == -EINTR)
			sm_rpc_cancel(rpc, id); /* -ENOENT: it ended meanwhile */
		char byte;
		while (read(out.ready[0], &byte, 1) < 0 && errno == EINTR)
			;
		*res = out.res;
		r = res->status;
	} else {
		memset(res, 0, sizeof *res);
		res->status = r;
	}
	for (int i = 0; i < 2; i++)
		if (out.ready[i] >= 0)
			close(out.ready[i]);
	return r;
}

static int cmd_call(int argc, char **argv)
{
	enum { O_CONNECT = 0x200, O_STDIN };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "timeout", required_argument, NULL, 't' },
		{ "connect-timeout", required_argument, NULL, O_CONNECT },
		{ "stdin", no_argument, NULL, O_STDIN },
		{ "no-newline", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int32_t timeout = 5000, connect_timeout = 1000;
	bool from_stdin = false, newline = true;
	int c, r = 0;
	while ((c = getopt_long(argc, argv, "hqt:n", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			r = cli_parse_timeout(optarg, "--timeout", &timeout);
			/* 0 is the library's fire and forget: the CLI would close
			 * the channel right after sending, and the server drops
			 * the requests of a client that has left, so the call
			 * might run or not.  Refused rather than guessed at. */
			if (r == 0 && timeout == 0)
				r = cli_usage("--timeout must be at least 1 ms (or -1: no deadline)");
			break;
		case O_CONNECT:
			r = cli_parse_timeout(optarg, "--connect-timeout", &connect_timeout);
			break;
		case O_STDIN:
			from_stdin = true;
			break;
		case 'n':
			newline = false;
			break;
		default:
			if ((r = cli_common_option(c, call_help)) >= 0)
				return r;
			r = 0;
		}
		if (r)
			return r;
	}
	if (argc - optind < 2)
		return cli_usage("NAME and METHOD are needed");
	if (!newline && cli_opt.json)
		return cli_usage("--no-newline and --json do not go together");
	const char *name = argv[optind], *method = argv[optind + 1];
	if ((r = cli_check_channel_name(name)))
		return r;
	if (!method[0])
		return cli_usage("METHOD is empty");
	if (from_stdin && argc - optind > 2)
		return cli_usage("give the arguments either on the command line or with --stdin");
	/* The response could not be shown: no call that the server runs. */
	if ((r = cli_check_stdout_writable(name, "no call made")))
		return r;
	/* A reader that left (| true): EPIPE, so that the response lost after
	 * the server ran the call is said, rather than a SIGPIPE that loses it
	 * unsaid (exit 141). */
	cli_report_ignore_sigpipe();
	/* A stop signal ends the waits (standard input, connect, the reply)
	 * and cancels a call under way: it is let in only inside them, and
	 * the channel's threads inherit the mask. */
	cli_catch_signals();
	cli_block_signals(true);

	/* The arguments, joined by spaces, or stdin. */
	char *args = NULL;
	size_t args_len = 0;
	if (from_stdin) {
		r = read_all_stdin(&args, &args_len, SM_RPC_MAX_MESSAGE_LIMIT);
		if (r == -EINTR && cli_interrupted)
			return cli_failf("segment '%s': interrupted while reading standard input: "
					 "no call made", name);
		if (r < 0)
			return cli_fail(r, name, "reading standard input");
	} else {
		size_t total = 1;
		for (int i = optind + 2; i < argc; i++)
			total += strlen(argv[i]) + 1;
		if (!(args = calloc(1, total)))
			return cli_fail(-ENOMEM, name, NULL);
		for (int i = optind + 2; i < argc; i++) {
			if (i > optind + 2)
				args[args_len++] = ' ';
			memcpy(args + args_len, argv[i], strlen(argv[i]));
			args_len += strlen(argv[i]);
		}
	}
	size_t req_len;
	char *req = build_request(method, args, args_len, &req_len);
	free(args);
	if (!req)
		return cli_fail(-ENOMEM, name, NULL);

	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	o.connect_timeout_ms = connect_timeout;
	sm_rpc *rpc;
	r = connect_waiting(&rpc, name, &o);
	if (r < 0) {
		free(req);
		if (r == -EINTR)
			return cli_failf("segment '%s': interrupted while waiting to connect: no call "
					 "made", name);
		if (r == -EBUSY)
			return cli_failf("segment '%s': cannot connect: another client is connected "
					 "(a channel serves one at a time)", name);
		/* No server covers "no such channel" too: say which. */
		struct sm_segment_info info;
		if (r == -SM_ENOPEER && sm_segment_stat(name, &info) == -ENOENT)
			return cli_failf("segment '%s': cannot connect: no such segment (no server "
					 "has created the channel)", name);
		if (r == -SM_ENOPEER) /* sm_strerror() speaks for both sides */
			return cli_failf("segment '%s': cannot connect: no server on this channel", name);
		return cli_fail(r, name, "cannot connect");
	}
	struct sm_rpc_result res;
	memset(&res, 0, sizeof res);
	r = call_interruptible(rpc, req, req_len, timeout, &res);
	free(req);
	/* A stop signal from now on may break off a write that waits. */
	cli_block_signals(false);
	if (cli_opt.json) {
		json_result(&res);
	} else if (r == 0) {
		if (res.len)
			fwrite(res.data, 1, res.len, stdout);
		if (newline)
			putchar('\n');
	}
	int status = CLI_OK;
	/* The method and the server's text are anyone's bytes: shown as list
	 * shows names, so that the error stays one line. */
	char shown_method[SM_SHOWN_TEXT_SIZE(128)], shown_text[SM_SHOWN_TEXT_SIZE(SM_RPC_ERROR_TEXT_MAX)];
	sm_shown_text(method, shown_method, sizeof shown_method);
	if (r == -SM_EREMOTE) {
		/* The built-in handlers' texts begin with "METHOD: " already. */
		size_t mlen = strlen(method);
		bool named = strncmp(res.message, method, mlen) == 0 && res.message[mlen] == ':';
		status = cli_failf("segment '%s': %s%s%s (%s)", name, named ? "" : shown_method,
				   named ? "" : ": ",
				   res.message[0] ? sm_shown_text(res.message, shown_text, sizeof shown_text)
						  : sm_strerror(res.remote_code),
				   sm_strerror_name(res.remote_code));
	}
	else if (r == -ECANCELED) /* only a stop signal cancels */
		status = cli_failf("segment '%s': %s: interrupted: the call was cancelled (the "
				   "server may still run it)", name, shown_method);
	else if (r < 0)
		status = cli_fail(r, name, shown_method);
	int err = cli_flush_stdout();
	if (err < 0 && status == CLI_OK)
		status = cli_fail_stdout(err, name, "the call was made, its response is lost");
	sm_rpc_result_free(&res);
	sm_rpc_close(rpc);
	return status;
}
