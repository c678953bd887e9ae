/* sm-preferences-window.c — see sm-preferences-window.h. */
#include "sm-preferences-window.h"

#include "sm-application.h"

struct _SmPreferencesWindow {
	GtkWindow parent_instance;
	GtkAdjustment *sample_rate_adjustment;
};

G_DEFINE_FINAL_TYPE(SmPreferencesWindow, sm_preferences_window, GTK_TYPE_WINDOW)

static void sm_preferences_window_class_init(SmPreferencesWindowClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	gtk_widget_class_set_template_from_resource(widget_class, SM_RESOURCE_PATH "/ui/sm-preferences-window.ui");
	gtk_widget_class_bind_template_child(widget_class, SmPreferencesWindow, sample_rate_adjustment);
	gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void sm_preferences_window_init(SmPreferencesWindow *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
}

SmPreferencesWindow *sm_preferences_window_new(GSettings *settings)
{
	SmPreferencesWindow *self = g_object_new(SM_TYPE_PREFERENCES_WINDOW, NULL);
	g_settings_bind(settings, "sample-rate", self->sample_rate_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
	return self;
}
