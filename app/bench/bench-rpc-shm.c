/* bench-rpc-shm.c — the RPC channel transport of the RPC benchmark: an
 * echo server in a child process, the calling threads in this one. */
#include "bench-rpc-internal.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "bench-verify.h"
#include "bench.h"
#include "sharedmem.h"

#define CALL_TIMEOUT_MS 10000

struct shm_ctx {
	const struct smb_rpc_config *cfg;
	char name[SM_RPC_NAME_MAX + 1];
	sm_rpc *rpc;
};

static int echo(void *user, const struct sm_rpc_request *req, struct sm_rpc_reply *reply)
{
	(void)user;
	int r = sm_rpc_reply_set(reply, req->data, req->len);
	sm_bench_test_echo_answered();
	return r;
}

static void options(struct sm_rpc_options *o, const struct smb_rpc_config *cfg)
{
	sm_rpc_options_init(o);
	o->spin_us = cfg->spin_us;
	o->connect_timeout_ms = 5000;
	o->packet_size = cfg->packet_size;
	o->node_count = cfg->node_count;
	uint64_t max = cfg->msg_size > SM_RPC_DEFAULT_MAX_MESSAGE ? cfg->msg_size : 0;
	o->max_message = (uint32_t)(max > SM_RPC_MAX_MESSAGE_LIMIT ? SM_RPC_MAX_MESSAGE_LIMIT : max);
}

static int server_main(void *arg, int ready_fd, int release_fd)
{
	struct shm_ctx *x = arg;
	struct sm_rpc_options o;
	options(&o, x->cfg);
	o.handler = echo;
	o.workers = x->cfg->workers;
	sm_rpc *rpc;
	int err = sm_rpc_create(&rpc, x->name, &o);
	if (err) { /* the parent says it, once */
		smb_child_failed(ready_fd, err);
		return 1;
	}
	smb_child_ready(ready_fd);
	smb_child_wait_release(release_fd);
	sm_rpc_close(rpc);
	return 0;
}

static int shm_call(void *ctx, unsigned caller, const void *req, size_t len, const void **resp,
		    size_t *resp_len, void **to_free)
{
	(void)caller;
	struct shm_ctx *x = ctx;
	struct sm_rpc_result res;
	int err = sm_rpc_call(x->rpc, req, len, &res, CALL_TIMEOUT_MS);
	*resp = res.data;
	*resp_len = res.len;
	*to_free = res.data;
	return err;
}

int smb_rpc_run_sharedmem(const struct smb_rpc_config *cfg, struct smb_rpc_result *out)
{
	struct shm_ctx x = { .cfg = cfg };
	snprintf(x.name, sizeof(x.name), SM_BENCH_RPC_SEGMENT, (int)getpid());
	struct smb_child child = { .pid = -1, .release_fd = -1 }; /* ends on the pipe's end */
	int err = smb_child_start(&child, server_main, &x);
	if (err) {
		sm_segment_unlink(x.name, false); /* (see below) */
		return err;
	}
	struct sm_rpc_options o;
	options(&o, cfg);
	err = sm_rpc_connect(&x.rpc, x.name, &o);
	if (!err) {
		err = smb_rpc_drive(cfg, shm_call, &x, out);
		sm_rpc_close(x.rpc);
	}
	int cerr = smb_child_stop(&child);
	if (cerr) /* a server that died left its channel, and its rings, named */
		sm_segment_unlink(x.name, false);
	out->transport = "sharedmem-rpc";
	if (!err && !cerr)
		sm_bench_test_lose(out->transport, &out->lost);
	return err ? err : cerr;
}
