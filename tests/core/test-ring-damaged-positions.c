/* test-ring-damaged-positions.c — another process sets head or tail to a
 * position no ring could hold (as sm_ring_open refuses: past 2^62, tail
 * more than a lap ahead) after a handle opened the ring.  A read or write
 * that has to wait returns -SM_EBADHEADER at once, with a finite timeout
 * or none, and one already asleep within about a second (the wait's
 * recheck), in every mode.  They used to wait out their deadline (-1:
 * forever), or pass nodes as abandoned without end, or, after a second,
 * free nodes still holding messages as lost. */
#include <errno.h>
#include <unistd.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

#define NODES 4
#define SIZE  16
#define BIG   (UINT64_C(1) << 62)

struct call {
	bool write;     /* else read */
	int timeout_ms;
	bool asleep;    /* the call starts before the damage */
};

static const char *ring_name;
static int to_parent, from_parent;

/* Opens the ring (undamaged yet), then makes the call: it must give up. */
static int caller(void *arg)
{
	const struct call *c = arg;
	alarm(8); /* never outlive a failed test */
	sm_ring *r;
	CHECK_EQ(sm_ring_open(&r, ring_name, 0), 0);
	sync_say_ready(to_parent);
	if (!c->asleep) {
		char go;
		CHECK(read(from_parent, &go, 1) == 1); /* damaged now */
	}
	uint64_t t0 = t_now_ms();
	char buf[SIZE] = { 0 };
	if (c->write)
		CHECK_EQ(sm_ring_write(r, buf, sizeof buf, c->timeout_ms), -SM_EBADHEADER);
	else
		CHECK_EQ(sm_ring_read(r, buf, sizeof buf, c->timeout_ms), -SM_EBADHEADER);
	uint64_t took = t_now_ms() - t0;
	CHECK(took < (c->asleep ? 3000u : 500u));
	sm_ring_close(r);
	return 0;
}

/* A full ring whose tail is set far ahead of head (writers must wait), or
 * an empty one whose head is set past 2^62 (readers must wait). */
static void damaged(unsigned flags, struct call c)
{
	printf("%s: %s, timeout %d%s\n", sm_ring_mode_name(flags), c.write ? "write" : "read",
	       c.timeout_ms, c.asleep ? ", asleep" : "");
	fflush(stdout);
	int up[2], down[2];
	CHECK(pipe(up) == 0 && pipe(down) == 0);
	to_parent = up[1];
	from_parent = down[0];
	sm_ring *owner;
	ring_name = t_name("ring-damaged-pos");
	CHECK_EQ(sm_ring_create_flags(&owner, ring_name, NODES, SIZE, flags, &t_ring_opts), 0);
	/* (through a handle closed again: it gives up the single roles) */
	sm_ring *filler;
	CHECK_EQ(sm_ring_open(&filler, ring_name, 0), 0);
	char buf[SIZE] = { 0 };
	for (int i = 0; i < (c.write ? NODES : 2); i++)
		CHECK_EQ(sm_ring_write(filler, buf, sizeof buf, 0), 0);
	for (int i = 0; !c.write && i < 2; i++)
		CHECK_EQ(sm_ring_read(filler, buf, sizeof buf, 0), sizeof buf);
	sm_ring_close(filler);
	alarm(10); /* a call that never gives up fails the test, not the suite */
	pid_t p = t_fork(caller, &c);
	sync_wait_ready(up[0], 1);
	if (c.asleep)
		t_sleep_ms(100); /* let it go to sleep (not needed for correctness) */
	if (c.write)
		atomic_store(&owner->ctl->tail, NODES + 100);
	else
		atomic_store(&owner->ctl->head, BIG + 2);
	CHECK(write(down[1], "g", 1) == 1);
	CHECK_EQ(t_wait(p), 0);
	alarm(0);
	sm_ring_close(owner);
	for (int i = 0; i < 2; i++) {
		close(up[i]);
		close(down[i]);
	}
}

/* Case i: mode i / 6; a write, else a read (i / 3 % 2); no timeout, a
 * finite one, or none and asleep first (i % 3). */
static void damaged_case(int i)
{
	static const struct call calls[] = {
		{ false, -1, false }, { false, 5000, false }, { false, -1, true },
	};
	struct call c = calls[i % 3];
	c.write = i / 3 % 2;
	damaged((unsigned)i / 6, c);
}

/* Side by side: each asleep call waits up to a second for its recheck
 * (8 s one after the other). */
int main(void)
{
	t_cases_at_once(6 * ((SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER) + 1), damaged_case);
	return T_EXIT_PASS;
}
