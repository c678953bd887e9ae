/* bench-rpc.c — the RPC benchmark's driver (caller threads, timing,
 * verification, percentiles), its JSON and its command line. */
#include "bench-rpc-internal.h"
#include "bench-percentile.h"
#include "bench-verify.h"
#include "bench.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sharedmem/error.h"

#define MAX_SAMPLES (8u << 20) /* latency samples kept, all callers together */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void smb_rpc_config_init(struct smb_rpc_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->msg_size = 64;
	cfg->callers = 1;
	cfg->seconds = 1.0;
	cfg->spin_us = -1;
}

/* ---- Driver ---- */

struct drive {
	const struct smb_rpc_config *cfg;
	smb_rpc_call_fn call;
	void *ctx;
	bool stop;                /* atomic */
	uint64_t claimed;         /* atomic: calls handed out (count mode) */
	uint64_t deadline_ns;
};

struct caller {
	pthread_t thread;
	struct drive *d;
	unsigned id;
	uint64_t *lat;
	size_t n_lat, cap_lat;
	uint64_t done, lost, duplicated, corrupted;
	int err;
};

/* Request layout: bytes 0-7 the caller, 8-15 the sequence (when they
 * fit), the rest a fixed pattern; the echo must return it unchanged. */
static void stamp(uint8_t *buf, size_t len, uint64_t caller, uint64_t seq)
{
	if (len >= 8)
		memcpy(buf, &caller, 8);
	if (len >= 16)
		memcpy(buf + 8, &seq, 8);
	else if (len > 0)
		buf[len - 1] = (uint8_t)seq;
}

static void verify(struct caller *c, const uint8_t *req, size_t len, const void *resp,
		   size_t resp_len, uint64_t seq)
{
	if (resp_len == len && (len == 0 || memcmp(resp, req, len) == 0))
		return;
	uint64_t rseq = 0;
	if (resp_len == len && len >= 16) {
		memcpy(&rseq, (const uint8_t *)resp + 8, 8);
		if (rseq < seq && memcmp((const uint8_t *)resp + 16, req + 16, len - 16) == 0) {
			c->duplicated++;
			return;
		}
	}
	c->corrupted++;
}

static void *caller_main(void *arg)
{
	struct caller *c = arg;
	struct drive *d = c->d;
	size_t len = d->cfg->msg_size;
	uint8_t *req = malloc(len ? len : 1);
	if (!req) {
		c->err = -ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		req[i] = (uint8_t)(i * 31 + c->id);
	/* Two clock reads per call: the time a call ended serves the
	 * duration check before the next. */
	uint64_t t1 = now_ns();
	for (uint64_t seq = 1;; seq++) {
		if (d->cfg->count) {
			if (__atomic_fetch_add(&d->claimed, 1, __ATOMIC_RELAXED) >= d->cfg->count)
				break;
		} else if (__atomic_load_n(&d->stop, __ATOMIC_RELAXED) || t1 >= d->deadline_ns) {
			break;
		}
		stamp(req, len, c->id, seq);
		const void *resp = NULL;
		size_t resp_len = 0;
		void *to_free = NULL;
		uint64_t t0 = now_ns();
		int err = d->call(d->ctx, c->id, req, len, &resp, &resp_len, &to_free);
		t1 = now_ns();
		uint64_t dt = t1 - t0;
		if (err) {
			c->lost++;
			free(to_free);
			if (err != -ETIMEDOUT) { /* the transport is gone: stop */
				c->err = err;
				break;
			}
			continue;
		}
		verify(c, req, len, resp, resp_len, seq);
		free(to_free);
		c->done++;
		if (c->n_lat < c->cap_lat)
			c->lat[c->n_lat++] = dt;
	}
	free(req);
	return NULL;
}

int smb_rpc_drive(const struct smb_rpc_config *cfg, smb_rpc_call_fn call, void *ctx,
		  struct smb_rpc_result *out)
{
	unsigned n = cfg->callers ? cfg->callers : 1;
	struct drive d = { .cfg = cfg, .call = call, .ctx = ctx };
	struct caller *c = calloc(n, sizeof(*c));
	if (!c)
		return -ENOMEM;
	int err = 0;
	uint64_t t0 = now_ns();
	d.deadline_ns = t0 + (uint64_t)(cfg->seconds * 1e9);
	unsigned started = 0;
	for (unsigned i = 0; i < n; i++) {
		c[i].d = &d;
		c[i].id = i + 1;
		c[i].cap_lat = MAX_SAMPLES / n;
		c[i].lat = malloc(c[i].cap_lat * sizeof(uint64_t)); /* pages touched as used */
		if (!c[i].lat || pthread_create(&c[i].thread, NULL, caller_main, &c[i]) != 0) {
			free(c[i].lat);
			err = -EAGAIN;
			__atomic_store_n(&d.stop, true, __ATOMIC_RELAXED);
			break;
		}
		started++;
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(c[i].thread, NULL);
	double secs = (double)(now_ns() - t0) / 1e9;

	memset(out, 0, sizeof(*out));
	size_t total = 0;
	for (unsigned i = 0; i < started; i++) {
		out->messages += c[i].done;
		out->lost += c[i].lost;
		out->duplicated += c[i].duplicated;
		out->corrupted += c[i].corrupted;
		total += c[i].n_lat;
		if (c[i].err && !err)
			err = c[i].err;
	}
	uint64_t *all = malloc((total ? total : 1) * sizeof(uint64_t));
	if (all) {
		size_t k = 0;
		for (unsigned i = 0; i < started; i++) {
			memcpy(all + k, c[i].lat, c[i].n_lat * sizeof(uint64_t));
			k += c[i].n_lat;
		}
		smb_sort_u64(all, total);
		out->p50_ns = smb_percentile(all, total, 50);
		out->p99_ns = smb_percentile(all, total, 99);
		out->max_ns = smb_percentile(all, total, 100);
		free(all);
	}
	for (unsigned i = 0; i < started; i++)
		free(c[i].lat);
	free(c);
	out->seconds = secs;
	out->msgs_per_s = secs > 0 ? (double)out->messages / secs : 0;
	out->bytes_per_s = out->msgs_per_s * (double)cfg->msg_size;
	return err;
}

/* ---- Child processes ---- */

int smb_child_start(struct smb_child *c, int (*fn)(void *arg, int ready_fd, int release_fd),
		    void *arg)
{
	int ready[2], release[2];
	if (pipe(ready) < 0)
		return -errno;
	if (pipe(release) < 0) {
		int e = -errno;
		close(ready[0]);
		close(ready[1]);
		return e;
	}
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		close(ready[0]), close(ready[1]), close(release[0]), close(release[1]);
		return e;
	}
	if (pid == 0) {
		if (c->die_with_parent)
			smb_die_with_parent(parent);
		close(ready[0]);
		close(release[1]);
		_exit(fn(arg, ready[1], release[0]));
	}
	close(ready[1]);
	close(release[0]);
	c->pid = pid;
	c->release_fd = release[1];
	int status;
	ssize_t r;
	while ((r = read(ready[0], &status, sizeof status)) < 0 && errno == EINTR)
		;
	close(ready[0]);
	if (r != sizeof status || status < 0) { /* the child failed before it was ready */
		smb_child_stop(c);
		return r == sizeof status ? status : -EIO;
	}
	return 0;
}

void smb_die_with_parent(int parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
}

/* 0 (ready) or -errno into the ready pipe, for smb_child_start(). */
static void tell_parent(int ready_fd, int status)
{
	while (write(ready_fd, &status, sizeof status) < 0 && errno == EINTR)
		;
	close(ready_fd);
}

void smb_child_ready(int ready_fd)
{
	tell_parent(ready_fd, 0);
}

void smb_child_failed(int ready_fd, int err)
{
	tell_parent(ready_fd, err < 0 ? err : -EIO);
}

void smb_child_wait_release(int release_fd)
{
	char b;
	while (read(release_fd, &b, 1) < 0 && errno == EINTR)
		;
}

int smb_child_stop(struct smb_child *c)
{
	if (c->release_fd >= 0)
		close(c->release_fd);
	c->release_fd = -1;
	int status;
	while (waitpid(c->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	/* Killed (after the run, or before it saw): the other side died. */
	if (WIFSIGNALED(status))
		return -SM_EPEERDEAD;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

/* ---- JSON and the command ---- */

bool smb_rpc_clean(const struct smb_rpc_result *r)
{
	return sm_bench_clean(r->lost, r->duplicated, r->corrupted);
}

void smb_rpc_json(FILE *f, const struct smb_rpc_config *cfg, const struct smb_rpc_result *r,
		  const struct smb_rpc_result *uds)
{
	fprintf(f, "{\"workload\": \"rpc-echo\", \"transport\": \"%s\", \"msg_size\": %zu, "
		"\"callers\": %u, \"spin_us\": %d, \"workers\": %u, \"messages\": %llu, "
		"\"seconds\": %.6f, \"msgs_per_s\": %.1f, \"bytes_per_s\": %.1f, "
		"\"p50_ns\": %llu, \"p99_ns\": %llu, \"max_ns\": %llu, "
		"\"lost\": %llu, \"duplicated\": %llu, \"corrupted\": %llu",
		r->transport, cfg->msg_size, cfg->callers, (int)cfg->spin_us, cfg->workers,
		(unsigned long long)r->messages, r->seconds, r->msgs_per_s, r->bytes_per_s,
		(unsigned long long)r->p50_ns, (unsigned long long)r->p99_ns,
		(unsigned long long)r->max_ns, (unsigned long long)r->lost,
		(unsigned long long)r->duplicated, (unsigned long long)r->corrupted);
	double ratio = uds ? sm_bench_ratio(r->msgs_per_s, smb_rpc_clean(r), uds->msgs_per_s,
					    smb_rpc_clean(uds)) : NAN;
	if (!isnan(ratio))
		fprintf(f, ", \"ratio_vs_unix_socket\": %.6g", ratio); /* (as bench_suite.c's) */
	fprintf(f, "}");
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: sharedmem bench rpc [--size BYTES] [--callers N] [--seconds S]\n"
		   "       [--count CALLS] [--spin-us US] [--workers N] [--packet-size BYTES]\n"
		   "       [--nodes N] [--no-unix]\n"
		   "Echo round trips from a client process to a server process over an RPC\n"
		   "channel, then over a Unix-domain socket; every response is verified.\n"
		   "Prints a JSON array: the channel's result, then the socket's.\n");
}

static int parse_num(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return errno || end == s || *end || !isfinite(*v) ? -1 : 0;
}

/* The options that take a value, and the values each takes (as `sharedmem
 * bench rpc`): beyond them a conversion to the field's type is undefined,
 * or a word read as 0. */
static const struct {
	const char *name;
	double min, max;
} with_value[] = {
	{ "--size", 0, 64 << 20 },
	{ "--callers", 1, 256 },
	{ "--seconds", 0, SM_BENCH_MAX_SECONDS }, /* (and more than 0) */
	{ "--count", 0, 1e15 },
	{ "--spin-us", -1, 1000000 },
	{ "--workers", 0, 64 },
	{ "--packet-size", 0, UINT32_MAX },
	{ "--nodes", 0, UINT32_MAX },
};

int smb_rpc_main(int argc, char **argv)
{
	struct smb_rpc_config cfg;
	smb_rpc_config_init(&cfg);
	bool with_unix = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		double v = 0;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--no-unix")) {
			with_unix = false;
			continue;
		}
		size_t k = 0, n_with = sizeof with_value / sizeof with_value[0];
		while (k < n_with && strcmp(a, with_value[k].name))
			k++;
		if (k == n_with) {
			fprintf(stderr, "sharedmem bench rpc: unknown option: %s\n", a);
			usage(stderr);
			return 2;
		}
		if (i + 1 >= argc || parse_num(argv[i + 1], &v)) {
			fprintf(stderr, "sharedmem bench rpc: %s needs a number\n", a);
			usage(stderr);
			return 2;
		}
		i++;
		if (v < with_value[k].min || v > with_value[k].max || (!strcmp(a, "--seconds") && v <= 0)) {
			fprintf(stderr, "sharedmem bench rpc: bad option or value: %s %s\n", a, argv[i]);
			usage(stderr);
			return 2;
		}
		if (!strcmp(a, "--size"))
			cfg.msg_size = (size_t)v;
		else if (!strcmp(a, "--callers"))
			cfg.callers = (unsigned)v;
		else if (!strcmp(a, "--seconds"))
			cfg.seconds = v;
		else if (!strcmp(a, "--count"))
			cfg.count = (uint64_t)v;
		else if (!strcmp(a, "--spin-us"))
			cfg.spin_us = (int32_t)v;
		else if (!strcmp(a, "--workers"))
			cfg.workers = (unsigned)v;
		else if (!strcmp(a, "--packet-size"))
			cfg.packet_size = (uint32_t)v;
		else if (!strcmp(a, "--nodes"))
			cfg.node_count = (uint32_t)v;
	}

	struct smb_rpc_result shm, uds;
	int err = smb_rpc_run_sharedmem(&cfg, &shm);
	if (err) {
		fprintf(stderr, "sharedmem bench rpc: channel: %s\n", strerror(-err));
		return 1;
	}
	if (with_unix && (err = smb_rpc_run_unix(&cfg, &uds))) {
		fprintf(stderr, "sharedmem bench rpc: unix socket: %s\n", strerror(-err));
		return 1;
	}
	printf("[\n  ");
	smb_rpc_json(stdout, &cfg, &shm, with_unix ? &uds : NULL);
	if (with_unix) {
		printf(",\n  ");
		smb_rpc_json(stdout, &cfg, &uds, NULL);
	}
	printf("\n]\n");
	return smb_rpc_clean(&shm) && (!with_unix || smb_rpc_clean(&uds)) ? 0 : 1;
}
