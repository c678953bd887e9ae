/* test-ring-shutdown.c — the owner's close: blocked and later writers get
 * -SM_ESHUTDOWN at once, readers drain what is left and then get
 * -SM_ESHUTDOWN, and sleepers on both sides are woken (other processes).
 * A child's close of an inherited owner handle shuts nothing down but
 * unmaps the child's copy. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

static const char *ring_name;
static int ready_fd;

/* Opens the ring and blocks writing into a full ring. */
static int blocked_writer(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(ready_fd);
	int v = 99;
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, -1), -SM_ESHUTDOWN);
	CHECK_EQ(sm_ring_write(r, &v, sizeof v, 0), -SM_ESHUTDOWN);
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_reserve(r, &s, -1), -SM_ESHUTDOWN);
	CHECK_EQ(sm_ring_write_burst(r, &v, sizeof v, 1, -1), -SM_ESHUTDOWN);
	sm_ring_close(r);
	return 0;
}

/* Opens the ring, waits until it is shut down, then drains it. */
static int draining_reader(void *arg)
{
	int expect = *(int *)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(ready_fd);
	while (!sm_segment_is_shutdown(sm_ring_segment(r)))
		t_sleep_ms(5);
	for (int i = 0; i < expect; i++) {
		int v = -1;
		CHECK_EQ(sm_ring_read(r, &v, sizeof v, -1), (ssize_t)sizeof v);
		CHECK_EQ(v, i);
	}
	int v;
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, -1), -SM_ESHUTDOWN);
	struct sm_ring_slot s;
	CHECK_EQ(sm_ring_peek(r, &s, 0), -SM_ESHUTDOWN);
	sm_ring_close(r);
	return 0;
}

/* Blocks reading an empty ring until the owner closes it. */
static int sleeping_reader(void *arg)
{
	(void)arg;
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(ready_fd);
	int v;
	CHECK_EQ(sm_ring_read(r, &v, sizeof v, -1), -SM_ESHUTDOWN);
	sm_ring_close(r);
	return 0;
}

static sm_ring *inherited;

/* Mappings of the ring's file in this process. */
static int mapped(void)
{
	char want[128], line[512];
	snprintf(want, sizeof want, "/sm.%s", ring_name);
	FILE *f = fopen("/proc/self/maps", "r");
	CHECK(f != NULL);
	int n = 0;
	while (fgets(line, sizeof line, f))
		n += strstr(line, want) != NULL;
	fclose(f);
	return n;
}

/* Uses and closes the handle it inherited from the owner. */
static int inheriting_child(void *arg)
{
	(void)arg;
	int v = 7;
	CHECK_EQ(sm_ring_write(inherited, &v, sizeof v, 1000), 0);
	CHECK(mapped() > 0);
	sm_ring_close(inherited); /* must not shut the parent's ring down */
	CHECK_EQ(mapped(), 0);    /* but drops the child's copy */
	return 0;
}

/* A child's close of an inherited owner handle leaves the ring running. */
static void fork_inherits_owner(void)
{
	ring_name = t_name("ring-inherit");
	CHECK_EQ(sm_ring_create(&inherited, ring_name, 4, 16, &t_ring_opts), 0);
	CHECK_EQ(t_wait(t_fork(inheriting_child, NULL)), 0);
	int v = 0;
	CHECK_EQ(sm_ring_read(inherited, &v, sizeof v, 1000), (ssize_t)sizeof v);
	CHECK_EQ(v, 7);
	CHECK(!sm_segment_is_shutdown(sm_ring_segment(inherited)));
	CHECK_EQ(sm_ring_write(inherited, &v, sizeof v, 0), 0);
	sm_ring *o;
	CHECK_EQ(sm_ring_open(&o, ring_name, 0), 0);
	sm_ring_close(o);
	sm_ring_close(inherited);
}

int main(void)
{
	fork_inherits_owner();

	int p[2];
	CHECK(pipe(p) == 0);
	ready_fd = p[1];

	/* Full ring: a blocked writer and a reader that drains after close. */
	sm_ring *r;
	ring_name = t_name("ring-shut");
	CHECK_EQ(sm_ring_create(&r, ring_name, 4, 16, &t_ring_opts), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sm_ring_write(r, &i, sizeof i, 0), 0);
	int four = 4;
	pid_t w = t_fork(blocked_writer, NULL);
	pid_t d = t_fork(draining_reader, &four);
	sync_wait_ready(p[0], 2);
	t_sleep_ms(50); /* let the writer go to sleep (not needed for correctness) */
	sm_ring_close(r);
	CHECK_EQ(t_wait(w), 0);
	CHECK_EQ(t_wait(d), 0);

	/* Empty ring: several sleeping readers all wake with -SM_ESHUTDOWN. */
	ring_name = t_name("ring-shut2");
	CHECK_EQ(sm_ring_create(&r, ring_name, 2, 16, &t_ring_opts), 0);
	pid_t s[4];
	for (int i = 0; i < 4; i++)
		s[i] = t_fork(sleeping_reader, NULL);
	sync_wait_ready(p[0], 4);
	t_sleep_ms(50);
	sm_ring_close(r);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(t_wait(s[i]), 0);
	return T_EXIT_PASS;
}
