/* bench_mq.c — the workload over a POSIX message queue.  Queue limits
 * (/proc/sys/fs/mqueue: msg_max, msgsize_max) apply; a message size
 * beyond them is -ENOTSUP.  The end: after the producers exit the parent
 * sends one empty message per consumer. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench_internal.h"

static int mq_prepare(struct bench_run *run)
{
	snprintf(run->name, sizeof run->name, "/sm-bench-%d", (int)getpid());
	struct mq_attr a = { .mq_maxmsg = 10, .mq_msgsize = (long)run->o.msg_size };
	mqd_t q = mq_open(run->name, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	if (q == (mqd_t)-1)
		return errno == EINVAL || errno == EMFILE ? -ENOTSUP : -errno;
	mq_unlink(run->name); /* the children inherit the descriptor: the name can go */
	run->fds[0] = (int)q;
	return 0;
}

static int send_one(void *ctx, const uint8_t *msg, size_t len)
{
	int r;
	while ((r = mq_send(*(mqd_t *)ctx, (const char *)msg, len, 0)) < 0 && errno == EINTR)
		;
	return r < 0 ? -errno : 0;
}

static int mq_producer(struct bench_run *run, unsigned id)
{
	mqd_t q = (mqd_t)run->fds[0];
	return bench_produce(run, id, send_one, &q);
}

static int mq_consumer(struct bench_run *run, unsigned id)
{
	mqd_t q = (mqd_t)run->fds[0];
	struct bench_sink sink;
	size_t size = run->o.msg_size;
	uint8_t *buf = malloc(size);
	int e = buf ? bench_sink_init(&sink, run, id) : -ENOMEM;
	if (e < 0) {
		free(buf);
		return e;
	}
	bench_wait_start(run);
	for (;;) {
		ssize_t n = mq_receive(q, (char *)buf, size, NULL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? -errno : 0;
			break;
		}
		bench_seen(&sink, buf, (size_t)n);
	}
	bench_sink_finish(&sink);
	free(buf);
	return e;
}

static void mq_producers_done(struct bench_run *run)
{
	for (unsigned i = 0; i < run->o.consumers; i++)
		mq_send((mqd_t)run->fds[0], "", 0, 0);
}

static void mq_cleanup(struct bench_run *run)
{
	mq_close((mqd_t)run->fds[0]);
}

const struct bench_ops bench_mq_ops = {
	mq_prepare, mq_producer, mq_consumer, mq_producers_done, mq_cleanup,
};
