/* sm-rpc-builtin.c — see sm-rpc-builtin.h. */
#include "sm-rpc-builtin.h"

#include <errno.h>
#include <string.h>

static const char *const names[SM_RPC_BUILTIN_N] = { "echo", "add", "sleep", "fail" };

const char *sm_rpc_builtin_name(SmRpcBuiltinKind kind)
{
	return (guint)kind < SM_RPC_BUILTIN_N ? names[kind] : "?";
}

SmRpcBuiltin *sm_rpc_builtin_for(const char *name)
{
	static GMutex lock;
	static GHashTable *table;
	g_mutex_lock(&lock);
	if (!table)
		table = g_hash_table_new(g_str_hash, g_str_equal);
	SmRpcBuiltin *b = g_hash_table_lookup(table, name);
	if (!b) {
		b = g_new0(SmRpcBuiltin, 1);
		g_mutex_init(&b->lock);
		g_strlcpy(b->fail_text, "refused by the built-in fail handler", sizeof b->fail_text);
		g_hash_table_insert(table, g_strdup(name), b);
	}
	g_mutex_unlock(&lock);
	return b;
}

void sm_rpc_builtin_configure(SmRpcBuiltin *b, SmRpcBuiltinKind kind, guint sleep_us,
			      const char *fail_text)
{
	g_mutex_lock(&b->lock);
	if (fail_text && *fail_text)
		g_strlcpy(b->fail_text, fail_text, sizeof b->fail_text);
	g_mutex_unlock(&b->lock);
	g_atomic_int_set(&b->sleep_us, sleep_us);
	g_atomic_int_set(&b->kind, (gint)kind);
}

guint64 sm_rpc_builtin_sum(const void *data, gsize len)
{
	const guint8 *p = data;
	guint64 sum = 0;
	for (gsize i = 0; i < len; i++)
		sum += p[i];
	return sum;
}

int sm_rpc_builtin_handler(void *user, const struct sm_rpc_request *req,
			   struct sm_rpc_reply *reply)
{
	SmRpcBuiltin *b = user;
	int r;
	__atomic_fetch_add(&b->served, 1, __ATOMIC_RELAXED);
	switch (g_atomic_int_get(&b->kind)) {
	case SM_RPC_BUILTIN_ADD: {
		guint64 le = GUINT64_TO_LE(sm_rpc_builtin_sum(req->data, req->len));
		r = sm_rpc_reply_set(reply, &le, sizeof le);
		break;
	}
	case SM_RPC_BUILTIN_SLEEP: {
		/* In slices, so a server being stopped (attached cleared
		 * before its close, which waits for handlers) is not held up. */
		gint64 end = g_get_monotonic_time() + (guint)g_atomic_int_get(&b->sleep_us);
		for (gint64 now; (now = g_get_monotonic_time()) < end && g_atomic_int_get(&b->attached);)
			g_usleep((gulong)MIN(end - now, 10000));
		r = sm_rpc_reply_set(reply, req->data, req->len);
		break;
	}
	case SM_RPC_BUILTIN_FAIL: {
		char text[SM_RPC_ERROR_TEXT_MAX];
		g_mutex_lock(&b->lock);
		memcpy(text, b->fail_text, sizeof text);
		g_mutex_unlock(&b->lock);
		r = sm_rpc_reply_error(reply, -EIO, "%s", text);
		break;
	}
	default:
		r = sm_rpc_reply_set(reply, req->data, req->len);
		break;
	}
	return r;
}

void sm_rpc_builtin_close_server(void *rpc)
{
	g_atomic_int_set(&sm_rpc_builtin_for(sm_rpc_name(rpc))->attached, 0);
	sm_rpc_close(rpc);
}
