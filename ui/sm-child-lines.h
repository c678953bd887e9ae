/* sm-child-lines.h — a child process's output (its stdout or stderr
 * pipe) read line by line without blocking the main loop. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* `line` without its newline, as the child wrote it (not checked to be
 * UTF-8); NULL once, at the end of the output or on a read error. */
typedef void (*SmChildLineFunc)(const char *line, gpointer data);

/* Call `fn` for each line of `stream`, then with NULL at its end.  Once
 * `cancellable` is cancelled (also from inside `fn`), `fn` is not called
 * again: cancel before freeing `data`.  The reading holds references to
 * `stream` and `cancellable` until it ends. */
void sm_child_read_lines(GInputStream *stream, GCancellable *cancellable, SmChildLineFunc fn,
			 gpointer data);

G_END_DECLS
