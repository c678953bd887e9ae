/* sm-rpc-serve.h — the channels the RPC page serves from the workbench,
 * each with its built-in handler (SmRpcBuiltin): made, found again,
 * (re)attached, stopped.  A server belongs to the application of the
 * page's window when there is one (closed when it quits), else to the
 * page itself (one at a time). */
#pragma once

#include <gtk/gtk.h>

#include "sm-rpc-builtin.h"

G_BEGIN_DECLS

typedef struct {
	GtkWidget *page; /* its window's application owns the servers */
	sm_rpc    *own;  /* the page's own server, when there is no application */
} SmRpcServe;

/* This workbench's server of channel `name` (may be NULL), or NULL.
 * Without an application: the page's own server, whichever it is. */
sm_rpc *sm_rpc_serve_find(SmRpcServe *s, const char *name);
/* Create channel `name` (replacing a stale one) served by `b`, attached
 * before the first request can come.  0, or -errno from sm_rpc_create()
 * (`b` detached again). */
int sm_rpc_serve_create(SmRpcServe *s, const char *name, SmRpcBuiltin *b);
/* Serve with `b` again on `here`, a server of this workbench (its
 * handler detached, or another chosen).  0, or -errno from
 * sm_rpc_set_handler(). */
int sm_rpc_serve_attach(sm_rpc *here, SmRpcBuiltin *b);
/* Detach channel `name`'s built-in and close this workbench's server of
 * it, which removes the channel. */
void sm_rpc_serve_stop(SmRpcServe *s, const char *name);
/* Close the page's own server (its dispose). */
void sm_rpc_serve_clear(SmRpcServe *s);
/* "WHAT: why" for a failure `r` to create `name`; a name taken is said as
 * the create dialog says it, by what (a segment, a file that is none), in
 * a sentence of its own.  Free with g_free(). */
char *sm_rpc_serve_failure_text(const char *what, const char *name, int r);

G_END_DECLS
