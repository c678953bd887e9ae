/* sm-ringui-views.h — owned by ringui (issue 7): the get_type functions
 * of the ring views, used by sm-view-pages.c. */
#pragma once

#include "sm-ring-monitor.h"
#include "sm-ring-picture.h"
#include "sm-traffic-panel.h"

#define SM_RINGUI_MONITOR_VIEW_TYPE sm_ring_monitor_get_type /* page "monitor" */
#define SM_RINGUI_PICTURE_VIEW_TYPE sm_ring_picture_get_type /* page "picture" */
#define SM_RINGUI_TRAFFIC_VIEW_TYPE sm_traffic_panel_get_type /* page "traffic" */
