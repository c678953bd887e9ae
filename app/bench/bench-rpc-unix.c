/* bench-rpc-unix.c — the Unix-domain socket transport of the RPC
 * benchmark: one stream socket pair per caller, an echo thread per
 * connection in a child process; messages framed by a 4-byte length. */
#include "bench-rpc-internal.h"
#include "bench-verify.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct uds_ctx {
	const struct smb_rpc_config *cfg;
	int *client_fd;   /* per caller */
	int *server_fd;
	uint8_t **buf;    /* per caller response buffer */
};

int smb_full_io(int fd, void *p, size_t n, bool out)
{
	while (n) {
		ssize_t r = out ? write(fd, p, n) : read(fd, p, n);
		if (r == 0)
			return -EPIPE;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p = (uint8_t *)p + r;
		n -= (size_t)r;
	}
	return 0;
}

static int read_full(int fd, void *p, size_t n)
{
	return smb_full_io(fd, p, n, false);
}

/* Write a length-prefixed message. */
static int write_msg(int fd, const void *data, uint32_t len)
{
	struct iovec iov[2] = { { &len, 4 }, { (void *)data, len } };
	size_t left = 4 + (size_t)len;
	int k = 0;
	while (left) {
		ssize_t w = writev(fd, iov + k, 2 - k);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		left -= (size_t)w;
		while (k < 2 && (size_t)w >= iov[k].iov_len) {
			w -= (ssize_t)iov[k].iov_len;
			k++;
		}
		if (k < 2) {
			iov[k].iov_base = (uint8_t *)iov[k].iov_base + w;
			iov[k].iov_len -= (size_t)w;
		}
	}
	return 0;
}

static void *echo_thread(void *arg)
{
	int fd = (int)(intptr_t)arg;
	uint8_t *buf = NULL;
	size_t cap = 0;
	for (;;) {
		uint32_t len;
		if (read_full(fd, &len, 4))
			break;
		if (len > cap) {
			uint8_t *nb = realloc(buf, len);
			if (!nb)
				break;
			buf = nb;
			cap = len;
		}
		if (read_full(fd, buf, len) || write_msg(fd, buf, len))
			break;
	}
	free(buf);
	close(fd);
	return NULL;
}

static int server_main(void *arg, int ready_fd, int release_fd)
{
	struct uds_ctx *x = arg;
	unsigned n = x->cfg->callers;
	pthread_t *t = calloc(n, sizeof(*t));
	if (!t)
		return 1;
	for (unsigned i = 0; i < n; i++) {
		close(x->client_fd[i]);
		if (pthread_create(&t[i], NULL, echo_thread, (void *)(intptr_t)x->server_fd[i]))
			return 1;
	}
	smb_child_ready(ready_fd);
	for (unsigned i = 0; i < n; i++) /* each ends when its client closes */
		pthread_join(t[i], NULL);
	(void)release_fd;
	free(t);
	return 0;
}

static int uds_call(void *ctx, unsigned caller, const void *req, size_t len, const void **resp,
		    size_t *resp_len, void **to_free)
{
	struct uds_ctx *x = ctx;
	int fd = x->client_fd[caller - 1];
	*to_free = NULL;
	int err = write_msg(fd, req, (uint32_t)len);
	uint32_t rlen = 0;
	if (!err)
		err = read_full(fd, &rlen, 4);
	if (!err && rlen > x->cfg->msg_size)
		err = -EPROTO;
	if (!err)
		err = read_full(fd, x->buf[caller - 1], rlen);
	*resp = x->buf[caller - 1];
	*resp_len = rlen;
	return err;
}

int smb_rpc_run_unix(const struct smb_rpc_config *cfg, struct smb_rpc_result *out)
{
	unsigned n = cfg->callers ? cfg->callers : 1;
	struct uds_ctx x = { .cfg = cfg };
	x.client_fd = calloc(n, sizeof(int));
	x.server_fd = calloc(n, sizeof(int));
	x.buf = calloc(n, sizeof(uint8_t *));
	int err = x.client_fd && x.server_fd && x.buf ? 0 : -ENOMEM;
	unsigned made = 0;
	for (; !err && made < n; made++) {
		int sv[2];
		x.buf[made] = malloc(cfg->msg_size ? cfg->msg_size : 1);
		if (!x.buf[made] || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
			err = x.buf[made] ? -errno : -ENOMEM;
			free(x.buf[made]);
			break;
		}
		x.client_fd[made] = sv[0];
		x.server_fd[made] = sv[1];
	}
	struct smb_child child = { .pid = -1, .release_fd = -1 };
	if (!err)
		err = smb_child_start(&child, server_main, &x);
	for (unsigned i = 0; i < made; i++)
		close(x.server_fd[i]);
	if (!err)
		err = smb_rpc_drive(cfg, uds_call, &x, out);
	for (unsigned i = 0; i < made; i++) {
		close(x.client_fd[i]);
		free(x.buf[i]);
	}
	if (child.pid > 0) {
		int cerr = smb_child_stop(&child);
		if (!err)
			err = cerr;
	}
	free(x.client_fd);
	free(x.server_fd);
	free(x.buf);
	out->transport = "unix-socket";
	if (!err)
		sm_bench_test_lose(out->transport, &out->lost);
	return err;
}
