/* sm-traffic-runner.c — see sm-traffic-runner.h. */
#include "sm-traffic-runner.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sm-child.h"
#include "sm-cli-locate.h"
#include "sm-sample-series.h"

#define RATE_WINDOW_US (G_USEC_PER_SEC / 2)

typedef struct {
	SmTrafficRunner *runner;  /* not a reference; callbacks check cancellation */
	GSubprocess *proc;
	GDataInputStream *in;     /* consumers only */
	gboolean producer, running;
	SmTrafficTotals last;     /* the consumer's latest progress line */
} Child;

struct _SmTrafficRunner {
	GObject parent_instance;
	GPtrArray *children;      /* of Child*, freed by the array */
	GCancellable *cancellable;
	guint32 next_id;          /* producer ids, 0..65535 (the verifier's range) */
	/* messages/s from the consumers' received counts */
	gint64 rate_t0;
	guint64 rate_received0;
	double rate;
};

G_DEFINE_FINAL_TYPE(SmTrafficRunner, sm_traffic_runner, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void child_free(gpointer data)
{
	Child *c = data;
	if (c->running)
		sm_child_kill(c->proc);
	g_clear_object(&c->in);
	g_clear_object(&c->proc);
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

static void read_next_line(Child *c);

static void on_line(GObject *source, GAsyncResult *result, gpointer data)
{
	GError *error = NULL;
	char *line = g_data_input_stream_read_line_finish_utf8(G_DATA_INPUT_STREAM(source), result,
							       NULL, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error); /* stopped: `data` is gone */
		return;
	}
	Child *c = data;
	g_clear_error(&error);
	if (!line)
		return; /* EOF: the consumer exited */
	if (sm_traffic_parse_progress(line, &c->last)) {
		update_rate(c->runner);
		g_signal_emit(c->runner, signals[SIGNAL_CHANGED], 0);
	}
	g_free(line);
	read_next_line(c);
}

static void read_next_line(Child *c)
{
	g_data_input_stream_read_line_async(c->in, G_PRIORITY_DEFAULT, c->runner->cancellable, on_line, c);
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
	c->running = FALSE;
	g_signal_emit(c->runner, signals[SIGNAL_CHANGED], 0);
}

static gboolean spawn(SmTrafficRunner *self, const char *const *argv, gboolean producer, GError **error)
{
	GSubprocess *proc = sm_child_spawn(argv, error);
	if (!proc)
		return FALSE;
	Child *c = g_new0(Child, 1);
	c->runner = self;
	c->proc = proc;
	c->producer = producer;
	c->running = TRUE;
	g_ptr_array_add(self->children, c);
	g_subprocess_wait_async(proc, self->cancellable, on_exited, c);
	if (!producer) {
		c->in = g_data_input_stream_new(g_subprocess_get_stdout_pipe(proc));
		read_next_line(c);
	}
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
		ok = spawn(self, argv, FALSE, error);
	}
	for (guint i = 0; ok && i < config->producers; i++) {
		/* Producer ids unique to this workbench run, so the consumers never
		 * mistake a new producer for an old one still in the ring. */
		char id_s[16];
		g_snprintf(id_s, sizeof id_s, "%u", self->next_id++ % 65536);
		const char *argv[] = { cli, "traffic", "produce", ring, "--id", id_s, "--size", size_s,
				       "--rate", rate_s, config->wave ? "--wave" : NULL, NULL };
		ok = spawn(self, argv, TRUE, error);
	}
	g_free(cli);
	self->rate_t0 = g_get_monotonic_time();
	self->rate_received0 = 0;
	self->rate = 0;
	if (!ok)
		sm_traffic_runner_stop(self);
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
	return ok;
}

void sm_traffic_runner_stop(SmTrafficRunner *self)
{
	g_return_if_fail(SM_IS_TRAFFIC_RUNNER(self));
	if (self->children->len == 0)
		return;
	g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	self->cancellable = g_cancellable_new();
	g_ptr_array_set_size(self->children, 0); /* kills and reaps each */
	self->rate = 0;
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

gboolean sm_traffic_runner_kill_producer(SmTrafficRunner *self)
{
	g_return_val_if_fail(SM_IS_TRAFFIC_RUNNER(self), FALSE);
	for (guint i = 0; i < self->children->len; i++) {
		Child *c = g_ptr_array_index(self->children, i);
		if (c->producer && c->running) {
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
	G_OBJECT_CLASS(sm_traffic_runner_parent_class)->finalize(object);
}

static void sm_traffic_runner_class_init(SmTrafficRunnerClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = sm_traffic_runner_dispose;
	G_OBJECT_CLASS(klass)->finalize = sm_traffic_runner_finalize;
	/* Children started, exited, or a consumer reported progress. */
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
