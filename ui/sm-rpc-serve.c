/* sm-rpc-serve.c — see sm-rpc-serve.h. */
#include "sm-rpc-serve.h"

#include <errno.h>

#include "sm-application.h"
#include "sm-segment-factory.h"

static SmApplication *page_app(SmRpcServe *s)
{
	GtkRoot *root = gtk_widget_get_root(s->page);
	if (!GTK_IS_WINDOW(root))
		return NULL;
	GtkApplication *app = gtk_window_get_application(GTK_WINDOW(root));
	return SM_IS_APPLICATION(app) ? SM_APPLICATION(app) : NULL;
}

sm_rpc *sm_rpc_serve_find(SmRpcServe *s, const char *name)
{
	SmApplication *app = page_app(s);
	if (s->own)
		return s->own;
	if (app && name && sm_application_owns(app, name))
		return sm_application_get_owned(app, name);
	return NULL;
}

int sm_rpc_serve_create(SmRpcServe *s, const char *name, SmRpcBuiltin *b)
{
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.handler = sm_rpc_builtin_handler;
	opts.handler_user = b;
	opts.label = "workbench RPC bench";
	opts.flags = SM_CREATE_REPLACE_STALE;
	sm_rpc *rpc = NULL;
	g_atomic_int_set(&b->attached, 1); /* before the first request can come */
	int r = sm_rpc_create(&rpc, name, &opts);
	if (r < 0) {
		g_atomic_int_set(&b->attached, 0);
		return r;
	}
	SmApplication *app = page_app(s);
	if (app) {
		sm_application_own(app, name, rpc, sm_rpc_builtin_close_server, FALSE);
	} else {
		if (s->own)
			sm_rpc_close(s->own);
		s->own = rpc;
	}
	return 0;
}

int sm_rpc_serve_attach(sm_rpc *here, SmRpcBuiltin *b)
{
	int r = sm_rpc_set_handler(here, sm_rpc_builtin_handler, b);
	if (r == 0)
		g_atomic_int_set(&b->attached, 1);
	return r;
}

void sm_rpc_serve_stop(SmRpcServe *s, const char *name)
{
	SmApplication *app = page_app(s);
	g_atomic_int_set(&sm_rpc_builtin_for(name)->attached, 0);
	if (s->own) {
		g_clear_pointer(&s->own, sm_rpc_close);
	} else if (app && sm_application_owns(app, name)) {
		g_autofree char *err = NULL;
		sm_application_remove_segment(app, name, &err);
	}
}

void sm_rpc_serve_clear(SmRpcServe *s)
{
	g_clear_pointer(&s->own, sm_rpc_builtin_close_server);
}

char *sm_rpc_serve_failure_text(const char *what, const char *name, int r)
{
	g_autofree char *taken = r == -EEXIST ? sm_segment_factory_taken_text(SM_KIND_RPC, name) : NULL;
	return taken ? g_strdup_printf("%s. %s", what, taken) : g_strdup_printf("%s: %s", what, sm_strerror(r));
}
