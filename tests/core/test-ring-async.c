/* test-ring-async.c — producer and consumer in separate processes (the C#
 * async tests): 1000 messages through a 2-node ring in order; a slow
 * reader makes the writer time out, a slow writer makes the reader time
 * out, and no data is lost or damaged either way. */
#include <errno.h>
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

#define COUNT 1000

struct job {
	const char *name;
	int count;
	int slow_every; /* sleep 3 ms every this many messages (0: never) */
	int timeout_ms; /* per call; on -ETIMEDOUT the call is retried */
};

static void fill(uint8_t *buf, uint32_t i)
{
	for (int k = 0; k < 32; k++)
		buf[k] = (uint8_t)(i * 7 + (uint32_t)k);
}

static int producer(void *arg)
{
	const struct job *j = arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, j->name, 0), 0);
	int timeouts = 0;
	for (int i = 0; i < j->count; i++) {
		uint8_t buf[32];
		fill(buf, (uint32_t)i);
		int e;
		while ((e = sm_ring_write(r, buf, sizeof buf, j->timeout_ms)) == -ETIMEDOUT)
			timeouts++;
		CHECK_EQ(e, 0);
		if (j->slow_every && i % j->slow_every == 0)
			t_sleep_ms(3);
	}
	sm_ring_close(r);
	return timeouts > 0 ? 10 : 0; /* the parent learns whether it timed out */
}

static int consumer(void *arg)
{
	const struct job *j = arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, j->name, 0), 0);
	int timeouts = 0;
	for (int i = 0; i < j->count; i++) {
		uint8_t buf[32], want[32];
		ssize_t n;
		while ((n = sm_ring_read(r, buf, sizeof buf, j->timeout_ms)) == -ETIMEDOUT)
			timeouts++;
		CHECK_EQ(n, 32);
		fill(want, (uint32_t)i);
		CHECK(memcmp(buf, want, 32) == 0);
		if (j->slow_every && i % j->slow_every == 0)
			t_sleep_ms(3);
	}
	sm_ring_close(r);
	return timeouts > 0 ? 10 : 0;
}

/* Runs one producer and one consumer; returns their exit codes. */
static void run(const char *tag, struct job prod, struct job cons, int *pw, int *pr)
{
	sm_ring *r;
	const char *name = t_name(tag);
	CHECK_EQ(sm_ring_create(&r, name, 2, 32, NULL), 0);
	prod.name = cons.name = name;
	pid_t c = t_fork(consumer, &cons);
	pid_t p = t_fork(producer, &prod);
	*pw = t_wait(p);
	*pr = t_wait(c);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.messages_written, (uint64_t)prod.count);
	CHECK_EQ(s.messages_read, (uint64_t)prod.count);
	CHECK_EQ(s.bytes_read, (uint64_t)prod.count * 32);
	CHECK_EQ(s.lost, 0);
	CHECK_EQ(s.write_reserved, (uint64_t)prod.count + s.abandoned);
	sm_ring_close(r);
}

int main(void)
{
	int pw, pr;
	/* Plain: both as fast as they can, blocking forever. */
	run("ring-async", (struct job){ 0, COUNT, 0, -1 }, (struct job){ 0, COUNT, 0, -1 }, &pw, &pr);
	CHECK_EQ(pw, 0);
	CHECK_EQ(pr, 0);
	/* Slow reader: the writer (1 ms timeouts) must see timeouts. */
	run("ring-slowr", (struct job){ 0, 100, 0, 1 }, (struct job){ 0, 100, 1, -1 }, &pw, &pr);
	CHECK_EQ(pw, 10);
	CHECK_EQ(pr, 0);
	/* Slow writer: the reader (1 ms timeouts) must see timeouts. */
	run("ring-sloww", (struct job){ 0, 100, 1, -1 }, (struct job){ 0, 100, 0, 1 }, &pw, &pr);
	CHECK_EQ(pw, 0);
	CHECK_EQ(pr, 10);
	return T_EXIT_PASS;
}
