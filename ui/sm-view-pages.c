/* sm-view-pages.c — the table of views.  Each helper names its own view
 * types in its own header (sm-ringui-views.h, sm-rpcui-views.h), so
 * adding a view never touches this file. */
#include "sm-view-pages.h"

#include "sharedmem.h"
#include "sm-header-view.h"
#include "sm-ringui-views.h"
#include "sm-rpcui-views.h"

const SmViewPage sm_view_pages[] = {
	{ "header", "Header", sm_header_view_get_type, 0, FALSE },
	{ "monitor", "Monitor", SM_RINGUI_MONITOR_VIEW_TYPE, SM_PAGE_KIND(SM_KIND_RING), FALSE },
	{ "picture", "Picture", SM_RINGUI_PICTURE_VIEW_TYPE, SM_PAGE_KIND(SM_KIND_RING), FALSE },
	{ "traffic", "Traffic", SM_RINGUI_TRAFFIC_VIEW_TYPE, SM_PAGE_KIND(SM_KIND_RING), TRUE },
	{ "rpc", "RPC Bench", SM_RPCUI_RPC_VIEW_TYPE, SM_PAGE_KIND(SM_KIND_RPC), FALSE },
};
const guint sm_n_view_pages = G_N_ELEMENTS(sm_view_pages);
