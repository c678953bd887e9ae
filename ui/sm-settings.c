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
