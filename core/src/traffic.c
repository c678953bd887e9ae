/* traffic.c — message stamps and the verifier (see sharedmem/traffic.h). */
#include "sharedmem/traffic.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define STAMP_SIZE  16u
#define TAIL_SIZE   8u
#define MAX_MISSING 8192u /* gaps remembered per producer (16 bytes each) */

/* Sequence numbers [from, to) of a producer not seen (yet). */
struct seq_gap {
	uint64_t from, to;
};

struct producer_state {
	uint64_t next;     /* one past the highest sequence seen */
	uint64_t received;
	uint64_t seq_sum;  /* of received sequence numbers (wrapping) */
	/* Every number below next not seen, in order: a late message is
	 * told from a copy however late it comes (a window of the last 64
	 * numbers counted one 65 behind a copy, and its gap a loss).  Past
	 * MAX_MISSING gaps the oldest are forgotten, and a message in one
	 * counts as a copy.  NULL until the first gap. */
	struct seq_gap *missing;
	uint32_t n_missing, cap_missing;
};

struct sm_traffic_verifier {
	uint32_t producers;
	unsigned flags;
	struct sm_traffic_counts counts;
	struct producer_state p[];
};

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

#define K1 UINT64_C(0x9E3779B97F4A7C15)
#define K2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define K3 UINT64_C(0x165667B19E3779F9)

/* Multiply to 128 bits and fold (as wyhash does): every input bit
 * reaches every output bit; independent folds run in parallel. */
static inline uint64_t fold(uint64_t a, uint64_t b)
{
	__extension__ unsigned __int128 m = (unsigned __int128)a * b;
	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

/* Hash of every payload byte [from, to) of msg, seeded with h (kept out
 * of line: the sampled case below is the hot one). */
__attribute__((noinline)) static uint64_t payload_hash_full(const uint8_t *msg, size_t from,
							     size_t to, uint64_t h)
{
	size_t n = to > from ? to - from : 0;
	const uint8_t *p = msg + from;
	/* Four lanes of 8 bytes. */
	uint64_t a = h, b = K1, c = K2, d = K3;
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		a = fold(a ^ load64(p + i), K1);
		b = fold(b ^ load64(p + i + 8), K2);
		c = fold(c ^ load64(p + i + 16), K3);
		d = fold(d ^ load64(p + i + 24), K1);
	}
	for (; i + 8 <= n; i += 8)
		a = fold(a ^ load64(p + i), K2);
	uint64_t last = 0;
	memcpy(&last, p + i, n - i);
	return fold(a ^ last ^ (n - i), K3) ^ fold(b ^ K2, c ^ K1) ^ d;
}

/* The check of a message: producer, sequence and length mixed with the
 * payload, hashed whole (SM_TRAFFIC_FULL or payloads under 8 bytes) or by
 * three 8-byte samples (first, middle, last; offsets depend only on the
 * length).  Multiplying by an odd constant loses no bit, and the final
 * shift brings the high bits down, so a change in any sampled bit changes
 * the check.  Inline and short (three multiplies, no dependent chain of
 * them): it is most of the cost of stamping and verifying a small message. */
static inline uint32_t stamp_check(const uint8_t *msg, size_t len, uint32_t producer, uint64_t seq,
				   unsigned flags)
{
	uint64_t id = (uint64_t)len << 32 | producer, h;
	size_t end = len >= STAMP_SIZE + TAIL_SIZE ? len - TAIL_SIZE : len;
	size_t n = end > STAMP_SIZE ? end - STAMP_SIZE : 0;
	if (__builtin_expect(n >= 8 && !(flags & SM_TRAFFIC_FULL), 1)) {
		const uint8_t *p = msg + STAMP_SIZE;
		uint64_t x = load64(p) ^ (load64(p + (n - 8) / 2) * K1) ^ (load64(p + n - 8) * K3);
		h = (seq ^ x) * K2 + (id ^ K1) * K3;
	} else {
		h = payload_hash_full(msg, STAMP_SIZE, end, fold(seq ^ K1, id ^ K2));
	}
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

int sm_traffic_stamp(void *msg, size_t len, uint32_t producer, uint64_t seq, unsigned flags)
{
	if (len < SM_TRAFFIC_MIN_SIZE || !msg)
		return -EMSGSIZE;
	uint8_t *m = msg;
	memcpy(m, &producer, 4);
	memcpy(m + 8, &seq, 8);
	if (len >= STAMP_SIZE + TAIL_SIZE) {
		uint64_t tail = seq ^ SM_TRAFFIC_TAIL;
		memcpy(m + len - TAIL_SIZE, &tail, 8);
	}
	uint32_t check = stamp_check(m, len, producer, seq, flags);
	memcpy(m + 4, &check, 4);
	return 0;
}

void sm_traffic_fill(void *msg, size_t len, uint64_t seed)
{
	uint8_t *m = msg;
	uint64_t x = seed | 1;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		memcpy(m + i, &x, 8);
	}
	for (; i < len; i++)
		m[i] = (uint8_t)(x >> (8 * (i & 7)));
}

int sm_traffic_peek(const void *msg, size_t len, uint32_t *producer, uint64_t *seq)
{
	if (len < SM_TRAFFIC_MIN_SIZE || !msg)
		return -EMSGSIZE;
	memcpy(producer, msg, 4);
	memcpy(seq, (const uint8_t *)msg + 8, 8);
	return 0;
}

sm_traffic_verifier *sm_traffic_verifier_new(uint32_t max_producers, unsigned flags)
{
	if (max_producers == 0 || max_producers > (1u << 24))
		return NULL;
	sm_traffic_verifier *v = calloc(1, sizeof *v + max_producers * sizeof v->p[0]);
	if (!v)
		return NULL;
	v->producers = max_producers;
	v->flags = flags;
	return v;
}

void sm_traffic_verifier_free(sm_traffic_verifier *v)
{
	if (!v)
		return;
	for (uint32_t i = 0; i < v->producers; i++)
		free(v->p[i].missing);
	free(v);
}

/* Room for one more gap: the array grows to MAX_MISSING, then forgets
 * its older half (one move for MAX_MISSING / 2 gaps).  False, nothing
 * changed, if out of memory. */
static bool room_for_gap(struct producer_state *p)
{
	if (p->n_missing < p->cap_missing)
		return true;
	if (p->cap_missing == MAX_MISSING) {
		uint32_t kept = MAX_MISSING / 2;
		memmove(p->missing, p->missing + (p->n_missing - kept), kept * sizeof *p->missing);
		p->n_missing = kept;
		return true;
	}
	uint32_t cap = p->cap_missing ? 2 * p->cap_missing : 16;
	struct seq_gap *grown = realloc(p->missing, cap * sizeof *grown);
	if (!grown)
		return false;
	p->missing = grown;
	p->cap_missing = cap;
	return true;
}

/* Sequence numbers [from, to) were skipped (all above the gaps known). */
static void note_gap(struct producer_state *p, uint64_t from, uint64_t to)
{
	if (room_for_gap(p))
		p->missing[p->n_missing++] = (struct seq_gap){ from, to };
}

/* The index of the gap holding seq, or -1. */
static long find_gap(const struct producer_state *p, uint64_t seq)
{
	uint32_t lo = 0, hi = p->n_missing; /* the gaps before lo start at or below seq */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->missing[mid].from <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && seq < p->missing[lo - 1].to ? (long)lo - 1 : -1;
}

/* Whether seq, below next, was in a gap: if so it is taken out of it. */
static bool fill_gap(struct producer_state *p, uint64_t seq)
{
	long i = find_gap(p, seq);
	if (i < 0)
		return false;
	struct seq_gap *g = &p->missing[i];
	if (g->from == seq)
		g->from++;
	else if (g->to == seq + 1)
		g->to--;
	else { /* split in two; without room the upper part is forgotten */
		uint64_t to = g->to;
		g->to = seq;
		if (room_for_gap(p) && (i = find_gap(p, seq - 1)) >= 0) {
			memmove(p->missing + i + 2, p->missing + i + 1,
				(p->n_missing - (uint32_t)i - 1) * sizeof *p->missing);
			p->missing[i + 1] = (struct seq_gap){ seq + 1, to };
			p->n_missing++;
		}
		return true;
	}
	if (g->from == g->to) {
		memmove(g, g + 1, (p->n_missing - (uint32_t)i - 1) * sizeof *g);
		p->n_missing--;
	}
	return true;
}

static int corrupt(sm_traffic_verifier *v)
{
	v->counts.corrupted++;
	return SM_TRAFFIC_CORRUPT;
}

int sm_traffic_verify(sm_traffic_verifier *v, const void *msg, size_t len)
{
	if (!v || (!msg && len))
		return -EINVAL;
	const uint8_t *m = msg;
	uint32_t producer, check;
	uint64_t seq;
	if (sm_traffic_peek(msg, len, &producer, &seq) < 0)
		return corrupt(v);
	memcpy(&check, m + 4, 4);
	if (len >= STAMP_SIZE + TAIL_SIZE && (load64(m + len - TAIL_SIZE) ^ SM_TRAFFIC_TAIL) != seq)
		return corrupt(v);
	if (producer >= v->producers || check != stamp_check(m, len, producer, seq, v->flags))
		return corrupt(v);

	struct producer_state *p = &v->p[producer];
	if (seq >= p->next) {
		uint64_t gap = seq - p->next;
		if (!(v->flags & SM_TRAFFIC_SHARED))
			v->counts.lost += gap;
		if (gap)
			note_gap(p, p->next, seq);
		p->next = seq + 1;
	} else {
		if (!fill_gap(p, seq)) {
			v->counts.duplicated++;
			return SM_TRAFFIC_DUPLICATE;
		}
		v->counts.reordered++;
		if (!(v->flags & SM_TRAFFIC_SHARED) && v->counts.lost)
			v->counts.lost--; /* it was counted in a gap; it came late */
		p->received++;
		p->seq_sum += seq;
		v->counts.bytes += len;
		return SM_TRAFFIC_REORDERED;
	}
	p->received++;
	p->seq_sum += seq;
	v->counts.ok++;
	v->counts.bytes += len;
	return SM_TRAFFIC_OK;
}

/* The in-order case of sm_traffic_verify (a message whose producer,
 * check and tail are right and whose sequence number is exactly the next
 * one expected): true if it was that and is counted, else false with
 * nothing counted. */
static inline bool verify_next(sm_traffic_verifier *v, const uint8_t *m, size_t len)
{
	if (len < STAMP_SIZE + TAIL_SIZE)
		return false;
	uint32_t producer, check;
	uint64_t seq;
	memcpy(&producer, m, 4);
	memcpy(&check, m + 4, 4);
	memcpy(&seq, m + 8, 8);
	if (producer >= v->producers)
		return false;
	struct producer_state *p = &v->p[producer];
	if (seq != p->next || (load64(m + len - TAIL_SIZE) ^ SM_TRAFFIC_TAIL) != seq ||
	    check != stamp_check(m, len, producer, seq, v->flags))
		return false;
	p->next = seq + 1;
	p->received++;
	p->seq_sum += seq;
	v->counts.ok++;
	v->counts.bytes += len;
	return true;
}

unsigned sm_traffic_verify_burst(sm_traffic_verifier *v, const void *msgs, size_t stride,
				 const uint32_t *lens, unsigned n)
{
	const uint8_t *m = msgs;
	unsigned ok = 0;
	for (unsigned i = 0; i < n; i++, m += stride) {
		if (__builtin_expect(verify_next(v, m, lens[i]), 1))
			ok++;
		else
			ok += sm_traffic_verify(v, m, lens[i]) == SM_TRAFFIC_OK;
	}
	return ok;
}

void sm_traffic_counts(const sm_traffic_verifier *v, struct sm_traffic_counts *out)
{
	*out = v->counts;
}

uint64_t sm_traffic_next(const sm_traffic_verifier *v, uint32_t producer)
{
	return producer < v->producers ? v->p[producer].next : 0;
}

uint64_t sm_traffic_received(const sm_traffic_verifier *v, uint32_t producer)
{
	return producer < v->producers ? v->p[producer].received : 0;
}

void sm_traffic_tallies(const sm_traffic_verifier *v, struct sm_traffic_tally *out, uint32_t n)
{
	for (uint32_t p = 0; p < n; p++) {
		out[p].received = p < v->producers ? v->p[p].received : 0;
		out[p].seq_sum = p < v->producers ? v->p[p].seq_sum : 0;
	}
}

void sm_traffic_merge(const struct sm_traffic_counts *counts, const struct sm_traffic_tally *tallies,
		      unsigned n, const uint64_t *sent, uint32_t producers,
		      struct sm_traffic_counts *out)
{
	memset(out, 0, sizeof *out);
	for (unsigned i = 0; i < n; i++) {
		out->ok += counts[i].ok;
		out->bytes += counts[i].bytes;
		out->duplicated += counts[i].duplicated;
		out->reordered += counts[i].reordered;
		out->corrupted += counts[i].corrupted;
	}
	for (uint32_t p = 0; p < producers; p++) {
		uint64_t got = 0, sum = 0;
		for (unsigned i = 0; i < n; i++) {
			got += tallies[(size_t)i * producers + p].received;
			sum += tallies[(size_t)i * producers + p].seq_sum;
		}
		/* sum of 0..sent-1, wrapping like seq_sum */
		uint64_t s = sent[p];
		uint64_t want = (s % 2 == 0) ? (s / 2) * (s - 1) : s * ((s - 1) / 2);
		if (got < s)
			out->lost += s - got;
		else if (got > s)
			out->duplicated += got - s;
		else if (sum != want) {
			out->lost++;
			out->duplicated++;
		}
	}
}
