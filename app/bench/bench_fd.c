/* bench_fd.c — the workload over a pipe, a Unix stream socket or a Unix
 * seqpacket socket.  Byte streams (pipe, stream socket) carry no message
 * boundaries, so they run 1 -> 1 only; seqpacket runs P -> C.  The end:
 * every writer closes its end, and each reader sees end of file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_internal.h"

static bool is_stream(const struct bench_run *run) { return run->t != SM_BENCH_UNIX_SEQPACKET; }

static int fd_prepare(struct bench_run *run)
{
	if (is_stream(run) && (run->o.producers > 1 || run->o.consumers > 1))
		return -ENOTSUP;
	int r;
	if (run->t == SM_BENCH_PIPE) {
		int p[2];
		r = pipe2(p, O_CLOEXEC);
		run->fds[0] = p[1]; /* write end */
		run->fds[1] = p[0];
		if (r == 0)
			fcntl(p[1], F_SETPIPE_SZ, 1 << 20); /* as large as allowed, like a ring */
	} else {
		int type = run->t == SM_BENCH_UNIX_STREAM ? SOCK_STREAM : SOCK_SEQPACKET;
		r = socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, run->fds);
		if (r == 0) {
			int sz = 4 << 20; /* capped by the system's wmem_max */
			setsockopt(run->fds[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
			setsockopt(run->fds[1], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
		}
	}
	return r < 0 ? -errno : 0;
}

static int write_all(void *ctx, const uint8_t *p, size_t n)
{
	int fd = *(int *)ctx;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno == EMSGSIZE ? -ENOTSUP : -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fd_producer(struct bench_run *run, unsigned id)
{
	close(run->fds[1]);
	int e = bench_produce(run, id, write_all, &run->fds[0]);
	close(run->fds[0]);
	return e;
}

/* One message: 1 if read, 0 at the end, -errno. */
static int read_msg(const struct bench_run *run, int fd, uint8_t *buf, size_t size, size_t *len)
{
	if (!is_stream(run)) {
		ssize_t n;
		while ((n = recv(fd, buf, size + 1, 0)) < 0 && errno == EINTR)
			;
		if (n < 0)
			return -errno;
		*len = (size_t)n;
		return n > 0;
	}
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return got ? -EPROTO : 0;
		got += (size_t)n;
	}
	*len = size;
	return 1;
}

static int fd_consumer(struct bench_run *run, unsigned id)
{
	close(run->fds[0]);
	int fd = run->fds[1];
	struct bench_sink sink;
	size_t size = run->o.msg_size;
	uint8_t *buf = malloc(size + 1);
	int e = buf ? bench_sink_init(&sink, run, id) : -ENOMEM;
	if (e < 0) {
		free(buf);
		return e;
	}
	bench_wait_start(run);
	size_t len = 0;
	while ((e = read_msg(run, fd, buf, size, &len)) > 0)
		bench_seen(&sink, buf, len);
	bench_sink_finish(&sink);
	close(fd);
	free(buf);
	return e;
}

static void fd_producers_done(struct bench_run *run)
{
	close(run->fds[0]); /* the last write end: readers see the end */
	run->fds[0] = -1;
}

static void fd_cleanup(struct bench_run *run)
{
	if (run->fds[0] >= 0) /* the run failed before producers_done */
		close(run->fds[0]);
	close(run->fds[1]);
}

const struct bench_ops bench_fd_ops = {
	fd_prepare, fd_producer, fd_consumer, fd_producers_done, fd_cleanup,
};
