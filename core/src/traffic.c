/* traffic.c — message stamps and the verifier (see sharedmem/traffic.h). */
#include "sharedmem/traffic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STAMP_SIZE 16u
#define TAIL_SIZE  8u
#define WINDOW     64u /* recent sequence numbers remembered per producer */

struct producer_state {
	uint64_t next;     /* one past the highest sequence seen */
	uint64_t window;   /* bit i: next-1-i was seen */
	uint64_t received;
	uint64_t seq_sum;  /* of received sequence numbers (wrapping) */
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

static inline uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + UINT64_C(0x9E3779B97F4A7C15) + (h << 6) + (h >> 2);
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	return h ^ (h >> 32);
}

/* Hash of the payload bytes [from, to) of msg. */
static uint64_t payload_hash(const uint8_t *msg, size_t from, size_t to, unsigned flags, uint64_t h)
{
	size_t n = to > from ? to - from : 0;
	const uint8_t *p = msg + from;
	if (n < 8 || (flags & SM_TRAFFIC_FULL)) {
		size_t i = 0;
		for (; i + 8 <= n; i += 8)
			h = mix(h, load64(p + i));
		uint64_t last = 0;
		memcpy(&last, p + i, n - i);
		return mix(h, last ^ (n - i));
	}
	/* Four samples; their offsets depend only on n. */
	size_t third = (n - 8) / 3;
	h = mix(h, load64(p));
	h = mix(h, load64(p + third));
	h = mix(h, load64(p + 2 * third));
	return mix(h, load64(p + n - 8));
}

static uint32_t stamp_check(const uint8_t *msg, size_t len, uint32_t producer, uint64_t seq,
			    unsigned flags)
{
	uint64_t h = mix(mix(mix(0, producer), seq), len);
	size_t end = len >= STAMP_SIZE + TAIL_SIZE ? len - TAIL_SIZE : len;
	h = payload_hash(msg, STAMP_SIZE, end, flags, h);
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

void sm_traffic_verifier_free(sm_traffic_verifier *v) { free(v); }

static int corrupt(sm_traffic_verifier *v)
{
	v->counts.corrupted++;
	return SM_TRAFFIC_CORRUPT;
}

int sm_traffic_verify(sm_traffic_verifier *v, const void *msg, size_t len)
{
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
		/* Slide the window: bit 0 is now seq. */
		p->window = gap + 1 >= WINDOW ? 0 : p->window << (gap + 1);
		p->window |= 1;
		p->next = seq + 1;
	} else {
		uint64_t back = p->next - 1 - seq;
		if (back >= WINDOW || (p->window >> back) & 1) {
			v->counts.duplicated++;
			return SM_TRAFFIC_DUPLICATE;
		}
		p->window |= UINT64_C(1) << back;
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
