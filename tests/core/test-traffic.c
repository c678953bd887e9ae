/* test-traffic.c — message stamps and the verifier's accounting. */
#include <errno.h>
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

static uint8_t msg[4][1000];

static void make(int i, size_t len, uint32_t p, uint64_t seq, unsigned flags)
{
	sm_traffic_fill(msg[i], len, seq + 1);
	CHECK_EQ(sm_traffic_stamp(msg[i], len, p, seq, flags), 0);
}

/* The burst verifier counts exactly as one call per message does, on a
 * mix of in-order, gap, late, duplicate, short, damaged and foreign ones. */
static void burst_matches_single(void)
{
	enum { N = 40, STRIDE = 128 };
	static uint8_t b[N][STRIDE];
	uint32_t lens[N];
	uint64_t seqs[N] = { 0, 1, 2, 3, 5, 4, 4, 6, 7, 7, 8, 9, 20, 10, 11, 21, 22, 23 };
	for (unsigned i = 18; i < N; i++)
		seqs[i] = 6 + i;
	for (unsigned i = 0; i < N; i++) {
		lens[i] = i == 3 ? SM_TRAFFIC_MIN_SIZE : (uint32_t)(24 + i % 100);
		sm_traffic_fill(b[i], lens[i], i);
		CHECK_EQ(sm_traffic_stamp(b[i], lens[i], i == 30 ? 1 : 0, seqs[i], 0), 0);
	}
	b[8][lens[8] - 1] ^= 4; /* damaged tail */
	b[33][16] ^= 1;         /* damaged payload */
	lens[35] = 8;           /* too short */
	sm_traffic_verifier *one = sm_traffic_verifier_new(2, 0), *many = sm_traffic_verifier_new(2, 0);
	CHECK(one && many);
	unsigned ok = 0;
	for (unsigned i = 0; i < N; i++)
		ok += sm_traffic_verify(one, b[i], lens[i]) == SM_TRAFFIC_OK;
	CHECK_EQ(sm_traffic_verify_burst(many, b, STRIDE, lens, 7) +
			 sm_traffic_verify_burst(many, b[7], STRIDE, lens + 7, N - 7),
		 ok);
	struct sm_traffic_counts c1, c2;
	sm_traffic_counts(one, &c1);
	sm_traffic_counts(many, &c2);
	CHECK(memcmp(&c1, &c2, sizeof c1) == 0);
	CHECK(c1.corrupted == 3 && c1.duplicated == 1 && c1.reordered == 3 && c1.ok > 20);
	struct sm_traffic_tally t1[2], t2[2];
	sm_traffic_tallies(one, t1, 2);
	sm_traffic_tallies(many, t2, 2);
	CHECK(memcmp(t1, t2, sizeof t1) == 0);
	for (uint32_t p = 0; p < 2; p++)
		CHECK_EQ(sm_traffic_next(one, p), sm_traffic_next(many, p));
	sm_traffic_verifier_free(one);
	sm_traffic_verifier_free(many);
}

int main(void)
{
	burst_matches_single();
	/* Too short to carry a stamp. */
	CHECK_EQ(sm_traffic_stamp(msg[0], SM_TRAFFIC_MIN_SIZE - 1, 0, 0, 0), -EMSGSIZE);
	sm_traffic_verifier *v = sm_traffic_verifier_new(2, 0);
	CHECK(v);
	CHECK(sm_traffic_verifier_new(0, 0) == NULL);
	CHECK_EQ(sm_traffic_verify(v, msg[0], 8), SM_TRAFFIC_CORRUPT);
	CHECK_EQ(sm_traffic_verify(NULL, msg[0], 8), -EINVAL);
	CHECK_EQ(sm_traffic_verify(v, NULL, 8), -EINVAL);

	/* In order, every size from the minimum up. */
	for (uint64_t s = 0; s < 100; s++) {
		make(0, SM_TRAFFIC_MIN_SIZE + s, 1, s, 0);
		CHECK_EQ(sm_traffic_verify(v, msg[0], SM_TRAFFIC_MIN_SIZE + s), SM_TRAFFIC_OK);
	}
	uint32_t p;
	uint64_t seq;
	CHECK_EQ(sm_traffic_peek(msg[0], 115, &p, &seq), 0);
	CHECK(p == 1 && seq == 99);
	CHECK_EQ(sm_traffic_next(v, 1), 100);
	CHECK_EQ(sm_traffic_received(v, 1), 100);

	/* Damage: a payload byte (sampled: the first payload word), the tail,
	 * the length, an unknown producer. */
	make(0, 1000, 1, 100, 0);
	msg[0][16] ^= 1;
	CHECK_EQ(sm_traffic_verify(v, msg[0], 1000), SM_TRAFFIC_CORRUPT);
	make(0, 1000, 1, 100, 0);
	msg[0][999] ^= 0x80;
	CHECK_EQ(sm_traffic_verify(v, msg[0], 1000), SM_TRAFFIC_CORRUPT);
	make(0, 1000, 1, 100, 0);
	CHECK_EQ(sm_traffic_verify(v, msg[0], 999), SM_TRAFFIC_CORRUPT);
	make(0, 100, 7, 0, 0);
	CHECK_EQ(sm_traffic_verify(v, msg[0], 100), SM_TRAFFIC_CORRUPT);

	/* Gap, late arrival, duplicate. */
	make(0, 64, 1, 100, 0);
	make(1, 64, 1, 102, 0);
	make(2, 64, 1, 101, 0);
	CHECK_EQ(sm_traffic_verify(v, msg[0], 64), SM_TRAFFIC_OK);
	CHECK_EQ(sm_traffic_verify(v, msg[1], 64), SM_TRAFFIC_OK);
	struct sm_traffic_counts c;
	sm_traffic_counts(v, &c);
	CHECK_EQ(c.lost, 1);
	CHECK_EQ(sm_traffic_verify(v, msg[2], 64), SM_TRAFFIC_REORDERED);
	CHECK_EQ(sm_traffic_verify(v, msg[2], 64), SM_TRAFFIC_DUPLICATE);
	CHECK_EQ(sm_traffic_verify(v, msg[1], 64), SM_TRAFFIC_DUPLICATE);
	sm_traffic_counts(v, &c);
	CHECK_EQ(c.ok, 102);
	CHECK_EQ(c.lost, 0);
	CHECK_EQ(c.reordered, 1);
	CHECK_EQ(c.duplicated, 2);
	CHECK_EQ(c.corrupted, 5);
	sm_traffic_verifier_free(v);

	/* FULL hashes every byte: a flip in the middle is caught. */
	v = sm_traffic_verifier_new(1, SM_TRAFFIC_FULL);
	make(0, 1000, 0, 0, SM_TRAFFIC_FULL);
	msg[0][333] ^= 4;
	CHECK_EQ(sm_traffic_verify(v, msg[0], 1000), SM_TRAFFIC_CORRUPT);
	sm_traffic_verifier_free(v);

	/* Two consumers sharing producer 0's messages 0..9; merge accounting. */
	sm_traffic_verifier *a = sm_traffic_verifier_new(1, SM_TRAFFIC_SHARED);
	sm_traffic_verifier *b = sm_traffic_verifier_new(1, SM_TRAFFIC_SHARED);
	for (uint64_t s = 0; s < 10; s++) {
		make(0, 32, 0, s, 0);
		CHECK_EQ(sm_traffic_verify(s % 3 ? a : b, msg[0], 32), SM_TRAFFIC_OK);
	}
	struct sm_traffic_counts cs[3];
	struct sm_traffic_tally t[3];
	sm_traffic_counts(a, &cs[0]);
	sm_traffic_counts(b, &cs[1]);
	sm_traffic_tallies(a, &t[0], 1);
	sm_traffic_tallies(b, &t[1], 1);
	CHECK_EQ(t[0].received + t[1].received, 10);
	uint64_t sent = 10;
	sm_traffic_merge(cs, t, 2, &sent, 1, &c);
	CHECK(c.ok == 10 && c.lost == 0 && c.duplicated == 0);
	sent = 12;
	sm_traffic_merge(cs, t, 2, &sent, 1, &c);
	CHECK_EQ(c.lost, 2);
	/* A third consumer gets a copy of a message `a` already had. */
	sm_traffic_verifier *d = sm_traffic_verifier_new(1, SM_TRAFFIC_SHARED);
	make(0, 32, 0, 8, 0);
	CHECK_EQ(sm_traffic_verify(d, msg[0], 32), SM_TRAFFIC_OK);
	sm_traffic_counts(d, &cs[2]);
	sm_traffic_tallies(d, &t[2], 1);
	sent = 10;
	sm_traffic_merge(cs, t, 3, &sent, 1, &c);
	CHECK_EQ(c.duplicated, 1);
	CHECK_EQ(c.lost, 0);
	/* Same count, wrong messages: 8 twice, 9 never. */
	t[1].received--;
	t[1].seq_sum -= 9;
	sm_traffic_merge(cs, t, 3, &sent, 1, &c);
	CHECK(c.lost == 1 && c.duplicated == 1);
	sm_traffic_verifier_free(d);
	sm_traffic_verifier_free(a);
	sm_traffic_verifier_free(b);
	return T_EXIT_PASS;
}
