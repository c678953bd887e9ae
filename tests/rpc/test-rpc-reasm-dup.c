/* test-rpc-reasm-dup.c — a middle or last packet delivered twice (or out
 * of order, going back) is a broken sequence: the reassembler rejects it
 * and drops the partial message, instead of copying the repeated chunk
 * into the next chunk's place and completing a message with wrong bytes. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define PAYLOAD 96u
#define MAXMSG  4096u

static uint8_t pkt[SM_RPC_PACKET_HEADER + PAYLOAD];

/* Build packet `index` of a `len`-byte message; returns its length. */
static size_t make(uint64_t id, const uint8_t *msg, size_t len, uint32_t index)
{
	struct smi_rpc_packet h = {
		.type = SMI_PKT_REQUEST, .version = SMI_PKT_VERSION, .call_id = id,
		.total_len = (uint32_t)len, .index = index,
		.count = smi_rpc_packet_count(len, PAYLOAD), .epoch = 7,
	};
	size_t off = (size_t)index * PAYLOAD;
	size_t n = len - off < PAYLOAD ? len - off : PAYLOAD;
	memcpy(pkt, &h, sizeof(h));
	memcpy(pkt + sizeof(h), msg + off, n);
	return sizeof(h) + n;
}

static int feed(struct smi_rpc_reasm *r, uint64_t id, const uint8_t *msg, size_t len,
		uint32_t index, struct smi_rpc_msg *out)
{
	size_t n = make(id, msg, len, index);
	return smi_rpc_reasm_feed(r, pkt, n, out);
}

int main(void)
{
	struct smi_rpc_reasm r;
	smi_rpc_reasm_init(&r, MAXMSG, PAYLOAD);
	uint8_t msg[4 * PAYLOAD];
	rt_fill(msg, sizeof(msg), 5);
	struct smi_rpc_msg out;

	/* 0, 1, 1: the repeated middle packet is refused. */
	CHECK_EQ(feed(&r, 1, msg, 3 * PAYLOAD, 0, &out), 0);
	CHECK_EQ(feed(&r, 1, msg, 3 * PAYLOAD, 1, &out), 0);
	CHECK_EQ(feed(&r, 1, msg, 3 * PAYLOAD, 1, &out), -EPROTO);
	CHECK_EQ(out.call_id, 1);
	CHECK_EQ(r.active, 0);
	/* ...and the rest of that message is no message. */
	CHECK_EQ(feed(&r, 1, msg, 3 * PAYLOAD, 2, &out), -EPROTO);
	CHECK_EQ(r.active, 0);

	/* 0, 1, 2, 1: going back is refused too. */
	CHECK_EQ(feed(&r, 2, msg, 4 * PAYLOAD, 0, &out), 0);
	CHECK_EQ(feed(&r, 2, msg, 4 * PAYLOAD, 1, &out), 0);
	CHECK_EQ(feed(&r, 2, msg, 4 * PAYLOAD, 2, &out), 0);
	CHECK_EQ(feed(&r, 2, msg, 4 * PAYLOAD, 1, &out), -EPROTO);
	CHECK_EQ(r.active, 0);

	/* 0, 0 of a two-packet message is a restart: refused. */
	CHECK_EQ(feed(&r, 3, msg, 2 * PAYLOAD, 0, &out), 0);
	CHECK_EQ(feed(&r, 3, msg, 2 * PAYLOAD, 0, &out), -EPROTO);
	CHECK_EQ(r.active, 0);

	/* The reassembler still works: a clean sequence completes intact. */
	for (uint32_t i = 0; i < 3; i++)
		CHECK_EQ(feed(&r, 4, msg, 3 * PAYLOAD, i, &out), i == 2 ? 1 : 0);
	CHECK(out.len == 3 * PAYLOAD && memcmp(out.data, msg, 3 * PAYLOAD) == 0);
	free(out.data);
	CHECK_EQ(r.active, 0);
	smi_rpc_reasm_reset(&r);
	return 0;
}
