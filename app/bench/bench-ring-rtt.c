/* bench-ring-rtt.c — see bench-ring-rtt.h.  The parent owns both rings;
 * closing them at the end shuts them down, which ends the child's loop. */
#include "bench-ring-rtt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-rpc-internal.h"
#include "bench-verify.h"
#include "bench.h"
#include "sharedmem.h"

#define RTT_TIMEOUT_MS 5000

struct rtt_ctx {
	char req_name[SM_NAME_MAX + 1], resp_name[SM_NAME_MAX + 1];
	sm_ring *req, *resp;     /* the parent's handles */
	int echo_pid;            /* the child, for the parent */
	size_t msg_size;
	uint8_t *buf;            /* the parent's response buffer */
	unsigned given_up;       /* calls that timed out: their answers may still come */
};

static int echo_main(void *arg, int ready_fd, int release_fd)
{
	struct rtt_ctx *x = arg;
	sm_ring *in, *out;
	if (sm_ring_open(&in, x->req_name, 0) < 0 || sm_ring_open(&out, x->resp_name, 0) < 0)
		return 1;
	uint8_t *buf = malloc(x->msg_size);
	if (!buf)
		return 1;
	smb_child_ready(ready_fd);
	(void)release_fd;
	int status = 0;
	for (;;) {
		ssize_t n = sm_ring_read(in, buf, x->msg_size, -1);
		if (n == -SM_ESHUTDOWN)
			break;
		int w = n < 0 ? (int)n : sm_ring_write(out, buf, (size_t)n, RTT_TIMEOUT_MS);
		if (w < 0) {
			/* An answer the parent no longer waits for (it gave the
			 * call up and closed the rings) is no failure of ours. */
			status = w == -SM_ESHUTDOWN ? 0 : 1;
			break;
		}
		sm_bench_test_echo_answered();
	}
	free(buf);
	sm_ring_close(in);
	sm_ring_close(out);
	return status;
}

static int rtt_call(void *ctx, unsigned caller, const void *req, size_t len, const void **resp,
		    size_t *resp_len, void **to_free)
{
	struct rtt_ctx *x = ctx;
	(void)caller;
	*to_free = NULL;
	*resp = x->buf;
	*resp_len = 0;
	int r = sm_ring_write(x->req, req, len, RTT_TIMEOUT_MS);
	if (r < 0)
		return r;
	ssize_t n;
	for (;;) {
		n = sm_ring_read(x->resp, x->buf, x->msg_size, RTT_TIMEOUT_MS);
		/* The late answer to a call given up (counted lost) comes before
		 * this one's: pass over it, or each later call would take the
		 * answer to the one before (counted duplicated, every one). */
		if (n < 0 || !x->given_up || ((size_t)n == len && memcmp(x->buf, req, len) == 0))
			break;
		x->given_up--;
	}
	/* A dead echo never answers, and the ring cannot tell: a timeout
	 * alone would count a lost call and go on, 5 s a call. */
	if (n == -ETIMEDOUT && !sm_process_alive(x->echo_pid))
		return -SM_EPEERDEAD;
	if (n == -ETIMEDOUT)
		x->given_up++;
	if (n < 0)
		return (int)n;
	*resp_len = (size_t)n;
	return 0;
}

int smb_ring_rtt(const struct smb_rpc_config *cfg, unsigned ring_flags, struct smb_rpc_result *out)
{
	memset(out, 0, sizeof *out);
	out->transport = "sharedmem";
	if (cfg->msg_size == 0 || cfg->msg_size > UINT32_MAX)
		return -EINVAL;
	struct smb_rpc_config one = *cfg;
	one.callers = 1; /* one pair of rings: one caller */
	struct rtt_ctx x = { .msg_size = cfg->msg_size };
	snprintf(x.req_name, sizeof x.req_name, SM_BENCH_RTT_REQ_SEGMENT, (int)getpid());
	snprintf(x.resp_name, sizeof x.resp_name, SM_BENCH_RTT_RESP_SEGMENT, (int)getpid());
	uint32_t nodes = cfg->node_count ? cfg->node_count : 64;
	uint32_t node_size = cfg->packet_size ? cfg->packet_size : (uint32_t)cfg->msg_size;
	if (node_size < cfg->msg_size)
		return -EINVAL;
	int err = sm_ring_create_flags(&x.req, x.req_name, nodes, node_size, ring_flags, NULL);
	if (err < 0)
		return err;
	err = sm_ring_create_flags(&x.resp, x.resp_name, nodes, node_size, ring_flags, NULL);
	if (err < 0) {
		sm_ring_close(x.req);
		return err;
	}
	x.buf = malloc(cfg->msg_size);
	/* The echo waits on the request ring: it would outlive this process. */
	struct smb_child child = { .pid = -1, .release_fd = -1, .die_with_parent = true };
	err = x.buf ? smb_child_start(&child, echo_main, &x) : -ENOMEM;
	x.echo_pid = child.pid;
	if (!err)
		err = smb_rpc_drive(&one, rtt_call, &x, out);
	sm_ring_close(x.req); /* shuts both down: the child drains and exits */
	sm_ring_close(x.resp);
	if (child.pid > 0) {
		int cerr = smb_child_stop(&child);
		if (!err)
			err = cerr;
	}
	free(x.buf);
	out->transport = "sharedmem";
	return err;
}
