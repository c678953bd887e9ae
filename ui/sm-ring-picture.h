/* sm-ring-picture.h — the "picture" view: the ring named by
 * "segment-name" drawn as nodes around a circle, coloured by state and
 * animating as the ring runs, with a legend; and a teaching mode that
 * drives a small ring of its own step by step, with a log in plain words
 * and a short explanation of why no lock is needed.
 *
 * Actions: picture.teach (stateful, the "teaching" property),
 * picture.step, picture.auto-step (stateful, the "auto-step" property),
 * picture.recover (sm_ring_picture_recover). */
#pragma once

#include <gtk/gtk.h>

#include "sm-ring-dial.h"
#include "sm-ring-teacher.h"

G_BEGIN_DECLS

#define SM_TYPE_RING_PICTURE (sm_ring_picture_get_type())
G_DECLARE_FINAL_TYPE(SmRingPicture, sm_ring_picture, SM, RING_PICTURE, GtkWidget)

GtkWidget *sm_ring_picture_new(void);
void sm_ring_picture_set_segment_name(SmRingPicture *self, const char *name);
const char *sm_ring_picture_get_segment_name(SmRingPicture *self);
void sm_ring_picture_set_teaching(SmRingPicture *self, gboolean teaching);
gboolean sm_ring_picture_get_teaching(SmRingPicture *self);
void sm_ring_picture_set_auto_step(SmRingPicture *self, gboolean auto_step);
gboolean sm_ring_picture_get_auto_step(SmRingPicture *self);

/* Refresh the picture from its ring now; FALSE if there is none. */
gboolean sm_ring_picture_sample_now(SmRingPicture *self);
SmRingDial *sm_ring_picture_get_dial(SmRingPicture *self);
/* Reclaim the watched ring's nodes held by dead processes
 * (sm_ring_recover), say so beside the button and refresh: the count, or
 * -errno (-EINVAL in teaching mode or with no ring). */
int sm_ring_picture_recover(SmRingPicture *self);
/* The teaching ring's driver, or NULL outside teaching mode. */
SmRingTeacher *sm_ring_picture_get_teacher(SmRingPicture *self);
/* The teaching log's text (g_free it): its newest
 * SM_RING_PICTURE_LOG_LINES lines (Auto-Step adds 9000 an hour). */
#define SM_RING_PICTURE_LOG_LINES 2000
char *sm_ring_picture_get_log_text(SmRingPicture *self);

G_END_DECLS
