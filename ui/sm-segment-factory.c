/* sm-segment-factory.c — see sm-segment-factory.h. */
#include "sm-segment-factory.h"

#include <errno.h>
#include <pwd.h>
#include <string.h>

#include "sm-rpc-builtin.h"
#include "sm-segment-item.h"

#define MAX_BYTES (G_GUINT64_CONSTANT(1) << 30) /* 1 GiB: what a dialog lets you ask for */
#define MAX_NODES (1u << 20) /* the dialog's own cap, under SM_RING_MAX_NODES */

struct param_def {
	const char *key;
	const char *what; /* for messages */
	guint64 def, min, max;
	enum { SAY_COUNT, SAY_SIZE, SAY_MODE } say; /* how its limits are said */
};

static const struct param_def param_defs[] = {
	{ "size", "The size", 4096, 1, MAX_BYTES, SAY_SIZE },
	{ "element-size", "The element size", 8, 1, 65536, SAY_SIZE },
	{ "count", "The element count", 1024, 1, G_GUINT64_CONSTANT(1) << 26, SAY_COUNT },
	{ "node-count", "The node count", 64, SM_RING_MIN_NODES, MAX_NODES, SAY_COUNT },
	{ "node-size", "The node size", 256, 1, 1u << 20, SAY_SIZE },
	{ "packet-size", "The packet size", 4096, SM_RPC_MIN_PACKET_SIZE, SM_RPC_MAX_PACKET_SIZE, SAY_SIZE },
	{ "max-message", "The largest message", 65536, 1, SM_RPC_MAX_MESSAGE_LIMIT, SAY_SIZE },
	{ "mode", "The mode", 0600, 0, 0777, SAY_MODE },
	{ "ring-flags", "The ring mode", 0, 0, SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER, SAY_COUNT },
};

static const struct param_def *param_def(const char *key)
{
	for (gsize i = 0; i < G_N_ELEMENTS(param_defs); i++)
		if (g_str_equal(param_defs[i].key, key))
			return &param_defs[i];
	return NULL;
}

guint64 sm_segment_factory_param(GVariant *params, const char *key)
{
	const struct param_def *d = param_def(key);
	guint64 v = d ? d->def : 0;
	g_autoptr(GVariant) x = params ? g_variant_lookup_value(params, key, NULL) : NULL;
	if (!x)
		return v;
	if (g_variant_is_of_type(x, G_VARIANT_TYPE_UINT64))
		return g_variant_get_uint64(x);
	if (g_variant_is_of_type(x, G_VARIANT_TYPE_UINT32))
		return g_variant_get_uint32(x);
	if (g_variant_is_of_type(x, G_VARIANT_TYPE_INT64))
		return (guint64)MAX(g_variant_get_int64(x), 0);
	if (g_variant_is_of_type(x, G_VARIANT_TYPE_INT32))
		return (guint64)MAX(g_variant_get_int32(x), 0);
	return v;
}

/* Which keys each kind uses. */
static const char *const *kind_keys(enum sm_kind kind)
{
	static const char *const buffer[] = { "size", "mode", NULL };
	static const char *const array[] = { "element-size", "count", "mode", NULL };
	static const char *const ring[] = { "node-count", "node-size", "ring-flags", "mode", NULL };
	static const char *const rpc[] = { "node-count", "packet-size", "max-message", "mode", NULL };
	static const char *const none[] = { NULL };
	switch (kind) {
	case SM_KIND_BUFFER: return buffer;
	case SM_KIND_ARRAY: return array;
	case SM_KIND_RING: return ring;
	case SM_KIND_RPC: return rpc;
	default: return none;
	}
}

/* 0, or why `name` cannot name a new segment of `kind` (-errno). */
static int name_check(enum sm_kind kind, const char *name)
{
	int r = sm_name_validate(name);
	if (r == 0 && kind == SM_KIND_RPC && strlen(name) > SM_RPC_NAME_MAX)
		r = -ENAMETOOLONG; /* its rings take the name plus ".c2s" */
	return r;
}

char *sm_segment_factory_name_text(enum sm_kind kind, const char *name)
{
	if (!name || !*name)
		return g_strdup("Enter a name.");
	int r = name_check(kind, name);
	if (r == 0)
		return NULL;
	return g_strdup_printf("Invalid name: %s. Use up to %u letters, digits, “.”, “_” or “-”, not "
			       "starting with “.” and without “..”.", sm_strerror(r),
			       kind == SM_KIND_RPC ? SM_RPC_NAME_MAX : SM_NAME_MAX);
}

int sm_segment_factory_check(enum sm_kind kind, const char *name, GVariant *params, char **error_text)
{
	int r = name ? name_check(kind, name) : 0;
	if (r < 0) {
		if (error_text)
			*error_text = g_strdup(sm_strerror(r));
		return r;
	}
	if (kind < SM_KIND_BUFFER || kind > SM_KIND_MAX_) {
		if (error_text)
			*error_text = g_strdup("Choose a kind: buffer, array, ring or RPC channel.");
		return -EINVAL;
	}
	for (const char *const *k = kind_keys(kind); *k; k++) {
		const struct param_def *d = param_def(*k);
		guint64 v = sm_segment_factory_param(params, *k);
		if (v < d->min || v > d->max) {
			char min[SM_SIZE_TEXT_SIZE], max[SM_SIZE_TEXT_SIZE];
			if (d->say == SAY_SIZE) {
				sm_size_text(d->min, min, sizeof min);
				sm_size_text(d->max, max, sizeof max);
			} else if (d->say == SAY_MODE) { /* as `ls -l` and chmod take it */
				g_snprintf(min, sizeof min, "%04" G_GINT64_MODIFIER "o", d->min);
				g_snprintf(max, sizeof max, "%04" G_GINT64_MODIFIER "o", d->max);
			} else {
				g_snprintf(min, sizeof min, "%" G_GUINT64_FORMAT, d->min);
				g_snprintf(max, sizeof max, "%" G_GUINT64_FORMAT, d->max);
			}
			if (error_text)
				*error_text = g_strdup_printf("%s must be between %s and %s.", d->what, min, max);
			return -EINVAL;
		}
	}
	if (!sm_mode_valid((unsigned)sm_segment_factory_param(params, "mode"))) {
		if (error_text)
			*error_text = g_strdup("The mode must let its owner read and write the segment "
					       "(0600 at least).");
		return -EINVAL;
	}
	if (kind == SM_KIND_ARRAY && sm_segment_factory_param(params, "element-size") *
					     sm_segment_factory_param(params, "count") > MAX_BYTES) {
		if (error_text)
			*error_text = g_strdup("The array would be larger than 1 GiB.");
		return -EINVAL;
	}
	if (kind == SM_KIND_RING &&
	    sm_segment_factory_param(params, "node-count") * sm_segment_factory_param(params, "node-size") >
		    MAX_BYTES) {
		if (error_text)
			*error_text = g_strdup("The ring would be larger than 1 GiB.");
		return -EINVAL;
	}
	if (kind == SM_KIND_RPC &&
	    sm_segment_factory_param(params, "node-count") * sm_segment_factory_param(params, "packet-size") >
		    MAX_BYTES / 2) {
		if (error_text)
			*error_text = g_strdup("The channel's two rings would be larger than 1 GiB.");
		return -EINVAL;
	}
	return 0;
}

static void set_error(char **error_text, int r)
{
	if (error_text)
		*error_text = g_strdup(sm_strerror(r));
}

/* The file's owner, by name where the system knows it. */
static char *owner_text(guint32 uid)
{
	struct passwd *pw = getpwuid(uid);
	return pw ? g_strdup_printf("%s (uid %u)", pw->pw_name, uid) : g_strdup_printf("uid %u", uid);
}

/* The name `taken` (`name` itself, or one of the channel's rings) is
 * held: by a segment, or by a file that is none or cannot be read. */
static char *taken_text(const char *taken, const char *name, const struct sm_segment_info *info)
{
	const char *whose = g_str_equal(taken, name) ? "" : " (the channel's ring takes that name)";
	g_autofree char *quoted = sm_quote_name(taken);
	if (info->status == 0)
		return g_strdup_printf("A segment called %s exists already%s%s.", quoted, whose,
				       info->stale ? " (stale: remove it first)" : "");
	g_autofree char *owner = owner_text(info->uid);
	if (info->status == -EACCES)
		return g_strdup_printf("The name %s is taken%s by a file this user cannot read (owner "
				       "%s, mode %03o): not a segment the workbench can open.", quoted,
				       whose, owner, info->mode);
	char reason[SM_INFO_REASON_SIZE];
	return g_strdup_printf("The name %s is taken%s by a file that is not a segment (%s; owner %s).",
			       quoted, whose, sm_segment_info_reason(info, reason, sizeof reason), owner);
}

char *sm_segment_factory_taken_text(enum sm_kind kind, const char *name)
{
	/* (No SM_CREATE_ flags: after a create that failed, also with
	 * SM_CREATE_REPLACE_STALE, the first file left in the way is the one
	 * it failed on; it replaced each stale one before and removed what it
	 * made.) */
	struct sm_segment_info info;
	char ring[SM_NAME_MAX + 1];
	const char *taken = sm_segment_create_blocker(name, kind == SM_KIND_RPC, 0, ring, sizeof ring,
						       &info);
	return taken ? taken_text(taken, name, &info) : NULL;
}

/* ---- one create function per kind ---------------------------------------
 * Each part's API lands on its own branch; a kind whose API is not merged
 * yet answers -ENOTSUP. */

static void close_buffer(void *handle)
{
	sm_buffer_close(handle);
}

static int create_buffer(const char *name, GVariant *params, const struct sm_segment_options *opts,
			 SmCreated *out)
{
	sm_buffer *buf;
	int r = sm_buffer_create(&buf, name, sm_segment_factory_param(params, "size"), opts);
	if (r == 0)
		*out = (SmCreated){ buf, close_buffer };
	return r;
}

static void close_array(void *handle)
{
	sm_array_close(handle);
}

static int create_array(const char *name, GVariant *params, const struct sm_segment_options *opts,
			SmCreated *out)
{
	sm_array *arr;
	int r = sm_array_create(&arr, name, (size_t)sm_segment_factory_param(params, "element-size"),
				sm_segment_factory_param(params, "count"), opts);
	if (r == 0)
		*out = (SmCreated){ arr, close_array };
	return r;
}

static void close_ring(void *handle)
{
	sm_ring_close(handle);
}

static int create_ring(const char *name, GVariant *params, const struct sm_segment_options *opts,
		       SmCreated *out)
{
	sm_ring *ring;
	int r = sm_ring_create_flags(&ring, name,
				     (uint32_t)sm_segment_factory_param(params, "node-count"),
				     (uint32_t)sm_segment_factory_param(params, "node-size"),
				     (unsigned)sm_segment_factory_param(params, "ring-flags"), opts);
	if (r == 0)
		*out = (SmCreated){ ring, close_ring };
	return r;
}

/* The workbench is the channel's server, with no handler until someone
 * sets one (sm_rpc_set_handler() on sm_application_get_owned()): calls
 * meanwhile get -SM_ENOHANDLER. */
static int create_rpc(const char *name, GVariant *params, const struct sm_segment_options *opts,
		      SmCreated *out)
{
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	o.node_count = (uint32_t)sm_segment_factory_param(params, "node-count");
	o.packet_size = (uint32_t)sm_segment_factory_param(params, "packet-size");
	o.max_message = (uint32_t)sm_segment_factory_param(params, "max-message");
	o.label = opts->label;
	o.mode = opts->mode;
	o.flags = opts->flags;
	sm_rpc *rpc;
	int r = sm_rpc_create(&rpc, name, &o);
	if (r == 0)
		*out = (SmCreated){ rpc, sm_rpc_builtin_close_server };
	return r;
}

int sm_segment_factory_create(const char *name, enum sm_kind kind, GVariant *params,
			      SmCreated *out, char **error_text)
{
	int r = sm_segment_factory_check(kind, name ? name : "", params, error_text);
	if (r < 0)
		return r;
	g_autofree char *label = NULL;
	if (params)
		g_variant_lookup(params, "label", "s", &label);
	gboolean replace_stale = FALSE;
	if (params)
		g_variant_lookup(params, "replace-stale", "b", &replace_stale);
	struct sm_segment_options opts = {
		.label = label && *label ? label : NULL,
		.mode = (unsigned)sm_segment_factory_param(params, "mode"),
		.flags = replace_stale ? SM_CREATE_REPLACE_STALE : 0,
	};
	switch (kind) {
	case SM_KIND_BUFFER: r = create_buffer(name, params, &opts, out); break;
	case SM_KIND_ARRAY: r = create_array(name, params, &opts, out); break;
	case SM_KIND_RING: r = create_ring(name, params, &opts, out); break;
	default: r = create_rpc(name, params, &opts, out); break;
	}
	/* A name taken (a channel's ring's too): what holds it, as the
	 * create dialog says it before creating. */
	g_autofree char *taken = r == -EEXIST && error_text ? sm_segment_factory_taken_text(kind, name) : NULL;
	if (taken)
		*error_text = g_steal_pointer(&taken);
	else if (r < 0)
		set_error(error_text, r);
	return r;
}
