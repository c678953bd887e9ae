/* crash_ring.c — ring producers, consumers and owners under SIGKILL, and
 * the proof at the end that nothing was lost, duplicated or damaged except
 * what the ring counted as lost with a dead reader.
 *
 * Bitmaps, one bit per (producer, sequence number):
 *   committed  the producer saw its write/commit succeed
 *   uncertain  the producer was killed inside a write: may or may not exist
 *   read       a consumer verified it and released it (or the final drain)
 *   held       its consumer was killed holding it (peek..release)
 *   maybe      its consumer was killed inside release, before recording
 * Consumers read zero-copy (peek, record the stamp, release), so the driver
 * knows which message a consumer killed mid-read held; the only message it
 * cannot name is one claimed by a consumer killed inside sm_ring_peek. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash.h"

#define FILLER_PRODUCER 0xfffffu /* the driver's own messages at the end */

static uint64_t child_rand_seed(const struct crash_slot *s)
{
	return crash->seed * 0x9E3779B97F4A7C15ull ^ ((uint64_t)s->role << 56) ^
	       ((uint64_t)s->index << 40) ^ s->incarnation;
}

static int open_ring(struct crash_slot *s, sm_ring **ring)
{
	crash_state(s, ST_START);
	crash_busy(s, true);
	int r = sm_ring_open(ring, crash->ring_name, 0);
	crash_busy(s, false);
	if (r < 0)
		crash_fail("%s %u: sm_ring_open: %s", s->role == ROLE_PRODUCER ? "producer" : "consumer",
			   s->index, sm_strerror(r));
	return r;
}

/* Throttle for the soak (messages per second per producer; 0 = none). */
static void pace(uint64_t *next_ns)
{
	if (!crash->rate)
		return;
	uint64_t now = crash_now_ns();
	*next_ns += UINT64_C(1000000000) / crash->rate;
	if (*next_ns > now)
		usleep((useconds_t)((*next_ns - now) / 1000));
	else if (now - *next_ns > UINT64_C(1000000000))
		*next_ns = now; /* fell behind (killed, slow machine): no burst */
}

int crash_producer(struct crash_slot *s)
{
	uint64_t rnd = child_rand_seed(s);
	sm_ring *ring;
	if (open_ring(s, &ring) < 0)
		return 1;
	uint32_t p = s->index, cap = sm_ring_node_size(ring);
	uint8_t *msg = malloc(cap);
	uint64_t next_ns = crash_now_ns();
	for (;;) {
		uint64_t seq = atomic_load(&crash->next_seq[p]);
		if (seq >= CRASH_MAX_SEQ) { /* enough: idle until killed */
			crash_state(s, ST_IDLE);
			usleep(10000);
			continue;
		}
		pace(&next_ns);
		size_t len = SM_TRAFFIC_MIN_SIZE + crash_rand(&rnd) % (cap - SM_TRAFFIC_MIN_SIZE + 1);
		atomic_store(&s->seq, seq);
		int r;
		if (crash_rand(&rnd) % 4) {
			sm_traffic_fill(msg, len, seq * 31 + p);
			sm_traffic_stamp(msg, len, p, seq, 0);
			crash_state(s, ST_WRITING);
			crash_busy(s, true);
			r = sm_ring_write(ring, msg, len, crash->op_timeout_ms);
			crash_busy(s, false);
		} else { /* zero-copy, sometimes slow between reserve and commit */
			struct sm_ring_slot slot;
			crash_state(s, ST_WRITING);
			crash_busy(s, true);
			r = sm_ring_reserve(ring, &slot, crash->op_timeout_ms);
			crash_busy(s, false);
			if (r == 0) {
				crash_state(s, ST_RESERVED);
				sm_traffic_fill(slot.data, len, seq * 31 + p);
				sm_traffic_stamp(slot.data, len, p, seq, 0);
				if (crash_rand(&rnd) % 8 == 0)
					usleep(300);
				crash_state(s, ST_COMMITTING);
				r = sm_ring_commit(ring, &slot, len);
			}
		}
		if (r == 0) {
			bit_set(&crash->committed, p, seq);
			atomic_store(&crash->next_seq[p], seq + 1);
		} else if (r != -ETIMEDOUT) {
			crash_fail("producer %u: write of #%llu: %s", p, (unsigned long long)seq,
				   sm_strerror(r));
			usleep(10000);
		}
		crash_state(s, ST_IDLE);
	}
}

/* Check one message and record it read; false if it is not a producer's. */
static bool take(sm_traffic_verifier *v, const void *data, size_t len, uint32_t *p, uint64_t *seq)
{
	int res = sm_traffic_verify(v, data, len);
	if (sm_traffic_peek(data, len, p, seq) < 0 || res == SM_TRAFFIC_CORRUPT ||
	    *p >= CRASH_PRODUCERS || *seq >= CRASH_MAX_SEQ) {
		atomic_fetch_add(&crash->corrupted, 1);
		crash_fail("corrupt message (%zu bytes, producer %u, #%llu)", len, *p,
			   (unsigned long long)*seq);
		return false;
	}
	if (res == SM_TRAFFIC_REORDERED) {
		atomic_fetch_add(&crash->reordered, 1);
		crash_fail("message %u#%llu out of order", *p, (unsigned long long)*seq);
	}
	return true;
}

static void record_read(uint32_t p, uint64_t seq)
{
	if (bit_set(&crash->read, p, seq)) {
		atomic_fetch_add(&crash->duplicates, 1);
		crash_fail("message %u#%llu read twice", p, (unsigned long long)seq);
	}
	atomic_fetch_add(&crash->verified, 1);
}

int crash_consumer(struct crash_slot *s)
{
	uint64_t rnd = child_rand_seed(s);
	sm_ring *ring;
	if (open_ring(s, &ring) < 0)
		return 1;
	sm_traffic_verifier *v = sm_traffic_verifier_new(CRASH_PRODUCERS, SM_TRAFFIC_SHARED);
	for (;;) {
		struct sm_ring_slot slot;
		crash_state(s, ST_PEEKING);
		crash_busy(s, true);
		int r = sm_ring_peek(ring, &slot, crash->op_timeout_ms);
		crash_busy(s, false);
		if (r < 0) {
			if (r != -ETIMEDOUT)
				crash_fail("consumer %u: peek: %s", s->index, sm_strerror(r));
			crash_state(s, ST_IDLE);
			continue;
		}
		uint32_t p = 0;
		uint64_t seq = 0;
		bool ok = take(v, slot.data, slot.length, &p, &seq);
		atomic_store(&s->producer, p);
		atomic_store(&s->seq, seq);
		crash_state(s, ST_HOLDING);
		if (crash_rand(&rnd) % 8 == 0)
			usleep(300); /* widen the killed-mid-read window */
		crash_state(s, ST_RELEASING);
		sm_ring_release(ring, &slot);
		if (ok)
			record_read(p, seq);
		crash_state(s, ST_IDLE);
	}
}

int crash_owner(struct crash_slot *s)
{
	uint64_t rnd = child_rand_seed(s);
	for (;;) {
		char name[SM_NAME_MAX + 1];
		snprintf(name, sizeof name, "%s-own-%u", crash->prefix,
			 atomic_fetch_add(&crash->owner_serial, 1));
		sm_ring *ring;
		crash_state(s, ST_START);
		int r = sm_ring_create(&ring, name, 4, 64, NULL);
		if (r < 0) {
			crash_fail("owner: sm_ring_create %s: %s", name, sm_strerror(r));
			usleep(10000);
			continue;
		}
		crash_state(s, ST_IDLE);
		uint8_t msg[64] = { 0 };
		for (int i = 0; i < 4; i++)
			sm_ring_write(ring, msg, sizeof msg, 0);
		usleep((useconds_t)(crash_rand(&rnd) % 20000));
		sm_ring_close(ring);
	}
}

int crash_ring_setup(sm_ring **ring)
{
	int r = sm_ring_create(ring, crash->ring_name, crash->node_count, crash->node_size, NULL);
	if (r < 0)
		fprintf(stderr, "crash-inject: sm_ring_create %s: %s\n", crash->ring_name, sm_strerror(r));
	return r;
}

void crash_ring_killed(struct crash_slot *s, enum crash_state st)
{
	uint64_t seq = atomic_load(&s->seq);
	uint32_t p = atomic_load(&s->producer);
	if (s->role == ROLE_PRODUCER &&
	    (st == ST_WRITING || st == ST_RESERVED || st == ST_COMMITTING)) {
		p = s->index;
		bit_set(&crash->uncertain, p, seq);
		uint64_t next = atomic_load(&crash->next_seq[p]);
		if (next < seq + 1) /* skip the number whose fate is open */
			atomic_store(&crash->next_seq[p], seq + 1);
	} else if (s->role == ROLE_CONSUMER && p < CRASH_PRODUCERS && seq < CRASH_MAX_SEQ) {
		if (st == ST_HOLDING)
			bit_set(&crash->held, p, seq);
		else if (st == ST_RELEASING && !bit_get(&crash->read, p, seq))
			bit_set(&crash->maybe, p, seq);
	}
}

/* After the kills: the driver reads what is left, then writes a lap of
 * filler messages so that producers' waits reclaim nodes still held by
 * dead consumers behind the tail, and reads those too. */
static int drain(sm_ring *ring, uint64_t *fillers)
{
	sm_traffic_verifier *v = sm_traffic_verifier_new(CRASH_PRODUCERS, SM_TRAFFIC_SHARED);
	uint8_t filler[SM_TRAFFIC_MIN_SIZE];
	uint32_t n = sm_ring_node_count(ring);
	/* Waits long enough for a holder to be judged dead (claim window: 1 s). */
	int wait_ms = 1500;
	for (int round = 0; round < 2; round++) {
		for (;;) {
			struct sm_ring_slot slot;
			int r = sm_ring_peek(ring, &slot, wait_ms);
			if (r == -ETIMEDOUT)
				break;
			if (r < 0) {
				crash_fail("drain: peek: %s", sm_strerror(r));
				return -1;
			}
			uint32_t p = 0;
			uint64_t seq = 0;
			if (sm_traffic_peek(slot.data, slot.length, &p, &seq) == 0 && p == FILLER_PRODUCER) {
				sm_ring_release(ring, &slot);
				continue;
			}
			bool ok = take(v, slot.data, slot.length, &p, &seq);
			sm_ring_release(ring, &slot);
			if (ok)
				record_read(p, seq);
		}
		if (round == 1)
			break;
		for (uint32_t i = 0; i < n; i++) {
			sm_traffic_fill(filler, sizeof filler, i);
			sm_traffic_stamp(filler, sizeof filler, FILLER_PRODUCER, i, 0);
			int r = sm_ring_write(ring, filler, sizeof filler, wait_ms);
			if (r < 0) {
				crash_fail("drain: filler write: %s (a node stays held)", sm_strerror(r));
				return -1;
			}
			++*fillers;
			/* One in, one out: the ring never fills with fillers. */
			struct sm_ring_slot slot;
			if (sm_ring_peek(ring, &slot, wait_ms) == 0) {
				uint32_t p = 0;
				uint64_t seq = 0;
				if (sm_traffic_peek(slot.data, slot.length, &p, &seq) == 0 &&
				    p != FILLER_PRODUCER && take(v, slot.data, slot.length, &p, &seq)) {
					sm_ring_release(ring, &slot);
					record_read(p, seq);
				} else {
					sm_ring_release(ring, &slot);
				}
			}
		}
	}
	sm_traffic_verifier_free(v);
	return 0;
}

struct tally {
	uint64_t committed, uncertain, read, held, maybe;
	uint64_t fabricated;     /* read but never written */
	uint64_t held_and_read;  /* a dead reader's message delivered again */
	uint64_t missing;        /* committed, not read */
	uint64_t unexplained;    /* missing, not held or maybe by a dead reader */
};

static struct tally count_bits(void)
{
	struct tally t = { 0 };
	for (uint32_t p = 0; p < CRASH_PRODUCERS; p++) {
		for (uint64_t w = 0; w < CRASH_MAX_SEQ / 64; w++) {
			uint64_t c = atomic_load(&crash->committed.w[p][w]);
			uint64_t u = atomic_load(&crash->uncertain.w[p][w]) & ~c;
			uint64_t r = atomic_load(&crash->read.w[p][w]);
			uint64_t h = atomic_load(&crash->held.w[p][w]);
			uint64_t m = atomic_load(&crash->maybe.w[p][w]);
			t.committed += (uint64_t)__builtin_popcountll(c);
			t.uncertain += (uint64_t)__builtin_popcountll(u);
			t.read += (uint64_t)__builtin_popcountll(r);
			t.held += (uint64_t)__builtin_popcountll(h);
			t.maybe += (uint64_t)__builtin_popcountll(m & ~r);
			t.fabricated += (uint64_t)__builtin_popcountll(r & ~(c | u));
			t.held_and_read += (uint64_t)__builtin_popcountll(h & r);
			t.missing += (uint64_t)__builtin_popcountll(c & ~r);
			t.unexplained += (uint64_t)__builtin_popcountll(c & ~r & ~h & ~m);
		}
	}
	return t;
}

#define EXPECT(cond, ...)                          \
	do {                                       \
		if (!(cond)) {                     \
			crash_fail(__VA_ARGS__);   \
			ok = false;                \
		}                                  \
	} while (0)

int crash_ring_finish(sm_ring *ring)
{
	uint64_t fillers = 0;
	if (drain(ring, &fillers) < 0)
		return -1;
	struct sm_ring_snapshot snap;
	sm_ring_snapshot(ring, &snap, NULL, 0);
	struct tally t = count_bits();
	uint64_t k_peek = atomic_load(&crash->killed_in[ST_PEEKING]);
	uint64_t k_write = atomic_load(&crash->killed_in[ST_WRITING]) +
			   atomic_load(&crash->killed_in[ST_RESERVED]) +
			   atomic_load(&crash->killed_in[ST_COMMITTING]);
	uint64_t written = snap.messages_written - fillers, read = snap.messages_read - fillers;
	bool ok = true;

	EXPECT(snap.occupancy == 0 && snap.write_reserved == snap.write_committed &&
	       snap.read_claimed == snap.read_released,
	       "ring not idle after the drain: occupancy %u, %llu nodes held",
	       snap.occupancy, (unsigned long long)(snap.write_reserved - snap.read_released));
	EXPECT(snap.messages_written == snap.messages_read + snap.lost,
	       "ring counters: %llu written != %llu read + %llu lost",
	       (unsigned long long)snap.messages_written, (unsigned long long)snap.messages_read,
	       (unsigned long long)snap.lost);
	EXPECT(t.fabricated == 0, "%llu messages read that no producer wrote",
	       (unsigned long long)t.fabricated);
	EXPECT(t.held_and_read == 0, "%llu messages held by a killed consumer were delivered again",
	       (unsigned long long)t.held_and_read);
	EXPECT(t.unexplained <= k_peek,
	       "%llu committed messages missing with no dead reader (%llu consumers killed in peek)",
	       (unsigned long long)t.unexplained, (unsigned long long)k_peek);
	EXPECT(snap.lost >= t.held && snap.lost <= t.held + t.maybe + k_peek,
	       "ring lost %llu, but consumers were killed holding %llu (+ %llu in release, %llu in peek)",
	       (unsigned long long)snap.lost, (unsigned long long)t.held, (unsigned long long)t.maybe,
	       (unsigned long long)k_peek);
	EXPECT(t.missing <= snap.lost + t.maybe,
	       "%llu committed messages missing, only %llu lost with a dead reader (+ %llu in release)",
	       (unsigned long long)t.missing, (unsigned long long)snap.lost, (unsigned long long)t.maybe);
	EXPECT(read >= t.read && read <= t.read + t.maybe,
	       "ring released %llu messages, consumers recorded %llu", (unsigned long long)read,
	       (unsigned long long)t.read);
	EXPECT(written >= t.committed && written <= t.committed + t.uncertain,
	       "ring committed %llu messages, producers %llu (+ %llu killed mid-write)",
	       (unsigned long long)written, (unsigned long long)t.committed,
	       (unsigned long long)t.uncertain);
	EXPECT(snap.abandoned >= atomic_load(&crash->killed_in[ST_RESERVED]) && snap.abandoned <= k_write,
	       "ring abandoned %llu nodes; producers killed holding one: %llu, inside a write: %llu",
	       (unsigned long long)snap.abandoned,
	       (unsigned long long)atomic_load(&crash->killed_in[ST_RESERVED]), (unsigned long long)k_write);
	EXPECT(t.read > 0, "no message got through");

	printf("ring: %llu messages committed (+%llu killed mid-write), %llu read and verified, "
	       "%llu lost with a dead reader (%llu held at the kill), %llu abandoned, "
	       "duplicates %llu, corrupt %llu, reordered %llu\n",
	       (unsigned long long)t.committed, (unsigned long long)t.uncertain,
	       (unsigned long long)t.read, (unsigned long long)snap.lost, (unsigned long long)t.held,
	       (unsigned long long)snap.abandoned, (unsigned long long)atomic_load(&crash->duplicates),
	       (unsigned long long)atomic_load(&crash->corrupted),
	       (unsigned long long)atomic_load(&crash->reordered));
	crash->ring_checked = t.committed + t.uncertain;
	crash->ring_read = t.read;
	crash->ring_lost = snap.lost;
	return ok ? 0 : -1;
}
