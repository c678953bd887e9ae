/* sharedmem/traffic.h — stamping and verifying test traffic.
 *
 * One helper for the tests, the benchmarks, the CLI and the workbench's
 * traffic generator: a producer stamps each message with its producer id,
 * a per-producer sequence number and a checksum; a consumer's verifier
 * checks each message and counts what arrived well, what went missing,
 * came twice, came out of order, or came damaged.
 *
 * Stamp layout (little-endian; messages of at least SM_TRAFFIC_MIN_SIZE):
 *   bytes 0..3   producer id
 *   bytes 4..7   check: a hash of producer, sequence, length and payload
 *   bytes 8..15  sequence number
 *   last 8 bytes (messages of 24 bytes or more): sequence ^ SM_TRAFFIC_TAIL,
 *                so a message whose end is older than its start is caught.
 * The payload (between the stamp and the tail) is hashed whole with
 * SM_TRAFFIC_FULL, else by three 8-byte samples (first, middle, last),
 * which keeps stamping O(1) for megabyte messages.
 * Messages shorter than SM_TRAFFIC_MIN_SIZE cannot carry a stamp:
 * sm_traffic_stamp() refuses them and the verifier counts them corrupted.
 */
#ifndef SHAREDMEM_TRAFFIC_H
#define SHAREDMEM_TRAFFIC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SM_TRAFFIC_MIN_SIZE 16u
#define SM_TRAFFIC_TAIL     UINT64_C(0x5A17C0DE5A17C0DE)

/* Flags for sm_traffic_stamp() and sm_traffic_verifier_new(). */
#define SM_TRAFFIC_FULL   0x1u /* hash every payload byte (both sides must agree) */
#define SM_TRAFFIC_SHARED 0x2u /* verifier: other consumers take some messages,
				* so gaps in a producer's sequence are not losses */

/* Stamp `msg` (len bytes, payload already filled) as message `seq` of
 * `producer`.  0, or -EMSGSIZE if len < SM_TRAFFIC_MIN_SIZE (nothing
 * written).  Never blocks. */
int sm_traffic_stamp(void *msg, size_t len, uint32_t producer, uint64_t seq, unsigned flags);

/* Fill msg with a cheap pseudo-random pattern from `seed` (so payloads are
 * not all zeros); stamp afterwards. */
void sm_traffic_fill(void *msg, size_t len, uint64_t seed);

/* Read a message's stamp without checking it: 0, or -EMSGSIZE. */
int sm_traffic_peek(const void *msg, size_t len, uint32_t *producer, uint64_t *seq);

enum sm_traffic_result {
	SM_TRAFFIC_OK = 0,      /* in order (possibly after a gap) */
	SM_TRAFFIC_DUPLICATE,   /* this producer's sequence number was seen before */
	SM_TRAFFIC_REORDERED,   /* arrived after a later message of its producer */
	SM_TRAFFIC_CORRUPT,     /* bad stamp, checksum, tail or producer id */
};

struct sm_traffic_counts {
	uint64_t ok;          /* messages that verified */
	uint64_t bytes;       /* their bytes */
	uint64_t lost;        /* gaps in sequences (not counted with SM_TRAFFIC_SHARED) */
	uint64_t duplicated;
	uint64_t reordered;
	uint64_t corrupted;
};

typedef struct sm_traffic_verifier sm_traffic_verifier;

/* A verifier for producers 0..max_producers-1 (ids beyond count as
 * corrupted).  Flags: SM_TRAFFIC_FULL, SM_TRAFFIC_SHARED.  NULL if out of
 * memory or max_producers is 0. */
sm_traffic_verifier *sm_traffic_verifier_new(uint32_t max_producers, unsigned flags);
void sm_traffic_verifier_free(sm_traffic_verifier *v);

/* Check one message and count it.  Returns its enum sm_traffic_result
 * (-EINVAL for a NULL verifier, or no message with a length).  A late
 * message is told from a copy however late it comes while its gap is
 * among the last 4096 to 8192 of its producer's (a consumer that shares
 * the producer's messages has a gap for each run it did not get); one in
 * a gap older than those counts as a duplicate. */
int sm_traffic_verify(sm_traffic_verifier *v, const void *msg, size_t len);

/* Check `n` messages laid out at a stride of `stride` bytes from `msgs`,
 * message i being lens[i] bytes (<= stride), and count each exactly as
 * sm_traffic_verify() would, in order.  Cheaper per message (one call; the
 * common case, the next sequence number of its producer, on a short
 * path).  Returns how many came back SM_TRAFFIC_OK. */
unsigned sm_traffic_verify_burst(sm_traffic_verifier *v, const void *msgs, size_t stride,
				 const uint32_t *lens, unsigned n);
/* Totals so far. */
void sm_traffic_counts(const sm_traffic_verifier *v, struct sm_traffic_counts *out);

/* The sequence number expected next from `producer` (one past the highest
 * seen), and how many of its messages verified (0 for unknown ids). */
uint64_t sm_traffic_next(const sm_traffic_verifier *v, uint32_t producer);
uint64_t sm_traffic_received(const sm_traffic_verifier *v, uint32_t producer);

/* What one consumer received from one producer: plain data, so consumers
 * in other processes can hand it over (e.g. through shared memory). */
struct sm_traffic_tally {
	uint64_t received; /* messages that verified (in order or late) */
	uint64_t seq_sum;  /* sum of their sequence numbers (wrapping) */
};
/* Tallies of producers 0..n-1 into out[0..n-1] (zero for unknown ids). */
void sm_traffic_tallies(const sm_traffic_verifier *v, struct sm_traffic_tally *out, uint32_t n);

/* Combine the results of `n` consumers (counts[i], and tallies
 * [i * producers + p]) given how many messages producer p sent (sent[p]):
 * sums the counts, and per producer counts lost = sent - received and
 * duplicated = received - sent (where positive); equal counts whose
 * sequence sums differ count one lost and one duplicated.  The consumers'
 * own gap-based `lost` is replaced by this. */
void sm_traffic_merge(const struct sm_traffic_counts *counts, const struct sm_traffic_tally *tallies,
		      unsigned n, const uint64_t *sent, uint32_t producers,
		      struct sm_traffic_counts *out);

#ifdef __cplusplus
}
#endif

#endif
