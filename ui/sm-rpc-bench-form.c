/* sm-rpc-bench-form.c — see sm-rpc-bench-form.h. */
#include "sm-rpc-bench-form.h"

#include <math.h>

/* Sleep (µs) and Error text are one handler's each: on only while it is
 * the one chosen, so no field is there that changes nothing. */
static void handler_chosen(SmRpcBenchForm *f)
{
	guint kind = gtk_drop_down_get_selected(f->handler_drop);
	gtk_widget_set_sensitive(GTK_WIDGET(f->sleep_spin), kind == SM_RPC_BUILTIN_SLEEP);
	gtk_widget_set_sensitive(GTK_WIDGET(f->fail_entry), kind == SM_RPC_BUILTIN_FAIL);
}

/* The run limit's value: seconds to a tenth, whole calls (a count typed
 * with a fraction is rounded, as shown), none while the run goes on
 * until stopped. */
static void limit_chosen(SmRpcBenchForm *f)
{
	guint kind = gtk_drop_down_get_selected(f->limit_drop);
	gtk_spin_button_set_digits(f->limit_spin, kind == 0 ? 1 : 0);
	gtk_widget_set_sensitive(GTK_WIDGET(f->limit_spin), kind < 2);
}

void sm_rpc_bench_form_init(SmRpcBenchForm *f)
{
	g_object_bind_property(f->fast_check, "active", f->rate_spin, "sensitive",
			       G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
	g_signal_connect_swapped(f->handler_drop, "notify::selected", G_CALLBACK(handler_chosen), f);
	g_signal_connect_swapped(f->limit_drop, "notify::selected", G_CALLBACK(limit_chosen), f);
	handler_chosen(f);
	limit_chosen(f);
}

SmRpcBuiltin *sm_rpc_bench_form_configure(SmRpcBenchForm *f, const char *name)
{
	SmRpcBuiltin *b = sm_rpc_builtin_for(name);
	sm_rpc_builtin_configure(b, (SmRpcBuiltinKind)gtk_drop_down_get_selected(f->handler_drop),
				 (guint)gtk_spin_button_get_value_as_int(f->sleep_spin),
				 gtk_editable_get_text(GTK_EDITABLE(f->fail_entry)));
	return b;
}

void sm_rpc_bench_form_set_handler(SmRpcBenchForm *f, SmRpcBuiltinKind kind, guint sleep_us,
				   const char *fail_text)
{
	gtk_drop_down_set_selected(f->handler_drop, kind);
	gtk_spin_button_set_value(f->sleep_spin, sleep_us);
	if (fail_text)
		gtk_editable_set_text(GTK_EDITABLE(f->fail_entry), fail_text);
}

void sm_rpc_bench_form_set_traffic(SmRpcBenchForm *f, guint payload, guint callers, double rate, guint limit,
				   double limit_value, int timeout_ms)
{
	gtk_spin_button_set_value(f->payload_spin, payload);
	gtk_spin_button_set_value(f->callers_spin, callers);
	gtk_check_button_set_active(f->fast_check, rate <= 0);
	if (rate > 0)
		gtk_spin_button_set_value(f->rate_spin, rate);
	gtk_drop_down_set_selected(f->limit_drop, MIN(limit, 2u));
	gtk_spin_button_set_value(f->limit_spin, limit_value);
	gtk_spin_button_set_value(f->timeout_spin, timeout_ms);
}

char *sm_rpc_bench_form_get_traffic(SmRpcBenchForm *f, SmRpcLoadSettings *s)
{
	s->payload = (guint)gtk_spin_button_get_value_as_int(f->payload_spin);
	s->callers = (guint)gtk_spin_button_get_value_as_int(f->callers_spin);
	s->rate = gtk_check_button_get_active(f->fast_check) ? 0 : gtk_spin_button_get_value(f->rate_spin);
	double limit = gtk_spin_button_get_value(f->limit_spin);
	guint limit_kind = gtk_drop_down_get_selected(f->limit_drop);
	switch (limit_kind) {
	case 0: s->duration_ms = (guint64)(limit * 1000); break;
	case 1: s->count = (guint64)llround(limit); break;
	default: break;
	}
	s->timeout_ms = gtk_spin_button_get_value_as_int(f->timeout_spin);
	/* 0 means "no limit" to the load: a limit of nothing is a mistake. */
	if (limit_kind < 2 && !s->duration_ms && !s->count)
		return g_strdup_printf("Cannot start a run of 0 %s: set a limit above 0, or run until stopped",
				       limit_kind ? "calls" : "seconds");
	return NULL;
}
