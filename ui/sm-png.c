/* sm-png.c — see sm-png.h.  widget paintable → snapshot → render node →
 * texture → PNG. */
#include "sm-png.h"

gboolean sm_widget_save_png(GtkWidget *widget, const char *path, GError **error)
{
	int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
	GtkNative *native = gtk_widget_get_native(widget);
	GskRenderer *renderer = native ? gtk_native_get_renderer(native) : NULL;
	if (!renderer || w <= 0 || h <= 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "widget %s is not shown, nothing to save",
			    G_OBJECT_TYPE_NAME(widget));
		return FALSE;
	}
	g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
	GtkSnapshot *snapshot = gtk_snapshot_new();
	gdk_paintable_snapshot(paintable, snapshot, w, h);
	g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node(snapshot);
	if (!node) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "widget %s drew nothing", G_OBJECT_TYPE_NAME(widget));
		return FALSE;
	}
	g_autoptr(GdkTexture) texture = gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, w, h));
	if (!gdk_texture_save_to_png(texture, path)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
		return FALSE;
	}
	return TRUE;
}
