/* bench-rpc-alt.c — see bench-rpc-alt.h.  Each caller has its own
 * channel: two descriptors for requests (read end, write end) and two for
 * responses.  Pipes carry a 4-byte length before each message; seqpacket
 * sockets and message queues keep message boundaries themselves.  A
 * zero-length request tells a queue's echo thread to stop; pipes and
 * sockets stop at end of file. */
#include "bench-rpc-internal.h"
#include "bench-rpc-alt.h"
#include "bench-verify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <mqueue.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sharedmem.h"

enum alt_kind { ALT_PIPE, ALT_SEQPACKET, ALT_MQ };

/* One caller's channel.  Requests: req_w (client) -> req_r (server);
 * responses: resp_w (server) -> resp_r (client).  A socket is both ends. */
struct alt_chan {
	int req_r, req_w, resp_r, resp_w;
	uint8_t *buf;        /* the client's response buffer */
};

struct alt_ctx {
	enum alt_kind kind;
	const struct smb_rpc_config *cfg;
	unsigned n;
	struct alt_chan *ch;
	int server;          /* the server child's pid, for the client */
};

/* ---- Moving one message ---- */

static int send_msg(enum alt_kind k, int fd, const void *data, size_t len)
{
	switch (k) {
	case ALT_PIPE: {
		uint32_t l = (uint32_t)len;
		int r = smb_full_io(fd, &l, 4, true);
		return r ? r : smb_full_io(fd, (void *)data, len, true);
	}
	case ALT_SEQPACKET:
		while (send(fd, data, len, MSG_NOSIGNAL) < 0)
			if (errno != EINTR)
				return -errno;
		return 0;
	case ALT_MQ:
		while (mq_send(fd, data, len, 0) < 0)
			if (errno != EINTR)
				return -errno;
		return 0;
	}
	return -EINVAL;
}

/* mq_receive, but with a `peer` (> 0) a second at a time: a queue cannot
 * tell that the other side died (this process holds it too), so ask.
 * The length, or -errno (-SM_EPEERDEAD). */
static ssize_t mq_recv_from(int fd, void *buf, size_t cap, int peer)
{
	for (;;) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec++;
		ssize_t got = peer > 0 ? mq_timedreceive(fd, buf, cap, NULL, &until)
				       : mq_receive(fd, buf, cap, NULL);
		if (got >= 0)
			return got;
		if (errno == ETIMEDOUT && !sm_process_alive(peer))
			return -SM_EPEERDEAD;
		if (errno != EINTR && errno != ETIMEDOUT)
			return -errno;
	}
}

/* Receive into buf (cap bytes); *len gets the length.  -EPIPE at the end;
 * `peer` as mq_recv_from (pipes and sockets see the end when it dies). */
static int recv_msg(enum alt_kind k, int fd, void *buf, size_t cap, size_t *len, int peer)
{
	ssize_t got;
	switch (k) {
	case ALT_PIPE: {
		uint32_t l;
		int r = smb_full_io(fd, &l, 4, false);
		if (!r && l > cap)
			r = -EPROTO;
		if (!r)
			r = smb_full_io(fd, buf, l, false);
		*len = l;
		return r;
	}
	case ALT_SEQPACKET:
		while ((got = recv(fd, buf, cap, 0)) < 0)
			if (errno != EINTR)
				return -errno;
		*len = (size_t)got;
		return got == 0 ? -EPIPE : 0;
	case ALT_MQ:
		if ((got = mq_recv_from(fd, buf, cap, peer)) < 0)
			return (int)got;
		*len = (size_t)got;
		return got == 0 ? -EPIPE : 0;
	}
	return -EINVAL;
}

/* ---- Server child: an echo thread per caller ---- */

struct echo_arg {
	struct alt_ctx *x;
	unsigned i;
};

static void *echo_thread(void *arg)
{
	struct echo_arg *e = arg;
	struct alt_ctx *x = e->x;
	struct alt_chan *c = &x->ch[e->i];
	size_t cap = x->cfg->msg_size ? x->cfg->msg_size : 1, len = 0;
	uint8_t *buf = malloc(cap);
	while (buf && recv_msg(x->kind, c->req_r, buf, cap, &len, 0) == 0 &&
	       send_msg(x->kind, c->resp_w, buf, len) == 0)
		sm_bench_test_echo_answered();
	free(buf);
	return NULL;
}

static int server_main(void *arg, int ready_fd, int release_fd)
{
	struct alt_ctx *x = arg;
	pthread_t *t = calloc(x->n, sizeof *t);
	struct echo_arg *e = calloc(x->n, sizeof *e);
	if (!t || !e)
		return 1;
	for (unsigned i = 0; i < x->n; i++) {
		if (x->kind != ALT_MQ) { /* the client's ends: EOF reaches us when it closes */
			close(x->ch[i].req_w);
			if (x->ch[i].resp_r != x->ch[i].req_w)
				close(x->ch[i].resp_r);
		}
		e[i] = (struct echo_arg){ x, i };
		if (pthread_create(&t[i], NULL, echo_thread, &e[i]))
			return 1;
	}
	smb_child_ready(ready_fd);
	for (unsigned i = 0; i < x->n; i++)
		pthread_join(t[i], NULL);
	(void)release_fd;
	free(t);
	free(e);
	return 0;
}

static int alt_call(void *ctx, unsigned caller, const void *req, size_t len, const void **resp,
		    size_t *resp_len, void **to_free)
{
	struct alt_ctx *x = ctx;
	struct alt_chan *c = &x->ch[caller - 1];
	*to_free = NULL;
	*resp = c->buf;
	*resp_len = 0;
	int r = send_msg(x->kind, c->req_w, req, len);
	return r ? r : recv_msg(x->kind, c->resp_r, c->buf, x->cfg->msg_size ? x->cfg->msg_size : 1,
				resp_len, x->server);
}

/* ---- Channels ---- */

static int open_pipe(struct alt_chan *c)
{
	int a[2], b[2];
	if (pipe2(a, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(b, O_CLOEXEC) < 0) {
		int e = -errno;
		close(a[0]), close(a[1]);
		return e;
	}
	*c = (struct alt_chan){ a[0], a[1], b[0], b[1], NULL };
	return 0;
}

static int open_seqpacket(struct alt_chan *c, size_t msg_size)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	/* Room for a message each way; past the system's limit (wmem_max),
	 * SO_SNDBUFFORCE works only with privilege. */
	int want = (int)(2 * msg_size + 4096);
	for (int i = 0; i < 2; i++) {
		int got = 0;
		socklen_t l = sizeof got;
		if (setsockopt(sv[i], SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof want) < 0)
			setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &want, sizeof want);
		if (setsockopt(sv[i], SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) < 0)
			setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
		getsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &got, &l);
		if ((size_t)got < msg_size + 512) {
			close(sv[0]), close(sv[1]);
			return -ENOTSUP;
		}
	}
	/* Requests go client sv[0] -> server sv[1], responses back. */
	*c = (struct alt_chan){ sv[1], sv[0], sv[0], sv[1], NULL };
	return 0;
}

static int open_mq(struct alt_chan *c, size_t msg_size, unsigned i)
{
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = (long)(msg_size ? msg_size : 1) };
	char name[2][64];
	mqd_t q[2];
	for (int k = 0; k < 2; k++) {
		snprintf(name[k], sizeof name[k], "/sm-bench-%d-%u-%d", (int)getpid(), i, k);
		q[k] = mq_open(name[k], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
		if (q[k] == (mqd_t)-1) {
			int e = errno == EINVAL || errno == EMFILE || errno == ENOMEM ? -ENOTSUP : -errno;
			if (k) {
				mq_close(q[0]);
				mq_unlink(name[0]);
			}
			return e;
		}
		mq_unlink(name[k]); /* both processes hold descriptors: the names can go */
	}
	*c = (struct alt_chan){ q[0], q[0], q[1], q[1], NULL };
	return 0;
}

static void close_chan(enum alt_kind k, struct alt_chan *c)
{
	if (k == ALT_MQ) {
		mq_close(c->req_w);
		mq_close(c->resp_r);
	} else {
		close(c->req_w);
		if (c->resp_r != c->req_w)
			close(c->resp_r);
	}
	free(c->buf);
}

static int run(enum alt_kind kind, const char *name, const struct smb_rpc_config *cfg,
	       struct smb_rpc_result *out)
{
	memset(out, 0, sizeof *out);
	out->transport = name;
	struct alt_ctx x = { kind, cfg, cfg->callers ? cfg->callers : 1, NULL, -1 };
	x.ch = calloc(x.n, sizeof *x.ch);
	if (!x.ch)
		return -ENOMEM;
	int err = 0;
	unsigned made = 0;
	for (; made < x.n; made++) {
		struct alt_chan *c = &x.ch[made];
		err = kind == ALT_PIPE ? open_pipe(c) :
		      kind == ALT_SEQPACKET ? open_seqpacket(c, cfg->msg_size) :
					      open_mq(c, cfg->msg_size, made);
		if (!err && !(c->buf = malloc(cfg->msg_size ? cfg->msg_size : 1))) {
			close_chan(kind, c);
			err = -ENOMEM;
		}
		if (err)
			break;
	}
	/* A queue's echo threads wait on the queue: they would outlive us. */
	struct smb_child child = { .pid = -1, .release_fd = -1, .die_with_parent = true };
	if (!err)
		err = smb_child_start(&child, server_main, &x);
	x.server = child.pid;
	/* The server's ends belong to the child now. */
	for (unsigned i = 0; i < made && kind != ALT_MQ; i++) {
		close(x.ch[i].req_r);
		if (x.ch[i].resp_w != x.ch[i].req_r)
			close(x.ch[i].resp_w);
	}
	if (!err)
		err = smb_rpc_drive(cfg, alt_call, &x, out);
	for (unsigned i = 0; i < made; i++) {
		if (kind == ALT_MQ && child.pid > 0) /* tell its echo thread to stop */
			send_msg(kind, x.ch[i].req_w, "", 0);
		close_chan(kind, &x.ch[i]);
	}
	if (child.pid > 0) {
		int cerr = smb_child_stop(&child);
		if (!err)
			err = cerr;
	}
	free(x.ch);
	out->transport = name;
	if (!err)
		sm_bench_test_lose(out->transport, &out->lost);
	return err;
}

int smb_rpc_run_pipe(const struct smb_rpc_config *cfg, struct smb_rpc_result *out)
{
	return run(ALT_PIPE, "pipe", cfg, out);
}

int smb_rpc_run_seqpacket(const struct smb_rpc_config *cfg, struct smb_rpc_result *out)
{
	return run(ALT_SEQPACKET, "unix-seqpacket", cfg, out);
}

int smb_rpc_run_mq(const struct smb_rpc_config *cfg, struct smb_rpc_result *out)
{
	return run(ALT_MQ, "posix-mq", cfg, out);
}
