/* sm-view-pages.h — the views on the right of the window, one GtkStack
 * page each, in order.  The contract every view keeps is described at the
 * top of sm-window.c: a string property "segment-name". */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Bit (1 << kind) for each enum sm_kind a page applies to; 0 = every kind. */
#define SM_PAGE_KIND(k) (1u << (k))

typedef struct {
	const char *name;           /* stack page name: "header", "monitor", ... */
	const char *title;          /* stack switcher label */
	GType (*get_type)(void);    /* the view widget's type; NULL = not built yet */
	guint kinds;                /* SM_PAGE_KIND() mask of kinds shown for, 0 = all */
	gboolean writes;            /* writes into the ring: not for an RPC channel's */
} SmViewPage;

extern const SmViewPage sm_view_pages[];
extern const guint sm_n_view_pages;

G_END_DECLS
