/* sm-settings.c — see sm-settings.h. */
#include "sm-settings.h"

#include "sm-application.h"

GSettings *sm_settings_new(void)
{
	GSettingsSchemaSource *source = g_settings_schema_source_get_default();
	g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup(source, SM_APP_ID, TRUE) : NULL;
	g_autoptr(GSettingsSchemaSource) build_source = NULL;
	if (!schema) {
		build_source = g_settings_schema_source_new_from_directory(SM_SCHEMA_DIR, source, FALSE, NULL);
		if (build_source)
			schema = g_settings_schema_source_lookup(build_source, SM_APP_ID, FALSE);
	}
	if (!schema)
		g_error("GSettings schema %s is neither installed nor in %s", SM_APP_ID, SM_SCHEMA_DIR);
	return g_settings_new_full(schema, NULL, NULL);
}

typedef struct {
	gpointer owner;
	void (*fn)(gpointer owner, guint per_second);
} RateFollower;

static void on_sample_rate_changed(GSettings *settings, const char *key, gpointer data)
{
	RateFollower *f = data;
	f->fn(f->owner, CLAMP(g_settings_get_uint(settings, "sample-rate"), SM_SAMPLE_RATE_MIN, SM_SAMPLE_RATE_MAX));
}

static void free_follower(gpointer data, GClosure *closure)
{
	g_free(data);
}

GSettings *sm_settings_follow_sample_rate(gpointer owner, void (*fn)(gpointer owner, guint per_second))
{
	GSettings *settings = sm_settings_new();
	RateFollower *f = g_new(RateFollower, 1);
	f->owner = owner;
	f->fn = fn;
	g_signal_connect_data(settings, "changed::sample-rate", G_CALLBACK(on_sample_rate_changed), f,
			      free_follower, 0);
	on_sample_rate_changed(settings, "sample-rate", f);
	return settings;
}
