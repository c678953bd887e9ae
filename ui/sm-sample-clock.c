/* sm-sample-clock.c — see sm-sample-clock.h. */
#include "sm-sample-clock.h"

typedef struct {
	guint id;
	void (*fn)(gpointer);
	gpointer data;
} Subscriber;

typedef struct {
	guint per_second;
	guint source;
	GArray *subs; /* of Subscriber */
} Tick;

static GPtrArray *ticks; /* of Tick*, one per rate in use */
static guint next_id = 1;

static gboolean on_tick(gpointer data)
{
	Tick *t = data;
	/* A callback may add or remove subscribers: call from a copy, and
	 * skip those removed meanwhile. */
	GArray *copy = g_array_copy(t->subs);
	for (guint i = 0; i < copy->len; i++) {
		Subscriber s = g_array_index(copy, Subscriber, i);
		gboolean still = FALSE;
		for (guint j = 0; j < t->subs->len && !still; j++)
			still = g_array_index(t->subs, Subscriber, j).id == s.id;
		if (still)
			s.fn(s.data);
	}
	g_array_unref(copy);
	return G_SOURCE_CONTINUE;
}

guint sm_sample_clock_add(guint per_second, void (*fn)(gpointer data), gpointer data)
{
	per_second = CLAMP(per_second, 1, 1000);
	if (!ticks)
		ticks = g_ptr_array_new();
	Tick *t = NULL;
	for (guint i = 0; i < ticks->len && !t; i++)
		if (((Tick *)g_ptr_array_index(ticks, i))->per_second == per_second)
			t = g_ptr_array_index(ticks, i);
	if (!t) {
		t = g_new0(Tick, 1);
		t->per_second = per_second;
		t->subs = g_array_new(FALSE, FALSE, sizeof(Subscriber));
		t->source = g_timeout_add(1000 / per_second, on_tick, t);
		g_ptr_array_add(ticks, t);
	}
	Subscriber s = { next_id++, fn, data };
	g_array_append_val(t->subs, s);
	return s.id;
}

void sm_sample_clock_remove(guint id)
{
	for (guint i = 0; id && ticks && i < ticks->len; i++) {
		Tick *t = g_ptr_array_index(ticks, i);
		for (guint j = 0; j < t->subs->len; j++) {
			if (g_array_index(t->subs, Subscriber, j).id != id)
				continue;
			g_array_remove_index(t->subs, j);
			if (t->subs->len == 0) {
				g_source_remove(t->source);
				g_array_unref(t->subs);
				g_ptr_array_remove_index(ticks, i);
				g_free(t);
			}
			return;
		}
	}
}
