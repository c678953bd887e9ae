/* test-rpc-reasm-badcont.c — a packet that fails the header checks while
 * its message is partly assembled ends that message, as every other
 * rejected packet does: the reassembler named the message lost (the
 * receiver failed the call, or answered the request with -EPROTO) but
 * kept its partial, so the packets after the bad one still completed it:
 * a request already answered with an error was run after all, and a
 * REQUEST got a second error reply for the rest of its packets. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define PAYLOAD 96u
#define MAXMSG  4096u
#define LEN     (3 * PAYLOAD)

static uint8_t pkt[SM_RPC_PACKET_HEADER + PAYLOAD + 1];

static size_t make(uint8_t type, uint64_t id, const uint8_t *msg, uint32_t index)
{
	struct smi_rpc_packet h = {
		.type = type, .version = SMI_PKT_VERSION, .call_id = id, .total_len = LEN,
		.index = index, .count = 3, .epoch = 7,
	};
	memcpy(pkt, &h, sizeof(h));
	memcpy(pkt + sizeof(h), msg + (size_t)index * PAYLOAD, PAYLOAD);
	return sizeof(h) + PAYLOAD;
}

static void bad_middle(uint8_t type, uint64_t id, const uint8_t *msg, size_t bad_len)
{
	struct smi_rpc_reasm r;
	struct smi_rpc_msg out;
	smi_rpc_reasm_init(&r, MAXMSG, PAYLOAD);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, make(type, id, msg, 0), &out), 0);
	make(type, id, msg, 1);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, bad_len, &out), -EPROTO);
	CHECK_EQ(out.call_id, id);
	CHECK_EQ(out.type, type);
	CHECK_EQ(r.active, 0); /* the message named lost is gone */
	/* The rest of it is no message (never one delivered after all). */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, make(type, id, msg, 1), &out), -EPROTO);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, make(type, id, msg, 2), &out), -EPROTO);
	CHECK_EQ(r.active, 0);
	smi_rpc_reasm_reset(&r);
}

int main(void)
{
	uint8_t msg[LEN];
	rt_fill(msg, sizeof(msg), 3);
	/* A middle packet one byte short, one byte long. */
	bad_middle(SMI_PKT_REQUEST, 5, msg, SM_RPC_PACKET_HEADER + PAYLOAD - 1);
	bad_middle(SMI_PKT_REQUEST, 6, msg, SM_RPC_PACKET_HEADER + PAYLOAD + 1);
	bad_middle(SMI_PKT_RESPONSE, 7, msg, SM_RPC_PACKET_HEADER + PAYLOAD - 1);

	/* A bad packet of another message leaves this one alone. */
	struct smi_rpc_reasm r;
	struct smi_rpc_msg out;
	smi_rpc_reasm_init(&r, MAXMSG, PAYLOAD);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, make(SMI_PKT_REQUEST, 8, msg, 0), &out), 0);
	make(SMI_PKT_RESPONSE, 8, msg, 1); /* same id, a reply: another key */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, SM_RPC_PACKET_HEADER + 1, &out), -EPROTO);
	CHECK_EQ(r.active, 1);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, make(SMI_PKT_REQUEST, 8, msg, 1), &out), 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, make(SMI_PKT_REQUEST, 8, msg, 2), &out), 1);
	CHECK(out.len == LEN && memcmp(out.data, msg, LEN) == 0);
	free(out.data);
	smi_rpc_reasm_reset(&r);
	return 0;
}
