/* A run whose server closes its channel in the normal way (shuts it
 * down, which also removes its names) ends as "peer gone": the channel
 * was not removed from outside, and the run must not say so.  No display
 * needed. */
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"
#include "sm-rpc-load.h"

static int echo(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	return sm_rpc_reply_set(reply, req->data, req->len);
}

int main(void)
{
	const char *chan = t_name("loadclose");
	struct sm_rpc_options opts;
	sm_rpc_options_init(&opts);
	opts.handler = echo;
	sm_rpc *server;
	CHECK_EQ(sm_rpc_create(&server, chan, &opts), 0);

	SmRpcLoadSettings s = {
		.channel = (char *)chan, .payload = 64, .callers = 1, .timeout_ms = 5000,
		.form = SM_RPC_REQUEST_RAW, .expect = -1,
	};
	SmRpcLoad *load = sm_rpc_load_start(&s, NULL, NULL);
	SmRpcLoadCounts c;
	for (int i = 0; i < 500; i++) {
		sm_rpc_load_counts(load, &c);
		if (c.ok >= 100 || c.finished)
			break;
		g_usleep(10000);
	}
	CHECK(c.ok >= 100);

	sm_rpc_close(server); /* as `sharedmem rpc serve` does when interrupted */
	for (int i = 0; i < 500 && !c.finished; i++) {
		g_usleep(10000);
		sm_rpc_load_counts(load, &c);
	}
	CHECK(c.finished);
	fprintf(stderr, "the run says: %s\n", c.last_error_text);
	CHECK(c.failed[SM_RPC_FAIL_PEER_GONE] >= 1);
	CHECK(strstr(c.last_error_text, "was removed") == NULL);
	while (g_main_context_iteration(NULL, FALSE))
		; /* the runner's reference */
	sm_rpc_load_unref(load);
	return T_EXIT_PASS;
}
