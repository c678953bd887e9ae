/* sm-rpc-builtin.h — the built-in handlers of the workbench's in-app RPC
 * server: echo, add, sleep N µs, fail with an error.
 *
 * The handler applies to the raw request bytes (the bench sends raw
 * payloads to an in-app server):
 *   echo   -> the request unchanged
 *   add    -> the sum of the request's bytes (unsigned), as 8 bytes
 *             little-endian
 *   sleep  -> sleeps sleep_us µs (cut short once `attached` is cleared,
 *             so stopping a server never waits long), then echoes
 *   fail   -> an error reply -EIO with the configured text
 * The mode can change while the server runs.  One SmRpcBuiltin exists per
 * channel name for the life of the process (never freed), so a handle that
 * outlives the view that set the handler never points at freed memory. */
#pragma once

#include <glib.h>

#include "sharedmem.h"

G_BEGIN_DECLS

typedef enum {
	SM_RPC_BUILTIN_ECHO,
	SM_RPC_BUILTIN_ADD,
	SM_RPC_BUILTIN_SLEEP,
	SM_RPC_BUILTIN_FAIL,
	SM_RPC_BUILTIN_N
} SmRpcBuiltinKind;

typedef struct {
	gint    kind;      /* SmRpcBuiltinKind, atomic */
	guint   sleep_us;  /* atomic */
	GMutex  lock;      /* guards fail_text */
	char    fail_text[SM_RPC_ERROR_TEXT_MAX];
	guint64 served;    /* requests answered, atomic */
	gint    attached;  /* 1 while a server of this process uses it, atomic */
} SmRpcBuiltin;

/* "echo", "add", "sleep", "fail". */
const char *sm_rpc_builtin_name(SmRpcBuiltinKind kind);

/* The state for channel `name` (created on first use, in echo mode). */
SmRpcBuiltin *sm_rpc_builtin_for(const char *name);
/* Close a channel this workbench serves (an sm_rpc *, as an SmCloseFunc):
 * its built-in is detached first, so a "sleep" handler still running
 * ends at once rather than hold the close (and the main thread) up. */
void sm_rpc_builtin_close_server(void *rpc);
void sm_rpc_builtin_configure(SmRpcBuiltin *b, SmRpcBuiltinKind kind, guint sleep_us,
			      const char *fail_text);

/* The sm_rpc_handler_fn; user is an SmRpcBuiltin. */
int sm_rpc_builtin_handler(void *user, const struct sm_rpc_request *req,
			   struct sm_rpc_reply *reply);

/* The sum the add handler answers for `len` bytes at `data`. */
guint64 sm_rpc_builtin_sum(const void *data, gsize len);

G_END_DECLS
