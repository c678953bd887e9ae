/* sm-segment-item.c — see sm-segment-item.h. */
#include "sm-segment-item.h"

#include <string.h>

struct _SmSegmentItem {
	GObject parent_instance;
	struct sm_segment_info info;
	char *text[16]; /* display strings, indexed by property id */
};

G_DEFINE_FINAL_TYPE(SmSegmentItem, sm_segment_item, G_TYPE_OBJECT)

enum {
	PROP_0,
	/* string properties (kept in text[]) */
	PROP_NAME,
	PROP_KIND,
	PROP_SIZE_TEXT,
	PROP_OWNER_TEXT,
	PROP_MODE_TEXT,
	PROP_ATTACHED_TEXT,
	PROP_AGE_TEXT,
	PROP_STATUS_TEXT,
	PROP_STATUS_SHORT,
	PROP_ICON_NAME,
	PROP_LABEL,
	N_TEXT_PROPS,
	/* numeric properties, for sorting */
	PROP_SIZE = N_TEXT_PROPS,
	PROP_OWNER_PID,
	PROP_ATTACHED,
	PROP_CREATED,
	PROP_BROKEN,
	PROP_STALE,
	N_PROPS
};
static GParamSpec *properties[N_PROPS];
G_STATIC_ASSERT(N_TEXT_PROPS <= 16); /* fits text[] */

char *sm_format_age(guint64 created_ns, gint64 now_ns)
{
	char text[SM_AGE_TEXT_SIZE];
	return g_strdup(sm_age_text(created_ns, now_ns < 0 ? 0 : (guint64)now_ns, text, sizeof text));
}

char *sm_format_size(guint64 b)
{
	char text[SM_SIZE_TEXT_SIZE];
	return g_strdup(sm_size_text(b, text, sizeof text));
}

char *sm_format_exact_bytes(guint64 bytes)
{
	return g_strdup_printf("%" G_GUINT64_FORMAT " byte%s", bytes, bytes == 1 ? "" : "s");
}

char *sm_format_text(const char *raw)
{
	if (!raw)
		return NULL;
	size_t size = SM_SHOWN_TEXT_SIZE(strlen(raw));
	char *shown = g_malloc(size);
	sm_shown_text(raw, shown, size);
	return shown;
}

char *sm_format_name(const char *name)
{
	if (name && !*name)
		return g_strdup(SM_SHM_DIR "/" SM_FILE_PREFIX);
	return sm_format_text(name);
}

char *sm_quote_name(const char *name)
{
	g_autofree char *shown = sm_format_name(name);
	return g_strdup_printf("“%s”", shown);
}

/* The command name of a live process ("bash"), or NULL. */
static char *proc_name(int32_t pid)
{
	if (pid <= 0)
		return NULL;
	g_autofree char *path = g_strdup_printf("/proc/%d/comm", pid);
	char *comm = NULL;
	if (!g_file_get_contents(path, &comm, NULL, NULL))
		return NULL;
	g_strchomp(comm);
	char *shown = sm_format_text(comm); /* anyone may name a process */
	g_free(comm);
	return shown;
}

/* sm_segment_info_status() in the list's words; the long form (the
 * tooltip) says why where the short one cannot. */
static const char *const status_words[] = {
	[SM_ENTRY_OK] = "In use",
	[SM_ENTRY_OWNER_DEAD] = "Owner dead",
	[SM_ENTRY_CLOSED] = "Shut down",
	[SM_ENTRY_INITIALISING] = "Being created",
	[SM_ENTRY_STALE] = "Stale (owner dead)",
	[SM_ENTRY_UNKNOWN] = "Owner dead",
	[SM_ENTRY_PRIVATE] = "Private",
	[SM_ENTRY_BROKEN] = "Broken",
};

static const char *const status_icons[] = {
	[SM_ENTRY_OK] = "emblem-ok-symbolic",
	[SM_ENTRY_OWNER_DEAD] = "dialog-warning-symbolic",
	[SM_ENTRY_CLOSED] = "dialog-warning-symbolic",
	[SM_ENTRY_INITIALISING] = "emblem-ok-symbolic",
	[SM_ENTRY_STALE] = "user-trash-symbolic", /* removable */
	[SM_ENTRY_UNKNOWN] = "dialog-warning-symbolic",
	[SM_ENTRY_PRIVATE] = "changes-prevent-symbolic",
	[SM_ENTRY_BROKEN] = "dialog-error-symbolic",
};

static char *status_text(const struct sm_segment_info *in, gboolean short_form)
{
	enum sm_entry_status st = sm_segment_info_status(in);
	char reason[SM_INFO_REASON_SIZE];
	if (short_form)
		return g_strdup(status_words[st]);
	switch (st) {
	case SM_ENTRY_BROKEN:
	case SM_ENTRY_PRIVATE: /* "permission denied (segments are private ...)" */
		return g_strdup_printf("%s: %s", status_words[st], sm_segment_info_reason(in, reason, sizeof reason));
	case SM_ENTRY_UNKNOWN:
		return g_strdup("Owner dead (another user's process may still map it: gc keeps it)");
	default:
		return g_strdup(status_words[st]);
	}
}

static char *text_of(const struct sm_segment_info *in, guint prop, gint64 now_ns)
{
	gboolean ok = in->status == 0;
	switch (prop) {
	case PROP_NAME: /* shown and searched; sm_segment_item_get_name() has the bytes */
		return sm_format_name(in->name);
	case PROP_KIND:
		return g_strdup(ok ? sm_kind_name(in->kind) : "—");
	case PROP_SIZE_TEXT:
		return sm_format_size(in->file_size);
	case PROP_OWNER_TEXT:
		if (!ok)
			return g_strdup("—");
		if (in->owner_alive) {
			g_autofree char *comm = proc_name(in->owner_pid);
			if (comm)
				return g_strdup_printf("%d %s (alive)", in->owner_pid, comm);
		}
		return g_strdup_printf("%d (%s)", in->owner_pid, in->owner_alive ? "alive" : "dead");
	case PROP_MODE_TEXT: {
		char buf[16];
		sm_mode_string(in->mode, buf);
		return g_strdup(buf);
	}
	case PROP_ATTACHED_TEXT: {
		/* "+?": and maybe other users' processes, whose mappings cannot
		 * be read (the CLI's "?"). */
		GString *s = g_string_new(NULL);
		g_string_append_printf(s, "%d%s", sm_segment_info_attached(in),
				       in->attached_unknown ? "+?" : "");
		for (int i = 0; i < in->n_attached && i < SM_INFO_MAX_ATTACHED; i++) {
			g_autofree char *comm = proc_name(in->attached[i]);
			g_string_append_printf(s, "%s%d%s%s", i ? ", " : ": ", in->attached[i], comm ? " " : "",
					       comm ? comm : "");
		}
		if (in->attached_more) /* beyond the pids the info holds */
			g_string_append_printf(s, ", %d more", in->attached_more);
		if (in->attached_unknown)
			g_string_append(s, " (other users' processes may have it mapped too)");
		return g_string_free(s, FALSE);
	}
	case PROP_AGE_TEXT:
		if (!ok)
			return g_strdup("—");
		return sm_format_age(in->created_ns, now_ns);
	case PROP_STATUS_TEXT:
	case PROP_STATUS_SHORT:
		return status_text(in, prop == PROP_STATUS_SHORT);
	case PROP_ICON_NAME:
		return g_strdup(status_icons[sm_segment_info_status(in)]);
	case PROP_LABEL:
		return sm_format_text(in->label);
	}
	return NULL;
}

static void sm_segment_item_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmSegmentItem *self = SM_SEGMENT_ITEM(object);
	if (prop_id < N_TEXT_PROPS) {
		g_value_set_string(value, self->text[prop_id]);
		return;
	}
	switch (prop_id) {
	case PROP_SIZE: g_value_set_uint64(value, self->info.file_size); break;
	case PROP_OWNER_PID: g_value_set_int(value, self->info.owner_pid); break;
	case PROP_ATTACHED: g_value_set_int(value, sm_segment_info_attached(&self->info)); break;
	case PROP_CREATED: g_value_set_uint64(value, self->info.created_ns); break;
	case PROP_BROKEN: g_value_set_boolean(value, sm_segment_info_status(&self->info) == SM_ENTRY_BROKEN); break;
	case PROP_STALE: g_value_set_boolean(value, self->info.stale); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_segment_item_finalize(GObject *object)
{
	SmSegmentItem *self = SM_SEGMENT_ITEM(object);
	for (guint i = 0; i < N_TEXT_PROPS; i++)
		g_free(self->text[i]);
	G_OBJECT_CLASS(sm_segment_item_parent_class)->finalize(object);
}

static void sm_segment_item_class_init(SmSegmentItemClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->get_property = sm_segment_item_get_property;
	object_class->finalize = sm_segment_item_finalize;

	static const char *const text_names[N_TEXT_PROPS] = {
		[PROP_NAME] = "name",
		[PROP_KIND] = "kind",
		[PROP_SIZE_TEXT] = "size-text",
		[PROP_OWNER_TEXT] = "owner-text",
		[PROP_MODE_TEXT] = "mode-text",
		[PROP_ATTACHED_TEXT] = "attached-text",
		[PROP_AGE_TEXT] = "age-text",
		[PROP_STATUS_TEXT] = "status-text",
		[PROP_STATUS_SHORT] = "status-short",
		[PROP_ICON_NAME] = "icon-name",
		[PROP_LABEL] = "label",
	};
	const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
	for (guint i = 1; i < N_TEXT_PROPS; i++)
		properties[i] = g_param_spec_string(text_names[i], NULL, NULL, NULL, ro);
	properties[PROP_SIZE] = g_param_spec_uint64("size", NULL, NULL, 0, G_MAXUINT64, 0, ro);
	properties[PROP_OWNER_PID] = g_param_spec_int("owner-pid", NULL, NULL, G_MININT, G_MAXINT, 0, ro);
	properties[PROP_ATTACHED] = g_param_spec_int("attached", NULL, NULL, 0, G_MAXINT, 0, ro);
	properties[PROP_CREATED] = g_param_spec_uint64("created", NULL, NULL, 0, G_MAXUINT64, 0, ro);
	properties[PROP_BROKEN] = g_param_spec_boolean("broken", NULL, NULL, FALSE, ro);
	properties[PROP_STALE] = g_param_spec_boolean("stale", NULL, NULL, FALSE, ro);
	g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void sm_segment_item_init(SmSegmentItem *self)
{
}

SmSegmentItem *sm_segment_item_new(const struct sm_segment_info *info, gint64 now_ns)
{
	SmSegmentItem *self = g_object_new(SM_TYPE_SEGMENT_ITEM, NULL);
	self->info = *info;
	for (guint i = 1; i < N_TEXT_PROPS; i++)
		self->text[i] = text_of(info, i, now_ns);
	return self;
}

static gboolean notify_if(SmSegmentItem *self, guint prop, gboolean changed)
{
	if (changed)
		g_object_notify_by_pspec(G_OBJECT(self), properties[prop]);
	return changed;
}

gboolean sm_segment_item_update(SmSegmentItem *self, const struct sm_segment_info *info, gint64 now_ns)
{
	struct sm_segment_info old = self->info;
	gboolean changed = FALSE;
	self->info = *info;
	g_object_freeze_notify(G_OBJECT(self));
	for (guint i = 1; i < N_TEXT_PROPS; i++) {
		char *t = text_of(info, i, now_ns);
		if (g_strcmp0(t, self->text[i]) != 0) {
			g_free(self->text[i]);
			self->text[i] = t;
			g_object_notify_by_pspec(G_OBJECT(self), properties[i]);
			changed |= i != PROP_AGE_TEXT; /* the age moves every second */
		} else {
			g_free(t);
		}
	}
	changed |= notify_if(self, PROP_SIZE, old.file_size != info->file_size);
	changed |= notify_if(self, PROP_OWNER_PID, old.owner_pid != info->owner_pid);
	changed |= notify_if(self, PROP_ATTACHED, sm_segment_info_attached(&old) !=
						  sm_segment_info_attached(info));
	changed |= notify_if(self, PROP_CREATED, old.created_ns != info->created_ns);
	changed |= notify_if(self, PROP_BROKEN, (old.status != 0) != (info->status != 0));
	changed |= notify_if(self, PROP_STALE, old.stale != info->stale);
	g_object_thaw_notify(G_OBJECT(self));
	return changed;
}

const struct sm_segment_info *sm_segment_item_get_info(SmSegmentItem *self)
{
	return &self->info;
}

const char *sm_segment_item_get_name(SmSegmentItem *self)
{
	return self->info.name;
}

gboolean sm_segment_item_get_broken(SmSegmentItem *self)
{
	return sm_segment_info_status(&self->info) == SM_ENTRY_BROKEN;
}

gboolean sm_segment_item_get_private(SmSegmentItem *self)
{
	return sm_segment_info_status(&self->info) == SM_ENTRY_PRIVATE;
}

gboolean sm_segment_item_get_stale(SmSegmentItem *self)
{
	return self->info.stale;
}
