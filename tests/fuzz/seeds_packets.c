/* seeds_packets.c — packet sequences for fuzz-rpc-reassembly, in its
 * input format: 8 bytes of limits (max_message, payload per packet), then
 * packets, each a 2-byte little-endian length and its bytes. */
#include <string.h>

#include "seeds.h"
#include "src/rpc_internal.h"

struct seq_buf {
	uint8_t  b[8192];
	size_t   n;
};

static void put(struct seq_buf *s, const void *p, size_t len)
{
	if (s->n + len <= sizeof s->b) {
		memcpy(s->b + s->n, p, len);
		s->n += len;
	}
}

static void put32(struct seq_buf *s, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	put(s, b, 4);
}

/* One message of `len` bytes split into packets of `payload` bytes;
 * `cut` > 0 stops after that many packets. */
static void message(struct seq_buf *s, uint8_t type, int32_t status, uint64_t id, uint32_t len,
		    uint32_t payload, uint32_t cut)
{
	uint32_t count = smi_rpc_packet_count(len, payload);
	for (uint32_t i = 0; i < count && (!cut || i < cut); i++) {
		struct smi_rpc_packet h = { .type = type, .version = SMI_PKT_VERSION, .status = status,
					    .call_id = id, .total_len = len, .index = i, .count = count,
					    .epoch = 1 };
		uint32_t chunk = i + 1 < count ? payload : len - i * payload;
		uint16_t plen = (uint16_t)(sizeof h + chunk);
		uint8_t le[2] = { (uint8_t)plen, (uint8_t)(plen >> 8) };
		put(s, le, 2);
		put(s, &h, sizeof h);
		for (uint32_t k = 0; k < chunk; k++) {
			uint8_t c = (uint8_t)('a' + (i * payload + k) % 26);
			put(s, &c, 1);
		}
	}
}

int seeds_packets(void)
{
	const uint32_t max = 4096, payload = 96;
	struct seq_buf s = { .n = 0 };
	put32(&s, max);
	put32(&s, payload - 1); /* the target adds 1 */
	message(&s, SMI_PKT_REQUEST, 0, 1, 10, payload, 0);
	message(&s, SMI_PKT_REQUEST, 0, 2, 300, payload, 0);
	message(&s, SMI_PKT_RESPONSE, 0, 2, 0, payload, 0);
	message(&s, SMI_PKT_ERROR, -22, 3, 20, payload, 0);
	int r = seed_write("rpc-reassembly", "mixed", s.b, s.n);

	s.n = 8; /* same limits: a message cut off, then an ABORT, then a whole one */
	message(&s, SMI_PKT_REQUEST, 0, 4, 500, payload, 2);
	message(&s, SMI_PKT_ABORT, 0, 4, 0, payload, 0);
	message(&s, SMI_PKT_RESPONSE, 0, 5, 192, payload, 0);
	if (r == 0)
		r = seed_write("rpc-reassembly", "abort", s.b, s.n);

	s.n = 8; /* a cut-off message followed by another one's packets */
	message(&s, SMI_PKT_REQUEST, 0, 6, 400, payload, 3);
	message(&s, SMI_PKT_REQUEST, 0, 7, 400, payload, 0);
	if (r == 0)
		r = seed_write("rpc-reassembly", "interleaved", s.b, s.n);
	return r;
}
