/* sm-child-lines.c — see sm-child-lines.h. */
#include "sm-child-lines.h"

#include <stdio.h>
#include <string.h>

#include "sharedmem/inspect.h"

#define LAST_LINE_MAX 256 /* bytes kept of the last stderr line, shown */

typedef struct {
	GDataInputStream *in;
	GCancellable *cancellable;
	SmChildLineFunc fn;
	gpointer data;
	GDestroyNotify destroy;
} Reader;

static void reader_free(Reader *r)
{
	if (r->destroy)
		r->destroy(r->data);
	g_object_unref(r->in);
	g_object_unref(r->cancellable);
	g_free(r);
}

static void read_next(Reader *r);

static void on_line(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Reader *r = user_data;
	char *line = g_data_input_stream_read_line_finish(r->in, result, NULL, NULL);
	/* Cancelled: the caller may have freed `data` already. */
	if (g_cancellable_is_cancelled(r->cancellable)) {
		g_free(line);
		reader_free(r);
		return;
	}
	r->fn(line, r->data);
	if (!line) {
		reader_free(r);
		return;
	}
	g_free(line);
	read_next(r); /* finds the cancellation if `fn` stopped the reading */
}

static void read_next(Reader *r)
{
	g_data_input_stream_read_line_async(r->in, G_PRIORITY_DEFAULT, r->cancellable, on_line, r);
}

void sm_child_read_lines(GInputStream *stream, GCancellable *cancellable, SmChildLineFunc fn,
			 gpointer data, GDestroyNotify destroy)
{
	Reader *r = g_new0(Reader, 1);
	r->in = g_data_input_stream_new(stream);
	r->cancellable = g_object_ref(cancellable);
	r->fn = fn;
	r->data = data;
	r->destroy = destroy;
	read_next(r);
}

/* ---- stderr: passed on, the last line kept ---- */

typedef struct {
	SmChildLastLineFunc done;
	gpointer data;
	char *last;
} Stderr;

static void stderr_free(gpointer data)
{
	Stderr *e = data;
	g_free(e->last);
	g_free(e);
}

/* The CLI's usage errors end with "Try 'sharedmem ... --help'.": the line
 * before says what was wrong. */
static gboolean is_usage_hint(const char *line)
{
	return g_str_has_prefix(line, "Try '") && g_str_has_suffix(line, "--help'.");
}

static void on_stderr_line(const char *line, gpointer data)
{
	Stderr *e = data;
	if (!line) {
		e->done(e->last, e->data);
		return;
	}
	fprintf(stderr, "%s\n", line);
	if (line[strspn(line, " \t\r")] == '\0' || is_usage_hint(line))
		return;
	char shown[LAST_LINE_MAX];
	g_free(e->last);
	e->last = g_strdup(sm_shown_text(line, shown, sizeof shown)); /* cut if longer */
}

void sm_child_read_stderr(GInputStream *stream, GCancellable *cancellable, SmChildLastLineFunc done,
			  gpointer data)
{
	Stderr *e = g_new0(Stderr, 1);
	e->done = done;
	e->data = data;
	sm_child_read_lines(stream, cancellable, on_stderr_line, e, stderr_free);
}
