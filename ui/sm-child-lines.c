/* sm-child-lines.c — see sm-child-lines.h. */
#include "sm-child-lines.h"

typedef struct {
	GDataInputStream *in;
	GCancellable *cancellable;
	SmChildLineFunc fn;
	gpointer data;
} Reader;

static void reader_free(Reader *r)
{
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
			 gpointer data)
{
	Reader *r = g_new0(Reader, 1);
	r->in = g_data_input_stream_new(stream);
	r->cancellable = g_object_ref(cancellable);
	r->fn = fn;
	r->data = data;
	read_next(r);
}
