/* sm-ring-picture.c — see sm-ring-picture.h. */
#include "sm-ring-picture.h"
#include "sm-template.h"

#include "sm-application.h"
#include "sm-sample-clock.h"
#include "sm-settings.h"
#include "sm-scroll-follow.h"
#include "sm-ring-watch.h"
#include "sharedmem/error.h"

#define AUTO_STEP_MS 400   /* 2.5 operations per second */

struct _SmRingPicture {
	GtkWidget parent_instance;

	GtkLabel *status_label;
	GtkLabel *occupancy_label;
	GtkLabel *recover_label;
	GtkWidget *recover_button;
	SmRingDial *dial;
	GtkWidget *legend;
	GtkWidget *teach_box;
	GtkTextView *log_view;

	SmRingWatch watch;
	/* A byte per node of the largest ring shown so far: the snapshot
	 * reads every node anyway, and the ring takes 16 or more per node. */
	guint8 *states;
	guint32 n_states;
	guint timer;
	guint rate;
	GSettings *settings;

	gboolean teaching, auto_step;
	SmRingTeacher *teacher;
	guint auto_timer;
};

G_DEFINE_FINAL_TYPE(SmRingPicture, sm_ring_picture, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SEGMENT_NAME, PROP_TEACHING, PROP_AUTO_STEP, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void set_label(GtkLabel *label, const char *text)
{
	if (g_strcmp0(gtk_label_get_label(label), text) != 0)
		gtk_label_set_label(label, text);
}

/* A sentence about the ring (no snapshot: why not). */
static void show_status(SmRingPicture *self, const char *text)
{
	set_label(self->status_label, text);
	gtk_widget_set_tooltip_text(GTK_WIDGET(self->status_label), text);
	set_label(self->occupancy_label, "");
	gtk_widget_set_visible(GTK_WIDGET(self->occupancy_label), FALSE);
}

static void show_snapshot(SmRingPicture *self, const struct sm_ring_snapshot *snap, const char *name)
{
	guint n = MIN(snap->node_count, self->n_states);
	sm_ring_dial_set_nodes(self->dial, self->states, n, snap->write_reserved, snap->read_claimed);
	char *occupancy = g_strdup_printf("%u of %u nodes in use%s", snap->occupancy,
					  snap->node_count, snap->shutdown ? " (shut down)" : "");
	set_label(self->status_label, name);
	gtk_widget_set_tooltip_text(GTK_WIDGET(self->status_label), name);
	set_label(self->occupancy_label, occupancy);
	gtk_widget_set_visible(GTK_WIDGET(self->occupancy_label), TRUE);
	g_free(occupancy);
}

/* Snapshot the watched ring with every node's state: a ring with more
 * nodes than there is room for is read again once there is (the dial
 * places the markers by position modulo the nodes it is given). */
static int watch_snapshot(SmRingPicture *self, struct sm_ring_snapshot *snap)
{
	int r = sm_ring_watch_snapshot(&self->watch, snap, self->states, self->n_states);
	if (r == 0 && snap->node_count > self->n_states) {
		self->n_states = snap->node_count;
		self->states = g_renew(guint8, self->states, self->n_states);
		r = sm_ring_watch_snapshot(&self->watch, snap, self->states, self->n_states);
	}
	return r;
}

gboolean sm_ring_picture_sample_now(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), FALSE);
	struct sm_ring_snapshot snap;
	if (self->teaching) {
		if (!self->teacher) { /* not the watched ring, frozen: nothing samples it now */
			show_status(self, "No teaching ring: the log says why");
			sm_ring_dial_clear(self->dial);
			return FALSE;
		}
		sm_ring_snapshot(sm_ring_teacher_get_ring(self->teacher), &snap, self->states, self->n_states);
		show_snapshot(self, &snap, "Teaching ring");
		sm_ring_dial_set_highlight(self->dial, sm_ring_teacher_get_node(self->teacher));
		return TRUE;
	}
	if (watch_snapshot(self, &snap) < 0) {
		char *why = sm_ring_watch_describe_error(&self->watch);
		if (why)
			show_status(self, why);
		g_free(why);
		sm_ring_dial_clear(self->dial);
		return FALSE;
	}
	show_snapshot(self, &snap, self->watch.shown);
	return TRUE;
}

static void on_timer(gpointer data)
{
	sm_ring_picture_sample_now(SM_RING_PICTURE(data));
}

static void restart_timer(SmRingPicture *self)
{
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	/* Poll only while shown: a hidden page costs nothing. */
	if (!self->teaching && self->watch.name && gtk_widget_get_mapped(GTK_WIDGET(self)))
		self->timer = sm_sample_clock_add(self->rate, on_timer, self);
}

static gboolean on_auto_step(gpointer data);

/* Auto-Step steps only while shown: a hidden lesson pauses, and goes on
 * where it was when the page comes back. */
static void restart_auto_timer(SmRingPicture *self)
{
	g_clear_handle_id(&self->auto_timer, g_source_remove);
	if (self->auto_step && gtk_widget_get_mapped(GTK_WIDGET(self)))
		self->auto_timer = g_timeout_add(AUTO_STEP_MS, on_auto_step, self);
}

static void sm_ring_picture_map(GtkWidget *widget)
{
	GTK_WIDGET_CLASS(sm_ring_picture_parent_class)->map(widget);
	sm_ring_picture_sample_now(SM_RING_PICTURE(widget));
	restart_timer(SM_RING_PICTURE(widget));
	restart_auto_timer(SM_RING_PICTURE(widget));
}

static void sm_ring_picture_unmap(GtkWidget *widget)
{
	g_clear_handle_id(&SM_RING_PICTURE(widget)->timer, sm_sample_clock_remove);
	g_clear_handle_id(&SM_RING_PICTURE(widget)->auto_timer, g_source_remove);
	GTK_WIDGET_CLASS(sm_ring_picture_parent_class)->unmap(widget);
}

static void on_sample_rate_changed(gpointer data, guint per_second)
{
	SmRingPicture *self = data;
	self->rate = per_second;
	restart_timer(self);
}

/* Reclaiming is for a watched ring; the teaching ring shows it on a step. */
static void update_recover(SmRingPicture *self)
{
	gboolean can = !self->teaching && self->watch.name != NULL;
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "picture.recover", can);
	gtk_widget_set_visible(self->recover_button, !self->teaching);
	gtk_widget_set_visible(GTK_WIDGET(self->recover_label), !self->teaching);
}

int sm_ring_picture_recover(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), -EINVAL);
	if (self->teaching || !self->watch.name)
		return -EINVAL;
	/* A handle of our own that may write: the watch maps the ring read-only. */
	sm_ring *ring;
	int r = sm_ring_open(&ring, self->watch.name, 0);
	if (r == 0) {
		r = sm_ring_recover(ring);
		sm_ring_close(ring);
	}
	char why[SM_INFO_REASON_SIZE];
	char *text = r < 0 ? g_strdup_printf("Could not reclaim: %s",
					     sm_segment_error_text(self->watch.name, r, why, sizeof why))
		     : r == 0 ? g_strdup("No node is held by a process that died")
			      : g_strdup_printf("%d node%s reclaimed", r, r == 1 ? "" : "s");
	gtk_label_set_label(self->recover_label, text);
	g_free(text);
	sm_ring_picture_sample_now(self);
	return r;
}

static void action_recover(GtkWidget *widget, const char *name, GVariant *param)
{
	sm_ring_picture_recover(SM_RING_PICTURE(widget));
}

void sm_ring_picture_set_segment_name(SmRingPicture *self, const char *name)
{
	g_return_if_fail(SM_IS_RING_PICTURE(self));
	/* The same name again means the ring was removed and re-created (the
	 * window's contract): map the new one. */
	gboolean changed = g_strcmp0(self->watch.name, name && *name ? name : NULL) != 0;
	sm_ring_watch_set_name(&self->watch, name);
	gtk_label_set_label(self->recover_label, "");
	update_recover(self);
	if (!self->teaching) {
		sm_ring_dial_clear(self->dial);
		sm_ring_picture_sample_now(self);
	}
	restart_timer(self);
	if (changed)
		g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEGMENT_NAME]);
}

const char *sm_ring_picture_get_segment_name(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), NULL);
	return self->watch.name;
}

/* ---- Teaching mode ---- */

static void log_line(SmRingPicture *self, const char *text)
{
	GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->log_view);
	GtkTextIter end;
	gtk_text_buffer_get_end_iter(buffer, &end);
	if (gtk_text_buffer_get_char_count(buffer) > 0)
		gtk_text_buffer_insert(buffer, &end, "\n", 1);
	gtk_text_buffer_insert(buffer, &end, "• ", -1);
	gtk_text_buffer_insert(buffer, &end, text, -1);
	int over = gtk_text_buffer_get_line_count(buffer) - SM_RING_PICTURE_LOG_LINES;
	if (over > 0) { /* drop the oldest lines */
		GtkTextIter start, cut;
		gtk_text_buffer_get_start_iter(buffer, &start);
		gtk_text_buffer_get_iter_at_line(buffer, &cut, over);
		gtk_text_buffer_delete(buffer, &start, &cut);
	}
}

char *sm_ring_picture_get_log_text(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), NULL);
	GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->log_view);
	GtkTextIter start, end;
	gtk_text_buffer_get_bounds(buffer, &start, &end);
	return gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
}

SmRingTeacher *sm_ring_picture_get_teacher(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), NULL);
	return self->teacher;
}

/* Step by hand: in teaching mode, not while Auto-Step steps, nor while
 * a step waits for its producer process. */
static void update_step_action(SmRingPicture *self)
{
	gboolean can = self->teaching && self->teacher && !self->auto_step &&
		       !sm_ring_teacher_is_busy(self->teacher);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "picture.step", can);
}

static void on_stepped(SmRingTeacher *teacher, int event, const char *text, SmRingPicture *self)
{
	log_line(self, text);
	sm_ring_picture_sample_now(self);
	update_step_action(self);
}

static void step(SmRingPicture *self)
{
	if (self->teacher && sm_ring_teacher_step(self->teacher, NULL) == SM_TEACH_PENDING)
		update_step_action(self);
}

static gboolean on_auto_step(gpointer data)
{
	step(SM_RING_PICTURE(data));
	return G_SOURCE_CONTINUE;
}

void sm_ring_picture_set_auto_step(SmRingPicture *self, gboolean auto_step)
{
	g_return_if_fail(SM_IS_RING_PICTURE(self));
	auto_step = !!auto_step && self->teaching;
	if (self->auto_step == auto_step)
		return;
	self->auto_step = auto_step;
	restart_auto_timer(self);
	update_step_action(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_AUTO_STEP]);
}

gboolean sm_ring_picture_get_auto_step(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), FALSE);
	return self->auto_step;
}

void sm_ring_picture_set_teaching(SmRingPicture *self, gboolean teaching)
{
	g_return_if_fail(SM_IS_RING_PICTURE(self));
	teaching = !!teaching;
	if (self->teaching == teaching)
		return;
	sm_ring_picture_set_auto_step(self, FALSE);
	self->teaching = teaching;
	if (teaching) {
		GError *error = NULL;
		/* A new session drives a new ring: the last one's log is history. */
		gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->log_view), "", 0);
		self->teacher = sm_ring_teacher_new(&error);
		if (self->teacher) {
			g_signal_connect(self->teacher, "stepped", G_CALLBACK(on_stepped), self);
			log_line(self, "A ring of 8 nodes of 64 bytes, driven by this window: press Step "
				       "(or Auto-Step) to run one operation at a time.");
		} else {
			log_line(self, error->message);
			g_error_free(error);
		}
	} else {
		if (self->teacher)
			g_signal_handlers_disconnect_by_data(self->teacher, self);
		g_clear_object(&self->teacher);
		sm_ring_dial_set_highlight(self->dial, -1);
		sm_ring_dial_clear(self->dial);
	}
	gtk_widget_set_visible(self->teach_box, teaching);
	update_recover(self);
	update_step_action(self);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "picture.auto-step", teaching && self->teacher);
	sm_ring_picture_sample_now(self);
	restart_timer(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_TEACHING]);
}

gboolean sm_ring_picture_get_teaching(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), FALSE);
	return self->teaching;
}

static void action_step(GtkWidget *widget, const char *name, GVariant *param)
{
	step(SM_RING_PICTURE(widget));
}

SmRingDial *sm_ring_picture_get_dial(SmRingPicture *self)
{
	g_return_val_if_fail(SM_IS_RING_PICTURE(self), NULL);
	return self->dial;
}

/* ---- GObject ---- */

static void sm_ring_picture_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmRingPicture *self = SM_RING_PICTURE(object);
	switch (prop_id) {
	case PROP_SEGMENT_NAME: g_value_set_string(value, self->watch.name); break;
	case PROP_TEACHING: g_value_set_boolean(value, self->teaching); break;
	case PROP_AUTO_STEP: g_value_set_boolean(value, self->auto_step); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_ring_picture_set_property(GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
	SmRingPicture *self = SM_RING_PICTURE(object);
	switch (prop_id) {
	case PROP_SEGMENT_NAME: sm_ring_picture_set_segment_name(self, g_value_get_string(value)); break;
	case PROP_TEACHING: sm_ring_picture_set_teaching(self, g_value_get_boolean(value)); break;
	case PROP_AUTO_STEP: sm_ring_picture_set_auto_step(self, g_value_get_boolean(value)); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_ring_picture_dispose(GObject *object)
{
	SmRingPicture *self = SM_RING_PICTURE(object);
	g_clear_handle_id(&self->timer, sm_sample_clock_remove);
	g_clear_handle_id(&self->auto_timer, g_source_remove);
	if (self->teacher)
		g_signal_handlers_disconnect_by_data(self->teacher, self);
	g_clear_object(&self->teacher);
	sm_ring_watch_clear(&self->watch);
	g_clear_object(&self->settings);
	sm_template_dispose(GTK_WIDGET(self), SM_TYPE_RING_PICTURE);
	G_OBJECT_CLASS(sm_ring_picture_parent_class)->dispose(object);
}

static void sm_ring_picture_finalize(GObject *object)
{
	g_free(SM_RING_PICTURE(object)->states);
	G_OBJECT_CLASS(sm_ring_picture_parent_class)->finalize(object);
}

static void sm_ring_picture_class_init(SmRingPictureClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->get_property = sm_ring_picture_get_property;
	object_class->set_property = sm_ring_picture_set_property;
	object_class->dispose = sm_ring_picture_dispose;
	object_class->finalize = sm_ring_picture_finalize;
	widget_class->map = sm_ring_picture_map;
	widget_class->unmap = sm_ring_picture_unmap;

	properties[PROP_SEGMENT_NAME] = g_param_spec_string("segment-name", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	properties[PROP_TEACHING] = g_param_spec_boolean("teaching", NULL, NULL, FALSE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	properties[PROP_AUTO_STEP] = g_param_spec_boolean("auto-step", NULL, NULL, FALSE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(object_class, N_PROPS, properties);

	g_type_ensure(SM_TYPE_RING_DIAL);
	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-ring-picture.ui");
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, status_label);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, occupancy_label);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, recover_label);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, recover_button);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, dial);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, legend);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, teach_box);
	gtk_widget_class_bind_template_child(widget_class, SmRingPicture, log_view);
	gtk_widget_class_install_property_action(widget_class, "picture.teach", "teaching");
	gtk_widget_class_install_property_action(widget_class, "picture.auto-step", "auto-step");
	gtk_widget_class_install_action(widget_class, "picture.step", NULL, action_step);
	gtk_widget_class_install_action(widget_class, "picture.recover", NULL, action_recover);
	gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
	gtk_widget_class_set_css_name(widget_class, "ringpicture");
}

static void add_legend_entry(SmRingPicture *self, const char *color, const char *symbol, const char *text)
{
	char *markup = g_markup_printf_escaped("<span foreground=\"%s\" weight=\"bold\">%s</span> %s",
					       color, symbol, text);
	GtkWidget *label = gtk_label_new(NULL);
	gtk_label_set_markup(GTK_LABEL(label), markup);
	g_free(markup);
	gtk_flow_box_append(GTK_FLOW_BOX(self->legend), label); /* wraps in a narrow window */
}

static void sm_ring_picture_init(SmRingPicture *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	for (guint s = 0; s < 5; s++) {
		const char *name = sm_ring_dial_state_name(s);
		char *text = g_strdup_printf("%c%s", g_ascii_toupper(name[0]), name + 1);
		add_legend_entry(self, sm_ring_dial_state_color(s), "●", text);
		g_free(text);
	}
	add_legend_entry(self, "#c64600", "P", "Next producer claim");
	add_legend_entry(self, "#1c71d8", "C", "Next consumer claim");
	sm_scroll_follow_end(GTK_SCROLLABLE(self->log_view)); /* the newest step in view */
	self->n_states = 256;
	self->states = g_new0(guint8, self->n_states);
	self->settings = sm_settings_follow_sample_rate(self, on_sample_rate_changed);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "picture.step", FALSE);
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "picture.auto-step", FALSE);
	update_recover(self);
}

GtkWidget *sm_ring_picture_new(void)
{
	return g_object_new(SM_TYPE_RING_PICTURE, NULL);
}
