/* cli-rpc-handlers.c — see cli-rpc-handlers.h. */
#include "cli-rpc-handlers.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-util.h"
#include "sharedmem/error.h"

static int do_echo(const char *args, size_t len, struct sm_rpc_reply *reply)
{
	return sm_rpc_reply_set(reply, args, len);
}

static int do_add(const char *args, size_t len, struct sm_rpc_reply *reply)
{
	char text[4096];
	if (len >= sizeof text)
		return sm_rpc_reply_error(reply, -EINVAL, "add: arguments too long");
	if (memchr(args, '\0', len)) /* (the text would end there) */
		return sm_rpc_reply_error(reply, -EINVAL, "add: the arguments hold a NUL byte");
	memcpy(text, args, len);
	text[len] = '\0';
	long long sum = 0;
	int terms = 0;
	char *save; /* strtok_r: worker threads run this side by side */
	for (char *tok = strtok_r(text, " ,\t\n", &save); tok;
	     tok = strtok_r(NULL, " ,\t\n", &save)) {
		char *end;
		errno = 0;
		long long v = strtoll(tok, &end, 10);
		if (errno || *end)
			return sm_rpc_reply_error(reply, -EINVAL, "add: '%s' is not an integer", tok);
		if (__builtin_add_overflow(sum, v, &sum))
			return sm_rpc_reply_error(reply, -ERANGE, "add: the sum overflows 64 bits");
		terms++;
	}
	if (terms == 0)
		return sm_rpc_reply_error(reply, -EINVAL, "add: no numbers given");
	char out[32];
	int n = snprintf(out, sizeof out, "%lld", sum);
	return sm_rpc_reply_set(reply, out, (size_t)n);
}

static int do_sleep(const char *args, size_t len, struct sm_rpc_reply *reply)
{
	char text[32];
	if (len == 0 || len >= sizeof text)
		return sm_rpc_reply_error(reply, -EINVAL, "sleep: give milliseconds (0..60000)");
	if (memchr(args, '\0', len))
		return sm_rpc_reply_error(reply, -EINVAL, "sleep: the arguments hold a NUL byte");
	memcpy(text, args, len);
	text[len] = '\0';
	char *end;
	long ms = strtol(text, &end, 10);
	if (end == text || *end || ms < 0 || ms > 60000)
		return sm_rpc_reply_error(reply, -EINVAL, "sleep: '%s' is not 0..60000 ms", text);
	/* In 20 ms slices: an interrupted server stops now, not when the
	 * sleep ends (its close waits for the handler). */
	for (uint64_t until = cli_now_ns() + (uint64_t)ms * 1000000u, now;
	     (now = cli_now_ns()) < until;) {
		if (cli_interrupted)
			return sm_rpc_reply_error(reply, -ECANCELED, "sleep: the server is stopping");
		uint64_t left = until - now < 20000000u ? until - now : 20000000u;
		struct timespec t = { 0, (long)left };
		nanosleep(&t, NULL);
	}
	char out[48];
	int n = snprintf(out, sizeof out, "slept %ld ms", ms);
	return sm_rpc_reply_set(reply, out, (size_t)n);
}

static const struct {
	const char *name;
	int (*fn)(const char *args, size_t len, struct sm_rpc_reply *reply);
} methods[] = {
	{ "echo", do_echo },
	{ "add", do_add },
	{ "sleep", do_sleep },
};

/* Only a method the stop cut short says ECANCELED (sleep): no answer.
 * An error reply is an answer, counted apart too. */
static void count_result(struct cli_rpc_server *srv, int r)
{
	if (r == -ECANCELED) {
		atomic_fetch_add_explicit(&srv->cancelled, 1, memory_order_relaxed);
		return;
	}
	if (r == -EOPNOTSUPP)
		atomic_fetch_add_explicit(&srv->no_method, 1, memory_order_relaxed);
	else if (r < 0)
		atomic_fetch_add_explicit(&srv->bad_args, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&srv->served, 1, memory_order_relaxed);
}

int cli_rpc_builtin_handler(void *user, const struct sm_rpc_request *req,
			    struct sm_rpc_reply *reply)
{
	struct cli_rpc_server *srv = user;
	const char *data = req->data ? req->data : "";
	const char *nul = memchr(data, '\0', req->len);
	int r;
	/* Past the limit, or interrupted, the server is closing: the call is
	 * refused, not run. */
	if (atomic_fetch_add(&srv->taken, 1) >= srv->limit && srv->limit)
		return sm_rpc_reply_error(reply, -ECANCELED, "the server is stopping: it answers "
					  "%llu call%s (--calls)", (unsigned long long)srv->limit,
					  cli_plural(srv->limit));
	if (cli_interrupted)
		return sm_rpc_reply_error(reply, -ECANCELED, "the server is stopping");
	if (!nul) {
		r = sm_rpc_reply_error(reply, -EINVAL,
				       "request is not \"METHOD\\0ARGS\" (methods: " CLI_RPC_METHODS ")");
	} else {
		size_t mlen = (size_t)(nul - data);
		r = -EOPNOTSUPP;
		for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
			if (strlen(methods[i].name) == mlen && memcmp(methods[i].name, data, mlen) == 0) {
				r = methods[i].fn(nul + 1, req->len - mlen - 1, reply);
				break;
			}
		}
		if (r == -EOPNOTSUPP)
			r = sm_rpc_reply_error(reply, -EOPNOTSUPP, "no method '%.*s' (methods: "
					       CLI_RPC_METHODS ")", (int)(mlen > 64 ? 64 : mlen), data);
	}
	count_result(srv, r);
	return r;
}
