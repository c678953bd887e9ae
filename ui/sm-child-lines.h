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
 * again: cancel before freeing `data`.  `destroy` (or NULL) is called on
 * `data` when the reading ends, either way.  The reading holds references
 * to `stream` and `cancellable` until then. */
void sm_child_read_lines(GInputStream *stream, GCancellable *cancellable, SmChildLineFunc fn,
			 gpointer data, GDestroyNotify destroy);

/* `last`: the last non-empty line a child wrote on stderr, shown
 * (sm_shown_text(): printable, cut to a couple of hundred bytes), or NULL
 * when it wrote none. */
typedef void (*SmChildLastLineFunc)(const char *last, gpointer data);

/* Read a child's stderr: pass each line on to our own stderr (as if the
 * child had inherited it) and, at its end, call `done` with the last line
 * that says something (not a blank line, not the CLI's "Try 'sharedmem
 * ... --help'." hint).  Cancelled, as sm_child_read_lines(). */
void sm_child_read_stderr(GInputStream *stream, GCancellable *cancellable, SmChildLastLineFunc done,
			  gpointer data);

G_END_DECLS
