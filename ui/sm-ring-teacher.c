/* sm-ring-teacher.c — see sm-ring-teacher.h. */
#include "sm-ring-teacher.h"

#include <errno.h>
#include <signal.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sharedmem/error.h"
#include "sm-child.h"
#include "sm-cli-locate.h"
#include "sm-segment-item.h"

/* The next operation. */
typedef enum {
	OP_RESERVE, OP_WRITE, OP_COMMIT,
	OP_PEEK, OP_READ, OP_RELEASE,
	OP_CHILD_RESERVE, OP_CHILD_KILL, OP_WRITE_AFTER, OP_RECOVER, OP_READ_PAST, OP_DONE,
} Op;

struct _SmRingTeacher {
	GObject parent_instance;
	char *name;
	sm_ring *ring;
	Op next;
	struct sm_ring_slot wslot, rslot;
	guint message_no;      /* numbers the messages: "message 7" */
	int node;              /* last node acted on */
	guint cycles;
	GSubprocess *child;    /* the producer that will die */
	GDataInputStream *child_out;
	GCancellable *cancellable; /* the step that waits for the child, if any */
	gboolean busy;         /* a step waits for the child (it ends with "stepped") */
	int child_pid;
	int child_node;
	guint after_no;        /* the message written behind the stuck node */
	gboolean death_shown;  /* this cycle showed a producer's death */
};

G_DEFINE_FINAL_TYPE(SmRingTeacher, sm_ring_teacher, G_TYPE_OBJECT)

enum { SIGNAL_STEPPED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int node_of(guint64 position)
{
	return (int)(position % SM_TEACH_NODES);
}

static void fill_message(void *dst, guint no)
{
	/* "message N", then a recognisable pattern to the end of the node. */
	memset(dst, '.', SM_TEACH_NODE_SIZE);
	int n = g_snprintf(dst, SM_TEACH_NODE_SIZE, "message %u", no);
	((char *)dst)[n] = ' ';
}

/* The "message N" at the start of a node's bytes. */
static char *message_text(const void *data, size_t len)
{
	const char *p = data;
	size_t n = 0;
	while (n < len && p[n] != ' ' && p[n] != '.' && p[n] != '\0')
		n++;
	if (n < len && p[n] == ' ') /* "message" then the number */
		for (n++; n < len && g_ascii_isdigit(p[n]); n++)
			;
	return g_strndup(p, n);
}

/* A new teaching ring, "teach-<pid>-<n>"; *name is set either way. */
static int make_ring(char **name, sm_ring **ring)
{
	static guint counter;
	*name = g_strdup_printf("teach-%d-%u", (int)getpid(), counter++);
	/* One left by a dead workbench that had our pid is nobody's. */
	const struct sm_segment_options opts = { .flags = SM_CREATE_REPLACE_STALE };
	return sm_ring_create(ring, *name, SM_TEACH_NODES, SM_TEACH_NODE_SIZE, &opts);
}

/* Whether the ring's name still leads to it: removed (`sharedmem rm`)
 * or taken by another segment, no other process can open it. */
static gboolean ring_named(SmRingTeacher *self)
{
	int r = sm_segment_still_named(sm_ring_segment(self->ring));
	return r == 1 || (r < 0 && r != -ENOENT); /* cannot tell: try */
}

/* The ring's name is gone: go on with a new teaching ring, from the
 * start of a cycle. */
static SmTeachEvent renew_ring(SmRingTeacher *self, char **text)
{
	char *name;
	sm_ring *ring;
	int r = make_ring(&name, &ring);
	g_autofree char *old = sm_quote_name(self->name);
	if (r < 0) {
		*text = g_strdup_printf("The teaching ring %s was removed from %s (or replaced), so no "
					"other process can open it to show a producer dying, and a new one "
					"could not be made: %s.", old, SM_SHM_DIR, sm_strerror(r));
		g_free(name);
		self->next = OP_DONE;
		return SM_TEACH_FAILED;
	}
	g_autofree char *quoted = sm_quote_name(name);
	*text = g_strdup_printf("The teaching ring %s was removed from %s (or replaced), so no other "
				"process can open it to show a producer dying. A new teaching ring, %s, "
				"takes its place: the next step starts a cycle on it.", old, SM_SHM_DIR, quoted);
	sm_ring_close(self->ring); /* removes nothing: its name is not its own any more */
	g_free(self->name);
	self->ring = ring;
	self->name = name;
	self->node = -1;
	self->next = OP_RESERVE;
	return SM_TEACH_FAILED;
}

static SmTeachEvent fail(SmRingTeacher *self, char **text, const char *what, int err)
{
	*text = g_strdup_printf("%s: %s", what, sm_strerror(err));
	return SM_TEACH_FAILED;
}

static void end_step(SmRingTeacher *self, SmTeachEvent ev, char *text);

static void drop_child(SmRingTeacher *self)
{
	g_clear_object(&self->child_out);
	g_clear_object(&self->child);
}

/* The child's first line: which position it reserved (then it waits to
 * be killed). */
static void on_child_reserved(GObject *source, GAsyncResult *result, gpointer data)
{
	GError *error = NULL;
	char *line = g_data_input_stream_read_line_finish_utf8(G_DATA_INPUT_STREAM(source), result,
								NULL, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error); /* the teacher is gone */
		return;
	}
	g_clear_error(&error);
	SmRingTeacher *self = data;
	guint64 position = 0;
	if (!line || sscanf(line, "{\"reserved\":%" G_GUINT64_FORMAT, &position) != 1) {
		char *text = g_strdup_printf("The producer process did not reserve a node (it said “%s”).",
					     line ? line : "nothing");
		g_free(line);
		sm_child_kill(self->child); /* it ended, or said something else: no wait */
		drop_child(self);
		self->next = OP_DONE;
		end_step(self, SM_TEACH_FAILED, text);
		return;
	}
	g_free(line);
	const char *id = g_subprocess_get_identifier(self->child);
	self->child_pid = id ? atoi(id) : 0;
	self->child_node = self->node = node_of(position);
	self->next = OP_CHILD_KILL;
	end_step(self, SM_TEACH_CHILD_RESERVED,
		 g_strdup_printf("A producer process (pid %d) claimed node %d and started writing "
				 "into it.", self->child_pid, self->node));
}

/* Start the producer that will die; its reservation comes later (the
 * process has to start, and waits while the ring is full): TRUE, and the
 * step ends in on_child_reserved().  FALSE with *text when it cannot start. */
static gboolean start_child(SmRingTeacher *self, char **text)
{
	char *cli = sm_cli_locate();
	if (!cli) {
		*text = g_strdup("Cannot show a producer's death: the sharedmem command was not found "
				 "(next to the workbench or in PATH).");
		return FALSE;
	}
	const char *argv[] = { cli, "traffic", "produce", self->name, "--die-mid-write", NULL };
	GError *error = NULL;
	self->child = sm_child_spawn(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
	g_free(cli);
	if (!self->child) {
		*text = g_strdup_printf("Cannot start a producer process: %s", error->message);
		g_error_free(error);
		return FALSE;
	}
	self->child_out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(self->child));
	g_data_input_stream_read_line_async(self->child_out, G_PRIORITY_DEFAULT, self->cancellable,
					    on_child_reserved, self);
	return TRUE;
}

static void on_child_reaped(GObject *source, GAsyncResult *result, gpointer data)
{
	GError *error = NULL;
	g_subprocess_wait_finish(G_SUBPROCESS(source), result, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error); /* the teacher is gone */
		return;
	}
	g_clear_error(&error);
	SmRingTeacher *self = data;
	drop_child(self);
	self->node = self->child_node;
	self->next = OP_WRITE_AFTER;
	end_step(self, SM_TEACH_CHILD_KILLED,
		 g_strdup_printf("The producer process %d was killed (SIGKILL) in the middle of "
				 "writing node %d: it will never commit it.", self->child_pid, self->node));
}

/* SIGKILL, then wait for the process to be gone (the ring's crash
 * handling checks whether it still exists) without blocking; the step
 * ends in on_child_reaped(). */
static void kill_child(SmRingTeacher *self)
{
	g_subprocess_send_signal(self->child, SIGKILL);
	g_subprocess_wait_async(self->child, self->cancellable, on_child_reaped, self);
}

/* A step that waits for the child process: it ends with end_step(). */
static SmTeachEvent pending(SmRingTeacher *self, char **text_out)
{
	self->busy = TRUE;
	if (text_out)
		*text_out = NULL;
	return SM_TEACH_PENDING;
}

static void end_step(SmRingTeacher *self, SmTeachEvent ev, char *text)
{
	self->busy = FALSE;
	g_signal_emit(self, signals[SIGNAL_STEPPED], 0, (int)ev, text);
	g_free(text);
}

SmTeachEvent sm_ring_teacher_step(SmRingTeacher *self, char **text_out)
{
	g_return_val_if_fail(SM_IS_RING_TEACHER(self), SM_TEACH_FAILED);
	char *text = NULL;
	SmTeachEvent ev = SM_TEACH_FAILED;
	int r;
	void *buf;

	if (self->busy) { /* the last step goes on */
		if (text_out)
			*text_out = NULL;
		return SM_TEACH_PENDING;
	}
	switch (self->next) {
	case OP_RESERVE:
		r = sm_ring_reserve(self->ring, &self->wslot, 0);
		if (r == -ETIMEDOUT) {
			text = g_strdup_printf("The ring is full: all %d nodes hold messages nobody has "
					       "read yet. The producer must wait (it would sleep on a futex "
					       "until a consumer frees a node).", SM_TEACH_NODES);
			ev = SM_TEACH_FULL;
			self->node = -1;
			self->next = OP_PEEK;
		} else if (r < 0) {
			ev = fail(self, &text, "A producer could not reserve a node", r);
		} else {
			self->node = node_of(self->wslot.position);
			text = g_strdup_printf("A producer claimed node %d (ring position %" G_GUINT64_FORMAT
					       ") by moving the write position on with a compare-and-swap.",
					       self->node, self->wslot.position);
			ev = SM_TEACH_RESERVED;
			self->next = OP_WRITE;
		}
		break;
	case OP_WRITE:
		fill_message(self->wslot.data, ++self->message_no);
		text = g_strdup_printf("The producer wrote %d bytes into node %d: “message %u”.",
				       SM_TEACH_NODE_SIZE, self->node, self->message_no);
		ev = SM_TEACH_WROTE;
		self->next = OP_COMMIT;
		break;
	case OP_COMMIT:
		r = sm_ring_commit(self->ring, &self->wslot, SM_TEACH_NODE_SIZE);
		if (r < 0) {
			ev = fail(self, &text, "The producer could not commit", r);
			self->next = OP_RESERVE;
			break;
		}
		text = g_strdup_printf("The producer committed node %d: the node's sequence number now "
				       "says “ready”, so a consumer may take it.", self->node);
		ev = SM_TEACH_COMMITTED;
		self->next = OP_RESERVE;
		break;
	case OP_PEEK:
		r = sm_ring_peek(self->ring, &self->rslot, 0);
		if (r == -ETIMEDOUT) {
			text = g_strdup("The ring is empty: no node holds a ready message. The consumer "
					"must wait until a producer commits one.");
			ev = SM_TEACH_EMPTY;
			self->node = -1;
			self->next = OP_CHILD_RESERVE;
		} else if (r < 0) {
			ev = fail(self, &text, "A consumer could not claim a node", r);
		} else {
			self->node = node_of(self->rslot.position);
			text = g_strdup_printf("A consumer claimed node %d (ring position %" G_GUINT64_FORMAT
					       ") by moving the read position on with a compare-and-swap.",
					       self->node, self->rslot.position);
			ev = SM_TEACH_CLAIMED;
			self->next = OP_READ;
		}
		break;
	case OP_READ: {
		char *msg = message_text(self->rslot.data, self->rslot.length);
		text = g_strdup_printf("The consumer read %zu bytes from node %d: “%s”.",
				       self->rslot.length, self->node, msg);
		g_free(msg);
		ev = SM_TEACH_READ;
		self->next = OP_RELEASE;
		break;
	}
	case OP_RELEASE:
		sm_ring_release(self->ring, &self->rslot);
		text = g_strdup_printf("The consumer released node %d: it is free for the producers' "
				       "next lap.", self->node);
		ev = SM_TEACH_RELEASED;
		self->next = OP_PEEK;
		break;
	case OP_CHILD_RESERVE:
		if (!ring_named(self)) {
			ev = renew_ring(self, &text);
			break;
		}
		if (start_child(self, &text))
			return pending(self, text_out);
		self->next = OP_DONE;
		break;
	case OP_CHILD_KILL:
		kill_child(self);
		return pending(self, text_out);
	case OP_WRITE_AFTER:
		buf = g_malloc(SM_TEACH_NODE_SIZE);
		self->after_no = ++self->message_no;
		fill_message(buf, self->after_no);
		r = sm_ring_write(self->ring, buf, SM_TEACH_NODE_SIZE, 0);
		g_free(buf);
		if (r < 0) {
			ev = fail(self, &text, "A producer could not write behind the stuck node", r);
			self->next = OP_DONE;
			break;
		}
		self->node = (self->child_node + 1) % SM_TEACH_NODES;
		text = g_strdup_printf("Another producer wrote and committed “message %u” in node %d, "
				       "behind the stuck node %d.", self->after_no, self->node, self->child_node);
		ev = SM_TEACH_WROTE_AFTER;
		self->next = OP_RECOVER;
		break;
	case OP_RECOVER:
		/* What a consumer reaching the node would do first, done on its
		 * own so that the abandoned node shows before anyone reads past. */
		r = sm_ring_recover(self->ring);
		self->node = self->child_node;
		self->next = OP_READ_PAST;
		if (r < 0) {
			ev = fail(self, &text, "The ring could not check the stuck node", r);
		} else if (r == 0) {
			text = g_strdup_printf("The ring's crash handling did not find node %d's holder "
					       "dead.", self->child_node);
		} else {
			text = g_strdup_printf("The ring's crash handling checked node %d's claimer (pid "
					       "and start time), found the process gone, and marked the "
					       "node abandoned: it holds no message, and consumers will "
					       "skip it.", self->child_node);
			ev = SM_TEACH_ABANDONED;
		}
		break;
	case OP_READ_PAST: {
		char data[SM_TEACH_NODE_SIZE];
		/* No wait: the abandoned node is skipped, the message behind it
		 * is there, or the node is still held and nothing can be read. */
		ssize_t n = sm_ring_read(self->ring, data, sizeof data, 0);
		self->next = OP_DONE;
		if (n < 0) {
			ev = fail(self, &text, "The consumer could not get past the stuck node", (int)n);
			break;
		}
		struct sm_ring_snapshot snap;
		sm_ring_snapshot(self->ring, &snap, NULL, 0);
		char *msg = message_text(data, (size_t)n);
		self->node = (self->child_node + 1) % SM_TEACH_NODES;
		text = g_strdup_printf("A consumer passed the abandoned node %d, freeing it, and read "
				       "“%s” from node %d. Nothing else was lost (%" G_GUINT64_FORMAT
				       " node abandoned so far).", self->child_node, msg, self->node,
				       snap.abandoned);
		g_free(msg);
		ev = SM_TEACH_RECOVERED;
		self->death_shown = TRUE;
		break;
	}
	case OP_DONE:
		self->cycles++;
		self->node = -1;
		text = self->death_shown
			? g_strdup_printf("Cycle %u done: the ring filled up, emptied, and survived a "
					  "producer dying mid-write. The next step starts again.", self->cycles)
			: g_strdup_printf("Cycle %u done: the ring filled up and emptied; a producer's death "
					  "could not be shown (see above). The next step starts again.",
					  self->cycles);
		self->death_shown = FALSE;
		ev = SM_TEACH_CYCLE_DONE;
		self->next = OP_RESERVE;
		break;
	}
	g_signal_emit(self, signals[SIGNAL_STEPPED], 0, (int)ev, text);
	if (text_out)
		*text_out = text;
	else
		g_free(text);
	return ev;
}

gboolean sm_ring_teacher_is_busy(SmRingTeacher *self)
{
	g_return_val_if_fail(SM_IS_RING_TEACHER(self), FALSE);
	return self->busy;
}

const char *sm_ring_teacher_get_ring_name(SmRingTeacher *self)
{
	g_return_val_if_fail(SM_IS_RING_TEACHER(self), NULL);
	return self->name;
}

sm_ring *sm_ring_teacher_get_ring(SmRingTeacher *self)
{
	g_return_val_if_fail(SM_IS_RING_TEACHER(self), NULL);
	return self->ring;
}

int sm_ring_teacher_get_node(SmRingTeacher *self)
{
	g_return_val_if_fail(SM_IS_RING_TEACHER(self), -1);
	return self->node;
}

guint sm_ring_teacher_get_cycles(SmRingTeacher *self)
{
	g_return_val_if_fail(SM_IS_RING_TEACHER(self), 0);
	return self->cycles;
}

static void sm_ring_teacher_finalize(GObject *object)
{
	SmRingTeacher *self = SM_RING_TEACHER(object);
	g_cancellable_cancel(self->cancellable); /* a step waiting for the child ends here */
	g_object_unref(self->cancellable);
	sm_child_kill(self->child);
	drop_child(self);
	sm_ring_close(self->ring); /* the owner's close removes the name */
	g_free(self->name);
	G_OBJECT_CLASS(sm_ring_teacher_parent_class)->finalize(object);
}

static void sm_ring_teacher_class_init(SmRingTeacherClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sm_ring_teacher_finalize;
	/* (event, text): after each step. */
	signals[SIGNAL_STEPPED] = g_signal_new("stepped", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
		0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void sm_ring_teacher_init(SmRingTeacher *self)
{
	self->node = -1;
	self->cancellable = g_cancellable_new();
}

SmRingTeacher *sm_ring_teacher_new(GError **error)
{
	char *name;
	sm_ring *ring;
	int r = make_ring(&name, &ring);
	if (r < 0) {
		g_autofree char *quoted = sm_quote_name(name);
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(-r),
			    "Cannot create the teaching ring %s: %s", quoted, sm_strerror(r));
		g_free(name);
		return NULL;
	}
	SmRingTeacher *self = g_object_new(SM_TYPE_RING_TEACHER, NULL);
	self->name = name;
	self->ring = ring;
	return self;
}
