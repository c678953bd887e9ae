/* bench_mq.c — the workload over a POSIX message queue.  Queue limits
 * (/proc/sys/fs/mqueue: msg_max, msgsize_max) apply; a message size
 * beyond them is -ENOTSUP.  The end: after the producers exit the parent
 * says so in the control block, and each consumer stops at the first
 * receive that finds the queue empty after that (an end message sent into
 * a full queue would wait for good on a consumer that died). */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdlib.h>
#include <time.h>
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

#define END_POLL_NS 10000000 /* how often an idle consumer looks for the end */

/* One message into buf: its length, 0 at the end of the run, or -errno. */
static ssize_t receive(struct bench_run *run, mqd_t q, uint8_t *buf, size_t size)
{
	for (;;) {
		/* Read before the receive: once the producers have ended, a
		 * queue found empty stays empty. */
		bool ended = atomic_load_explicit(&run->ctl->producers_ended, memory_order_acquire);
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += END_POLL_NS;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		ssize_t n = mq_timedreceive(q, (char *)buf, size, NULL, &t);
		if (n >= 0)
			return n;
		if (errno == ETIMEDOUT && ended)
			return 0;
		if (errno != EINTR && errno != ETIMEDOUT)
			return -errno;
	}
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
	ssize_t n;
	while ((n = receive(run, q, buf, size)) > 0)
		bench_seen(&sink, buf, (size_t)n);
	e = (int)n;
	bench_sink_finish(&sink);
	free(buf);
	return e;
}

static void mq_producers_done(struct bench_run *run)
{
	atomic_store_explicit(&run->ctl->producers_ended, 1, memory_order_release);
}

static void mq_cleanup(struct bench_run *run)
{
	mq_close((mqd_t)run->fds[0]);
}

const struct bench_ops bench_mq_ops = {
	mq_prepare, mq_producer, mq_consumer, mq_producers_done, mq_cleanup,
};
