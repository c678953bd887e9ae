/* sm-rpc-load.c — see sm-rpc-load.h. */
#include "sm-rpc-load.h"

#include "bench-percentile.h"
#include "sm-segment-item.h"

#include <errno.h>
#include <string.h>

/* A response that is not what the handler answers (our own verdict, so
 * an errno the library never returns from a call). */
#define WRONG_RESPONSE (-EILSEQ)
#define NAME_CHECK_US  G_USEC_PER_SEC /* how often a run asks if its channel is still named */
#define WATCH_SLICE_US 20000

struct _SmRpcLoad {
	gint              refs;
	SmRpcLoadSettings settings;
	GMainContext     *context;
	SmRpcLoad        *before;   /* a stopped run whose client must be gone first */
	SmRpcLoadDoneFn   done;
	gpointer          user;
	GMutex            lock;     /* guards done/user, last error, connect status */
	gint              stop;     /* atomic: stop asked (or the peer is gone) */
	sm_rpc           *rpc;      /* the client, while the callers run */
	guint64           inflight[SM_RPC_LOAD_MAX_CALLERS]; /* atomic call ids, 0 = none */
	guint64           issued;   /* atomic: calls claimed (count mode) */
	guint64           start_ns, end_ns; /* atomic; end 0 while running */
	gint              running, finished; /* atomic */
	gint              callers_left; /* atomic: caller threads not yet done */
	/* Outcomes, atomic. */
	guint64           calls, ok, failed[SM_RPC_FAIL_N], cancelled, bytes;
	SmLatencyHist     hist;
	int               connect_status, last_error;
	char              last_error_text[320];
	guint64           channel_before, channel_after;
	GArray           *samples[SM_RPC_LOAD_MAX_CALLERS]; /* each caller's latencies */
	guint64           n_samples, p50, p90, p99, max;   /* set before `finished` */
};

typedef struct {
	SmRpcLoad *load;
	guint      index;
	guint64    seen, rng; /* latencies offered to the reservoir; xorshift state */
} Caller;

/* Keep the latency: all of them up to the caller's share of the cap, then
 * a uniform reservoir sample (Algorithm R). */
static void keep_sample(Caller *c, guint64 ns)
{
	GArray *a = c->load->samples[c->index];
	guint cap = SM_RPC_LOAD_MAX_SAMPLES / c->load->settings.callers;
	c->seen++;
	if (a->len < cap) {
		g_array_append_val(a, ns);
		return;
	}
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	guint64 j = c->rng % c->seen;
	if (j < cap)
		g_array_index(a, guint64, j) = ns;
}

/* Exact percentiles over every caller's samples (the runner, at the end). */
static void final_percentiles(SmRpcLoad *load)
{
	guint64 n = 0;
	for (guint i = 0; i < load->settings.callers; i++)
		n += load->samples[i]->len;
	guint64 *all = g_new(guint64, n ? n : 1), k = 0;
	for (guint i = 0; i < load->settings.callers; i++) {
		if (load->samples[i]->len) /* an empty GArray's data may be NULL */
			memcpy(all + k, load->samples[i]->data, load->samples[i]->len * sizeof(guint64));
		k += load->samples[i]->len;
		g_array_set_size(load->samples[i], 0);
	}
	smb_sort_u64(all, n);
	load->n_samples = n;
	load->p50 = smb_percentile(all, n, 50);
	load->p90 = smb_percentile(all, n, 90);
	load->p99 = smb_percentile(all, n, 99);
	load->max = smb_percentile(all, n, 100);
	g_free(all);
}

SmRpcFailKind sm_rpc_fail_kind(int status)
{
	switch (-status) {
	case ETIMEDOUT:
		return SM_RPC_FAIL_TIMEOUT;
	case SM_EPEERDEAD:
	case SM_ENOPEER:
	case SM_ESHUTDOWN:
		return SM_RPC_FAIL_PEER_GONE;
	case SM_EREMOTE:
	case SM_ENOHANDLER:
		return SM_RPC_FAIL_HANDLER;
	default:
		return SM_RPC_FAIL_OTHER;
	}
}

const char *sm_rpc_fail_kind_name(SmRpcFailKind kind)
{
	static const char *const n[SM_RPC_FAIL_N] = { "timeout", "peer gone", "handler error",
						      "wrong response", "error" };
	return (guint)kind < SM_RPC_FAIL_N ? n[kind] : "error";
}

/* "EIO" for -EIO: the library's names first, then libc's. */
static const char *errno_name(int code)
{
	const char *n = sm_strerror_name(code);
	if (strcmp(n, "E?") == 0) {
		const char *libc = strerrorname_np(code < 0 ? -code : code);
		if (libc)
			n = libc;
	}
	return n;
}

static guint64 now_ns(void)
{
	return (guint64)g_get_monotonic_time() * 1000u;
}

static guint64 channel_calls(sm_rpc *rpc)
{
	struct sm_rpc_stats st;
	return sm_rpc_stats(rpc, &st) == 0 ? st.client.calls_completed : 0;
}

/* Record a failure and say why, as the UI shows it. */
static void note_failure(SmRpcLoad *load, int status, const struct sm_rpc_result *res)
{
	SmRpcFailKind kind = status == WRONG_RESPONSE ? SM_RPC_FAIL_WRONG : sm_rpc_fail_kind(status);
	__atomic_fetch_add(&load->failed[kind], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&load->calls, 1, __ATOMIC_RELAXED);
	char text[sizeof load->last_error_text];
	if (status == WRONG_RESPONSE)
		g_snprintf(text, sizeof text, "wrong response: not what the %s handler answers",
			   sm_rpc_builtin_name(load->settings.expect));
	else if (status == -SM_EREMOTE && res) {
		int n = g_snprintf(text, sizeof text, "handler error %s: ", errno_name(res->remote_code));
		/* Anyone may run the server: its text as `sharedmem` shows it
		 * (printable, valid UTF-8), cut at a character. */
		sm_shown_text(res->message, text + n, sizeof text - (gsize)n);
	} else if (kind == SM_RPC_FAIL_TIMEOUT)
		/* Not "timeout: timed out": the kind once, and the limit. */
		g_snprintf(text, sizeof text, "timeout: no answer within %d ms", load->settings.timeout_ms);
	else
		g_snprintf(text, sizeof text, "%s: %s", sm_rpc_fail_kind_name(kind),
			   sm_strerror(status));
	g_mutex_lock(&load->lock);
	load->last_error = status;
	memcpy(load->last_error_text, text, sizeof text);
	g_mutex_unlock(&load->lock);
	if (kind == SM_RPC_FAIL_PEER_GONE)
		g_atomic_int_set(&load->stop, 1); /* nobody left to call */
}

static gboolean response_ok(const SmRpcLoadSettings *s, const guint8 *req, gsize len,
			    const struct sm_rpc_result *res)
{
	switch (s->expect) {
	case SM_RPC_BUILTIN_ECHO:
	case SM_RPC_BUILTIN_SLEEP: {
		gsize skip = s->form == SM_RPC_REQUEST_ECHO ? 5 : 0; /* "echo\0" */
		return res->len == len - skip && (len == skip || memcmp(res->data, req + skip, res->len) == 0);
	}
	case SM_RPC_BUILTIN_ADD: {
		guint64 le;
		if (res->len != sizeof le)
			return FALSE;
		memcpy(&le, res->data, sizeof le);
		return GUINT64_FROM_LE(le) == sm_rpc_builtin_sum(req, len);
	}
	default:
		return TRUE;
	}
}

/* Wait until `when` (monotonic ns) or a stop, in slices so a stop is quick. */
static void pace_until(SmRpcLoad *load, guint64 when)
{
	for (;;) {
		guint64 now = now_ns();
		if (now >= when || g_atomic_int_get(&load->stop))
			return;
		guint64 left_us = (when - now) / 1000u;
		g_usleep(left_us > 20000 ? 20000 : (left_us ? left_us : 1));
	}
}

static gpointer caller_main(gpointer data)
{
	Caller *c = data;
	SmRpcLoad *load = c->load;
	const SmRpcLoadSettings *s = &load->settings;
	gsize prefix = s->form == SM_RPC_REQUEST_ECHO ? 5 : 0;
	gsize len = prefix + s->payload;
	guint8 *req = g_malloc(len ? len : 1);
	if (prefix)
		memcpy(req, "echo", 5);
	guint64 interval = s->rate > 0 ? (guint64)(1e9 * s->callers / s->rate) : 0;
	guint64 next = load->start_ns + (interval / s->callers) * c->index;
	guint64 end = s->duration_ms ? load->start_ns + s->duration_ms * 1000000u : 0;

	for (guint64 seq = 0;; seq++) {
		if (interval) {
			pace_until(load, next);
			guint64 now = now_ns();
			next += interval;
			if (next + 1000000000u < now) /* more than 1 s behind: do not burst */
				next = now;
		}
		if (g_atomic_int_get(&load->stop) || (end && now_ns() >= end))
			break;
		if (s->count && __atomic_fetch_add(&load->issued, 1, __ATOMIC_RELAXED) >= s->count)
			break;
		/* A payload that differs per call, so a stale response shows. */
		for (gsize i = prefix; i < len; i++)
			req[i] = (guint8)(seq * 31u + c->index * 7u + i);

		struct sm_rpc_result res;
		memset(&res, 0, sizeof res);
		uint64_t id = 0;
		int r = sm_rpc_call_start(load->rpc, req, len, s->timeout_ms, &id);
		if (r == 0) {
			__atomic_store_n(&load->inflight[c->index], id, __ATOMIC_RELEASE);
			r = sm_rpc_call_wait(load->rpc, id, &res);
			__atomic_store_n(&load->inflight[c->index], 0, __ATOMIC_RELEASE);
		} else {
			res.status = r;
		}
		if (r == 0 && !response_ok(s, req, len, &res))
			r = WRONG_RESPONSE;
		if (r == 0) {
			sm_latency_hist_add(&load->hist, res.latency_ns);
			keep_sample(c, res.latency_ns);
			__atomic_fetch_add(&load->ok, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&load->bytes, len + res.len, __ATOMIC_RELAXED);
			__atomic_fetch_add(&load->calls, 1, __ATOMIC_RELAXED);
		} else if (r == -ECANCELED) {
			__atomic_fetch_add(&load->cancelled, 1, __ATOMIC_RELAXED);
		} else {
			note_failure(load, r, &res);
		}
		sm_rpc_result_free(&res);
	}
	g_free(req);
	g_free(c);
	g_atomic_int_dec_and_test(&load->callers_left);
	return NULL;
}

/* The channel's name removed (`sharedmem rm`) or taken by another
 * channel: the run stops and says so.  Its server would answer this
 * connection for good, but the channel is nobody's to see any more: the
 * workbench no longer lists it, and `sharedmem rpc serve` only exits once
 * its client is gone. */
static gboolean channel_gone(SmRpcLoad *load)
{
	int r = sm_rpc_still_named(load->rpc);
	if (r != 0 && r != -ENOENT)
		return FALSE; /* named, or cannot tell: go on */
	/* The names first, then the shutdown flag: a server's own close shuts
	 * the channel down before it removes the names, so a name found gone
	 * by a normal close is always seen shut down here, and the calls say
	 * "peer gone" (as cli_ring_gone() asks a ring). */
	struct sm_rpc_stats st;
	if (sm_rpc_stats(load->rpc, &st) == 0 && st.shutdown)
		return FALSE;
	g_mutex_lock(&load->lock);
	load->last_error = r == 0 ? -EEXIST : -ENOENT;
	g_autofree char *quoted = sm_quote_name(load->settings.channel);
	g_snprintf(load->last_error_text, sizeof load->last_error_text,
		   "stopped: channel %s %s", quoted,
		   r == 0 ? "was replaced by another segment" : "was removed");
	g_mutex_unlock(&load->lock);
	return TRUE;
}

/* Until the callers are done, ask now and then whether the channel is
 * still there. */
static void watch_callers(SmRpcLoad *load)
{
	gint64 next_check = g_get_monotonic_time() + NAME_CHECK_US;
	while (g_atomic_int_get(&load->callers_left) > 0) {
		g_usleep(WATCH_SLICE_US);
		if (g_atomic_int_get(&load->stop) || g_get_monotonic_time() < next_check)
			continue;
		next_check = g_get_monotonic_time() + NAME_CHECK_US;
		if (channel_gone(load))
			sm_rpc_load_stop(load);
	}
}

static gboolean invoke_done(gpointer data)
{
	SmRpcLoad *load = data;
	g_mutex_lock(&load->lock);
	SmRpcLoadDoneFn done = load->done;
	gpointer user = load->user;
	load->done = NULL;
	g_mutex_unlock(&load->lock);
	if (done)
		done(load, user);
	return G_SOURCE_REMOVE;
}

/* The channel's live client, 0 if there is none or it cannot be read. */
static pid_t client_of(const char *channel)
{
	sm_rpc_monitor *m;
	if (sm_rpc_open_monitor(&m, channel, 0) < 0)
		return 0;
	struct sm_rpc_stats st;
	pid_t pid = sm_rpc_stats_read(m, &st) == 0 && st.client_alive ? st.client_pid : 0;
	sm_rpc_monitor_close(m);
	return pid;
}

/* Who holds the channel's one client slot (-EBUSY): another workbench
 * (its --demo caller, which only its own runs ask to step aside) or
 * another program, by its pid, and what to do. */
static void describe_client(const char *channel, char *buf, size_t size)
{
	pid_t pid = client_of(channel);
	g_autofree char *path = g_strdup_printf("/proc/%d/comm", (int)pid);
	g_autofree char *comm = NULL;
	if (pid && g_file_get_contents(path, &comm, NULL, NULL))
		g_strchomp(comm);
	/* comm holds 15 bytes of the name at most: "sharedmem-workb" */
	if (comm && strlen(comm) >= 15 && g_str_has_prefix("sharedmem-workbench", comm))
		g_snprintf(buf, size, "another workbench (pid %d) is its client: its demo's caller, or a "
			   "run of its own. A channel takes one client at a time: stop that "
			   "workbench's run or quit it, then start the run here", (int)pid);
	else if (pid) {
		g_autofree char *shown = sm_format_text(comm); /* anyone may name a process */
		g_snprintf(buf, size, "another client, %s (pid %d), is connected to it; a channel takes "
			   "one client at a time", shown ? shown : "a process", (int)pid);
	} else
		g_strlcpy(buf, "another client is connected to it", size);
}

/* The run to go first was stopped, so it ends within its connect timeout
 * and a caller's pacing slice: wait for it here, whatever our own stop
 * says, so that our connect never finds its client still in the slot. */
static void wait_for_before(SmRpcLoad *load)
{
	if (!load->before)
		return;
	while (!g_atomic_int_get(&load->before->finished))
		g_usleep(WATCH_SLICE_US);
	g_clear_pointer(&load->before, sm_rpc_load_unref);
}

static gpointer runner_main(gpointer data)
{
	SmRpcLoad *load = data;
	wait_for_before(load);
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.connect_timeout_ms = 2000;
	sm_rpc *rpc = NULL;
	int r = sm_rpc_connect(&rpc, load->settings.channel, &opts);
	if (r < 0) {
		g_mutex_lock(&load->lock);
		load->connect_status = r;
		load->last_error = r;
		char why[256], reason[SM_INFO_REASON_SIZE];
		if (r == -EBUSY)
			describe_client(load->settings.channel, why, sizeof why);
		else if (r == -SM_ENOPEER) /* sm_strerror() speaks for both sides */
			g_strlcpy(why, "no server on this channel", sizeof why);
		else
			g_strlcpy(why, sm_segment_error_text(load->settings.channel, r, reason, sizeof reason),
				  sizeof why);
		g_autofree char *quoted = sm_quote_name(load->settings.channel);
		g_snprintf(load->last_error_text, sizeof load->last_error_text,
			   "cannot connect to %s: %s", quoted, why);
		g_mutex_unlock(&load->lock);
	} else {
		g_mutex_lock(&load->lock);
		load->rpc = rpc;
		g_mutex_unlock(&load->lock);
		load->channel_before = channel_calls(rpc);
		GThread *threads[SM_RPC_LOAD_MAX_CALLERS];
		guint n = load->settings.callers;
		__atomic_store_n(&load->start_ns, now_ns(), __ATOMIC_RELEASE);
		g_atomic_int_set(&load->running, 1);
		g_atomic_int_set(&load->callers_left, (gint)n);
		for (guint i = 0; i < n; i++) {
			Caller *c = g_new0(Caller, 1);
			c->load = load;
			c->index = i;
			c->rng = 0x9E3779B97F4A7C15ull * (i + 1);
			threads[i] = g_thread_new("rpc-caller", caller_main, c);
		}
		watch_callers(load);
		/* A server that died after its channel was removed looks like
		 * a peer gone: say what happened first.  (One that let go of
		 * its removed channel closed it, which reads as its own close.) */
		if (sm_rpc_fail_kind(load->last_error) == SM_RPC_FAIL_PEER_GONE)
			channel_gone(load);
		for (guint i = 0; i < n; i++)
			g_thread_join(threads[i]);
		__atomic_store_n(&load->end_ns, now_ns(), __ATOMIC_RELEASE);
		load->channel_after = channel_calls(rpc);
		final_percentiles(load);
		g_mutex_lock(&load->lock); /* no sm_rpc_load_stop() is cancelling now */
		load->rpc = NULL;
		g_mutex_unlock(&load->lock);
		sm_rpc_close(rpc);
	}
	g_atomic_int_set(&load->running, 0);
	g_atomic_int_set(&load->finished, 1);
	/* invoke_done runs on the starter's context, where the ref is dropped:
	 * as an idle source, as g_main_context_invoke_full() would run it
	 * here whenever the context is not being iterated just now. */
	GSource *idle = g_idle_source_new();
	g_source_set_priority(idle, G_PRIORITY_DEFAULT);
	g_source_set_callback(idle, invoke_done, load, (GDestroyNotify)sm_rpc_load_unref);
	g_source_attach(idle, load->context);
	g_source_unref(idle);
	return NULL;
}

SmRpcLoad *sm_rpc_load_start(const SmRpcLoadSettings *settings, SmRpcLoadDoneFn done,
			     gpointer user)
{
	return sm_rpc_load_start_after(settings, NULL, done, user);
}

SmRpcLoad *sm_rpc_load_start_after(const SmRpcLoadSettings *settings, SmRpcLoad *before,
				   SmRpcLoadDoneFn done, gpointer user)
{
	SmRpcLoad *load = g_new0(SmRpcLoad, 1);
	load->before = before ? sm_rpc_load_ref(before) : NULL;
	load->refs = 2; /* the caller's and the runner's */
	load->settings = *settings;
	load->settings.channel = g_strdup(settings->channel);
	load->settings.callers = CLAMP(settings->callers, 1u, SM_RPC_LOAD_MAX_CALLERS);
	load->context = g_main_context_ref_thread_default();
	for (guint i = 0; i < load->settings.callers; i++)
		load->samples[i] = g_array_new(FALSE, FALSE, sizeof(guint64));
	load->done = done;
	load->user = user;
	g_mutex_init(&load->lock);
	g_thread_unref(g_thread_new("rpc-runner", runner_main, load));
	return load;
}

void sm_rpc_load_stop(SmRpcLoad *load)
{
	g_atomic_int_set(&load->stop, 1);
	/* The runner clears load->rpc under the lock before closing it, and a
	 * caller publishes an id only while its call is pending. */
	g_mutex_lock(&load->lock);
	for (guint i = 0; load->rpc && i < load->settings.callers; i++) {
		guint64 id = __atomic_load_n(&load->inflight[i], __ATOMIC_ACQUIRE);
		if (id)
			sm_rpc_cancel(load->rpc, id); /* -ENOENT if it just completed */
	}
	g_mutex_unlock(&load->lock);
}

void sm_rpc_load_disown(SmRpcLoad *load)
{
	g_mutex_lock(&load->lock);
	load->done = NULL;
	load->user = NULL;
	g_mutex_unlock(&load->lock);
}

SmRpcLoad *sm_rpc_load_ref(SmRpcLoad *load)
{
	g_atomic_int_inc(&load->refs);
	return load;
}

void sm_rpc_load_unref(SmRpcLoad *load)
{
	if (!load || !g_atomic_int_dec_and_test(&load->refs))
		return;
	g_main_context_unref(load->context);
	g_mutex_clear(&load->lock);
	for (guint i = 0; i < load->settings.callers; i++)
		g_array_unref(load->samples[i]);
	sm_rpc_load_settings_clear(&load->settings);
	g_free(load);
}

const SmRpcLoadSettings *sm_rpc_load_settings(SmRpcLoad *load)
{
	return &load->settings;
}

void sm_rpc_load_counts(SmRpcLoad *load, SmRpcLoadCounts *out)
{
	memset(out, 0, sizeof *out);
	out->calls = __atomic_load_n(&load->calls, __ATOMIC_RELAXED);
	out->ok = __atomic_load_n(&load->ok, __ATOMIC_RELAXED);
	for (guint i = 0; i < SM_RPC_FAIL_N; i++)
		out->failed[i] = __atomic_load_n(&load->failed[i], __ATOMIC_RELAXED);
	out->cancelled = __atomic_load_n(&load->cancelled, __ATOMIC_RELAXED);
	out->bytes = __atomic_load_n(&load->bytes, __ATOMIC_RELAXED);
	out->running = g_atomic_int_get(&load->running);
	out->finished = g_atomic_int_get(&load->finished);
	guint64 start = __atomic_load_n(&load->start_ns, __ATOMIC_ACQUIRE);
	guint64 end = __atomic_load_n(&load->end_ns, __ATOMIC_ACQUIRE);
	if (start)
		out->elapsed_ns = (end ? end : now_ns()) - start;
	g_mutex_lock(&load->lock);
	out->connect_status = load->connect_status;
	out->last_error = load->last_error;
	memcpy(out->last_error_text, load->last_error_text, sizeof out->last_error_text);
	g_mutex_unlock(&load->lock);
	if (out->finished) {
		/* `finished` (atomic, set after these) orders the plain reads. */
		out->channel_calls_before = load->channel_before;
		out->channel_calls_after = load->channel_after;
		out->samples = load->n_samples;
		out->p50_ns = load->p50;
		out->p90_ns = load->p90;
		out->p99_ns = load->p99;
		out->max_ns = load->max;
	}
}

void sm_rpc_load_hist(SmRpcLoad *load, SmLatencyHist *out)
{
	sm_latency_hist_copy(out, &load->hist);
}

void sm_rpc_load_settings_clear(SmRpcLoadSettings *s)
{
	g_clear_pointer(&s->channel, g_free);
}
