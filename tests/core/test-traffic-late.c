/* test-traffic-late.c — a message that comes late by more than 64 of its
 * producer's sequence numbers is late (SM_TRAFFIC_REORDERED), not a
 * duplicate: the verifier remembered only the last 64 sequence numbers,
 * so such a message counted as duplicated while its gap stayed lost, and
 * a benchmark whose transport reordered that far reported a loss and a
 * duplicate.  A message seen before is still a duplicate however far
 * back, with consumers sharing a producer's messages too. */
#include <string.h>

#include "sharedmem.h"
#include "../testlib.h"

enum { LEN = 64 };

static int verify(sm_traffic_verifier *v, uint64_t seq)
{
	uint8_t msg[LEN];
	sm_traffic_fill(msg, LEN, seq + 1);
	CHECK_EQ(sm_traffic_stamp(msg, LEN, 0, seq, 0), 0);
	return sm_traffic_verify(v, msg, LEN);
}

static void check_counts(sm_traffic_verifier *v, uint64_t ok, uint64_t lost, uint64_t duplicated,
			 uint64_t reordered)
{
	struct sm_traffic_counts c;
	sm_traffic_counts(v, &c);
	if (c.ok != ok || c.lost != lost || c.duplicated != duplicated || c.reordered != reordered ||
	    c.corrupted != 0) {
		fprintf(stderr, "counts: ok %llu lost %llu duplicated %llu reordered %llu corrupted %llu\n",
			(unsigned long long)c.ok, (unsigned long long)c.lost,
			(unsigned long long)c.duplicated, (unsigned long long)c.reordered,
			(unsigned long long)c.corrupted);
		CHECK(!"counts as expected");
	}
}

/* One consumer: 10 comes after 199; 20..22 after 299, the middle one
 * first.  Then copies of messages seen long ago. */
static void far_late_one_consumer(void)
{
	sm_traffic_verifier *v = sm_traffic_verifier_new(1, 0);
	CHECK(v);
	for (uint64_t s = 0; s < 300; s++)
		if (s != 10 && (s < 20 || s > 22))
			CHECK_EQ(verify(v, s), SM_TRAFFIC_OK);
	check_counts(v, 296, 4, 0, 0);
	CHECK_EQ(verify(v, 10), SM_TRAFFIC_REORDERED);
	CHECK_EQ(verify(v, 21), SM_TRAFFIC_REORDERED);
	CHECK_EQ(verify(v, 20), SM_TRAFFIC_REORDERED);
	CHECK_EQ(verify(v, 22), SM_TRAFFIC_REORDERED);
	check_counts(v, 296, 0, 0, 4);
	CHECK_EQ(verify(v, 10), SM_TRAFFIC_DUPLICATE);
	CHECK_EQ(verify(v, 21), SM_TRAFFIC_DUPLICATE);
	CHECK_EQ(verify(v, 150), SM_TRAFFIC_DUPLICATE);
	CHECK_EQ(verify(v, 299), SM_TRAFFIC_DUPLICATE);
	check_counts(v, 296, 0, 4, 4);
	CHECK_EQ(sm_traffic_received(v, 0), 300);
	sm_traffic_verifier_free(v);
}

/* Two consumers share 0..199: a takes the even ones, b the odd ones, 3
 * last.  Merged, nothing is lost or duplicated. */
static void far_late_shared(void)
{
	sm_traffic_verifier *a = sm_traffic_verifier_new(1, SM_TRAFFIC_SHARED);
	sm_traffic_verifier *b = sm_traffic_verifier_new(1, SM_TRAFFIC_SHARED);
	CHECK(a && b);
	for (uint64_t s = 0; s < 200; s++)
		if (s != 3)
			CHECK_EQ(verify(s % 2 ? b : a, s), SM_TRAFFIC_OK);
	CHECK_EQ(verify(b, 3), SM_TRAFFIC_REORDERED);
	CHECK_EQ(verify(b, 5), SM_TRAFFIC_DUPLICATE);
	struct sm_traffic_counts counts[2], c;
	struct sm_traffic_tally tallies[2];
	sm_traffic_counts(a, &counts[0]);
	sm_traffic_counts(b, &counts[1]);
	sm_traffic_tallies(a, &tallies[0], 1);
	sm_traffic_tallies(b, &tallies[1], 1);
	uint64_t sent = 200;
	counts[1].duplicated--; /* the copy of 5, sent on purpose above */
	sm_traffic_merge(counts, tallies, 2, &sent, 1, &c);
	CHECK(c.lost == 0 && c.duplicated == 0 && c.reordered == 1 && c.ok == 199);
	sm_traffic_verifier_free(a);
	sm_traffic_verifier_free(b);
}

/* A consumer that sees every other message of a long run keeps a gap per
 * message; the recent ones stay known however many came before. */
static void many_gaps(void)
{
	sm_traffic_verifier *v = sm_traffic_verifier_new(1, SM_TRAFFIC_SHARED);
	CHECK(v);
	for (uint64_t s = 0; s < 400000; s += 2)
		CHECK_EQ(verify(v, s), SM_TRAFFIC_OK);
	CHECK_EQ(verify(v, 399001), SM_TRAFFIC_REORDERED);
	CHECK_EQ(verify(v, 399001), SM_TRAFFIC_DUPLICATE);
	CHECK_EQ(verify(v, 399000), SM_TRAFFIC_DUPLICATE);
	sm_traffic_verifier_free(v);
}

int main(void)
{
	far_late_one_consumer();
	far_late_shared();
	many_gaps();
	return T_EXIT_PASS;
}
