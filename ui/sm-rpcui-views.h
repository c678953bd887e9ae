/* sm-rpcui-views.h — owned by rpcui (issue 8): the get_type function of
 * the RPC bench view, used by sm-view-pages.c. */
#pragma once

#include "sm-rpc-bench-view.h"

#define SM_RPCUI_RPC_VIEW_TYPE sm_rpc_bench_view_get_type /* page "rpc" */
