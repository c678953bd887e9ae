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

#include "bench-verify.h"
#include "bench.h"
#include "cli-progress.h"
#include "cli-util.h"

/* A scaled workload runs right after its base: their ratio is taken
 * within a round, and the machine changes within minutes. */
static const struct cmp_workload workloads[] = {
	{ "stream-64", CMP_STREAM, 64, 1, 1, NULL },
	/* 8 processes on however many CPUs there are */
	{ "stream-64-4x4", CMP_STREAM, 64, 4, 4, "stream-64" },
	{ "stream-1k", CMP_STREAM, 1024, 1, 1, NULL },
	{ "stream-1m", CMP_STREAM, 1u << 20, 1, 1, NULL },
	{ "reqresp-64", CMP_REQRESP, 64, 1, 1, NULL },
	{ "reqresp-64-4c", CMP_REQRESP, 64, 4, 1, "reqresp-64" },
	{ "reqresp-1k", CMP_REQRESP, 1024, 1, 1, NULL },
	{ "reqresp-512k", CMP_REQRESP, 512u << 10, 1, 1, NULL },
};
#define N_WORKLOADS (sizeof workloads / sizeof workloads[0])
#define MAX_ROUNDS 100

static const char help[] =
	"Usage: sharedmem bench compare [--seconds S | --count N] [--repeat N]\n"
	"                               [--workloads LIST] [--transports LIST] [--json]\n"
	"\n"
	"Run the standard workloads over sharedmem and over each alternative in\n"
	"the same run, and print each sharedmem figure with its ratio to the best\n"
	"alternative.  Every message is verified (lost, duplicated, corrupted), and\n"
	"a ratio is only taken between runs that verified every one.\n"
	"\n"
	"Workloads: stream-64 (one producer -> one consumer process; P50/P99 are\n"
	"one-way latencies of sampled messages, where the transport's engine\n"
	"measures them), stream-64-4x4 (four producer -> four consumer\n"
	"processes), stream-1k, stream-1m, reqresp-64 (one caller, echo server;\n"
	"P50/P99 are round trips), reqresp-64-4c (four caller threads),\n"
	"reqresp-1k, reqresp-512k.  The two scaled workloads also give each\n"
	"sharedmem figure as a ratio to the same transport's 1 -> 1 (one caller)\n"
	"figure.\n"
	"Transports: sharedmem (ring / rpc), sharedmem-burst and sharedmem-zerocopy\n"
	"(streams), the same three on a single-producer single-consumer ring\n"
	"(sharedmem-spsc, sharedmem-spsc-burst, sharedmem-spsc-zerocopy), pipe,\n"
	"unix-stream, unix-seqpacket, posix-mq, bare-ring (streams, 1 -> 1: a bare\n"
	"spsc ring in shared memory, the kind the ring peers build on), zeromq\n"
	"(ipc://, when built with libzmq), memcpy (streams: the ceiling, not an\n"
	"alternative).\n"
	"\n"
	"Options:\n"
	"  -s, --seconds S         duration of each run (default 1, at most 3600)\n"
	"  -n, --count N           each run moves N messages (or calls) instead (with\n"
	"                          four producers, rounded up to a multiple of four)\n"
	"  -r, --repeat N          run the whole set N times, round by round, and\n"
	"                          print each figure's median and range (at most 100)\n"
	"  -w, --workloads LIST    comma-separated subset of the workloads\n"
	"  -t, --transports LIST   comma-separated subset of the transports\n"
	"  --json                  {\"machine\" (with \"core_to_core_ns\"), \"seconds_per_run\",\n"
	"                          \"count_per_run\", \"rounds\", \"results\": [...]}, each\n"
	"                          result with its \"runs\"\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status 1 if a sharedmem run fails or loses, duplicates or corrupts\n"
	"a message.\n";

/* One run of one transport over one workload. */
struct measure {
	int status;           /* 0, CMP_SKIPPED, -errno */
	char note[160];
	struct cmp_result r;
	double msgs_per_s;
	double core_to_core_ns; /* measured just before (< 0: could not be) */
};

/* A transport over a workload: its runs (one per round) and their summary:
 * each figure's median over the rounds, ratios taken round by round
 * (both sides of a ratio ran minutes apart at most, on the same machine
 * state), and the counts of failures summed. */
struct row {
	const struct cmp_workload *w;
	const struct cmp_transport *t;
	struct measure *runs; /* [rounds] */
	int status;           /* the first run that was not 0 decides */
	const char *note;
	bool clean;           /* every round ran and verified (run_clean): may enter a ratio */
	struct cmp_result sum; /* messages, seconds, lost... summed; max_ns the largest */
	double msgs_per_s, min_msgs_per_s, max_msgs_per_s, bytes_per_s;
	uint64_t p50_ns, p99_ns; /* medians of the rounds' */
	double ratio;         /* sharedmem rows: vs best alternative; NAN otherwise */
	const char *best;     /* the best alternative's name; NULL: none */
	const char *no_best;  /* sharedmem rows without one: what the table says instead */
	double ratio_memcpy;  /* sharedmem stream rows: vs memcpy; NAN otherwise */
	double ratio_base;    /* sharedmem rows of scaled workloads: vs w->base; NAN otherwise */
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
	if (!list[strspn(list, ",")])
		return cli_usage("%s: an empty list (see --help)", what);
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
	       (!t->max_size || w->msg_size <= t->max_size) &&
	       (!t->one_to_one || (w->senders == 1 && w->receivers == 1));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n) (sorts v); NAN if n == 0. */
static double median(double *v, unsigned n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Did the run go through and verify every message?  Only such runs are
 * either side of a ratio (bench-verify.h). */
static bool run_clean(const struct measure *m)
{
	return m->status == 0 && sm_bench_clean(m->r.lost, m->r.duplicated, m->r.corrupted);
}

static void summarize(struct row *x, unsigned rounds)
{
	double rate[MAX_ROUNDS], p50[MAX_ROUNDS], p99[MAX_ROUNDS];
	x->status = 0;
	x->clean = true;
	for (unsigned k = 0; k < rounds; k++) {
		const struct measure *m = &x->runs[k];
		x->clean &= run_clean(m);
		if (m->status != 0 && x->status == 0) {
			x->status = m->status;
			x->note = m->note;
		}
		x->sum.messages += m->r.messages;
		x->sum.seconds += m->r.seconds;
		x->sum.lost += m->r.lost;
		x->sum.duplicated += m->r.duplicated;
		x->sum.corrupted += m->r.corrupted;
		if (m->r.max_ns > x->sum.max_ns)
			x->sum.max_ns = m->r.max_ns;
		rate[k] = m->msgs_per_s;
		p50[k] = (double)m->r.p50_ns;
		p99[k] = (double)m->r.p99_ns;
	}
	if (x->status != 0)
		return;
	x->msgs_per_s = median(rate, rounds); /* sorted now */
	x->min_msgs_per_s = rate[0];
	x->max_msgs_per_s = rate[rounds - 1];
	x->bytes_per_s = x->msgs_per_s * (double)x->w->msg_size;
	x->p50_ns = (uint64_t)median(p50, rounds);
	x->p99_ns = (uint64_t)median(p99, rounds);
}

/* The median over the rounds of x's figure divided by y's in the same
 * round, of the rounds where both verified (sm_bench_ratio); NAN if none. */
static double paired_ratio(const struct row *x, const struct row *y, unsigned rounds)
{
	double q[MAX_ROUNDS];
	unsigned m = 0;
	for (unsigned k = 0; k < rounds; k++) {
		double r = sm_bench_ratio(x->runs[k].msgs_per_s, run_clean(&x->runs[k]),
					  y->runs[k].msgs_per_s, run_clean(&y->runs[k]));
		if (!isnan(r))
			q[m++] = r;
	}
	return median(q, m);
}

/* Each sharedmem row's ratios, taken only where it and its reference
 * verified in every round (row->clean): the best alternative is the one
 * with the highest median of those that did, whatever the others ran at. */
static void compute_ratios(struct row *rows, size_t n, unsigned rounds)
{
	for (size_t i = 0; i < n; i++) {
		struct row *x = &rows[i];
		x->ratio = x->ratio_memcpy = x->ratio_base = NAN;
		x->best = x->no_best = NULL;
		if (x->t->role != CMP_SHAREDMEM)
			continue;
		if (!x->clean) {
			x->no_best = "-"; /* its figure is not one to compare */
			continue;
		}
		const struct row *best = NULL;
		bool alternative_ran = false;
		for (size_t k = 0; k < n; k++) {
			const struct row *y = &rows[k];
			if (x->w->base && y->t == x->t && y->clean && strcmp(y->w->name, x->w->base) == 0)
				x->ratio_base = paired_ratio(x, y, rounds);
			if (y->w != x->w)
				continue;
			alternative_ran |= y->t->role == CMP_ALTERNATIVE && y->status == 0;
			if (!y->clean)
				continue;
			if (y->t->role == CMP_ALTERNATIVE && (!best || y->msgs_per_s > best->msgs_per_s))
				best = y;
			if (y->t->role == CMP_CEILING)
				x->ratio_memcpy = paired_ratio(x, y, rounds);
		}
		if (best)
			x->ratio = paired_ratio(x, best, rounds);
		if (!isnan(x->ratio))
			x->best = best->t->name;
		else
			x->no_best = alternative_ran ? "(no alternative verified)" : "(no alternative ran)";
	}
}

/* Round trips per core-to-core reading (sm_bench_core_to_core_ns). */
#define C2C_ROUNDS 20000u

/* The reading round k began at: its first run's (< 0: none). */
static double round_c2c(const struct row *rows, size_t n, unsigned k)
{
	return n ? rows[0].runs[k].core_to_core_ns : -1;
}

/* The runs whose own reading (each measured just before its run) is under
 * half or over twice the usual one (the median) began after the host moved
 * the CPUs: say how many, and which way their cross-process figures lean. */
static void print_c2c_spread(const struct row *rows, size_t n, unsigned rounds)
{
	size_t cap = n * rounds, m = 0;
	double *ns = cap ? malloc(cap * sizeof *ns) : NULL;
	if (!ns)
		return;
	for (size_t i = 0; i < n; i++)
		for (unsigned k = 0; k < rounds; k++)
			if (rows[i].runs[k].status == 0 && rows[i].runs[k].core_to_core_ns > 0)
				ns[m++] = rows[i].runs[k].core_to_core_ns;
	qsort(ns, m, sizeof *ns, cmp_double);
	double usual = m ? ns[m / 2] : 0;
	size_t low = 0, high = 0;
	for (size_t j = 0; j < m; j++) {
		low += ns[j] < usual / 2;
		high += ns[j] > usual * 2;
	}
	if (low || high)
		printf("the host moved the CPUs during the runs (usual reading %.0f ns; each run's is "
		       "in --json):\n", usual);
	if (low)
		printf("  %zu of %zu began at under %.0f ns (down to %.0f ns): their cross-process "
		       "figures are higher\n", low, m, usual / 2, ns[0]);
	if (high)
		printf("  %zu of %zu began at over %.0f ns (up to %.0f ns): their cross-process "
		       "figures are lower\n", high, m, usual * 2, ns[m - 1]);
	free(ns);
}

static void print_c2c(const struct row *rows, size_t n, unsigned rounds, double after)
{
	if (n == 0)
		return; /* nothing ran */
	if (round_c2c(rows, n, 0) < 0) {
		printf("core to core: not measured (it needs two CPUs to run on)\n\n");
		return;
	}
	if (rounds == 1) {
		printf("core to core: %.0f ns one way before the runs, %.0f ns after (two processes "
		       "bouncing a cache line;\nthe cross-process figures below follow it)\n",
		       round_c2c(rows, n, 0), after);
	} else {
		printf("core to core: before each round");
		for (unsigned k = 0; k < rounds; k++)
			printf("%s %.0f", k ? "," : "", round_c2c(rows, n, k));
		printf(" ns one way, %.0f ns after (two processes bouncing a cache\nline; the "
		       "cross-process figures below follow it)\n", after);
	}
	print_c2c_spread(rows, n, rounds);
	if (rounds > 1)
		printf("each figure is the median of %u rounds, each ratio the median of the rounds' "
		       "ratios\n", rounds);
	printf("\n");
}

/* A measurement, or null where there was none (< 0). */
static void c2c_json(struct cli_json *j, const char *name, double ns)
{
	if (ns >= 0)
		cj_dbl(j, name, ns);
	else
		cj_null(j, name);
}

static bool has_latency(const struct row *x)
{
	return x->w->kind == CMP_REQRESP || x->p50_ns;
}

static void print_table(const struct row *rows, size_t n, unsigned rounds)
{
	printf("%-13s %-23s %12s %11s %9s %9s %-9s %s\n", "WORKLOAD", "TRANSPORT",
	       rounds > 1 ? "MEDIAN MSG/S" : "MSGS/S", "MB/S", "P50 US", "P99 US", "VERIFIED",
	       rounds > 1 ? "RANGE OF MSGS/S; VS BEST ALTERNATIVE" : "VS BEST ALTERNATIVE");
	for (size_t i = 0; i < n; i++) {
		const struct row *x = &rows[i];
		if (i > 0 && rows[i - 1].w != x->w)
			printf("\n");
		if (x->status != 0) {
			printf("%-13s %-23s %s: %s\n", x->w->name, x->t->name,
			       x->status == CMP_SKIPPED ? "skipped" : "failed", x->note);
			continue;
		}
		char rate[24], p50[16] = "-", p99[16] = "-", range[64] = "", vs[96] = "";
		cli_human_rate(x->msgs_per_s, rate, sizeof rate);
		if (has_latency(x)) {
			snprintf(p50, sizeof p50, "%.1f", x->p50_ns / 1e3);
			snprintf(p99, sizeof p99, "%.1f", x->p99_ns / 1e3);
		}
		if (rounds > 1) {
			char lo[24], hi[24];
			cli_human_rate(x->min_msgs_per_s, lo, sizeof lo);
			cli_human_rate(x->max_msgs_per_s, hi, sizeof hi);
			snprintf(range, sizeof range, "%s - %s%s", lo, hi,
				 x->t->role == CMP_SHAREDMEM ? "; " : "");
		}
		char q[32];
		if (x->best)
			snprintf(vs, sizeof vs, "%sx %s", cli_ratio_text(x->ratio, q, sizeof q), x->best);
		else if (x->no_best)
			snprintf(vs, sizeof vs, "%s", x->no_best);
		size_t len = strlen(vs);
		if (!isnan(x->ratio_memcpy) && x->w->msg_size >= (1u << 20))
			snprintf(vs + len, sizeof vs - len, ", %sx memcpy",
				 cli_ratio_text(x->ratio_memcpy, q, sizeof q));
		else if (!isnan(x->ratio_base))
			snprintf(vs + len, sizeof vs - len, ", %sx %s",
				 cli_ratio_text(x->ratio_base, q, sizeof q), x->w->base);
		printf("%-13s %-23s %12s %11.1f %9s %9s %-9s %s%s\n", x->w->name, x->t->name, rate,
		       x->bytes_per_s / 1e6, p50, p99, x->clean ? "ok" : "FAILED", range, vs);
	}
}

/* A figure, or null where there was none: a run skipped or failed
 * measured nothing (its 0 would read as a rate or a latency). */
static void rate_json(struct cli_json *j, const char *name, bool measured, double v)
{
	if (measured)
		cj_dbl(j, name, v);
	else
		cj_null(j, name);
}

static void latency_json(struct cli_json *j, bool measured, uint64_t p50, uint64_t p99,
			 uint64_t max)
{
	const char *const names[] = { "p50_ns", "p99_ns", "max_ns" };
	const uint64_t ns[] = { p50, p99, max };
	for (int i = 0; i < 3; i++) {
		if (measured)
			cj_u64(j, names[i], ns[i]);
		else
			cj_null(j, names[i]);
	}
}

static void print_run_json(struct cli_json *j, const struct row *x, const struct measure *m)
{
	cj_object(j, NULL);
	cj_str(j, "status", m->status == 0 ? "ok" : m->status == CMP_SKIPPED ? "skipped" : "failed");
	cj_u64(j, "messages", m->r.messages);
	cj_dbl(j, "seconds", m->r.seconds);
	rate_json(j, "msgs_per_s", m->status == 0, m->msgs_per_s);
	cj_u64(j, "lost", m->r.lost); /* which round failed verification */
	cj_u64(j, "duplicated", m->r.duplicated);
	cj_u64(j, "corrupted", m->r.corrupted);
	c2c_json(j, "core_to_core_ns", m->core_to_core_ns);
	if (x->w->kind == CMP_REQRESP || m->r.p50_ns)
		latency_json(j, m->status == 0, m->r.p50_ns, m->r.p99_ns, m->r.max_ns);
	cj_end(j);
}

static void print_row_json(struct cli_json *j, const struct row *x, unsigned rounds)
{
	cj_object(j, NULL);
	cj_str(j, "workload", x->w->name);
	cj_str(j, "kind", x->w->kind == CMP_STREAM ? "stream" : "reqresp");
	cj_str(j, "transport", x->t->name);
	cj_str(j, "role", x->t->role == CMP_SHAREDMEM ? "sharedmem" :
			  x->t->role == CMP_CEILING ? "ceiling" : "alternative");
	cj_u64(j, "msg_size", x->w->msg_size);
	cj_u64(j, x->w->kind == CMP_STREAM ? "producers" : "callers", x->w->senders);
	if (x->w->kind == CMP_STREAM)
		cj_u64(j, "consumers", x->w->receivers);
	cj_str(j, "status", x->status == 0 ? "ok" : x->status == CMP_SKIPPED ? "skipped" : "failed");
	cj_str(j, "note", x->note && x->note[0] ? x->note : NULL);
	cj_u64(j, "messages", x->sum.messages);
	cj_dbl(j, "seconds", x->sum.seconds);
	rate_json(j, "msgs_per_s", x->status == 0, x->msgs_per_s);
	rate_json(j, "bytes_per_s", x->status == 0, x->bytes_per_s);
	if (has_latency(x))
		latency_json(j, x->status == 0, x->p50_ns, x->p99_ns, x->sum.max_ns);
	cj_u64(j, "lost", x->sum.lost);
	cj_u64(j, "duplicated", x->sum.duplicated);
	cj_u64(j, "corrupted", x->sum.corrupted);
	if (x->t->role == CMP_SHAREDMEM) {
		cj_dbl(j, "ratio_vs_best_alternative", x->ratio);
		cj_str(j, "best_alternative", x->best);
		if (x->w->kind == CMP_STREAM)
			cj_dbl(j, "ratio_vs_memcpy", x->ratio_memcpy);
		if (x->w->base) {
			cj_str(j, "base_workload", x->w->base);
			cj_dbl(j, "ratio_vs_base_workload", x->ratio_base);
		}
	}
	cj_array(j, "runs");
	for (unsigned k = 0; k < rounds; k++)
		print_run_json(j, x, &x->runs[k]);
	cj_end(j);
	cj_end(j);
}

static void print_json(const struct row *rows, size_t n, double seconds, uint64_t count,
		       unsigned rounds, double after)
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
	c2c_json(&j, "before", round_c2c(rows, n, 0));
	c2c_json(&j, "after", after);
	cj_array(&j, "rounds");
	for (unsigned k = 0; k < rounds; k++)
		c2c_json(&j, NULL, round_c2c(rows, n, k));
	cj_end(&j);
	cj_end(&j);
	cj_end(&j);
	if (count)
		cj_null(&j, "seconds_per_run");
	else
		cj_dbl(&j, "seconds_per_run", seconds);
	cj_u64(&j, "count_per_run", count);
	cj_u64(&j, "rounds", rounds);
	cj_array(&j, "results");
	for (size_t i = 0; i < n; i++)
		print_row_json(&j, &rows[i], rounds);
	cj_end(&j);
	cj_end(&j);
}

/* Run one transport over one workload once. */
static void measure(const struct row *x, struct measure *m, double seconds, uint64_t count,
		    const char *label)
{
	/* The host may move the CPUs within a round: note where each run began. */
	m->core_to_core_ns = sm_bench_core_to_core_ns(C2C_ROUNDS);
	fflush(stdout);
	cli_progress_start(label, count ? 0 : seconds);
	m->status = x->t->run(x->w, seconds, count, &m->r, m->note, sizeof m->note);
	cli_progress_stop();
	if (m->status == 0 && m->r.messages == 0) {
		m->status = -ETIME;
		snprintf(m->note, sizeof m->note, "no message got through in %.2f s "
			 "(a busy machine? try a longer --seconds)", seconds);
	}
	if (m->status < 0 && !m->note[0])
		snprintf(m->note, sizeof m->note, "%s", strerror(-m->status));
	if (m->status == 0 && m->r.seconds > 0)
		m->msgs_per_s = (double)m->r.messages / m->r.seconds;
}

int cli_bench_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "seconds", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "workloads", required_argument, NULL, 'w' },
		{ "transports", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	double seconds = 1.0;
	long long count = 0, repeat = 1;
	bool have_seconds = false;
	const char *wlist = NULL, *tlist = NULL;
	int c, r;
	while ((c = getopt_long(argc, argv, "hqs:n:r:w:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if ((r = cli_parse_seconds(optarg, "--seconds", SM_BENCH_MAX_SECONDS, &seconds)))
				return r;
			have_seconds = true;
			break;
		case 'n':
			if ((r = cli_parse_int(optarg, "--count", 1, INT64_MAX, &count)))
				return r;
			break;
		case 'r':
			if ((r = cli_parse_int(optarg, "--repeat", 1, MAX_ROUNDS, &repeat)))
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

	unsigned rounds = (unsigned)repeat;
	size_t max_rows = N_WORKLOADS * cmp_n_transports;
	struct row *rows = calloc(max_rows, sizeof *rows);
	struct measure *all = calloc(max_rows * rounds, sizeof *all);
	if (!rows || !all) {
		free(rows);
		free(all);
		return cli_fail(-ENOMEM, NULL, NULL);
	}
	size_t n = 0;
	for (size_t wi = 0; wi < N_WORKLOADS; wi++) {
		for (size_t ti = 0; ti < cmp_n_transports; ti++) {
			if (!runs(&cmp_transports[ti], &workloads[wi], wlist, tlist))
				continue;
			rows[n].w = &workloads[wi];
			rows[n].t = &cmp_transports[ti];
			rows[n].runs = all + n * rounds;
			n++;
		}
	}
	if (!n) {
		free(all);
		free(rows);
		return cli_usage("no transport of --transports carries a workload of --workloads "
				 "(see --help)");
	}
	/* Round by round, so that each round's figures ran close together:
	 * a ratio is only taken between runs of the same round. */
	for (unsigned k = 0; k < rounds; k++) {
		for (size_t i = 0; i < n; i++) {
			char label[112];
			int at = snprintf(label, sizeof label, "[%zu/%zu] ", k * n + i + 1, rounds * n);
			if (rounds > 1)
				at += snprintf(label + at, sizeof label - (size_t)at, "round %u: ", k + 1);
			snprintf(label + at, sizeof label - (size_t)at, "%s over %s", rows[i].w->name,
				 rows[i].t->name);
			measure(&rows[i], &rows[i].runs[k], seconds, (uint64_t)count, label);
		}
	}
	double after = n ? sm_bench_core_to_core_ns(C2C_ROUNDS) : -1;
	int status = CLI_OK;
	for (size_t i = 0; i < n; i++) {
		struct row *x = &rows[i];
		summarize(x, rounds);
		if (x->t->role == CMP_SHAREDMEM && !x->clean) {
			cli_failf("%s over %s: %s", x->w->name, x->t->name,
				  x->status ? x->note : "messages lost, duplicated or corrupted");
			status = CLI_ERR;
		}
	}
	compute_ratios(rows, n, rounds);
	if (cli_opt.json) {
		print_json(rows, n, seconds, (uint64_t)count, rounds, after);
	} else {
		print_c2c(rows, n, rounds, after);
		print_table(rows, n, rounds);
	}
	free(all);
	free(rows);
	return status;
}
