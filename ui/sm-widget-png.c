/* sm-widget-png.c — see sm-widget-png.h. */
#include "sm-widget-png.h"

gboolean sm_widget_save_png(GtkWidget *widget, const char *path, GError **error)
{
	g_return_val_if_fail(GTK_IS_WIDGET(widget), FALSE);
	GtkNative *native = gtk_widget_get_native(widget);
	GskRenderer *renderer = native ? gtk_native_get_renderer(native) : NULL;
	int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
	if (!renderer || w <= 0 || h <= 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
			    "The view is not on screen; nothing to draw");
		return FALSE;
	}
	GdkPaintable *paintable = gtk_widget_paintable_new(widget);
	GtkSnapshot *snapshot = gtk_snapshot_new();
	/* Views draw on the window's background: paint it first so the PNG is
	 * not transparent. */
	GdkRGBA bg = { 1, 1, 1, 1 };
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_style_context_lookup_color(gtk_widget_get_style_context(widget), "window_bg_color", &bg);
	G_GNUC_END_IGNORE_DEPRECATIONS
	gtk_snapshot_append_color(snapshot, &bg, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
	gdk_paintable_snapshot(paintable, GDK_SNAPSHOT(snapshot), w, h);
	GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
	gboolean ok = FALSE;
	if (node) {
		GdkTexture *texture = gsk_renderer_render_texture(renderer, node,
								  &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
		ok = gdk_texture_save_to_png(texture, path);
		g_object_unref(texture);
		gsk_render_node_unref(node);
	}
	g_object_unref(paintable);
	if (!ok)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
	return ok;
}
