/* sm-monitor-settings.c — see sm-monitor-settings.h. */
#include "sm-monitor-settings.h"

GSettings *sm_monitor_settings_new(void)
{
	GSettingsSchemaSource *source = g_settings_schema_source_get_default();
	GSettingsSchema *schema = source ? g_settings_schema_source_lookup(source, SM_APP_ID, TRUE) : NULL;
	if (!schema)
		return NULL;
	gboolean has_key = g_settings_schema_has_key(schema, "sample-rate");
	g_settings_schema_unref(schema);
	return has_key ? g_settings_new(SM_APP_ID) : NULL;
}

guint sm_monitor_settings_get_sample_rate(GSettings *settings)
{
	if (!settings)
		return SM_DEFAULT_SAMPLE_RATE;
	return g_settings_get_uint(settings, "sample-rate");
}
