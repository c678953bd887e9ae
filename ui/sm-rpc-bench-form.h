/* sm-rpc-bench-form.h — the RPC page's settings as a user types them:
 * the handler the in-app server is to use (In-App Server) and the
 * traffic a run is to make (Traffic).  The widgets are the page
 * template's (bound into the form by name); the form reads and sets
 * them, and keeps off the fields that would change nothing: Sleep and
 * Error text but for their own handler, the target rate while "As fast
 * as possible" is on, the limit's value while the run goes until
 * stopped. */
#pragma once

#include <gtk/gtk.h>

#include "sm-rpc-builtin.h"
#include "sm-rpc-load.h"

G_BEGIN_DECLS

typedef struct {
	/* In-App Server */
	GtkDropDown    *handler_drop;
	GtkSpinButton  *sleep_spin;
	GtkEntry       *fail_entry;
	/* Traffic */
	GtkSpinButton  *payload_spin, *callers_spin, *rate_spin, *limit_spin, *timeout_spin;
	GtkCheckButton *fast_check;
	GtkDropDown    *limit_drop; /* 0 seconds, 1 calls, 2 until stopped */
} SmRpcBenchForm;

/* Once the template is built: start keeping the idle fields off. */
void sm_rpc_bench_form_init(SmRpcBenchForm *f);
/* Give channel `name`'s built-in the handler chosen; returns it. */
SmRpcBuiltin *sm_rpc_bench_form_configure(SmRpcBenchForm *f, const char *name);
/* Set the fields (what a user would type); see sm-rpc-bench-view.h. */
void sm_rpc_bench_form_set_handler(SmRpcBenchForm *f, SmRpcBuiltinKind kind, guint sleep_us,
				   const char *fail_text);
void sm_rpc_bench_form_set_traffic(SmRpcBenchForm *f, guint payload, guint callers, double rate, guint limit,
				   double limit_value, int timeout_ms);
/* The traffic asked for into `s`: payload, callers, rate, duration_ms or
 * count, timeout_ms.  NULL, or why no run can start with it (free with
 * g_free()). */
char *sm_rpc_bench_form_get_traffic(SmRpcBenchForm *f, SmRpcLoadSettings *s);

G_END_DECLS
