/* sm-field-item.c — see sm-field-item.h. */
#include "sm-field-item.h"

struct _SmFieldItem {
	GObject parent_instance;
	struct sm_field field;
	char value_text[SM_SHOWN_TEXT_SIZE(SM_FIELD_VALUE_MAX)];
	char offset_text[16];
	char size_text[16];
};

G_DEFINE_FINAL_TYPE(SmFieldItem, sm_field_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_OFFSET, PROP_SIZE, PROP_NAME, PROP_VALUE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void sm_field_item_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	SmFieldItem *self = SM_FIELD_ITEM(object);
	switch (prop_id) {
	case PROP_OFFSET: g_value_set_string(value, self->offset_text); break;
	case PROP_SIZE: g_value_set_string(value, self->size_text); break;
	case PROP_NAME: g_value_set_string(value, self->field.name); break;
	case PROP_VALUE: g_value_set_string(value, self->value_text); break;
	default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
	}
}

static void sm_field_item_class_init(SmFieldItemClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->get_property = sm_field_item_get_property;
	const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
	properties[PROP_OFFSET] = g_param_spec_string("offset", NULL, NULL, NULL, ro);
	properties[PROP_SIZE] = g_param_spec_string("size", NULL, NULL, NULL, ro);
	properties[PROP_NAME] = g_param_spec_string("name", NULL, NULL, NULL, ro);
	properties[PROP_VALUE] = g_param_spec_string("value", NULL, NULL, NULL, ro);
	g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void sm_field_item_init(SmFieldItem *self)
{
}

SmFieldItem *sm_field_item_new(const struct sm_field *field)
{
	SmFieldItem *self = g_object_new(SM_TYPE_FIELD_ITEM, NULL);
	self->field = *field;
	/* The label and process names are anyone's bytes: shown as the CLI's
	 * inspect shows them (\xHH for what is not printable UTF-8). */
	sm_shown_text(field->value, self->value_text, sizeof self->value_text);
	g_snprintf(self->offset_text, sizeof self->offset_text, "0x%03x", field->offset);
	g_snprintf(self->size_text, sizeof self->size_text, "%u", field->size);
	return self;
}

const struct sm_field *sm_field_item_get_field(SmFieldItem *self)
{
	return &self->field;
}

const char *sm_field_item_get_value(SmFieldItem *self)
{
	return self->value_text;
}
