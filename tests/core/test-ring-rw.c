/* test-ring-rw.c — copying writes and reads in one process: data round
 * trips, sizes (-EMSGSIZE, -SM_ETOOSMALL loses nothing), zero-byte
 * messages vs timeouts, total deadlines, bursts, structured data, and
 * 1000 messages through a 2-node ring (ported from the C# tests).  The
 * first four on a multi-producer/multi-consumer ring and on a spsc one. */
#include <errno.h>
#include <string.h>

#include "platform.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

struct my_struct { /* the C# tests' MyTestStruct, in spirit */
	int32_t a;
	int64_t b;
	double c;
	char name[16];
};

static void sizes(sm_ring *r)
{
	char big[65] = { 0 }, out[64];
	CHECK_EQ(sm_ring_write(r, big, 65, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_write(r, big, 64, 0), 0);
	CHECK_EQ(sm_ring_read(r, out, 64, 0), 64);

	/* Too small a destination: an error, and the message stays. */
	CHECK_EQ(sm_ring_write(r, "0123456789", 10, 0), 0);
	CHECK_EQ(sm_ring_read(r, out, 9, 0), -SM_ETOOSMALL);
	CHECK_EQ(sm_ring_read(r, out, 9, 0), -SM_ETOOSMALL);
	memset(out, 0, sizeof out);
	CHECK_EQ(sm_ring_read(r, out, 10, 0), 10);
	CHECK(memcmp(out, "0123456789", 10) == 0);

	/* A zero-byte message is a message, not a timeout. */
	CHECK_EQ(sm_ring_write(r, NULL, 0, 0), 0);
	CHECK_EQ(sm_ring_read(r, out, sizeof out, 0), 0);
	CHECK_EQ(sm_ring_read(r, out, sizeof out, 0), -ETIMEDOUT);
	CHECK_EQ(sm_ring_read(r, NULL, 0, 0), -ETIMEDOUT);
	CHECK_EQ(sm_ring_write(r, NULL, 5, 0), -EINVAL);
	CHECK_EQ(sm_ring_read(r, NULL, 5, 0), -EINVAL);
}

static void full_and_timeouts(sm_ring *r)
{
	/* 4 nodes hold 4 messages: none is wasted. */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(sm_ring_write(r, &i, sizeof i, 0), 0);
	int x = 9;
	CHECK_EQ(sm_ring_write(r, &x, sizeof x, 0), -ETIMEDOUT);

	/* The timeout is a total deadline. */
	uint64_t t0 = smi_now_ns();
	CHECK_EQ(sm_ring_write(r, &x, sizeof x, 50), -ETIMEDOUT);
	uint64_t waited = smi_now_ns() - t0;
	CHECK(waited >= 50 * 1000000ull);
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK_EQ(s.occupancy, 4);
	CHECK(s.timeouts >= 1);
	CHECK(s.full_waits >= 1);

	for (int i = 0; i < 4; i++) {
		int y = -1;
		CHECK_EQ(sm_ring_read(r, &y, sizeof y, 0), (ssize_t)sizeof y);
		CHECK_EQ(y, i);
	}
	t0 = smi_now_ns();
	CHECK_EQ(sm_ring_read(r, &x, sizeof x, 30), -ETIMEDOUT);
	CHECK(smi_now_ns() - t0 >= 30 * 1000000ull);
	CHECK_EQ(sm_ring_snapshot(r, &s, NULL, 0), 0);
	CHECK(s.empty_waits >= 1);
}

static void bursts(sm_ring *r)
{
	/* Write 6 into 4 nodes: the burst writes what fits (>= 1). */
	uint8_t msgs[6][16], out[8][64];
	uint32_t lens[8];
	for (int i = 0; i < 6; i++)
		memset(msgs[i], 'a' + i, 16);
	CHECK_EQ(sm_ring_write_burst(r, msgs, 16, 6, 0), 4);
	CHECK_EQ(sm_ring_write_burst(r, msgs, 16, 1, 0), -ETIMEDOUT);
	CHECK_EQ(sm_ring_write_burst(r, msgs, 65, 1, 0), -EMSGSIZE);
	CHECK_EQ(sm_ring_write_burst(r, msgs, 16, 0, 0), -EINVAL);
	CHECK_EQ(sm_ring_read_burst(r, out, 32, lens, 8, 0), -EINVAL); /* stride < node_size */
	CHECK_EQ(sm_ring_read_burst(r, out, 64, lens, 3, 0), 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(lens[i], 16);
		CHECK(memcmp(out[i], msgs[i], 16) == 0);
	}
	CHECK_EQ(sm_ring_write_burst(r, msgs[4], 16, 2, 0), 2);
	CHECK_EQ(sm_ring_read_burst(r, out, 64, lens, 8, 0), 3);
	CHECK(memcmp(out[0], msgs[3], 16) == 0);
	CHECK(memcmp(out[1], msgs[4], 16) == 0);
	CHECK(memcmp(out[2], msgs[5], 16) == 0);
	CHECK_EQ(sm_ring_read_burst(r, out, 64, lens, 8, 0), -ETIMEDOUT);
	/* A single read takes a burst-written message and vice versa. */
	CHECK_EQ(sm_ring_write_burst(r, msgs, 16, 1, 0), 1);
	CHECK_EQ(sm_ring_read(r, out[0], 64, 0), 16);
	CHECK_EQ(sm_ring_write(r, msgs[1], 7, 0), 0);
	CHECK_EQ(sm_ring_read_burst(r, out, 64, lens, 8, 0), 1);
	CHECK_EQ(lens[0], 7);
}

static void structured(void)
{
	sm_ring *r;
	const char *name = t_name("ring-struct");
	/* Like the C# test: 100 structs through a ring. */
	CHECK_EQ(sm_ring_create(&r, name, 100, sizeof(struct my_struct), &t_ring_opts), 0);
	for (int i = 0; i < 100; i++) {
		struct my_struct m = { i, -i * 1000000000ll, i / 3.0, "" };
		snprintf(m.name, sizeof m.name, "item %d", i);
		CHECK_EQ(sm_ring_write(r, &m, sizeof m, 0), 0);
	}
	for (int i = 0; i < 100; i++) {
		struct my_struct m;
		CHECK_EQ(sm_ring_read(r, &m, sizeof m, 0), (ssize_t)sizeof m);
		char want[16];
		snprintf(want, sizeof want, "item %d", i);
		CHECK(m.a == i && m.b == -i * 1000000000ll && m.c == i / 3.0 && strcmp(m.name, want) == 0);
	}
	sm_ring_close(r);
}

static void thousand_through_two(void)
{
	sm_ring *w, *rd;
	const char *name = t_name("ring-1000");
	CHECK_EQ(sm_ring_create(&w, name, 2, 32, &t_ring_opts), 0);
	CHECK_EQ(sm_ring_open(&rd, name, 0), 0);
	for (uint32_t i = 0; i < 1000; i++) {
		uint8_t in[32], out[32];
		memset(in, (int)(i & 0xff), sizeof in);
		memcpy(in, &i, sizeof i);
		CHECK_EQ(sm_ring_write(w, in, sizeof in, 0), 0);
		CHECK_EQ(sm_ring_read(rd, out, sizeof out, 0), 32);
		CHECK(memcmp(in, out, 32) == 0);
	}
	struct sm_ring_snapshot s;
	CHECK_EQ(sm_ring_snapshot(w, &s, NULL, 0), 0);
	CHECK_EQ(s.write_reserved, 1000);
	CHECK_EQ(s.read_released, 1000);
	CHECK_EQ(s.messages_read, 1000);
	CHECK_EQ(s.bytes_read, 32000);
	CHECK_EQ(s.occupancy, 0);
	sm_ring_close(rd);
	sm_ring_close(w);
}

int main(void)
{
	/* Every mode: a spsc ring's calls have a fast path of their own. */
	static const unsigned modes[] = { 0, SM_RING_SINGLE_PRODUCER | SM_RING_SINGLE_CONSUMER };
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		sm_ring *r;
		CHECK_EQ(sm_ring_create_flags(&r, t_name("ring-rw"), 4, 64, modes[i], &t_ring_opts), 0);
		sizes(r);
		full_and_timeouts(r);
		bursts(r);
		sm_ring_close(r);
	}
	structured();
	thousand_through_two();
	return T_EXIT_PASS;
}
