/* test-ring-create.c — constructor checks (ported from the C# library's
 * CircularBuffer constructor tests) and open-time validation. */
#include <errno.h>
#include <string.h>

#include "ring_internal.h"
#include "sharedmem.h"
#include "../testlib.h"
#include "ring-sync.h"

static void bad_params_rejected(void)
{
	const char *name = t_name("ring-badparams");
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, name, 4, 32, &t_ring_opts), 0);
	/* Corrupt the stored node size: the layout no longer matches. */
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	FILE *f = fopen(path, "r+b");
	CHECK(f);
	uint32_t bogus = 4096;
	CHECK(fseek(f, (long)(offsetof(struct sm_header, params) +
			       offsetof(struct smi_ring_params, node_size)), SEEK_SET) == 0);
	CHECK(fwrite(&bogus, sizeof bogus, 1, f) == 1);
	fclose(f);
	sm_ring *o;
	CHECK_EQ(sm_ring_open(&o, name, 0), -SM_EBADHEADER);
	CHECK(o == NULL);
	sm_ring_close(r);
}

int main(void)
{
	sm_ring *r = NULL, *o = NULL;
	const char *name = t_name("ring-create");

	/* Empty name, node counts 0 and 1, node size 0, NULL out. */
	CHECK_EQ(sm_ring_create(&r, "", 4, 64, &t_ring_opts), -EINVAL);
	CHECK_EQ(sm_ring_create(&r, name, 0, 64, &t_ring_opts), -EINVAL);
	CHECK_EQ(sm_ring_create(&r, name, 1, 64, &t_ring_opts), -EINVAL);
	CHECK_EQ(sm_ring_create(&r, name, 4, 0, &t_ring_opts), -EINVAL);
	CHECK_EQ(sm_ring_create(NULL, name, 4, 64, &t_ring_opts), -EINVAL);
	CHECK(r == NULL);
	/* Too big for the size limits. */
	CHECK_EQ(sm_ring_create(&r, name, 4, UINT32_MAX, &t_ring_opts), -EFBIG);
	CHECK_EQ(sm_ring_create(&r, name, 1u << 31, 1u << 20, &t_ring_opts), -EFBIG);

	/* Consumer without producer. */
	CHECK_EQ(sm_ring_open(&o, name, 0), -ENOENT);

	/* Producer, then producer and consumer. */
	CHECK_EQ(sm_ring_create(&r, name, 5, 100, &t_ring_opts), 0);
	CHECK(r != NULL);
	CHECK_EQ(sm_ring_node_count(r), 5);
	CHECK_EQ(sm_ring_node_size(r), 100);
	CHECK_EQ(sm_ring_open(&o, name, 0), 0);
	CHECK_EQ(sm_ring_node_count(o), 5);
	CHECK_EQ(sm_ring_node_size(o), 100);
	CHECK(sm_segment_header(sm_ring_segment(o))->kind == SM_KIND_RING);

	/* Duplicate producer. */
	sm_ring *dup = NULL;
	CHECK_EQ(sm_ring_create(&dup, name, 5, 100, &t_ring_opts), -EEXIST);
	CHECK(dup == NULL);

	/* The header decoder knows the ring's parameters. */
	struct sm_field fields[64];
	int nf = sm_header_fields(sm_segment_header(sm_ring_segment(o)), fields, 64);
	CHECK(nf > 0 && nf <= 64);
	int seen = 0;
	for (int i = 0; i < nf; i++) {
		if (strcmp(fields[i].name, "ring.node_count") == 0) {
			CHECK_EQ(fields[i].raw, 5);
			seen++;
		}
		if (strcmp(fields[i].name, "ring.node_size") == 0) {
			CHECK_EQ(fields[i].raw, 100);
			seen++;
		}
	}
	CHECK_EQ(seen, 2);

	/* A read-only handle snapshots but cannot read or write. */
	sm_ring *ro;
	CHECK_EQ(sm_ring_open(&ro, name, SM_OPEN_READONLY), 0);
	char buf[100];
	CHECK_EQ(sm_ring_write(ro, "x", 1, 0), -EBADF);
	CHECK_EQ(sm_ring_read(ro, buf, sizeof buf, 0), -EBADF);
	struct sm_ring_slot slot;
	CHECK_EQ(sm_ring_reserve(ro, &slot, 0), -EBADF);
	CHECK_EQ(sm_ring_peek(ro, &slot, 0), -EBADF);
	struct sm_ring_snapshot snap;
	uint8_t states[5];
	CHECK_EQ(sm_ring_write(r, "hello", 5, 0), 0);
	CHECK_EQ(sm_ring_snapshot(ro, &snap, states, 5), 0);
	CHECK_EQ(snap.node_count, 5);
	CHECK_EQ(snap.messages_written, 1);
	CHECK_EQ(snap.bytes_written, 5);
	CHECK_EQ(snap.occupancy, 1);
	CHECK_EQ(states[0], SM_NODE_READY);
	CHECK_EQ(states[1], SM_NODE_FREE);
	CHECK_EQ(sm_ring_snapshot(ro, NULL, NULL, 0), -EINVAL);
	sm_ring_close(ro);

	/* Wrong kind: a ring name opened as another kind, and vice versa. */
	sm_segment *seg;
	CHECK_EQ(sm_segment_create(&seg, t_name("ring-notring"), SM_KIND_ARRAY, 64, NULL, 0, NULL), 0);
	sm_segment_publish(seg);
	sm_ring *wrong;
	CHECK_EQ(sm_ring_open(&wrong, t_name("ring-notring"), 0), -SM_EWRONGKIND);
	sm_segment_close(seg);

	/* Owner's close: the consumer sees the ring shut down. */
	struct sm_ring_snapshot s2;
	CHECK_EQ(sm_ring_snapshot(o, &s2, NULL, 0), 0);
	CHECK_EQ(s2.shutdown, 0);
	sm_ring_close(r);
	CHECK_EQ(sm_ring_snapshot(o, &s2, NULL, 0), 0);
	CHECK_EQ(s2.shutdown, 1);
	CHECK(sm_segment_is_shutdown(sm_ring_segment(o)));
	sm_ring_close(o);
	CHECK_EQ(sm_ring_open(&o, name, 0), -ENOENT);

	bad_params_rejected();
	/* No handle: nothing, not a crash. */
	CHECK(sm_ring_segment(NULL) == NULL);
	CHECK_EQ(sm_ring_node_count(NULL), 0);
	CHECK_EQ(sm_ring_node_size(NULL), 0);
	CHECK_EQ(sm_ring_flags(NULL), 0);
	return T_EXIT_PASS;
}
