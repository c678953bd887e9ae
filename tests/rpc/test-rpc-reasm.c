/* test-rpc-reasm.c — the packet reassembler alone: every size splits and
 * reassembles (0 bytes, exact multiples of the payload), and inconsistent
 * or hostile packet sequences are rejected without crashing. */
#include "rpc_internal.h"
#include "rpctest.h"

#include <stdlib.h>
#include <string.h>

#define PAYLOAD 96u
#define MAXMSG  4096u

static uint8_t pkt[SM_RPC_PACKET_HEADER + PAYLOAD + 16];

/* Build packet `index` of a `len`-byte message; returns its length. */
static size_t make(uint8_t type, uint64_t id, const uint8_t *msg, size_t len, uint32_t index)
{
	struct smi_rpc_packet h = {
		.type = type, .version = SMI_PKT_VERSION, .call_id = id, .total_len = (uint32_t)len,
		.index = index, .count = smi_rpc_packet_count(len, PAYLOAD), .epoch = 7,
	};
	size_t off = (size_t)index * PAYLOAD;
	size_t n = len - off < PAYLOAD ? len - off : PAYLOAD;
	memcpy(pkt, &h, sizeof(h));
	if (n)
		memcpy(pkt + sizeof(h), msg + off, n);
	return sizeof(h) + n;
}

static void roundtrip(struct smi_rpc_reasm *r, size_t len)
{
	uint8_t *msg = malloc(len + 1);
	rt_fill(msg, len, (uint32_t)len);
	uint32_t count = smi_rpc_packet_count(len, PAYLOAD);
	struct smi_rpc_msg out;
	for (uint32_t i = 0; i < count; i++) {
		size_t n = make(SMI_PKT_REQUEST, 1000 + len, msg, len, i);
		int rc = smi_rpc_reasm_feed(r, pkt, n, &out);
		CHECK_EQ(rc, i + 1 == count ? 1 : 0);
	}
	CHECK_EQ(out.len, len);
	CHECK_EQ(out.call_id, 1000 + len);
	CHECK_EQ(out.type, SMI_PKT_REQUEST);
	CHECK_EQ(out.epoch, 7);
	CHECK(len == 0 || rt_check(out.data, len, (uint32_t)len));
	free(out.data);
	free(msg);
}

/* Feed packet `p` after patching the header field at `off`; expect -EPROTO. */
static void reject_patched(struct smi_rpc_reasm *r, size_t n, size_t off, const void *val, size_t vlen)
{
	memcpy(pkt + off, val, vlen);
	struct smi_rpc_msg out;
	CHECK_EQ(smi_rpc_reasm_feed(r, pkt, n, &out), -EPROTO);
	CHECK_EQ(r->active, 0);
}

int main(void)
{
	struct smi_rpc_reasm r;
	smi_rpc_reasm_init(&r, MAXMSG, PAYLOAD);

	size_t sizes[] = { 0, 1, PAYLOAD - 1, PAYLOAD, PAYLOAD + 1, 2 * PAYLOAD, 2 * PAYLOAD + 1,
			   MAXMSG - 1, MAXMSG };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		roundtrip(&r, sizes[i]);

	uint8_t msg[3 * PAYLOAD];
	rt_fill(msg, sizeof(msg), 3);
	struct smi_rpc_msg out;
	size_t n;
	uint32_t v32;
	uint64_t v64;
	uint8_t v8;

	/* Bad single-packet headers. */
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v8 = 9;  reject_patched(&r, n, offsetof(struct smi_rpc_packet, type), &v8, 1);
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v8 = 2;  reject_patched(&r, n, offsetof(struct smi_rpc_packet, version), &v8, 1);
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v32 = 11; reject_patched(&r, n, offsetof(struct smi_rpc_packet, total_len), &v32, 4);
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v32 = 2; reject_patched(&r, n, offsetof(struct smi_rpc_packet, count), &v32, 4);
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v32 = 1; reject_patched(&r, n, offsetof(struct smi_rpc_packet, index), &v32, 4);
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v32 = MAXMSG + 1; reject_patched(&r, n, offsetof(struct smi_rpc_packet, total_len), &v32, 4);
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	v32 = (uint32_t)-5; reject_patched(&r, n, offsetof(struct smi_rpc_packet, status), &v32, 4);
	n = make(SMI_PKT_ERROR, 1, msg, 10, 0); /* error with status 0 */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), -EPROTO);
	/* Length disagreeing with the header: short, long, truncated header. */
	n = make(SMI_PKT_REQUEST, 1, msg, 10, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n - 1, &out), -EPROTO);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n + 1, &out), -EPROTO);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, 31, &out), -EPROTO);
	CHECK_EQ(smi_rpc_reasm_feed(&r, NULL, 0, &out), -EPROTO);
	/* A full-size middle packet that is short. */
	n = make(SMI_PKT_REQUEST, 2, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n - 1, &out), -EPROTO);

	/* Sequences: start mid-message, skip, repeat, continue a call that
	 * never started, change the epoch. */
	smi_rpc_reasm_reset(&r);
	n = make(SMI_PKT_REQUEST, 3, msg, 3 * PAYLOAD, 1);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), -EPROTO);
	CHECK_EQ(out.call_id, 3);
	n = make(SMI_PKT_REQUEST, 4, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_REQUEST, 4, msg, 3 * PAYLOAD, 2); /* skips 1 */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), -EPROTO);
	CHECK_EQ(out.call_id, 4);
	n = make(SMI_PKT_RESPONSE, 5, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_RESPONSE, 5, msg, 3 * PAYLOAD, 0); /* repeat */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), -EPROTO);
	CHECK_EQ(out.type, SMI_PKT_RESPONSE);
	n = make(SMI_PKT_REQUEST, 6, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_REQUEST, 7, msg, 3 * PAYLOAD, 1); /* never started */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), -EPROTO);
	CHECK_EQ(r.active, 1); /* call 6 is still being assembled */
	smi_rpc_reasm_reset(&r);
	n = make(SMI_PKT_REQUEST, 8, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_REQUEST, 8, msg, 3 * PAYLOAD, 1);
	v32 = 8; /* same call, other epoch */
	reject_patched(&r, n, offsetof(struct smi_rpc_packet, epoch), &v32, 4);

	/* Interleaved messages (two threads sending at once) reassemble. */
	smi_rpc_reasm_reset(&r);
	uint8_t other[2 * PAYLOAD + 5];
	rt_fill(other, sizeof(other), 99);
	n = make(SMI_PKT_REQUEST, 20, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_RESPONSE, 20, other, sizeof(other), 0); /* same id, a reply */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_REQUEST, 20, msg, 3 * PAYLOAD, 1);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_RESPONSE, 20, other, sizeof(other), 1);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_RESPONSE, 20, other, sizeof(other), 2);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 1);
	CHECK(out.type == SMI_PKT_RESPONSE && out.len == sizeof(other) &&
	      memcmp(out.data, other, sizeof(other)) == 0);
	free(out.data);
	n = make(SMI_PKT_REQUEST, 20, msg, 3 * PAYLOAD, 2);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 1);
	CHECK(out.type == SMI_PKT_REQUEST && out.len == 3 * PAYLOAD &&
	      memcmp(out.data, msg, 3 * PAYLOAD) == 0);
	free(out.data);
	CHECK_EQ(r.active, 0);

	/* Too many partial messages at once: the extra one is refused, the
	 * others still complete. */
	for (uint64_t id = 100; id < 100 + SMI_REASM_SLOTS; id++) {
		n = make(SMI_PKT_REQUEST, id, msg, 2 * PAYLOAD, 0);
		CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	}
	n = make(SMI_PKT_REQUEST, 99, msg, 2 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), -EPROTO);
	CHECK_EQ(out.call_id, 99);
	for (uint64_t id = 100; id < 100 + SMI_REASM_SLOTS; id++) {
		n = make(SMI_PKT_REQUEST, id, msg, 2 * PAYLOAD, 1);
		CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 1);
		CHECK_EQ(out.call_id, id);
		free(out.data);
	}

	/* ABORT drops the partial; the next message is whole. */
	n = make(SMI_PKT_REQUEST, 9, msg, 3 * PAYLOAD, 0);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	n = make(SMI_PKT_ABORT, 9, msg, 0, 0);
	pkt[offsetof(struct smi_rpc_packet, flags)] = SMI_PKT_FLAG_ABORT_REQUEST;
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	CHECK_EQ(r.active, 0);
	n = make(SMI_PKT_ABORT, 10, msg, 0, 0); /* nothing partial: ignored */
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 0);
	roundtrip(&r, 2 * PAYLOAD);
	/* A valid error reply. */
	n = make(SMI_PKT_ERROR, 11, (const uint8_t *)"nope", 4, 0);
	v32 = (uint32_t)-EINVAL;
	memcpy(pkt + offsetof(struct smi_rpc_packet, status), &v32, 4);
	CHECK_EQ(smi_rpc_reasm_feed(&r, pkt, n, &out), 1);
	CHECK_EQ(out.status, -EINVAL);
	CHECK(out.len == 4 && memcmp(out.data, "nope", 4) == 0);
	free(out.data);

	/* Garbage: random headers and lengths never crash, never complete a
	 * message with a length other than the header's. */
	srand(1);
	for (int i = 0; i < 200000; i++) {
		size_t len = (size_t)rand() % sizeof(pkt);
		for (size_t j = 0; j < len; j++)
			pkt[j] = (uint8_t)rand();
		if (rand() & 1) { /* make it plausible */
			pkt[0] = (uint8_t)(1 + rand() % 4);
			pkt[1] = SMI_PKT_VERSION;
			pkt[2] = pkt[3] = 0;
			memset(pkt + 4, 0, 4);
			v32 = (uint32_t)(rand() % (MAXMSG + 2));
			memcpy(pkt + 16, &v32, 4);
			v32 = (uint32_t)(rand() % 3);
			memcpy(pkt + 20, &v32, 4);
			v32 = smi_rpc_packet_count(*(uint32_t *)(pkt + 16), PAYLOAD);
			memcpy(pkt + 24, &v32, 4);
			v64 = (uint64_t)(rand() % 3);
			memcpy(pkt + 8, &v64, 8);
		}
		int rc = smi_rpc_reasm_feed(&r, pkt, len, &out);
		CHECK(rc == 0 || rc == 1 || rc == -EPROTO);
		if (rc == 1) {
			CHECK(out.len <= MAXMSG);
			free(out.data);
		}
	}
	smi_rpc_reasm_reset(&r);
	return 0;
}
