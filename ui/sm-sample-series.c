/* sm-sample-series.c — see sm-sample-series.h. */
#include "sm-sample-series.h"

struct _SmSampleSeries {
	GObject parent_instance;
	SmSample *samples;      /* ring of capacity entries */
	guint capacity;
	guint start;            /* index of the oldest */
	guint n;
	SmRingCounters prev;    /* rate baseline */
	gboolean have_prev;
	gboolean gap;           /* sm_sample_series_break() since the last push */
};

G_DEFINE_FINAL_TYPE(SmSampleSeries, sm_sample_series, G_TYPE_OBJECT)

enum { SIGNAL_SAMPLE_ADDED, SIGNAL_SAMPLES_DROPPED, N_SIGNALS };
static guint signals[N_SIGNALS];

double sm_rate_per_second(guint64 prev, guint64 cur, guint64 dt_ns)
{
	if (dt_ns == 0 || cur < prev)
		return 0.0;
	return (double)(cur - prev) * 1e9 / (double)dt_ns;
}

static void sm_sample_series_finalize(GObject *object)
{
	SmSampleSeries *self = SM_SAMPLE_SERIES(object);
	g_free(self->samples);
	G_OBJECT_CLASS(sm_sample_series_parent_class)->finalize(object);
}

static void sm_sample_series_class_init(SmSampleSeriesClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sm_sample_series_finalize;
	/* Emitted after each push, once the new sample is readable. */
	signals[SIGNAL_SAMPLE_ADDED] = g_signal_new("sample-added", G_TYPE_FROM_CLASS(klass),
		G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
	/* Emitted when a clear or a smaller capacity dropped samples: a
	 * chart holding points for them must let go of those. */
	signals[SIGNAL_SAMPLES_DROPPED] = g_signal_new("samples-dropped", G_TYPE_FROM_CLASS(klass),
		G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void sm_sample_series_init(SmSampleSeries *self)
{
}

SmSampleSeries *sm_sample_series_new(guint capacity)
{
	SmSampleSeries *self = g_object_new(SM_TYPE_SAMPLE_SERIES, NULL);
	sm_sample_series_set_capacity(self, capacity);
	return self;
}

guint sm_sample_series_get_capacity(SmSampleSeries *self)
{
	g_return_val_if_fail(SM_IS_SAMPLE_SERIES(self), 0);
	return self->capacity;
}

void sm_sample_series_clear(SmSampleSeries *self)
{
	g_return_if_fail(SM_IS_SAMPLE_SERIES(self));
	guint dropped = self->n;
	self->start = 0;
	self->n = 0;
	self->have_prev = FALSE;
	self->gap = FALSE;
	if (dropped)
		g_signal_emit(self, signals[SIGNAL_SAMPLES_DROPPED], 0);
}

void sm_sample_series_break(SmSampleSeries *self)
{
	g_return_if_fail(SM_IS_SAMPLE_SERIES(self));
	self->have_prev = FALSE;
	self->gap = self->n > 0;
}

void sm_sample_series_set_capacity(SmSampleSeries *self, guint capacity)
{
	g_return_if_fail(SM_IS_SAMPLE_SERIES(self));
	capacity = MAX(capacity, 2);
	/* Keep the newest samples: the chart places them by their time, so a
	 * new sample rate continues the same history. */
	SmSample *kept = g_new0(SmSample, capacity);
	guint keep = MIN(self->n, capacity);
	for (guint i = 0; i < keep; i++)
		kept[i] = *sm_sample_series_get(self, self->n - keep + i);
	g_free(self->samples);
	self->samples = kept;
	self->capacity = capacity;
	self->start = 0;
	guint dropped = self->n - keep;
	self->n = keep;
	if (dropped)
		g_signal_emit(self, signals[SIGNAL_SAMPLES_DROPPED], 0);
}

void sm_sample_series_push(SmSampleSeries *self, const SmRingCounters *c)
{
	g_return_if_fail(SM_IS_SAMPLE_SERIES(self));
	g_return_if_fail(c != NULL);

	SmSample s = {
		.time_ns = c->time_ns,
		.occupancy = c->occupancy,
		.node_count = c->node_count,
		.messages_read = c->messages_read,
		.bytes_read = c->bytes_read,
		.messages_written = c->messages_written,
		.bytes_written = c->bytes_written,
		/* No baseline (the first sample, or the first after a clear):
		 * no rate either, rather than a 0 that was never measured. */
		.after_gap = self->gap || !self->have_prev,
	};
	self->gap = FALSE;
	if (self->have_prev && c->time_ns > self->prev.time_ns) {
		guint64 dt = c->time_ns - self->prev.time_ns;
		s.messages_per_s = sm_rate_per_second(self->prev.messages_read, c->messages_read, dt);
		s.bytes_per_s = sm_rate_per_second(self->prev.bytes_read, c->bytes_read, dt);
	}
	self->prev = *c;
	self->have_prev = TRUE;

	if (self->n < self->capacity) {
		self->samples[(self->start + self->n) % self->capacity] = s;
		self->n++;
	} else {
		self->samples[self->start] = s;
		self->start = (self->start + 1) % self->capacity;
	}
	g_signal_emit(self, signals[SIGNAL_SAMPLE_ADDED], 0);
}

guint sm_sample_series_get_n_samples(SmSampleSeries *self)
{
	g_return_val_if_fail(SM_IS_SAMPLE_SERIES(self), 0);
	return self->n;
}

const SmSample *sm_sample_series_get(SmSampleSeries *self, guint i)
{
	g_return_val_if_fail(SM_IS_SAMPLE_SERIES(self), NULL);
	if (i >= self->n)
		return NULL;
	return &self->samples[(self->start + i) % self->capacity];
}

const SmSample *sm_sample_series_get_latest(SmSampleSeries *self)
{
	g_return_val_if_fail(SM_IS_SAMPLE_SERIES(self), NULL);
	return self->n ? sm_sample_series_get(self, self->n - 1) : NULL;
}

char *sm_sample_series_to_csv(SmSampleSeries *self)
{
	g_return_val_if_fail(SM_IS_SAMPLE_SERIES(self), NULL);
	GString *out = g_string_new("time_s,occupancy,node_count,messages_per_s,mb_per_s,"
				    "messages_read,bytes_read,messages_written,bytes_written\n");
	const SmSample *first = sm_sample_series_get(self, 0);
	for (guint i = 0; i < self->n; i++) {
		const SmSample *s = sm_sample_series_get(self, i);
		char t[G_ASCII_DTOSTR_BUF_SIZE], m[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
		/* g_ascii_formatd: a '.' decimal point whatever the locale. */
		g_ascii_formatd(t, sizeof t, "%.3f", (double)(s->time_ns - first->time_ns) / 1e9);
		g_ascii_formatd(m, sizeof m, "%.1f", s->messages_per_s);
		g_ascii_formatd(b, sizeof b, "%.3f", s->bytes_per_s / 1e6);
		if (s->after_gap)
			m[0] = b[0] = '\0'; /* not sampled across the gap */
		g_string_append_printf(out, "%s,%u,%u,%s,%s,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
				       ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
				       t, s->occupancy, s->node_count, m, b, s->messages_read,
				       s->bytes_read, s->messages_written, s->bytes_written);
	}
	return g_string_free(out, FALSE);
}
