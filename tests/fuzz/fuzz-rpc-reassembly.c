/* fuzz-rpc-reassembly — RPC packet reassembly (smi_rpc_reasm_feed) from
 * arbitrary packet sequences, as a hostile or broken peer could write them
 * into the channel's ring.
 *
 * Input: 8 bytes of limits (max_message, packet payload), then packets,
 * each a 2-byte little-endian length and that many bytes.  Every result
 * must be 1 (a message, whose length is within the limits and whose
 * buffer is exactly that long), 0, -EPROTO or -ENOMEM; no leak after
 * reset.  Then the reassembler, reset, must put a well-formed message
 * (split from the input's tail) back together byte for byte. */
#include <string.h>

#include "fuzz_util.h"
#include "src/rpc_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void check_msg(int r, const struct smi_rpc_msg *m, const struct smi_rpc_reasm *re)
{
	FZ_ASSERT(r == 1 || r == 0 || r == -EPROTO || r == -ENOMEM);
	if (r != 1)
		return;
	FZ_ASSERT(m->len <= re->max_message);
	FZ_ASSERT((m->data != NULL) == (m->len > 0));
	FZ_ASSERT(m->type == SMI_PKT_REQUEST || m->type == SMI_PKT_RESPONSE ||
		  m->type == SMI_PKT_ERROR);
	fz_touch(m->data, m->len); /* ASan: the buffer holds all of len */
}

/* Split msg[0..len) into well-formed packets and feed them: the last must
 * complete it, unchanged. */
static void round_trip(struct smi_rpc_reasm *re, const uint8_t *msg, size_t len, uint64_t id)
{
	uint32_t count = smi_rpc_packet_count(len, re->payload);
	uint8_t *pkt = malloc(sizeof(struct smi_rpc_packet) + re->payload);
	FZ_ASSERT(pkt);
	for (uint32_t i = 0; i < count; i++) {
		struct smi_rpc_packet h = { .type = SMI_PKT_REQUEST, .version = SMI_PKT_VERSION,
					    .call_id = id, .total_len = (uint32_t)len, .index = i,
					    .count = count, .epoch = 7 };
		size_t off = (size_t)i * re->payload;
		size_t chunk = len - off < re->payload ? len - off : re->payload;
		memcpy(pkt, &h, sizeof h);
		if (chunk)
			memcpy(pkt + sizeof h, msg + off, chunk);
		struct smi_rpc_msg m;
		int r = smi_rpc_reasm_feed(re, pkt, sizeof h + chunk, &m);
		if (r == -ENOMEM)
			break;
		if (i + 1 < count) {
			FZ_ASSERT_EQ(r, 0);
			continue;
		}
		FZ_ASSERT_EQ(r, 1);
		FZ_ASSERT(m.len == len && m.call_id == id && m.epoch == 7 &&
			  m.type == SMI_PKT_REQUEST);
		FZ_ASSERT(len == 0 || memcmp(m.data, msg, len) == 0);
		free(m.data);
	}
	free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8)
		return 0;
	/* Limits as a channel could have them (kept small so the fuzzer
	 * reaches multi-packet messages). */
	uint32_t max_message = le32(data) % (64u << 10);
	uint32_t payload = le32(data + 4) % 1024u + 1u;
	data += 8;
	size -= 8;

	struct smi_rpc_reasm re;
	smi_rpc_reasm_init(&re, max_message, payload);
	size_t pos = 0;
	while (pos + 2 <= size) {
		size_t len = (size_t)data[pos] | (size_t)data[pos + 1] << 8;
		pos += 2;
		if (len > size - pos)
			len = size - pos;
		/* A fresh heap copy of exactly len bytes: a read past the
		 * packet is an ASan report. */
		uint8_t *pkt = malloc(len ? len : 1);
		FZ_ASSERT(pkt);
		memcpy(pkt, data + pos, len);
		struct smi_rpc_msg m;
		int r = smi_rpc_reasm_feed(&re, pkt, len, &m);
		check_msg(r, &m, &re);
		if (r == 1)
			free(m.data);
		free(pkt);
		pos += len;
	}
	smi_rpc_reasm_reset(&re);

	/* Recovery: a clean message goes through after whatever came before. */
	size_t tail = size > max_message ? max_message : size;
	round_trip(&re, data + size - tail, tail, 42);
	smi_rpc_reasm_reset(&re);
	return 0;
}
