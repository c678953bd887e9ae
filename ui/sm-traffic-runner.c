/* sm-traffic-runner.c — see sm-traffic-runner.h. */
#include "sm-traffic-runner.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sharedmem/ring.h"
#include "sharedmem/traffic.h"
#include "sm-child.h"
#include "sm-child-lines.h"
#include "sm-cli-locate.h"
#include "sm-sample-series.h"

#define RATE_WINDOW_US (G_USEC_PER_SEC / 2)
#define FINISH_TICK_MS 100
#define PRODUCERS_GRACE_US (3 * G_USEC_PER_SEC) /* then SIGKILL */
#define DRAIN_MAX_US       (4 * G_USEC_PER_SEC) /* consumers stop even if not drained */
#define FINISH_MAX_US      (6 * G_USEC_PER_SEC) /* then SIGKILL, unverified */
#define DRAIN_QUIET_TICKS  3                    /* received unchanged this long = drained */

typedef struct {
	guint32 id;
	guint64 received, seq_sum;
	guint64 next;             /* one past the highest sequence number seen */
} Tally;

typedef struct {
	SmTrafficRunner *runner;  /* not a reference; callbacks check cancellation */
	GSubprocess *proc;
	gboolean producer, running, eof;
	guint n;                  /* 1.. among the producers, or the consumers */
	gboolean signalled;       /* by the runner: a death by signal is no failure */
	gboolean killed;          /* sent SIGKILL by kill_producer: dying, not killed again */
	gboolean err_eof;         /* its stderr read to the end */
	char *last_err;           /* its last words on stderr (sm_child_read_stderr) */
	guint32 id;               /* producers: the id they stamp */
	guint64 sent;             /* producers: from their exit line */
	gboolean sent_known;
	SmTrafficTotals last;     /* consumers: the latest progress line */
	GArray *tallies;          /* consumers: of Tally, from the final line */
} Child;

typedef enum { IDLE, RUNNING, FINISHING } State;

struct _SmTrafficRunner {
	GObject parent_instance;
	GPtrArray *children;      /* of Child*, freed by the array */
	GCancellable *cancellable;
	guint32 next_id;          /* producer ids, 0..65535 (the verifier's range) */
	State state;
	guint finish_timer;
	gint64 finish_start;
	guint64 drain_received;
	guint drain_quiet;
	gboolean consumers_told;
	gboolean undrained;       /* consumers told to stop with messages left in the ring */
	gboolean sole;            /* one consumer started, counting gaps (--sole) */
	SmTrafficConfig config;   /* the run's, while running */
	SmTrafficTotals final;    /* the last run, verified at its end */
	gboolean has_final;
	char *ring;               /* while running */
	char *failure;            /* the run's first failed child, why */
	/* messages/s from the consumers' received counts */
	gint64 rate_t0;
	guint64 rate_received0;
	double rate;
};

G_DEFINE_FINAL_TYPE(SmTrafficRunner, sm_traffic_runner, G_TYPE_OBJECT)

/* ring name -> the runner with traffic on it (not a reference: a runner
 * leaves the table when it stops or goes away). */
static GHashTable *by_ring;

static void unregister(SmTrafficRunner *self)
{
	if (self->ring && by_ring && g_hash_table_lookup(by_ring, self->ring) == self)
		g_hash_table_remove(by_ring, self->ring);
	g_clear_pointer(&self->ring, g_free);
}

static void register_on(SmTrafficRunner *self, const char *ring)
{
	unregister(self);
	if (!by_ring)
		by_ring = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->ring = g_strdup(ring);
	g_hash_table_replace(by_ring, g_strdup(ring), self);
}

SmTrafficRunner *sm_traffic_runner_lookup(const char *ring)
{
	return ring && by_ring ? g_hash_table_lookup(by_ring, ring) : NULL;
}

const char *sm_traffic_runner_get_ring(SmTrafficRunner *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), NULL);
	return self->ring;
}

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void child_free(gpointer data)
{
	Child *c = data;
	if (c->running)
		sm_child_kill(c->proc);
	g_clear_object(&c->proc);
	g_free(c->last_err);
	if (c->tallies)
		g_array_unref(c->tallies);
	g_free(c);
}

static gboolean read_u64(const char *line, const char *key, guint64 *out)
{
	char pattern[48];
	g_snprintf(pattern, sizeof pattern, "\"%s\":", key);
	const char *p = strstr(line, pattern);
	if (!p)
		return FALSE;
	p += strlen(pattern);
	while (*p == ' ')
		p++;
	char *end;
	guint64 v = g_ascii_strtoull(p, &end, 10);
	if (end == p)
		return FALSE;
	*out = v;
	return TRUE;
}

gboolean sm_traffic_parse_progress(const char *line, SmTrafficTotals *out)
{
	SmTrafficTotals t = { 0 };
	if (!line || line[0] != '{' || !read_u64(line, "received", &t.received) ||
	    !read_u64(line, "lost", &t.lost) || !read_u64(line, "duplicated", &t.duplicated) ||
	    !read_u64(line, "corrupted", &t.corrupted))
		return FALSE;
	read_u64(line, "bytes", &t.bytes);
	read_u64(line, "reordered", &t.reordered);
	*out = t;
	return TRUE;
}

/* "tallies":[[id,received,seq_sum,next],...] of a consumer's final line. */
static GArray *parse_tallies(const char *line)
{
	const char *p = strstr(line, "\"tallies\":[");
	if (!p)
		return NULL;
	GArray *out = g_array_new(FALSE, FALSE, sizeof(Tally));
	p += strlen("\"tallies\":[");
	while (*p == '[') {
		Tally t;
		char *end;
		t.id = (guint32)g_ascii_strtoull(p + 1, &end, 10);
		if (*end != ',')
			break;
		t.received = g_ascii_strtoull(end + 1, &end, 10);
		if (*end != ',')
			break;
		t.seq_sum = g_ascii_strtoull(end + 1, &end, 10);
		if (*end != ',')
			break;
		t.next = g_ascii_strtoull(end + 1, &end, 10);
		if (*end != ']')
			break;
		g_array_append_val(out, t);
		p = end + 1;
		if (*p == ',')
			p++;
	}
	return out;
}

static void update_rate(SmTrafficRunner *self)
{
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(self, &t);
	gint64 now = g_get_monotonic_time();
	if (now - self->rate_t0 < RATE_WINDOW_US)
		return;
	self->rate = sm_rate_per_second(self->rate_received0, t.received,
					(guint64)(now - self->rate_t0) * 1000);
	self->rate_t0 = now;
	self->rate_received0 = t.received;
}

static void end_if_all_exited(SmTrafficRunner *self);

/* A line of the child's stdout: a consumer's progress, a producer's count. */
static void on_output(const char *line, gpointer data)
{
	Child *c = data;
	if (!line) {
		c->eof = TRUE; /* the child exited (or closed its stdout) */
		end_if_all_exited(c->runner); /* may free c */
		return;
	}
	guint64 v;
	if (c->producer) {
		if (read_u64(line, "sent", &v)) {
			c->sent = v;
			c->sent_known = TRUE;
		}
	} else if (sm_traffic_parse_progress(line, &c->last)) {
		if (strstr(line, "\"final\":true")) {
			if (c->tallies)
				g_array_unref(c->tallies);
			c->tallies = parse_tallies(line);
		}
		update_rate(c->runner);
		g_signal_emit(c->runner, signals[SIGNAL_CHANGED], 0);
	}
}

/* Once the child has exited and its stderr is read to the end (its last
 * words may come after the exit): a failure is an exit status other than
 * 0, or a signal the runner did not send (stop, finish, the crash demo).
 * TRUE when it is the run's first. */
static gboolean note_failure(Child *c)
{
	SmTrafficRunner *self = c->runner;
	if (c->running || !c->err_eof || self->failure)
		return FALSE;
	if (c->signalled && g_subprocess_get_if_signaled(c->proc))
		return FALSE;
	char *how = sm_child_describe_exit(c->proc);
	if (!how)
		return FALSE;
	self->failure = g_strdup_printf("%s %u failed (%s)%s%s", c->producer ? "Producer" : "Consumer",
					c->n, how, c->last_err ? ": " : "",
					c->last_err ? c->last_err : "");
	g_free(how);
	return TRUE;
}

/* The end of the child's stderr, and its last words. */
static void on_error_end(const char *last, gpointer data)
{
	Child *c = data;
	c->last_err = g_strdup(last);
	c->err_eof = TRUE;
	if (note_failure(c))
		g_signal_emit(c->runner, signals[SIGNAL_CHANGED], 0);
	end_if_all_exited(c->runner); /* may free c */
}

static void on_exited(GObject *source, GAsyncResult *result, gpointer data)
{
	GError *error = NULL;
	g_subprocess_wait_finish(G_SUBPROCESS(source), result, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error);
		return;
	}
	g_clear_error(&error);
	Child *c = data;
	SmTrafficRunner *self = c->runner;
	c->running = FALSE;
	note_failure(c);
	SmTrafficTotals t;
	sm_traffic_runner_get_totals(self, &t);
	if (t.consumers == 0)
		self->rate = 0; /* no progress line will come to say so */
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
	end_if_all_exited(self); /* may free c */
}

static gboolean spawn(SmTrafficRunner *self, const char *const *argv, gboolean producer, guint n,
		      guint32 id, GError **error)
{
	GSubprocess *proc = sm_child_spawn(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
					   G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
	if (!proc)
		return FALSE;
	Child *c = g_new0(Child, 1);
	c->runner = self;
	c->proc = proc;
	c->producer = producer;
	c->n = n;
	c->running = TRUE;
	c->id = id;
	g_ptr_array_add(self->children, c);
	g_subprocess_wait_async(proc, self->cancellable, on_exited, c);
	sm_child_read_lines(g_subprocess_get_stdout_pipe(proc), self->cancellable, on_output, c, NULL);
	sm_child_read_stderr(g_subprocess_get_stderr_pipe(proc), self->cancellable, on_error_end, c);
	return TRUE;
}

gboolean sm_traffic_runner_start(SmTrafficRunner *self, const char *ring,
				 const SmTrafficConfig *config, GError **error)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), FALSE);
	g_return_val_if_fail(ring != NULL, FALSE);
	sm_traffic_runner_stop(self);
	char *cli = sm_cli_locate();
	if (!cli) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
			    "The sharedmem command was not found next to the workbench or in PATH");
		return FALSE;
	}
	char size_s[16], rate_s[16], crate_s[16];
	g_snprintf(size_s, sizeof size_s, "%u", config->size);
	g_snprintf(rate_s, sizeof rate_s, "%u", config->rate);
	g_snprintf(crate_s, sizeof crate_s, "%u", config->consumer_rate);
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < config->consumers; i++) {
		const char *argv[] = { cli, "traffic", "consume", ring, "--rate", crate_s,
				       config->consumers == 1 ? "--sole" : NULL, NULL };
		ok = spawn(self, argv, FALSE, i + 1, 0, error);
	}
	for (guint i = 0; ok && i < config->producers; i++) {
		/* Producer ids unique to this workbench run, so the consumers never
		 * mistake a new producer for an old one still in the ring. */
		char id_s[16];
		guint32 id = self->next_id++ % 65536;
		g_snprintf(id_s, sizeof id_s, "%u", id);
		const char *argv[] = { cli, "traffic", "produce", ring, "--id", id_s, "--size", size_s,
				       "--rate", rate_s, config->wave ? "--wave" : NULL, NULL };
		ok = spawn(self, argv, TRUE, i + 1, id, error);
	}
	g_free(cli);
	self->sole = config->consumers == 1;
	self->config = *config;
	self->rate_t0 = g_get_monotonic_time();
	self->rate_received0 = 0;
	self->rate = 0;
	self->state = RUNNING;
	self->has_final = FALSE;
	register_on(self, ring);
	if (!ok)
		sm_traffic_runner_stop(self);
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
	return ok;
}

/* Kill and reap every child, keeping what the run found (its verified
 * totals, its failure); "changed" if any ran. */
static void end_run(SmTrafficRunner *self)
{
	g_clear_handle_id(&self->finish_timer, g_source_remove);
	self->state = IDLE;
	unregister(self);
	if (self->children->len == 0)
		return;
	g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	self->cancellable = g_cancellable_new();
	g_ptr_array_set_size(self->children, 0); /* kills and reaps each */
	self->rate = 0;
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

void sm_traffic_runner_stop(SmTrafficRunner *self)
{
	g_return_if_fail(SM_IS_TRAFFIC_RUNNER(self));
	/* The run's failure and verified totals go with it (the view's ring
	 * changed): say so even when the run had ended already. */
	gboolean forget = (self->failure || self->has_final) && self->children->len == 0;
	g_clear_pointer(&self->failure, g_free);
	self->has_final = FALSE;
	end_run(self);
	if (forget)
		g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

gboolean sm_traffic_runner_get_config(SmTrafficRunner *self, SmTrafficConfig *out)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), FALSE);
	if (self->state == IDLE)
		return FALSE;
	*out = self->config;
	return TRUE;
}

const char *sm_traffic_runner_get_failure(SmTrafficRunner *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), NULL);
	return self->failure;
}

/* ---- Finishing: producers stop, consumers drain, then every message is
 * accounted for across consumers (sm_traffic_merge). ---- */

static void signal_children(SmTrafficRunner *self, gboolean producers, int sig)
{
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		if (c->producer == producers && c->running) {
			c->signalled = TRUE;
			g_subprocess_send_signal(c->proc, sig);
		}
	}
}

static void merge_final(SmTrafficRunner *self, gboolean complete)
{
	GArray *producers = g_array_new(FALSE, FALSE, sizeof(Child *));
	GArray *consumers = g_array_new(FALSE, FALSE, sizeof(Child *));
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		g_array_append_val(c->producer ? producers : consumers, c);
	}
	guint np = producers->len, nc = consumers->len;
	struct sm_traffic_counts *counts = g_new0(struct sm_traffic_counts, MAX(nc, 1));
	struct sm_traffic_tally *tallies = g_new0(struct sm_traffic_tally, MAX(nc * np, 1));
	guint64 *sent = g_new0(guint64, MAX(np, 1));
	guint64 *next = g_new0(guint64, MAX(np, 1));
	for (guint i = 0; i < nc; i++) {
		Child *c = g_array_index(consumers, Child *, i);
		counts[i] = (struct sm_traffic_counts){ .ok = c->last.received, .bytes = c->last.bytes,
			.duplicated = c->last.duplicated, .reordered = c->last.reordered,
			.corrupted = c->last.corrupted };
		for (guint k = 0; c->tallies && k < np; k++) {
			guint32 id = g_array_index(producers, Child *, k)->id;
			for (guint t = 0; t < c->tallies->len; t++) {
				Tally *tl = &g_array_index(c->tallies, Tally, t);
				if (tl->id != id)
					continue;
				tallies[i * np + k] = (struct sm_traffic_tally){ tl->received, tl->seq_sum };
				next[k] = MAX(next[k], tl->next);
			}
		}
	}
	for (guint k = 0; k < np; k++) {
		Child *p = g_array_index(producers, Child *, k);
		if (p->sent_known) {
			sent[k] = p->sent;
			continue;
		}
		/* Killed: it never said.  It sent up to the highest sequence
		 * number seen at least: a gap before that is lost, a copy is
		 * duplicated.  (With no such number, what arrived stands for
		 * what it sent; the sequence sums still catch a gap.) */
		sent[k] = next[k];
		for (guint i = 0; !sent[k] && i < nc; i++)
			sent[k] += tallies[i * np + k].received;
	}
	struct sm_traffic_counts out;
	sm_traffic_merge(counts, tallies, nc, sent, np, &out);
	self->final = (SmTrafficTotals){ .received = out.ok, .lost = out.lost,
		.duplicated = out.duplicated, .reordered = out.reordered, .corrupted = out.corrupted,
		.bytes = out.bytes, .verified = complete };
	self->has_final = TRUE;
	g_free(counts);
	g_free(tallies);
	g_free(sent);
	g_free(next);
	g_array_unref(producers);
	g_array_unref(consumers);
}

/* Messages in ring `name` now; 0 when it cannot be opened (nothing to
 * wait for). */
static guint32 ring_backlog(const char *name)
{
	sm_ring *ring;
	if (!name || sm_ring_open(&ring, name, SM_OPEN_READONLY) < 0)
		return 0;
	struct sm_ring_snapshot snap;
	guint32 n = sm_ring_snapshot(ring, &snap, NULL, 0) == 0 ? snap.occupancy : 0;
	sm_ring_close(ring);
	return n;
}

static gboolean on_finish_tick(gpointer data)
{
	SmTrafficRunner *self = data;
	gint64 elapsed = g_get_monotonic_time() - self->finish_start;
	gboolean producers_left = FALSE, consumers_done = TRUE;
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		if (c->producer)
			producers_left |= c->running || !c->eof;
		else
			consumers_done &= !c->running && c->eof;
	}
	if (producers_left) {
		if (elapsed > PRODUCERS_GRACE_US)
			signal_children(self, TRUE, SIGKILL);
		return G_SOURCE_CONTINUE;
	}
	if (!self->consumers_told) {
		SmTrafficTotals t;
		sm_traffic_runner_get_totals(self, &t);
		self->drain_quiet = t.received == self->drain_received ? self->drain_quiet + 1 : 0;
		self->drain_received = t.received;
		/* Slow consumers (a rate limit) make no progress for a while
		 * and still have messages to read: wait on for those. */
		self->undrained = ring_backlog(self->ring) > 0;
		if ((self->drain_quiet < DRAIN_QUIET_TICKS || self->undrained) && elapsed < DRAIN_MAX_US)
			return G_SOURCE_CONTINUE;
		signal_children(self, FALSE, SIGTERM);
		self->consumers_told = TRUE;
		return G_SOURCE_CONTINUE;
	}
	if (!consumers_done && elapsed < FINISH_MAX_US)
		return G_SOURCE_CONTINUE;
	/* Messages left unread are not lost: not verified then. */
	merge_final(self, consumers_done && !self->undrained);
	self->finish_timer = 0;
	end_run(self); /* reaps; nothing is left to kill */
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
	return G_SOURCE_REMOVE;
}

/* A run whose every child exited by itself and said its last (the ring
 * shut down, or every child failed) is over, as if finished: counted
 * across consumers (verified when each gave its tallies), then ended. */
static void end_if_all_exited(SmTrafficRunner *self)
{
	if (self->state != RUNNING || self->children->len == 0)
		return;
	gboolean complete = TRUE;
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		if (c->running || !c->eof || !c->err_eof)
			return;
		complete &= c->producer || c->tallies != NULL;
	}
	merge_final(self, complete);
	end_run(self); /* frees the children */
}

void sm_traffic_runner_finish(SmTrafficRunner *self)
{
	g_return_if_fail(SM_IS_TRAFFIC_RUNNER(self));
	if (self->state != RUNNING)
		return;
	self->state = FINISHING;
	self->finish_start = g_get_monotonic_time();
	self->drain_received = 0;
	self->drain_quiet = 0;
	self->consumers_told = FALSE;
	self->undrained = FALSE;
	signal_children(self, TRUE, SIGTERM);
	self->finish_timer = g_timeout_add(FINISH_TICK_MS, on_finish_tick, self);
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

gboolean sm_traffic_runner_is_finishing(SmTrafficRunner *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), FALSE);
	return self->state == FINISHING;
}

gboolean sm_traffic_runner_kill_producer(SmTrafficRunner *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), FALSE);
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		if (c->producer && c->running && !c->killed) {
			c->signalled = TRUE; /* a demonstration, not a failure */
			c->killed = TRUE;
			g_subprocess_send_signal(c->proc, SIGKILL);
			return TRUE; /* on_exited() marks it */
		}
	}
	return FALSE;
}

gboolean sm_traffic_runner_is_running(SmTrafficRunner *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), FALSE);
	return self->children->len > 0;
}

void sm_traffic_runner_get_totals(SmTrafficRunner *self, SmTrafficTotals *out)
{
	g_return_if_fail(SM_IS_TRAFFIC_RUNNER(self));
	memset(out, 0, sizeof *out);
	if (self->children->len == 0 && self->has_final) {
		*out = self->final;
		return;
	}
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		if (c->producer) {
			out->producers += c->running;
			continue;
		}
		out->consumers += c->running;
		out->received += c->last.received;
		out->lost += c->last.lost;
		out->duplicated += c->last.duplicated;
		out->reordered += c->last.reordered;
		out->corrupted += c->last.corrupted;
		out->bytes += c->last.bytes;
	}
	out->messages_per_s = self->rate;
	out->lost_live = self->sole;
}

GPid *sm_traffic_runner_get_pids(SmTrafficRunner *self, guint *n)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), NULL);
	GPid *pids = g_new0(GPid, self->children->len + 1);
	*n = 0;
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		const char *id = c->running ? g_subprocess_get_identifier(c->proc) : NULL;
		if (id)
			pids[(*n)++] = atoi(id);
	}
	return pids;
}

static void sm_traffic_runner_dispose(GObject *object)
{
	SmTrafficRunner *self = SM_TRAFFIC_RUNNER(object);
	if (self->children)
		sm_traffic_runner_stop(self);
	G_OBJECT_CLASS(sm_traffic_runner_parent_class)->dispose(object);
}

static void sm_traffic_runner_finalize(GObject *object)
{
	SmTrafficRunner *self = SM_TRAFFIC_RUNNER(object);
	g_ptr_array_unref(self->children);
	g_object_unref(self->cancellable);
	g_free(self->failure);
	G_OBJECT_CLASS(sm_traffic_runner_parent_class)->finalize(object);
}

static void sm_traffic_runner_class_init(SmTrafficRunnerClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = sm_traffic_runner_dispose;
	G_OBJECT_CLASS(klass)->finalize = sm_traffic_runner_finalize;
	/* Children started, exited or failed, or a consumer reported progress. */
	signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
		0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void sm_traffic_runner_init(SmTrafficRunner *self)
{
	self->children = g_ptr_array_new_with_free_func(child_free);
	self->cancellable = g_cancellable_new();
	/* Ids from a random start: distinct, as far as chance allows, from the
	 * producers of other runners (the demo, other workbenches) on a ring. */
	self->next_id = (guint32)g_random_int_range(0, 65536);
}

SmTrafficRunner *sm_traffic_runner_new(void)
{
	return g_object_new(SM_TYPE_TRAFFIC_RUNNER, NULL);
}
