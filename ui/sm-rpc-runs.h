/* sm-rpc-runs.h — the bench's runs: a table of finished runs (settings
 * and results, one column per field of sm_rpc_run_fields that is marked
 * as a column), a side-by-side comparison of two runs, and export / import
 * as CSV or JSON.
 *
 * Actions (installed in class_init, group "runs"):
 *   runs.compare         compare the two selected runs (or the last two)
 *   runs.export  s       "csv" or "json": save every run to a file (a
 *                        file chooser asks where)
 *   runs.import          read runs back from a CSV or JSON file
 *   runs.clear           forget every run */
#pragma once

#include <gtk/gtk.h>

#include "sm-rpc-run.h"

G_BEGIN_DECLS

#define SM_TYPE_RPC_RUNS (sm_rpc_runs_get_type())
G_DECLARE_FINAL_TYPE(SmRpcRuns, sm_rpc_runs, SM, RPC_RUNS, GtkWidget)

GtkWidget *sm_rpc_runs_new(void);
/* The runs (SmRpcRun), oldest first. */
GListModel *sm_rpc_runs_get_model(SmRpcRuns *self);
void sm_rpc_runs_add(SmRpcRuns *self, SmRpcRun *run);
/* Compare runs a and b (positions in the model); FALSE if out of range. */
gboolean sm_rpc_runs_compare(SmRpcRuns *self, guint a, guint b);
/* The comparison's text for field `name`, column 0 (a), 1 (b) or 2 (b vs a);
 * NULL if nothing is compared. */
const char *sm_rpc_runs_get_compared(SmRpcRuns *self, const char *name, guint column);

/* Write every run to `file` as "csv" or "json". */
gboolean sm_rpc_runs_export(SmRpcRuns *self, GFile *file, const char *format, GError **error);
/* Append the runs read from `file`; returns how many, or -1 with *error. */
int sm_rpc_runs_import(SmRpcRuns *self, GFile *file, GError **error);

G_END_DECLS
