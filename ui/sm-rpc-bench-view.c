/* sm-rpc-bench-view.c — see sm-rpc-bench-view.h. */
#include "sm-rpc-bench-view.h"
#include "sm-template.h"

#include <string.h>

#include "sm-application.h"
#include "sm-rpc-bench-form.h"
#include "sm-rpc-builtin.h"
#include "sm-rpc-channel-watch.h"
#include "sm-rpc-rate-sampler.h"
#include "sm-rpc-run-keeper.h"
#include "sm-rpc-serve.h"
#include "sm-rpc-stats-table.h"
#include "sm-rpc-summary.h"
#include "sm-segment-factory.h"
#include "sm-segment-item.h"
#include "sm-sample-clock.h"
#include "sm-settings.h"

struct _SmRpcBenchView {
	GtkWidget       parent_instance;
	/* template */
	GtkLabel       *channel_label, *channel_status, *run_status, *error_label, *hist_title, *peers_label;
	SmRpcBenchForm  form;        /* the handler and traffic fields */
	GtkEntry       *new_name_entry;
	GtkToggleButton *hist_run_toggle, *hist_channel_toggle;
	SmRpcRatePlot  *rate_plot;
	SmRpcHistogram *histogram;
	GtkBox         *summary_box;
	GtkFlowBox     *stats_box;
	SmRpcRuns      *runs;

	char           *segment_name;
	SmRpcChannelWatch channel;   /* the shown channel, read-only */
	SmRpcServe      servers;     /* the channels this page serves */
	SmRpcRunKeeper  keeper;      /* the runs started here; keeper.load is shown */
	guint           timer;       /* sm_sample_clock id while mapped */
	guint           rate;        /* samples per second ("sample-rate") */
	GSettings      *settings;
	SmRpcRateSampler sampler;    /* calls/s for the rate plot */
	SmRpcSummary   *summary;     /* in summary_box */
	SmRpcStatsTable *stats_table; /* in stats_box and peers_label */
	char           *action_error; /* why the last action failed, or NULL */
};

G_DEFINE_FINAL_TYPE(SmRpcBenchView, sm_rpc_bench_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SEGMENT_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void refresh(SmRpcBenchView *self);

/* ---- Helpers ------------------------------------------------------------ */

/* The error line: the last failed action (server, channel), else why the
 * run's last failed call failed. */
static void show_error(SmRpcBenchView *self, const char *run_error)
{
	const char *text = self->action_error ? self->action_error : run_error;
	gtk_label_set_text(self->error_label, text ? text : "");
	gtk_widget_set_visible(GTK_WIDGET(self->error_label), text && *text);
}

/* Set (or with NULL clear) the failed action's text and show it. */
static void set_action_error(SmRpcBenchView *self, char *text)
{
	g_free(self->action_error);
	self->action_error = text;
	show_error(self, NULL);
}

static gboolean server_is_here(SmRpcBenchView *self)
{
	return sm_rpc_channel_watch_server_is_here(&self->channel);
}

/* The handle of this process's server of the channel, if there is one. */
static sm_rpc *local_server(SmRpcBenchView *self)
{
	return sm_rpc_serve_find(&self->servers, self->segment_name);
}

/* This workbench serves the channel (made by the create dialog, or its
 * handler detached) but nothing answers: each call would fail. */
static gboolean serving_without_handler(SmRpcBenchView *self)
{
	return server_is_here(self) && local_server(self) &&
	       !g_atomic_int_get(&sm_rpc_builtin_for(self->segment_name)->attached);
}

/* ---- Channel (shared memory, read-only) ------------------------------------ */

static void read_channel(SmRpcBenchView *self)
{
	if (!self->segment_name) {
		gtk_label_set_text(self->channel_status, "Select an RPC channel, or create one below.");
		sm_rpc_stats_table_clear(self->stats_table);
		return;
	}
	int r = sm_rpc_channel_watch_read(&self->channel, self->segment_name);
	if (r < 0) {
		g_autofree char *t = sm_rpc_channel_watch_error_text(self->segment_name, r);
		gtk_label_set_text(self->channel_status, t);
		sm_rpc_stats_table_clear(self->stats_table);
		return;
	}
	g_autofree char *who = sm_rpc_channel_watch_describe(&self->channel, self->segment_name,
							     local_server(self) != NULL);
	gtk_label_set_text(self->channel_status, who);
	sm_rpc_stats_table_show(self->stats_table, &self->channel.stats);
}

/* ---- Live run display ------------------------------------------------------ */

/* The run to show: the current or last one, if it is on the shown channel. */
static SmRpcLoad *shown_load(SmRpcBenchView *self)
{
	SmRpcLoad *load = self->keeper.load;
	if (!load || g_strcmp0(sm_rpc_load_settings(load)->channel, self->segment_name) != 0)
		return NULL;
	return load;
}

/* Calls/s: the run's successful calls while it runs, else the channel's
 * completed client calls (any client, from shared memory). */
static void sample_rate(SmRpcBenchView *self, SmRpcLoad *load, const SmRpcLoadCounts *c, gint64 now)
{
	gboolean from_run = load && c->running;
	const SmRpcChannelWatch *ch = &self->channel;
	guint64 count = from_run ? c->ok : ch->have_stats ? ch->stats.client.calls_completed : 0;
	sm_rpc_rate_sampler_take(&self->sampler, self->rate_plot, self->rate, now, count, from_run);
}

/* A run's p50, p90, p99 and max from its histogram `h` (into `b`), exact
 * once it is over. */
static void run_marks(SmLatencyBuckets *b, const SmLatencyHist *h, const SmRpcLoadCounts *c, guint64 marks[4])
{
	sm_latency_buckets_from_hist(b, h);
	marks[0] = sm_latency_percentile(b, 50);
	marks[1] = sm_latency_percentile(b, 90);
	marks[2] = sm_latency_percentile(b, 99);
	marks[3] = h->max_ns;
	if (c->finished && c->samples) {
		marks[0] = c->p50_ns;
		marks[1] = c->p90_ns;
		marks[2] = c->p99_ns;
		marks[3] = c->max_ns;
	}
}

/* The histogram shown (the run's or the channel's client side), and the
 * latency figures of the summary into `marks`; returns the max as text.
 * The summary is the run's whichever histogram is shown: its own
 * percentiles, exact once it is over.  No run: the channel's figures, as
 * its histogram shows them. */
static char *show_latency(SmRpcBenchView *self, SmRpcLoad *load, const SmRpcLoadCounts *c,
			  const SmLatencyHist *h, guint64 marks[4])
{
	gboolean run_hist = gtk_toggle_button_get_active(self->hist_run_toggle);
	const SmRpcChannelWatch *ch = &self->channel;
	g_autofree SmLatencyBuckets *b = g_new(SmLatencyBuckets, 1);
	if (load)
		run_marks(b, h, c, marks);
	if (run_hist && load) {
		gtk_label_set_text(self->hist_title, "Latency of this run (log scales)");
	} else if (ch->have_stats) {
		sm_latency_buckets_from_channel(b, ch->stats.client.latency_hist);
		gtk_label_set_text(self->hist_title, "Channel latency, client side (log scales)");
	} else {
		g_clear_pointer(&b, g_free);
		gtk_label_set_text(self->hist_title, "Latency (log scales)");
	}
	sm_rpc_histogram_set_buckets(self->histogram, b);
	if (run_hist && load && c->finished && c->samples)
		sm_rpc_histogram_set_marks(self->histogram, marks); /* exact now (smb_percentile) */
	if (load)
		return marks[3] ? sm_format_ns(marks[3]) : g_strdup("—");
	sm_rpc_histogram_get_marks(self->histogram, marks);
	return sm_rpc_histogram_get_max_text(self->histogram);
}

static void show_run_status(SmRpcBenchView *self, SmRpcLoad *load, const SmRpcLoadCounts *c)
{
	if (!load && sm_rpc_bench_view_is_running(self)) {
		/* Why Start Run is off and what Stop Run stops: one run at a time. */
		g_autofree char *other = sm_quote_name(sm_rpc_load_settings(self->keeper.load)->channel);
		g_autofree char *t = g_strdup_printf("A run on %s is going: Stop Run stops it (one run at a time).",
						     other);
		gtk_label_set_text(self->run_status, t);
	} else if (!load)
		gtk_label_set_text(self->run_status, "No run yet.");
	else if (c->connect_status)
		gtk_label_set_text(self->run_status, "The run could not start.");
	else if (!c->finished && !c->running)
		gtk_label_set_text(self->run_status, "Connecting…");
	else {
		g_autofree char *took = sm_format_ns(c->elapsed_ns);
		g_autofree char *t = g_strdup_printf("%s: %" G_GUINT64_FORMAT " calls in %s",
						     c->running ? "Running" : "Finished", c->calls, took);
		gtk_label_set_text(self->run_status, t);
	}
}

static void show_run(SmRpcBenchView *self)
{
	SmRpcLoad *load = shown_load(self);
	SmRpcLoadCounts c;
	g_autofree SmLatencyHist *h = g_new0(SmLatencyHist, 1);
	gint64 now = g_get_monotonic_time();

	if (load) {
		sm_rpc_load_counts(load, &c);
		sm_rpc_load_hist(load, h);
	} else {
		memset(&c, 0, sizeof c);
	}
	sample_rate(self, load, &c, now);
	guint64 marks[4] = { 0 };
	g_autofree char *max = show_latency(self, load, &c, h, marks);
	double rate = c.elapsed_ns ? (double)c.ok * 1e9 / (double)c.elapsed_ns : 0;
	/* No run: the channel's client side (any client, from shared memory),
	 * as its percentiles are, and the rate is the plot's. */
	if (!load && self->channel.have_stats)
		sm_rpc_summary_show_channel(self->summary, &self->channel.stats.client,
					    sm_rpc_rate_plot_get_last(self->rate_plot), marks, max);
	else
		sm_rpc_summary_show_run(self->summary, &c, rate, marks, max);
	show_run_status(self, load, &c);
	show_error(self, load && c.last_error ? c.last_error_text : NULL);
}

static void update_actions(SmRpcBenchView *self)
{
	gboolean running = sm_rpc_bench_view_is_running(self);
	gboolean named = self->segment_name != NULL;
	gboolean alive_elsewhere = sm_rpc_channel_watch_server_alive(&self->channel) && !server_is_here(self);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "rpc-bench.start-run", named && !running);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "rpc-bench.stop-run", running);
	/* No handler change under a run of this channel: the run checks each
	 * response against the handler it started with, and its summary is
	 * that handler's. */
	gboolean running_here = running &&
		g_strcmp0(sm_rpc_load_settings(self->keeper.load)->channel, self->segment_name) == 0;
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "rpc-bench.start-server",
				      named && !alive_elsewhere && !running_here);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "rpc-bench.stop-server",
				      named && local_server(self) != NULL);
}

static void refresh(SmRpcBenchView *self)
{
	read_channel(self);
	show_run(self);
	update_actions(self);
}

static void tick(gpointer data)
{
	refresh(data);
}

static void restart_timer(SmRpcBenchView *self)
{
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	/* Sample only while shown: a hidden page costs nothing. */
	if (gtk_widget_get_mapped(GTK_WIDGET(self)))
		self->timer = sm_sample_clock_add(self->rate, tick, self);
}

static void on_sample_rate_changed(gpointer data, guint per_second)
{
	SmRpcBenchView *self = data;
	if (self->rate == per_second)
		return;
	self->rate = per_second;
	sm_rpc_rate_plot_set_rate(self->rate_plot, per_second);
	restart_timer(self);
}

/* A run that could not connect (there was no server) tells nothing once
 * this workbench serves the channel: its "no server" would contradict
 * the server line above it. */
static void forget_unconnected_run(SmRpcBenchView *self)
{
	SmRpcLoad *load = shown_load(self);
	SmRpcLoadCounts c;
	if (!load)
		return;
	sm_rpc_load_counts(load, &c);
	if (c.connect_status && !c.running)
		sm_rpc_run_keeper_forget(&self->keeper);
}

/* ---- Server ------------------------------------------------------------------ */

static void start_server(GtkWidget *widget, const char *action, GVariant *param)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(widget);
	if (!self->segment_name)
		return;
	read_channel(self);
	sm_rpc *here = local_server(self);
	gboolean elsewhere = !here && sm_rpc_channel_watch_server_alive(&self->channel);
	int r = 0;
	if (here) {
		/* This workbench serves it already: (re)attach the handler. */
		r = sm_rpc_serve_attach(here, sm_rpc_bench_form_configure(&self->form, self->segment_name));
	} else if (!elsewhere) {
		sm_rpc_channel_watch_close(&self->channel); /* the stale channel is about to be replaced */
		r = sm_rpc_serve_create(&self->servers, self->segment_name,
					sm_rpc_bench_form_configure(&self->form, self->segment_name));
	}
	g_autofree char *quoted = sm_quote_name(self->segment_name);
	g_autofree char *what = g_strdup_printf("Cannot serve %s", quoted);
	set_action_error(self, elsewhere ? g_strdup_printf("%s: another process serves it", what)
			       : r < 0 ? sm_rpc_serve_failure_text(what, self->segment_name, r)
				       : NULL);
	if (!elsewhere && r == 0)
		forget_unconnected_run(self);
	refresh(self);
}

static void stop_server(GtkWidget *widget, const char *action, GVariant *param)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(widget);
	if (!self->segment_name)
		return;
	set_action_error(self, NULL);
	sm_rpc_channel_watch_close(&self->channel);
	sm_rpc_serve_stop(&self->servers, self->segment_name);
	refresh(self);
}

static void create_channel(GtkWidget *widget, const char *action, GVariant *param)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(widget);
	const char *name = g_variant_get_string(param, NULL);
	g_autofree char *quoted = sm_quote_name(name);
	g_autofree char *bad_name = sm_segment_factory_name_text(SM_KIND_RPC, name);
	if (bad_name) { /* the rule to follow, as the create dialog says it */
		set_action_error(self, *name ? g_strdup_printf("Cannot create channel %s. %s", quoted, bad_name)
					     : g_strdup("Enter a name for the new channel."));
		return;
	}
	int r = sm_rpc_serve_create(&self->servers, name, sm_rpc_bench_form_configure(&self->form, name));
	if (r < 0) {
		g_autofree char *what = g_strdup_printf("Cannot create channel %s", quoted);
		set_action_error(self, sm_rpc_serve_failure_text(what, name, r));
		return;
	}
	set_action_error(self, NULL);
	gtk_editable_set_text(GTK_EDITABLE(self->new_name_entry), "");
	/* Show it: the window selects it (and sets our segment-name); alone,
	 * this view switches to it. */
	if (!gtk_widget_activate_action(widget, "win.refresh", NULL) ||
	    !gtk_widget_activate_action(widget, "win.select-segment", "s", name))
		sm_rpc_bench_view_set_segment_name(self, name);
}

static void create_clicked(SmRpcBenchView *self)
{
	const char *name = gtk_editable_get_text(GTK_EDITABLE(self->new_name_entry));
	gtk_widget_activate_action(GTK_WIDGET(self), "rpc-bench.create-channel", "s", name);
}

static void hist_toggled(SmRpcBenchView *self)
{
	refresh(self);
}

/* ---- Runs ---------------------------------------------------------------------- */

static void run_done(SmRpcLoad *load, gpointer data)
{
	SmRpcBenchView *self = data;
	sm_rpc_run_keeper_record(&self->keeper, load);
	refresh(self);
}

static void start_run(GtkWidget *widget, const char *action, GVariant *param)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(widget);
	if (!self->segment_name || sm_rpc_bench_view_is_running(self))
		return;
	read_channel(self);
	SmRpcLoadSettings s = { 0 };
	s.channel = self->segment_name;
	char *cannot = sm_rpc_bench_form_get_traffic(&self->form, &s);
	if (cannot) {
		set_action_error(self, cannot);
		return;
	}
	if (serving_without_handler(self)) {
		g_autofree char *quoted = sm_quote_name(self->segment_name);
		set_action_error(self, g_strdup_printf("Cannot start a run: this workbench serves %s with no handler, "
						       "so every call would fail; Start Server attaches the chosen one",
						       quoted));
		return;
	}
	/* Our own server takes the raw payload and we know its handler, so
	 * responses are checked; a server elsewhere gets its echo method. */
	if (server_is_here(self) && local_server(self)) {
		SmRpcBuiltin *b = sm_rpc_builtin_for(self->segment_name);
		s.form = SM_RPC_REQUEST_RAW;
		s.expect = g_atomic_int_get(&b->attached) ? g_atomic_int_get(&b->kind) : -1;
	} else {
		s.form = SM_RPC_REQUEST_ECHO;
		s.expect = SM_RPC_BUILTIN_ECHO;
	}
	sm_rpc_run_keeper_start(&self->keeper, &s, run_done, self);
	gtk_toggle_button_set_active(self->hist_run_toggle, TRUE);
	sm_rpc_rate_sampler_restart(&self->sampler);
	set_action_error(self, NULL);
	refresh(self);
}

static void stop_run(GtkWidget *widget, const char *action, GVariant *param)
{
	sm_rpc_run_keeper_stop(&SM_RPC_BENCH_VIEW(widget)->keeper);
}

/* ---- Public --------------------------------------------------------------- */

void sm_rpc_bench_view_set_segment_name(SmRpcBenchView *self, const char *name)
{
	g_return_if_fail(SM_IS_RPC_BENCH_VIEW(self));
	/* A finished run belongs to its channel: another channel starts with
	 * none (the runs list keeps its record).  A run still going goes on,
	 * shown again when its channel is. */
	if (g_strcmp0(name, self->segment_name) != 0 && !sm_rpc_bench_view_is_running(self))
		sm_rpc_run_keeper_forget(&self->keeper);
	g_free(self->segment_name);
	self->segment_name = g_strdup(name);
	g_clear_pointer(&self->action_error, g_free);
	sm_rpc_channel_watch_close(&self->channel);
	g_autofree char *shown = sm_format_text(name);
	gtk_label_set_text(self->channel_label, name ? shown : "No channel");
	if (!self->keeper.load)
		gtk_toggle_button_set_active(self->hist_channel_toggle, TRUE);
	sm_rpc_rate_plot_clear(self->rate_plot);
	sm_rpc_rate_sampler_restart(&self->sampler);
	refresh(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEGMENT_NAME]);
}

const char *sm_rpc_bench_view_get_segment_name(SmRpcBenchView *self)
{
	return self->segment_name;
}

void sm_rpc_bench_view_set_handler(SmRpcBenchView *self, SmRpcBuiltinKind kind, guint sleep_us,
				   const char *fail_text)
{
	sm_rpc_bench_form_set_handler(&self->form, kind, sleep_us, fail_text);
}

void sm_rpc_bench_view_set_traffic(SmRpcBenchView *self, guint payload, guint callers, double rate,
				   guint limit, double limit_value, int timeout_ms)
{
	sm_rpc_bench_form_set_traffic(&self->form, payload, callers, rate, limit, limit_value, timeout_ms);
}

SmRpcLoad *sm_rpc_bench_view_get_load(SmRpcBenchView *self)
{
	return self->keeper.load;
}

gboolean sm_rpc_bench_view_is_running(SmRpcBenchView *self)
{
	return sm_rpc_run_keeper_is_running(&self->keeper);
}

void sm_rpc_bench_view_refresh(SmRpcBenchView *self)
{
	refresh(self);
}

const char *sm_rpc_bench_view_get_status(SmRpcBenchView *self)
{
	return gtk_label_get_text(self->run_status);
}

const char *sm_rpc_bench_view_get_error(SmRpcBenchView *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->error_label)) ? gtk_label_get_text(self->error_label) : NULL;
}

gboolean sm_rpc_bench_view_get_channel_stats(SmRpcBenchView *self, struct sm_rpc_stats *out)
{
	if (self->channel.have_stats)
		*out = self->channel.stats;
	return self->channel.have_stats;
}

SmRpcHistogram *sm_rpc_bench_view_get_histogram(SmRpcBenchView *self)
{
	return self->histogram;
}

guint sm_rpc_bench_view_get_sample_rate(SmRpcBenchView *self)
{
	g_return_val_if_fail(SM_IS_RPC_BENCH_VIEW(self), 0);
	return self->rate;
}

SmRpcRatePlot *sm_rpc_bench_view_get_rate_plot(SmRpcBenchView *self)
{
	return self->rate_plot;
}

SmRpcRuns *sm_rpc_bench_view_get_runs(SmRpcBenchView *self)
{
	return self->runs;
}

/* ---- Object ---------------------------------------------------------------- */

static void sm_rpc_bench_view_map(GtkWidget *widget)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(widget);
	GTK_WIDGET_CLASS(sm_rpc_bench_view_parent_class)->map(widget);
	restart_timer(self);
	refresh(self);
}

static void sm_rpc_bench_view_unmap(GtkWidget *widget)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(widget);
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	GTK_WIDGET_CLASS(sm_rpc_bench_view_parent_class)->unmap(widget);
}

static void sm_rpc_bench_view_dispose(GObject *object)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(object);
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	g_clear_object(&self->settings);
	sm_rpc_run_keeper_clear(&self->keeper);
	sm_rpc_channel_watch_close(&self->channel);
	sm_rpc_serve_clear(&self->servers);
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_RPC_BENCH_VIEW);
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))))
		gtk_widget_unparent(child);
	G_OBJECT_CLASS(sm_rpc_bench_view_parent_class)->dispose(object);
}

static void sm_rpc_bench_view_finalize(GObject *object)
{
	SmRpcBenchView *self = SM_RPC_BENCH_VIEW(object);
	g_free(self->segment_name);
	g_free(self->action_error);
	sm_rpc_summary_free(self->summary);
	sm_rpc_stats_table_free(self->stats_table);
	G_OBJECT_CLASS(sm_rpc_bench_view_parent_class)->finalize(object);
}

static void sm_rpc_bench_view_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
	if (id == PROP_SEGMENT_NAME)
		g_value_set_string(value, SM_RPC_BENCH_VIEW(object)->segment_name);
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void sm_rpc_bench_view_set_property(GObject *object, guint id, const GValue *value,
					   GParamSpec *pspec)
{
	if (id == PROP_SEGMENT_NAME)
		sm_rpc_bench_view_set_segment_name(SM_RPC_BENCH_VIEW(object), g_value_get_string(value));
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void sm_rpc_bench_view_class_init(SmRpcBenchViewClass *klass)
{
	GObjectClass *oc = G_OBJECT_CLASS(klass);
	GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
	oc->dispose = sm_rpc_bench_view_dispose;
	oc->finalize = sm_rpc_bench_view_finalize;
	oc->get_property = sm_rpc_bench_view_get_property;
	oc->set_property = sm_rpc_bench_view_set_property;
	wc->map = sm_rpc_bench_view_map;
	wc->unmap = sm_rpc_bench_view_unmap;

	properties[PROP_SEGMENT_NAME] =
		g_param_spec_string("segment-name", NULL, NULL, NULL,
				    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(oc, N_PROPS, properties);

	g_type_ensure(SM_TYPE_RPC_HISTOGRAM);
	g_type_ensure(SM_TYPE_RPC_RATE_PLOT);
	g_type_ensure(SM_TYPE_RPC_RUNS);
	gtk_widget_class_set_template_from_resource(wc, SM_RESOURCE_PATH "/ui/sm-rpc-bench-view.ui");
#define CHILD(n) gtk_widget_class_bind_template_child(wc, SmRpcBenchView, n)
	CHILD(channel_label);
	CHILD(channel_status);
	CHILD(run_status);
	CHILD(error_label);
	CHILD(hist_title);
	CHILD(new_name_entry);
	CHILD(hist_run_toggle);
	CHILD(hist_channel_toggle);
	CHILD(rate_plot);
	CHILD(histogram);
	CHILD(summary_box);
	CHILD(stats_box);
	CHILD(peers_label);
	CHILD(runs);
#undef CHILD
#define FORM(n) gtk_widget_class_bind_template_child_full(wc, #n, FALSE, G_STRUCT_OFFSET(SmRpcBenchView, form.n))
	FORM(handler_drop);
	FORM(sleep_spin);
	FORM(fail_entry);
	FORM(payload_spin);
	FORM(callers_spin);
	FORM(rate_spin);
	FORM(limit_spin);
	FORM(timeout_spin);
	FORM(fast_check);
	FORM(limit_drop);
#undef FORM
	gtk_widget_class_bind_template_callback(wc, create_clicked);
	gtk_widget_class_bind_template_callback(wc, hist_toggled);

	gtk_widget_class_install_action(wc, "rpc-bench.start-server", NULL, start_server);
	gtk_widget_class_install_action(wc, "rpc-bench.stop-server", NULL, stop_server);
	gtk_widget_class_install_action(wc, "rpc-bench.create-channel", "s", create_channel);
	gtk_widget_class_install_action(wc, "rpc-bench.start-run", NULL, start_run);
	gtk_widget_class_install_action(wc, "rpc-bench.stop-run", NULL, stop_run);
	gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
	gtk_widget_class_set_css_name(wc, "rpcbench");
}

static void sm_rpc_bench_view_init(SmRpcBenchView *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->servers.page = GTK_WIDGET(self);
	sm_rpc_run_keeper_init(&self->keeper, self->runs);
	self->summary = sm_rpc_summary_new(self->summary_box);
	self->stats_table = sm_rpc_stats_table_new(self->stats_box, self->peers_label);
	sm_rpc_bench_form_init(&self->form);
	gtk_label_set_text(self->channel_label, "No channel");
	self->settings = sm_settings_follow_sample_rate(self, on_sample_rate_changed);
	refresh(self);
}
