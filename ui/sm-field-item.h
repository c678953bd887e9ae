/* sm-field-item.h — one decoded header field (struct sm_field from
 * sm_header_fields()) as a list item: properties "offset", "size",
 * "name", "value" (strings for display: the value as sm_shown_text()
 * shows it) and their raw numbers. */
#pragma once

#include <glib-object.h>

#include "sharedmem.h"

G_BEGIN_DECLS

#define SM_TYPE_FIELD_ITEM (sm_field_item_get_type())
G_DECLARE_FINAL_TYPE(SmFieldItem, sm_field_item, SM, FIELD_ITEM, GObject)

SmFieldItem *sm_field_item_new(const struct sm_field *field);
/* The field as decoded: its value is the raw text. */
const struct sm_field *sm_field_item_get_field(SmFieldItem *self);
/* Its value as shown ("value"): escaped as the CLI shows it. */
const char *sm_field_item_get_value(SmFieldItem *self);

G_END_DECLS
