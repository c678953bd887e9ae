/* sm-rpc-run.c — see sm-rpc-run.h. */
#include "sm-rpc-run.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _SmRpcRun {
	GObject        parent_instance;
	SmRpcRunData   data;
	SmLatencyHist *hist;
};

G_DEFINE_FINAL_TYPE(SmRpcRun, sm_rpc_run, G_TYPE_OBJECT)

#define F(n, t, type, col) { #n, t, SM_RPC_FIELD_##type, G_STRUCT_OFFSET(SmRpcRunData, n), col }
const SmRpcField sm_rpc_run_fields[] = {
	F(run, "Run", U64, TRUE),
	F(workload, "Workload", STR, TRUE),
	F(transport, "Transport", STR, FALSE),
	F(msg_size, "Payload (B)", U64, TRUE),
	F(callers, "Callers", U64, TRUE),
	F(messages, "Calls OK", U64, TRUE),
	F(seconds, "Seconds", DBL, TRUE),
	F(msgs_per_s, "Calls/s", DBL, TRUE),
	F(bytes_per_s, "Bytes/s", DBL, FALSE),
	F(p50_ns, "p50 (ns)", U64, TRUE),
	F(p90_ns, "p90 (ns)", U64, FALSE),
	F(p99_ns, "p99 (ns)", U64, TRUE),
	F(max_ns, "Max (ns)", U64, TRUE),
	F(lost, "Failed", U64, TRUE),
	F(corrupted, "Wrong responses", U64, FALSE),
	F(started, "Started", STR, FALSE),
	F(channel, "Channel", STR, TRUE),
	F(server, "Server", STR, FALSE),
	F(target_rate, "Target calls/s", DBL, FALSE),
	F(duration_ms, "Duration (ms)", U64, FALSE),
	F(count, "Count", U64, FALSE),
	F(timeout_ms, "Timeout (ms)", U64, FALSE),
	F(timeouts, "Timeouts", U64, FALSE),
	F(peer_gone, "Peer gone", U64, FALSE),
	F(handler_errors, "Handler errors", U64, FALSE),
	F(cancelled, "Cancelled", U64, FALSE),
	F(channel_calls, "Channel calls", U64, FALSE),
	F(last_error, "Last error", STR, FALSE),
};
#undef F
const guint sm_rpc_run_n_fields = G_N_ELEMENTS(sm_rpc_run_fields);

static void sm_rpc_run_finalize(GObject *object)
{
	SmRpcRun *self = SM_RPC_RUN(object);
	for (guint i = 0; i < sm_rpc_run_n_fields; i++)
		if (sm_rpc_run_fields[i].type == SM_RPC_FIELD_STR)
			g_free(G_STRUCT_MEMBER(char *, &self->data, sm_rpc_run_fields[i].offset));
	g_free(self->hist);
	G_OBJECT_CLASS(sm_rpc_run_parent_class)->finalize(object);
}

static void sm_rpc_run_class_init(SmRpcRunClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sm_rpc_run_finalize;
}

static void sm_rpc_run_init(SmRpcRun *self)
{
	for (guint i = 0; i < sm_rpc_run_n_fields; i++)
		if (sm_rpc_run_fields[i].type == SM_RPC_FIELD_STR)
			G_STRUCT_MEMBER(char *, &self->data, sm_rpc_run_fields[i].offset) = g_strdup("");
}

SmRpcRun *sm_rpc_run_new(void)
{
	return g_object_new(SM_TYPE_RPC_RUN, NULL);
}

SmRpcRunData *sm_rpc_run_get_data(SmRpcRun *self)
{
	return &self->data;
}

const SmLatencyHist *sm_rpc_run_get_hist(SmRpcRun *self)
{
	return self->hist;
}

static void set_str(char **field, const char *value)
{
	g_free(*field);
	*field = g_strdup(value ? value : "");
}

SmRpcRun *sm_rpc_run_new_from_load(SmRpcLoad *load, guint64 number, const char *server)
{
	SmRpcRun *run = sm_rpc_run_new();
	SmRpcRunData *d = &run->data;
	const SmRpcLoadSettings *s = sm_rpc_load_settings(load);
	SmRpcLoadCounts c;
	sm_rpc_load_counts(load, &c);
	run->hist = g_new0(SmLatencyHist, 1);
	sm_rpc_load_hist(load, run->hist);

	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	d->run = number;
	g_free(d->started);
	d->started = g_date_time_format_iso8601(now);
	set_str(&d->channel, s->channel);
	g_autofree char *workload = g_strdup_printf("rpc-%s", s->expect >= 0 ? sm_rpc_builtin_name(s->expect) : "call");
	set_str(&d->workload, workload);
	set_str(&d->transport, "sharedmem-rpc");
	set_str(&d->server, server);
	d->msg_size = s->payload;
	d->callers = s->callers;
	d->target_rate = s->rate;
	d->duration_ms = s->duration_ms;
	d->count = s->count;
	d->timeout_ms = (guint64)MAX(s->timeout_ms, 0);
	d->messages = c.ok;
	d->seconds = (double)c.elapsed_ns / 1e9;
	d->msgs_per_s = d->seconds > 0 ? (double)c.ok / d->seconds : 0;
	d->bytes_per_s = d->msgs_per_s * (double)s->payload;
	d->p50_ns = c.p50_ns;
	d->p90_ns = c.p90_ns;
	d->p99_ns = c.p99_ns;
	d->max_ns = c.max_ns;
	for (guint i = 0; i < SM_RPC_FAIL_N; i++)
		d->lost += c.failed[i];
	d->timeouts = c.failed[SM_RPC_FAIL_TIMEOUT];
	d->peer_gone = c.failed[SM_RPC_FAIL_PEER_GONE];
	d->handler_errors = c.failed[SM_RPC_FAIL_HANDLER];
	d->corrupted = c.failed[SM_RPC_FAIL_WRONG];
	d->cancelled = c.cancelled;
	d->channel_calls = c.channel_calls_after - c.channel_calls_before;
	set_str(&d->last_error, c.last_error_text);
	return run;
}

const SmRpcField *sm_rpc_run_field(const char *name)
{
	for (guint i = 0; i < sm_rpc_run_n_fields; i++)
		if (strcmp(sm_rpc_run_fields[i].name, name) == 0)
			return &sm_rpc_run_fields[i];
	return NULL;
}

char *sm_rpc_run_format(SmRpcRun *self, const SmRpcField *f)
{
	gpointer p = G_STRUCT_MEMBER_P(&self->data, f->offset);
	switch (f->type) {
	case SM_RPC_FIELD_STR:
		return g_strdup(*(char **)p);
	case SM_RPC_FIELD_U64:
		return g_strdup_printf("%" G_GUINT64_FORMAT, *(guint64 *)p);
	default: {
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.6g", *(double *)p));
	}
	}
}

gboolean sm_rpc_run_parse(SmRpcRun *self, const SmRpcField *f, const char *text)
{
	gpointer p = G_STRUCT_MEMBER_P(&self->data, f->offset);
	char *end = NULL;
	switch (f->type) {
	case SM_RPC_FIELD_STR:
		set_str(p, text);
		return TRUE;
	case SM_RPC_FIELD_U64: {
		if (!*text || *text == '-')
			return FALSE;
		errno = 0;
		guint64 v = g_ascii_strtoull(text, &end, 10);
		if (*end || errno == ERANGE)
			return FALSE;
		*(guint64 *)p = v;
		return TRUE;
	}
	default: {
		double v = g_ascii_strtod(text, &end);
		/* Not "nan" nor "inf" either: the JSON export could not say them. */
		if (end == text || *end || !isfinite(v))
			return FALSE;
		*(double *)p = v;
		return TRUE;
	}
	}
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_cell(GString *out, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

char *sm_rpc_runs_to_csv(GListModel *runs)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < sm_rpc_run_n_fields; i++)
		g_string_append_printf(out, "%s%s", i ? "," : "", sm_rpc_run_fields[i].name);
	g_string_append_c(out, '\n');
	for (guint r = 0, n = g_list_model_get_n_items(runs); r < n; r++) {
		g_autoptr(SmRpcRun) run = g_list_model_get_item(runs, r);
		for (guint i = 0; i < sm_rpc_run_n_fields; i++) {
			g_autofree char *v = sm_rpc_run_format(run, &sm_rpc_run_fields[i]);
			if (i)
				g_string_append_c(out, ',');
			csv_cell(out, v);
		}
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

/* One CSV record from *p (RFC 4180 quoting); NULL at the end. */
static GPtrArray *csv_record(const char **p)
{
	const char *s = *p;
	if (!*s)
		return NULL;
	GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
	GString *cell = g_string_new(NULL);
	gboolean quoted = FALSE;
	for (;; s++) {
		if (quoted) {
			if (!*s)
				break;
			if (*s == '"' && s[1] == '"')
				g_string_append_c(cell, *s++);
			else if (*s == '"')
				quoted = FALSE;
			else
				g_string_append_c(cell, *s);
		} else if (*s == '"') {
			quoted = TRUE;
		} else if (*s == ',' || *s == '\n' || *s == '\r' || !*s) {
			g_ptr_array_add(cells, g_strdup(cell->str));
			g_string_truncate(cell, 0);
			if (*s == ',')
				continue;
			if (*s == '\r' && s[1] == '\n')
				s++;
			if (*s)
				s++;
			break;
		} else {
			g_string_append_c(cell, *s);
		}
	}
	g_string_free(cell, TRUE);
	*p = s;
	return cells;
}

static GListStore *parse_csv(const char *text, GError **error)
{
	const char *p = text;
	g_autoptr(GPtrArray) header = csv_record(&p);
	if (!header) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty CSV");
		return NULL;
	}
	g_autoptr(GListStore) store = g_list_store_new(SM_TYPE_RPC_RUN);
	GPtrArray *row;
	for (guint line = 2; (row = csv_record(&p)); line++) {
		g_autoptr(GPtrArray) r = row;
		if (r->len == 1 && !*(char *)r->pdata[0])
			continue; /* blank line */
		if (r->len != header->len) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "CSV line %u has %u cells, the header %u", line, r->len, header->len);
			return NULL;
		}
		g_autoptr(SmRpcRun) run = sm_rpc_run_new();
		for (guint i = 0; i < r->len; i++) {
			const SmRpcField *f = sm_rpc_run_field(header->pdata[i]);
			if (f && !sm_rpc_run_parse(run, f, r->pdata[i])) {
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    "CSV line %u: %s is not a number: '%s'", line, f->name,
					    (char *)r->pdata[i]);
				return NULL;
			}
		}
		g_list_store_append(store, run);
	}
	return g_steal_pointer(&store);
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		guchar c = (guchar)*s;
		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c < 0x20)
			g_string_append_printf(out, "\\u%04x", c);
		else
			g_string_append_c(out, (char)c);
	}
	g_string_append_c(out, '"');
}

char *sm_rpc_runs_to_json(GListModel *runs)
{
	GString *out = g_string_new("[");
	for (guint r = 0, n = g_list_model_get_n_items(runs); r < n; r++) {
		g_autoptr(SmRpcRun) run = g_list_model_get_item(runs, r);
		g_string_append(out, r ? ",\n  {" : "\n  {");
		for (guint i = 0; i < sm_rpc_run_n_fields; i++) {
			const SmRpcField *f = &sm_rpc_run_fields[i];
			g_autofree char *v = sm_rpc_run_format(run, f);
			g_string_append_printf(out, "%s\"%s\": ", i ? ", " : "", f->name);
			if (f->type == SM_RPC_FIELD_STR)
				json_string(out, v);
			else
				g_string_append(out, v);
		}
		g_string_append_c(out, '}');
	}
	g_string_append(out, "\n]\n");
	return g_string_free(out, FALSE);
}

/* A small reader for what sm_rpc_runs_to_json() writes (and any JSON array
 * of flat objects of strings and numbers; other values are refused). */
typedef struct {
	const char *p;
	GError    **error;
} Json;

static void ws(Json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static gboolean expect(Json *j, char c)
{
	ws(j);
	if (*j->p != c) {
		g_set_error(j->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "JSON: expected '%c' at \"%.12s\"", c, j->p);
		return FALSE;
	}
	j->p++;
	return TRUE;
}

/* The 4 hex digits after "\\u" (j->p at the 'u'), past them. */
static gboolean json_hex4(Json *j, gunichar *out)
{
	*out = 0;
	for (int k = 1; k <= 4; k++) {
		int d = g_ascii_xdigit_value(j->p[k]);
		if (d < 0)
			return FALSE;
		*out = *out * 16 + (gunichar)d;
	}
	j->p += 4;
	return TRUE;
}

/* A "\\uXXXX" escape (j->p at the 'u'): a surrogate pair is one
 * character; NUL and a lone half are refused (no text holds them). */
static gboolean json_unicode(Json *j, GString *s)
{
	gunichar c, low;
	if (!json_hex4(j, &c))
		goto bad;
	if (c >= 0xD800 && c < 0xDC00) {
		if (j->p[1] != '\\' || j->p[2] != 'u')
			goto bad;
		j->p += 2;
		if (!json_hex4(j, &low) || low < 0xDC00 || low >= 0xE000)
			goto bad;
		c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
	} else if (c == 0 || (c >= 0xDC00 && c < 0xE000)) {
		goto bad;
	}
	g_string_append_unichar(s, c);
	return TRUE;
bad:
	g_set_error(j->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
		    "JSON: a \\u escape that is not a character at \"%.12s\"", j->p);
	return FALSE;
}

static char *json_read_string(Json *j)
{
	if (!expect(j, '"'))
		return NULL;
	GString *s = g_string_new(NULL);
	for (; *j->p && *j->p != '"'; j->p++) {
		if (*j->p != '\\') {
			g_string_append_c(s, *j->p);
			continue;
		}
		j->p++;
		switch (*j->p) {
		case 'n': g_string_append_c(s, '\n'); break;
		case 't': g_string_append_c(s, '\t'); break;
		case 'r': g_string_append_c(s, '\r'); break;
		case 'u':
			if (!json_unicode(j, s)) {
				g_string_free(s, TRUE);
				return NULL;
			}
			break;
		case '\0': j->p--; break;
		default: g_string_append_c(s, *j->p); break;
		}
	}
	if (!expect(j, '"')) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static char *json_read_value(Json *j)
{
	ws(j);
	if (*j->p == '"')
		return json_read_string(j);
	const char *start = j->p;
	while (*j->p && strchr("+-.0123456789eE", *j->p))
		j->p++;
	if (j->p == start) {
		g_set_error(j->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "JSON: expected a string or number at \"%.12s\"", start);
		return NULL;
	}
	return g_strndup(start, (gsize)(j->p - start));
}

static SmRpcRun *json_read_object(Json *j)
{
	if (!expect(j, '{'))
		return NULL;
	g_autoptr(SmRpcRun) run = sm_rpc_run_new();
	ws(j);
	if (*j->p == '}') {
		j->p++;
		return g_steal_pointer(&run);
	}
	do {
		g_autofree char *key = json_read_string(j);
		if (!key || !expect(j, ':'))
			return NULL;
		g_autofree char *value = json_read_value(j);
		if (!value)
			return NULL;
		const SmRpcField *f = sm_rpc_run_field(key);
		if (f && !sm_rpc_run_parse(run, f, value)) {
			g_set_error(j->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "JSON: %s is not a number: '%s'", key, value);
			return NULL;
		}
		ws(j);
	} while (*j->p == ',' && j->p++);
	if (!expect(j, '}'))
		return NULL;
	return g_steal_pointer(&run);
}

static GListStore *parse_json(const char *text, GError **error)
{
	Json j = { text, error };
	g_autoptr(GListStore) store = g_list_store_new(SM_TYPE_RPC_RUN);
	if (!expect(&j, '['))
		return NULL;
	ws(&j);
	if (*j.p != ']') {
		do {
			g_autoptr(SmRpcRun) run = json_read_object(&j);
			if (!run)
				return NULL;
			g_list_store_append(store, run);
			ws(&j);
		} while (*j.p == ',' && j.p++);
	}
	if (!expect(&j, ']'))
		return NULL;
	return g_steal_pointer(&store);
}

GListStore *sm_rpc_runs_parse(const char *text, GError **error)
{
	/* Its text goes into labels: GTK takes UTF-8 only. */
	if (!g_utf8_validate(text, -1, NULL)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not UTF-8 text");
		return NULL;
	}
	const char *p = text;
	while (g_ascii_isspace(*p))
		p++;
	return *p == '[' ? parse_json(p, error) : parse_csv(p, error);
}
