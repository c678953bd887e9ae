/* ring.c — create, open, validate and close rings; accessors. */
#include "sharedmem/ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kind_params.h"
#include "ring_internal.h"
#include "segment_internal.h"
#include "sharedmem/error.h"

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

int smi_ring_layout(uint32_t node_count, uint32_t node_size, uint32_t flags,
		    struct smi_ring_params *p, uint64_t *payload_size)
{
	if (node_count < SM_RING_MIN_NODES || node_size < 1 || (flags & ~SMI_RING_FLAGS))
		return -EINVAL;
	if (node_size > SM_RING_MAX_NODE_SIZE || node_count > SM_RING_MAX_NODES)
		return -EFBIG;
	memset(p, 0, sizeof *p);
	p->node_count = node_count;
	p->node_size = node_size;
	/* Nodes start on cache lines so neighbours being written and read
	 * at once do not share a line. */
	uint64_t stride = round_up((uint64_t)SMI_RING_NODE_HEADER + node_size, SMI_CACHE_LINE);
	if (stride > UINT32_MAX)
		return -EFBIG;
	p->node_stride = (uint32_t)stride;
	p->node_header = SMI_RING_NODE_HEADER;
	p->ctl_offset = 0;
	p->procs_offset = sizeof(struct smi_ring_ctl);
	p->nodes_offset = p->procs_offset + (uint64_t)SMI_RING_PROCS * sizeof(struct smi_ring_proc);
	p->proc_slots = SMI_RING_PROCS;
	p->flags = flags;
	uint64_t total = p->nodes_offset + (uint64_t)node_count * stride;
	if (total > SMI_RING_MAX_TOTAL)
		return -EFBIG;
	*payload_size = total;
	return 0;
}

static sm_ring *handle_new(sm_segment *seg, const struct smi_ring_params *p)
{
	sm_ring *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	uint8_t *base = sm_segment_payload(seg);
	r->seg = seg;
	r->hdr = (struct sm_header *)sm_segment_header(seg);
	r->ctl = (struct smi_ring_ctl *)(base + p->ctl_offset);
	r->procs = (struct smi_ring_proc *)(base + p->procs_offset);
	r->nodes = base + p->nodes_offset;
	r->nodes_end = r->nodes + (size_t)p->node_count * p->node_stride;
	r->node_count = p->node_count;
	r->node_size = p->node_size;
	r->stride = p->node_stride;
	r->mask = (p->node_count & (p->node_count - 1)) == 0 ? p->node_count - 1u : 0;
	r->single_producer = p->flags & SM_RING_SINGLE_PRODUCER;
	r->single_consumer = p->flags & SM_RING_SINGLE_CONSUMER;
	r->spsc = r->single_producer && r->single_consumer;
	r->readonly = sm_segment_is_readonly(seg);
	r->owner = sm_segment_is_owner(seg);
	r->spin = 64;
	r->open_fork_gen = smi_fork_generation;
	return r;
}

int sm_ring_create(sm_ring **out, const char *name, uint32_t node_count, uint32_t node_size,
		   const struct sm_segment_options *opts)
{
	return sm_ring_create_flags(out, name, node_count, node_size, 0, opts);
}

int sm_ring_create_flags(sm_ring **out, const char *name, uint32_t node_count,
			 uint32_t node_size, unsigned ring_flags,
			 const struct sm_segment_options *opts)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	struct smi_ring_params p;
	uint64_t size;
	int rc = smi_ring_layout(node_count, node_size, ring_flags, &p, &size);
	if (rc < 0)
		return rc;
	sm_segment *seg;
	rc = sm_segment_create(&seg, name, SM_KIND_RING, size, &p, sizeof p, opts);
	if (rc < 0)
		return rc;
	sm_ring *r = handle_new(seg, &p);
	if (!r) {
		sm_segment_close(seg);
		return -ENOMEM;
	}
	/* The file starts zeroed; each node starts free for its first lap. */
	for (uint32_t i = 0; i < node_count; i++) {
		struct smi_ring_node *n = smi_ring_node(r, i);
		atomic_store_explicit(&n->seq, SEQ((uint64_t)i, SEQ_FREE), memory_order_relaxed);
	}
	smi_ring_register(r);
	sm_segment_publish(seg); /* release: openers see the initialised nodes */
	*out = r;
	return 0;
}

/* Could a ring hold these positions (see ring_internal.h)?  Below 2^62
 * (beyond, 4p wraps in the node words, and a position's node no longer
 * names it); and no further apart than its modes allow: tail <= head <=
 * tail + N, except that a single side moves its index after its nodes, so
 * a spmc consumer may pass a head not yet moved (by a lap at most) and a
 * mpsc producer go a lap past a tail not yet moved.  Reads tail, head,
 * tail: the bounds are checked against the tail between the two reads. */
bool smi_ring_positions_possible(const sm_ring *r)
{
	uint64_t t1 = atomic_load_explicit(&r->ctl->tail, memory_order_acquire);
	uint64_t h = atomic_load_explicit(&r->ctl->head, memory_order_acquire);
	uint64_t t2 = atomic_load_explicit(&r->ctl->tail, memory_order_acquire);
	uint64_t n = r->node_count, limit = SMI_RING_POS_LIMIT;
	uint64_t ahead = r->single_consumer && !r->spsc ? 2 * n : n;
	uint64_t behind = r->single_producer && !r->spsc ? n : 0;
	return h < limit && t2 < limit && t1 <= t2 && h <= t2 + ahead && t1 <= h + behind;
}

int sm_ring_open(sm_ring **out, const char *name, unsigned flags)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	sm_segment *seg;
	int rc = sm_segment_open(&seg, name, SM_KIND_RING, flags);
	if (rc < 0)
		return rc;
	struct smi_ring_params p;
	memcpy(&p, smi_segment_params(seg), sizeof p);
	rc = smi_ring_params_check(&p, sm_segment_payload_size(seg));
	if (rc < 0) {
		sm_segment_close(seg);
		return rc;
	}
	sm_ring *r = handle_new(seg, &p);
	if (!r) {
		sm_segment_close(seg);
		return -ENOMEM;
	}
	if (!smi_ring_positions_possible(r)) {
		sm_segment_close(seg);
		free(r);
		return -SM_EBADHEADER;
	}
	smi_ring_register(r);
	*out = r;
	return 0;
}

void sm_ring_close(sm_ring *r)
{
	if (!r)
		return;
	bool forked = r->open_fork_gen != smi_fork_generation;
	if (r->owner && !forked) {
		/* Shut down first, then wake every sleeper so each re-checks:
		 * writers fail at once, readers drain. */
		atomic_store_explicit(&r->ctl->shutdown, 1, memory_order_seq_cst);
		smi_ring_wake_all(r);
	}
	if (r->fork_gen == smi_fork_generation)
		smi_ring_unregister(r); /* our slot (a child's own, after fork) */
	/* A child of fork() closing its parent's owner handle must not shut
	 * the parent's ring down: sm_segment_close() only unmaps its copy. */
	sm_segment_close(r->seg);
	free(r);
}

/* The getters answer a NULL handle with NULL or 0, as the segment's do. */
sm_segment *sm_ring_segment(const sm_ring *r) { return r ? r->seg : NULL; }
uint32_t sm_ring_node_count(const sm_ring *r) { return r ? r->node_count : 0; }
uint32_t sm_ring_node_size(const sm_ring *r) { return r ? r->node_size : 0; }
const char *sm_ring_mode_name(unsigned flags)
{
	static const char *const names[] = { "mpmc", "spmc", "mpsc", "spsc" };
	return names[flags & SMI_RING_FLAGS];
}

unsigned sm_ring_flags(const sm_ring *r)
{
	if (!r)
		return 0;
	return (r->single_producer ? SM_RING_SINGLE_PRODUCER : 0u) |
	       (r->single_consumer ? SM_RING_SINGLE_CONSUMER : 0u);
}
