/* test-rpc-abortleak.c — a sender keeps at most SMI_MAX_ABORTS owed
 * ABORTs: with more messages cut off at once (many threads timing out
 * mid-message on a full ring) some partials are never aborted.  The
 * receiver must not hold them forever: once every reassembly slot is
 * taken, a partial that saw SMI_REASM_STALE_PACKETS packets go by with
 * none of its own gives way to a new message (before, every multi-packet
 * message failed with -EPROTO for the rest of the connection).  Live
 * partials still win over a new message while they are not stale. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define PAYLOAD 32u
#define MAXMSG  4096u
#define MSG_LEN (3 * PAYLOAD) /* three packets */

static uint8_t pkt[SM_RPC_PACKET_HEADER + PAYLOAD];
static uint8_t msg[MSG_LEN];

/* Packet `index` of a MSG_LEN-byte request `id`, or a 0-byte response
 * `id` (index ignored); returns its length. */
static size_t make(uint8_t type, uint64_t id, uint32_t index)
{
	uint32_t len = type == SMI_PKT_REQUEST ? MSG_LEN : 0;
	struct smi_rpc_packet h = {
		.type = type, .version = SMI_PKT_VERSION, .call_id = id, .total_len = len,
		.index = len ? index : 0, .count = smi_rpc_packet_count(len, PAYLOAD), .epoch = 1,
	};
	memcpy(pkt, &h, sizeof(h));
	if (len)
		memcpy(pkt + sizeof(h), msg + (size_t)index * PAYLOAD, PAYLOAD);
	return sizeof(h) + (len ? PAYLOAD : 0);
}

static int feed(struct smi_rpc_reasm *r, uint8_t type, uint64_t id, uint32_t index,
		struct smi_rpc_msg *out)
{
	return smi_rpc_reasm_feed(r, pkt, make(type, id, index), out);
}

/* A whole request `id` arrives: it must reassemble. */
static void whole_request(struct smi_rpc_reasm *r, uint64_t id)
{
	struct smi_rpc_msg out;
	CHECK_EQ(feed(r, SMI_PKT_REQUEST, id, 0, &out), 0);
	CHECK_EQ(feed(r, SMI_PKT_REQUEST, id, 1, &out), 0);
	CHECK_EQ(feed(r, SMI_PKT_REQUEST, id, 2, &out), 1);
	CHECK(out.call_id == id && out.len == MSG_LEN && memcmp(out.data, msg, MSG_LEN) == 0);
	free(out.data);
}

int main(void)
{
	struct smi_rpc_reasm r;
	struct smi_rpc_msg out;
	rt_fill(msg, sizeof(msg), 3);
	smi_rpc_reasm_init(&r, MAXMSG, PAYLOAD);

	/* Every slot taken by a message cut off after its first packet,
	 * whose ABORT never comes. */
	for (uint64_t id = 1; id <= SMI_REASM_SLOTS; id++)
		CHECK_EQ(feed(&r, SMI_PKT_REQUEST, id, 0, &out), 0);
	CHECK_EQ(r.active, SMI_REASM_SLOTS);
	/* Not stale yet: they might be live, the new message is refused. */
	CHECK_EQ(feed(&r, SMI_PKT_REQUEST, 1000, 0, &out), -EPROTO);
	CHECK_EQ(out.call_id, 1000);

	/* Traffic goes on (single-packet replies). */
	for (uint64_t i = 0; i < SMI_REASM_STALE_PACKETS; i++) {
		CHECK_EQ(feed(&r, SMI_PKT_RESPONSE, 5000 + i, 0, &out), 1);
		free(out.data);
	}

	/* Now multi-packet messages get through again, one after another,
	 * each in the slot of the stalest cut-off one. */
	for (uint64_t id = 2000; id < 2000 + 2 * SMI_REASM_SLOTS; id++)
		whole_request(&r, id);
	CHECK(r.active <= SMI_REASM_SLOTS);
	/* The partial given way first was the oldest: its sender, were it
	 * alive after all, would now get -EPROTO, not a corrupt message. */
	CHECK_EQ(feed(&r, SMI_PKT_REQUEST, 1, 1, &out), -EPROTO);
	CHECK_EQ(out.call_id, 1);

	smi_rpc_reasm_reset(&r);
	CHECK_EQ(r.active, 0);
	return T_EXIT_PASS;
}
