/* sm-ringui-views.h — owned by ringui (issue 7): the get_type functions
 * of the ring views, used by sm-view-pages.c.  Replace NULL with the
 * view's get_type (and include its header here), e.g.
 *   #include "sm-ring-monitor-view.h"
 *   #define SM_RINGUI_MONITOR_VIEW_TYPE sm_ring_monitor_view_get_type
 * To show a view for RPC channels too, change its mask in sm-view-pages.c. */
#pragma once

#define SM_RINGUI_MONITOR_VIEW_TYPE NULL /* page "monitor" */
#define SM_RINGUI_PICTURE_VIEW_TYPE NULL /* page "picture" */
#define SM_RINGUI_TRAFFIC_VIEW_TYPE NULL /* page "traffic" */
