/* rpc_packet.c — reassembly of RPC messages from packets.
 *
 * Packets of different messages may interleave; each message's packets
 * arrive in order 0..count-1 (one thread writes them, the ring keeps its
 * order), possibly cut off by an ABORT.  Everything in a packet is checked
 * before it is used: the header against the channel's limits and the
 * message's first packet, and the packet's length against what its index
 * must carry.  An exact multiple of the payload is len / payload full
 * packets (the C# version lost the last one); 0 bytes is one empty packet. */
#include "rpc_internal.h"

#include <stdlib.h>
#include <string.h>

void smi_rpc_reasm_init(struct smi_rpc_reasm *r, uint32_t max_message, uint32_t payload)
{
	memset(r, 0, sizeof(*r));
	r->max_message = max_message;
	r->payload = payload;
}

static void drop(struct smi_rpc_reasm *r, struct smi_rpc_partial *p)
{
	free(p->buf);
	memset(p, 0, sizeof(*p));
	r->active--;
}

void smi_rpc_reasm_reset(struct smi_rpc_reasm *r)
{
	for (unsigned i = 0; i < SMI_REASM_SLOTS && r->active; i++)
		if (r->slot[i].used)
			drop(r, &r->slot[i]);
	r->active = 0;
}

/* Bytes packet `index` of a `total`-byte message must carry. */
static size_t chunk_len(const struct smi_rpc_reasm *r, uint32_t total, uint32_t index, uint32_t count)
{
	if (index + 1 < count)
		return r->payload;
	return total - (size_t)(count - 1) * r->payload;
}

/* Header checks that need no state. */
static int check_header(const struct smi_rpc_reasm *r, const struct smi_rpc_packet *h,
			size_t pkt_len)
{
	if (h->version != SMI_PKT_VERSION || h->reserved != 0)
		return -EPROTO;
	if (h->type < SMI_PKT_REQUEST || h->type > SMI_PKT_ABORT)
		return -EPROTO;
	if (h->flags & ~SMI_PKT_FLAG_LIBRARY)
		return -EPROTO;
	if (h->type != SMI_PKT_ERROR && h->status != 0)
		return -EPROTO;
	if (h->type == SMI_PKT_ERROR && (h->status >= 0 || h->total_len >= SM_RPC_ERROR_TEXT_MAX))
		return -EPROTO;
	if (h->type == SMI_PKT_ABORT && (h->total_len != 0 || h->count != 1 || h->index != 0))
		return -EPROTO;
	if (h->total_len > r->max_message)
		return -EPROTO;
	if (h->count != smi_rpc_packet_count(h->total_len, r->payload) || h->index >= h->count)
		return -EPROTO;
	if (pkt_len - sizeof(*h) != chunk_len(r, h->total_len, h->index, h->count))
		return -EPROTO;
	return 0;
}

/* Requests and replies have separate id spaces (each side numbers its own
 * calls), so a partial is keyed by (is a request, call id).  An ABORT
 * names the kind it cuts off in its flags (SMI_PKT_FLAG_ABORT_REQUEST). */
static bool same_key(const struct smi_rpc_packet *a, bool a_req, uint64_t id)
{
	return (a->type == SMI_PKT_REQUEST) == a_req && a->call_id == id;
}

static struct smi_rpc_partial *find(struct smi_rpc_reasm *r, bool req, uint64_t id)
{
	if (!r->active)
		return NULL;
	for (unsigned i = 0; i < SMI_REASM_SLOTS; i++)
		if (r->slot[i].used && same_key(&r->slot[i].first, req, id))
			return &r->slot[i];
	return NULL;
}

/* A slot for a new partial message: a free one, else the stalest if it is
 * stale enough (dropped), else NULL. */
static struct smi_rpc_partial *slot_for_new(struct smi_rpc_reasm *r)
{
	struct smi_rpc_partial *oldest = NULL;
	for (unsigned i = 0; i < SMI_REASM_SLOTS; i++) {
		struct smi_rpc_partial *p = &r->slot[i];
		if (!p->used)
			return p;
		if (!oldest || p->last_fed < oldest->last_fed)
			oldest = p;
	}
	if (r->fed - oldest->last_fed <= SMI_REASM_STALE_PACKETS)
		return NULL;
	drop(r, oldest);
	return oldest;
}

static int fail(struct smi_rpc_reasm *r, struct smi_rpc_partial *p, const struct smi_rpc_packet *h,
		struct smi_rpc_msg *out)
{
	if (h) {
		out->call_id = h->call_id;
		out->type = h->type;
		out->epoch = h->epoch;
	}
	if (p)
		drop(r, p);
	return -EPROTO;
}

static void deliver(const struct smi_rpc_packet *h, void *data, size_t len, struct smi_rpc_msg *out)
{
	out->type = h->type;
	out->flags = h->flags;
	out->status = h->status;
	out->call_id = h->call_id;
	out->epoch = h->epoch;
	out->data = data;
	out->len = len;
}

int smi_rpc_reasm_feed(struct smi_rpc_reasm *r, const void *pkt, size_t pkt_len,
		       struct smi_rpc_msg *out)
{
	struct smi_rpc_packet h;

	memset(out, 0, sizeof(*out));
	if (!pkt || pkt_len < sizeof(h) || r->payload == 0)
		return -EPROTO;
	memcpy(&h, pkt, sizeof(h)); /* shared memory may change under us: copy once */
	const uint8_t *body = (const uint8_t *)pkt + sizeof(h);
	size_t body_len = pkt_len - sizeof(h);

	r->fed++;
	if (check_header(r, &h, pkt_len) < 0) {
		/* The message it names is reported lost: its partial goes too,
		 * or its later packets would still complete it. */
		bool msg_type = h.type >= SMI_PKT_REQUEST && h.type <= SMI_PKT_ERROR;
		return fail(r, msg_type ? find(r, h.type == SMI_PKT_REQUEST, h.call_id) : NULL, &h, out);
	}

	if (h.type == SMI_PKT_ABORT) {
		struct smi_rpc_partial *p = find(r, h.flags & SMI_PKT_FLAG_ABORT_REQUEST, h.call_id);
		if (p)
			drop(r, p);
		return 0; /* nothing partial of it arrived: nothing to drop */
	}

	bool req = h.type == SMI_PKT_REQUEST;
	struct smi_rpc_partial *p = find(r, req, h.call_id);
	if (h.index == 0) {
		if (p) /* a message started twice */
			return fail(r, p, &h, out);
		if (h.count == 1) { /* the common case: no state */
			void *data = NULL;
			if (body_len) {
				data = malloc(body_len);
				if (!data)
					return -ENOMEM;
				memcpy(data, body, body_len);
			}
			deliver(&h, data, body_len, out);
			return 1;
		}
		if (!(p = slot_for_new(r)))
			return fail(r, NULL, &h, out); /* too many at once */
		p->buf = malloc(h.total_len);
		if (!p->buf)
			return -ENOMEM;
		p->used = true;
		p->first = h;
		p->next_index = 0;
		p->filled = 0;
		r->active++;
	} else {
		const struct smi_rpc_packet *f = p ? &p->first : NULL;
		if (!f || h.index != p->next_index || h.type != f->type || h.flags != f->flags ||
		    h.status != f->status || h.total_len != f->total_len || h.count != f->count ||
		    h.epoch != f->epoch)
			return fail(r, p, &h, out);
	}

	/* check_header() proved body_len is this index's chunk, and the
	 * chunks before it filled exactly index * payload bytes. */
	if (p->filled + body_len > p->first.total_len)
		return fail(r, p, &h, out);
	memcpy(p->buf + p->filled, body, body_len);
	p->filled += body_len;
	p->next_index++;
	p->last_fed = r->fed;
	if (p->next_index < p->first.count)
		return 0;

	deliver(&p->first, p->buf, p->filled, out);
	p->buf = NULL;
	drop(r, p);
	return 1;
}
