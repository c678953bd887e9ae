/* cli-bench-compare.c — `sharedmem bench compare`: each standard workload
 * over sharedmem and over each alternative in the same run; a table for
 * people, JSON for machines, each sharedmem figure with its ratio to the
 * best alternative. */
#include "cli-bench-compare.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"
#include "cli-progress.h"
#include "cli-util.h"

static const struct cmp_workload workloads[] = {
	{ "stream-64", CMP_STREAM, 64 },
	{ "stream-1k", CMP_STREAM, 1024 },
	{ "stream-1m", CMP_STREAM, 1u << 20 },
	{ "reqresp-64", CMP_REQRESP, 64 },
	{ "reqresp-1k", CMP_REQRESP, 1024 },
	{ "reqresp-512k", CMP_REQRESP, 512u << 10 },
};
#define N_WORKLOADS (sizeof workloads / sizeof workloads[0])

static const char help[] =
	"Usage: sharedmem bench compare [--seconds S | --count N] [--workloads LIST]\n"
	"                               [--transports LIST] [--json]\n"
	"\n"
	"Run the standard workloads over sharedmem and over each alternative in\n"
	"the same run, and print each sharedmem figure with its ratio to the best\n"
	"alternative.  Every message is verified (lost, duplicated, corrupted).\n"
	"\n"
	"Workloads: stream-64, stream-1k, stream-1m (one producer -> one consumer\n"
	"process; P50/P99 are one-way latencies of sampled messages, where the\n"
	"transport's engine measures them), reqresp-64, reqresp-1k, reqresp-512k\n"
	"(one caller, echo server; P50/P99 are round trips).\n"
	"Transports: sharedmem (ring / rpc), sharedmem-burst and sharedmem-zerocopy\n"
	"(streams), the same three on a single-producer single-consumer ring\n"
	"(sharedmem-spsc, sharedmem-spsc-burst, sharedmem-spsc-zerocopy), pipe, unix-stream, unix-seqpacket, posix-mq, zeromq (ipc://,\n"
	"when built with libzmq), memcpy (streams: the ceiling, not an alternative).\n"
	"\n"
	"Options:\n"
	"  -s, --seconds S         duration of each run (default 1)\n"
	"  -n, --count N           each run moves N messages (or calls) instead\n"
	"  -w, --workloads LIST    comma-separated subset of the workloads\n"
	"  -t, --transports LIST   comma-separated subset of the transports\n"
	"  --json                  {\"machine\" (with \"core_to_core_ns\"), \"seconds_per_run\",\n"
	"                          \"count_per_run\", \"results\": [...]}\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status 1 if a sharedmem run fails or loses, duplicates or corrupts\n"
	"a message.\n";

struct row {
	const struct cmp_workload *w;
	const struct cmp_transport *t;
	int status;           /* 0, CMP_SKIPPED, -errno */
	char note[160];
	struct cmp_result r;
	double msgs_per_s, bytes_per_s;
	double ratio;         /* sharedmem rows: vs best alternative; NAN otherwise */
	const char *best;     /* the best alternative's name */
};

/* Is `name` in the comma-separated `list` (NULL list: everything)? */
static bool listed(const char *list, const char *name)
{
	if (!list)
		return true;
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

/* Every item of `list` names something in `names`; else a usage error. */
static int check_list(const char *list, const char *what, const char *const *names, size_t n)
{
	if (!list)
		return 0;
	char *copy = strdup(list), *save = NULL;
	int r = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok && !r; tok = strtok_r(NULL, ",", &save)) {
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= strcmp(tok, names[i]) == 0;
		if (!found)
			r = cli_usage("%s: no '%s' (see --help)", what, tok);
	}
	free(copy);
	return r;
}

/* Does transport t run workload w (kind, size, and the lists asked for)? */
static bool runs(const struct cmp_transport *t, const struct cmp_workload *w, const char *wlist,
		 const char *tlist)
{
	return listed(wlist, w->name) && listed(tlist, t->name) && (t->kinds & (1u << w->kind)) &&
	       (!t->max_size || w->msg_size <= t->max_size);
}

static void compute_ratios(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rows[i].ratio = NAN;
		if (rows[i].t->role != CMP_SHAREDMEM || rows[i].status != 0)
			continue;
		double best = 0;
		for (size_t k = 0; k < n; k++) {
			if (rows[k].w == rows[i].w && rows[k].t->role == CMP_ALTERNATIVE &&
			    rows[k].status == 0 && rows[k].msgs_per_s > best) {
				best = rows[k].msgs_per_s;
				rows[i].best = rows[k].t->name;
			}
		}
		if (best > 0)
			rows[i].ratio = rows[i].msgs_per_s / best;
	}
}

/* The core-to-core latency before and after the runs (see bench.h). */
struct c2c {
	double before, after;
};
#define C2C_ROUNDS 20000u

static void print_c2c(const struct c2c *c)
{
	if (c->before < 0 || c->after < 0) {
		printf("core to core: not measured (it needs two CPUs to run on)\n\n");
		return;
	}
	printf("core to core: %.0f ns one way before the runs, %.0f ns after (two processes "
	       "bouncing a cache line;\nthe cross-process figures below follow it)\n\n",
	       c->before, c->after);
}

/* A measurement, or null where there was none (< 0). */
static void c2c_json(struct cli_json *j, const char *name, double ns)
{
	if (ns >= 0)
		cj_dbl(j, name, ns);
	else
		cj_null(j, name);
}

static void print_table(const struct row *rows, size_t n)
{
	printf("%-13s %-23s %12s %11s %9s %9s %-9s %s\n", "WORKLOAD", "TRANSPORT", "MSGS/S",
	       "MB/S", "P50 US", "P99 US", "VERIFIED", "VS BEST ALTERNATIVE");
	for (size_t i = 0; i < n; i++) {
		const struct row *x = &rows[i];
		if (i > 0 && rows[i - 1].w != x->w)
			printf("\n");
		if (x->status != 0) {
			printf("%-13s %-23s %s: %s\n", x->w->name, x->t->name,
			       x->status == CMP_SKIPPED ? "skipped" : "failed", x->note);
			continue;
		}
		char rate[24], p50[16] = "-", p99[16] = "-", vs[64] = "";
		cli_human_rate(x->msgs_per_s, rate, sizeof rate);
		if (x->w->kind == CMP_REQRESP || x->r.p50_ns) {
			snprintf(p50, sizeof p50, "%.1f", x->r.p50_ns / 1e3);
			snprintf(p99, sizeof p99, "%.1f", x->r.p99_ns / 1e3);
		}
		bool ok = !x->r.lost && !x->r.duplicated && !x->r.corrupted;
		if (!isnan(x->ratio))
			snprintf(vs, sizeof vs, "%.2fx %s", x->ratio, x->best);
		else if (x->t->role == CMP_SHAREDMEM)
			snprintf(vs, sizeof vs, "(no alternative ran)");
		printf("%-13s %-23s %12s %11.1f %9s %9s %-9s %s\n", x->w->name, x->t->name, rate,
		       x->bytes_per_s / 1e6, p50, p99, ok ? "ok" : "FAILED", vs);
	}
}

static void print_json(const struct row *rows, size_t n, double seconds, uint64_t count,
		       const struct c2c *c2c)
{
	struct cli_json j;
	struct utsname u;
	cj_init(&j, stdout);
	cj_object(&j, NULL);
	cj_object(&j, "machine");
	cj_i64(&j, "cpus", sysconf(_SC_NPROCESSORS_ONLN));
	if (uname(&u) == 0) {
		cj_str(&j, "kernel", u.release);
		cj_str(&j, "arch", u.machine);
	}
	cj_str(&j, "zeromq", cmp_zmq_note());
	cj_object(&j, "core_to_core_ns");
	c2c_json(&j, "before", c2c->before);
	c2c_json(&j, "after", c2c->after);
	cj_end(&j);
	cj_end(&j);
	if (count)
		cj_null(&j, "seconds_per_run");
	else
		cj_dbl(&j, "seconds_per_run", seconds);
	cj_u64(&j, "count_per_run", count);
	cj_array(&j, "results");
	for (size_t i = 0; i < n; i++) {
		const struct row *x = &rows[i];
		cj_object(&j, NULL);
		cj_str(&j, "workload", x->w->name);
		cj_str(&j, "kind", x->w->kind == CMP_STREAM ? "stream" : "reqresp");
		cj_str(&j, "transport", x->t->name);
		cj_str(&j, "role", x->t->role == CMP_SHAREDMEM ? "sharedmem" :
				   x->t->role == CMP_CEILING ? "ceiling" : "alternative");
		cj_u64(&j, "msg_size", x->w->msg_size);
		cj_str(&j, "status", x->status == 0 ? "ok" : x->status == CMP_SKIPPED ? "skipped" : "failed");
		cj_str(&j, "note", x->note[0] ? x->note : NULL);
		cj_u64(&j, "messages", x->r.messages);
		cj_dbl(&j, "seconds", x->r.seconds);
		cj_dbl(&j, "msgs_per_s", x->msgs_per_s);
		cj_dbl(&j, "bytes_per_s", x->bytes_per_s);
		if (x->w->kind == CMP_REQRESP || x->r.p50_ns) {
			cj_u64(&j, "p50_ns", x->r.p50_ns);
			cj_u64(&j, "p99_ns", x->r.p99_ns);
			cj_u64(&j, "max_ns", x->r.max_ns);
		}
		cj_u64(&j, "lost", x->r.lost);
		cj_u64(&j, "duplicated", x->r.duplicated);
		cj_u64(&j, "corrupted", x->r.corrupted);
		if (x->t->role == CMP_SHAREDMEM) {
			cj_dbl(&j, "ratio_vs_best_alternative", x->ratio);
			cj_str(&j, "best_alternative", x->best);
		}
		cj_end(&j);
	}
	cj_end(&j);
	cj_end(&j);
}

int cli_bench_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "seconds", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "workloads", required_argument, NULL, 'w' },
		{ "transports", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	double seconds = 1.0;
	long long count = 0;
	bool have_seconds = false;
	const char *wlist = NULL, *tlist = NULL;
	int c, r;
	while ((c = getopt_long(argc, argv, "hs:n:w:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if ((r = cli_parse_seconds(optarg, "--seconds", &seconds)))
				return r;
			have_seconds = true;
			break;
		case 'n':
			if ((r = cli_parse_int(optarg, "--count", 1, INT64_MAX, &count)))
				return r;
			break;
		case 'w': wlist = optarg; break;
		case 't': tlist = optarg; break;
		default:
			if ((r = cli_common_option(c, help)) >= 0)
				return r;
		}
	}
	if (optind < argc)
		return cli_usage("unexpected argument '%s'", argv[optind]);
	if (count && have_seconds)
		return cli_usage("--seconds and --count do not go together");
	const char *wnames[N_WORKLOADS], *tnames[16];
	for (size_t i = 0; i < N_WORKLOADS; i++)
		wnames[i] = workloads[i].name;
	for (size_t i = 0; i < cmp_n_transports && i < 16; i++)
		tnames[i] = cmp_transports[i].name;
	if ((r = check_list(wlist, "--workloads", wnames, N_WORKLOADS)) ||
	    (r = check_list(tlist, "--transports", tnames, cmp_n_transports)))
		return r;

	struct row *rows = calloc(N_WORKLOADS * cmp_n_transports, sizeof *rows);
	if (!rows)
		return cli_fail(-ENOMEM, NULL, NULL);
	size_t n = 0;
	size_t total = 0;
	for (size_t wi = 0; wi < N_WORKLOADS; wi++)
		for (size_t ti = 0; ti < cmp_n_transports; ti++)
			total += runs(&cmp_transports[ti], &workloads[wi], wlist, tlist);
	int status = CLI_OK;
	struct c2c c2c = { sm_bench_core_to_core_ns(C2C_ROUNDS), 0 };
	for (size_t wi = 0; wi < N_WORKLOADS; wi++) {
		for (size_t ti = 0; ti < cmp_n_transports; ti++) {
			const struct cmp_transport *t = &cmp_transports[ti];
			if (!runs(t, &workloads[wi], wlist, tlist))
				continue;
			struct row *x = &rows[n++];
			x->w = &workloads[wi];
			x->t = t;
			char label[96];
			snprintf(label, sizeof label, "[%zu/%zu] %s over %s", n, total, x->w->name, t->name);
			fflush(stdout);
			cli_progress_start(label, count ? 0 : seconds);
			x->status = t->run(x->w, seconds, (uint64_t)count, &x->r, x->note, sizeof x->note);
			cli_progress_stop();
			if (x->status == 0 && x->r.messages == 0) {
				x->status = -ETIME;
				snprintf(x->note, sizeof x->note, "no message got through in %.2f s "
					 "(a busy machine? try a longer --seconds)", seconds);
			}
			if (x->status < 0 && !x->note[0])
				snprintf(x->note, sizeof x->note, "%s", strerror(-x->status));
			if (x->status == 0 && x->r.seconds > 0) {
				x->msgs_per_s = (double)x->r.messages / x->r.seconds;
				x->bytes_per_s = x->msgs_per_s * (double)x->w->msg_size;
			}
			bool bad = x->r.lost || x->r.duplicated || x->r.corrupted;
			if (t->role == CMP_SHAREDMEM && (x->status != 0 || bad)) {
				cli_failf("%s over %s: %s", x->w->name, t->name,
					  x->status ? x->note : "messages lost, duplicated or corrupted");
				status = CLI_ERR;
			}
		}
	}
	c2c.after = sm_bench_core_to_core_ns(C2C_ROUNDS);
	compute_ratios(rows, n);
	if (cli_opt.json) {
		print_json(rows, n, seconds, (uint64_t)count, &c2c);
	} else {
		print_c2c(&c2c);
		print_table(rows, n);
	}
	free(rows);
	return status;
}
