/* sm-ring-teacher.h — the ring picture's teaching mode: a small ring
 * (8 nodes of 64 bytes) driven one operation per step by the workbench
 * itself, each step told in plain words.  One cycle: fill the ring until
 * it is full, empty it until it is empty, then a producer process that
 * dies mid-write (a real child killed with SIGKILL between reserve and
 * commit), the ring's crash handling marking its node abandoned, and a
 * consumer reading past it; then it starts again. */
#pragma once

#include <glib-object.h>

#include "sharedmem/ring.h"

G_BEGIN_DECLS

typedef enum {
	SM_TEACH_RESERVED,    /* a producer claimed a node */
	SM_TEACH_WROTE,       /* ... wrote into it */
	SM_TEACH_COMMITTED,   /* ... committed it */
	SM_TEACH_FULL,        /* a producer found the ring full */
	SM_TEACH_CLAIMED,     /* a consumer claimed a node */
	SM_TEACH_READ,        /* ... read it */
	SM_TEACH_RELEASED,    /* ... released it */
	SM_TEACH_EMPTY,       /* a consumer found the ring empty */
	SM_TEACH_CHILD_RESERVED, /* a producer process claimed a node */
	SM_TEACH_CHILD_KILLED,   /* ... and was killed mid-write */
	SM_TEACH_WROTE_AFTER,    /* another message committed behind it */
	SM_TEACH_ABANDONED,      /* the dead producer's node was marked abandoned */
	SM_TEACH_RECOVERED,      /* a consumer got past the dead node */
	SM_TEACH_CYCLE_DONE,     /* one full cycle; the next step starts again */
	SM_TEACH_FAILED,         /* a step could not be done (text says why) */
	SM_TEACH_PENDING,        /* returned only: the step waits for its child process,
				  * "stepped" tells how it ended */
} SmTeachEvent;

#define SM_TEACH_NODES 8
#define SM_TEACH_NODE_SIZE 64

#define SM_TYPE_RING_TEACHER (sm_ring_teacher_get_type())
G_DECLARE_FINAL_TYPE(SmRingTeacher, sm_ring_teacher, SM, RING_TEACHER, GObject)

/* Create the teaching ring ("teach-<pid>"), owned by the teacher and
 * removed when it is finalized.  NULL with `error` set on failure. */
SmRingTeacher *sm_ring_teacher_new(GError **error);
const char *sm_ring_teacher_get_ring_name(SmRingTeacher *self);
/* The ring, for snapshots (owned by the teacher). */
sm_ring *sm_ring_teacher_get_ring(SmRingTeacher *self);

/* Do the next operation.  Returns what happened; *text (may be NULL)
 * receives the sentence for the log (g_free it).  Emits "stepped" with the
 * event and text.  The producer-death steps start and kill a child
 * process (the `sharedmem` CLI, see sm-cli-locate.h) and wait for it
 * without blocking: they return SM_TEACH_PENDING (*text NULL) and emit
 * "stepped" when done; until then a step does nothing and returns
 * SM_TEACH_PENDING. */
SmTeachEvent sm_ring_teacher_step(SmRingTeacher *self, char **text);
/* TRUE while a step waits for its child process. */
gboolean sm_ring_teacher_is_busy(SmRingTeacher *self);

/* The node the last step acted on, or -1. */
int sm_ring_teacher_get_node(SmRingTeacher *self);
/* Completed cycles. */
guint sm_ring_teacher_get_cycles(SmRingTeacher *self);

G_END_DECLS
