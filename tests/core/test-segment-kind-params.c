/* A segment whose common header is sound but whose kind parameters were
 * overwritten in its file (a ring's node count, an array's element size
 * or length, a buffer's data size, an RPC channel's version or packet
 * size) is listed as broken, with the kind's own reason, by the same
 * check its open applies: sm_segment_stat() gives the status open fails
 * with, and sm_segment_info_status() SM_ENTRY_BROKEN, not a segment in
 * use.  Before the change they read as 'ok'.
 * A ring's flags with a bit beyond SM_RING_SINGLE_* (a foreign format) are
 * refused alike, said as such (they were 'do not match its size'), and
 * its header's decoded flags say "unknown bits" (they said "(mpmc)"). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "array_internal.h"
#include "buffer_internal.h"
#include "ring_internal.h"
#include "rpc_internal.h"
#include "sharedmem.h"

/* Overwrite `len` bytes at `off` in the params block of segment `name`'s file. */
static void corrupt(const char *name, size_t off, const void *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/sm.%s", name);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_EQ(pwrite(fd, data, len, (off_t)(offsetof(struct sm_header, params) + off)),
		 (ssize_t)len);
	close(fd);
}

static void expect_sound(const char *name)
{
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, 0);
	CHECK_EQ(sm_segment_info_status(&info), SM_ENTRY_OK);
}

/* Listed as broken with status `err` and a reason containing `why`. */
static void expect_broken(const char *name, int err, const char *why)
{
	struct sm_segment_info info;
	char reason[SM_INFO_REASON_SIZE];
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, err);
	CHECK_EQ(sm_segment_info_status(&info), SM_ENTRY_BROKEN);
	sm_segment_info_reason(&info, reason, sizeof reason);
	if (!strstr(reason, why)) {
		fprintf(stderr, "%s: reason '%s', expected '%s'\n", name, reason, why);
		CHECK(0);
	}
	/* The listing says the same as the single stat. */
	struct sm_segment_info *all;
	size_t n;
	bool found = false;
	CHECK_EQ(sm_segment_list(&all, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0) {
			found = true;
			CHECK_EQ(all[i].status, err);
		}
	free(all);
	CHECK(found);
}

/* The opens, each failing with what it returns or closing what it got. */
static int open_ring(const char *name)
{
	sm_ring *r;
	int err = sm_ring_open(&r, name, 0);
	sm_ring_close(r);
	return err;
}

static int open_array(const char *name)
{
	sm_array *a;
	int err = sm_array_open(&a, name, 0, 0);
	sm_array_close(a);
	return err;
}

static int open_buffer(const char *name)
{
	sm_buffer *b;
	int err = sm_buffer_open(&b, name, 0);
	sm_buffer_close(b);
	return err;
}

/* A channel's monitor and a client alike. */
static int open_rpc(const char *name)
{
	sm_rpc_monitor *mon;
	int err = sm_rpc_open_monitor(&mon, name, 0);
	sm_rpc_monitor_close(mon);
	sm_rpc *cli;
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	CHECK_EQ(sm_rpc_connect(&cli, name, &o), err);
	return err;
}

/* Segment `name`, sound so far, gets `len` bytes of `data` at `off` in
 * its params: listed as broken with `err` and `why`, and open_fn fails
 * with `err` too. */
static void corrupt_and_check(const char *name, size_t off, const void *data, size_t len,
			      int err, const char *why, int (*open_fn)(const char *))
{
	expect_sound(name);
	corrupt(name, off, data, len);
	expect_broken(name, err, why);
	CHECK_EQ(open_fn(name), err);
}

static const char ring_why[] = "its ring parameters do not match its size";
static const char array_why[] = "its array parameters do not match its size";
static const char buffer_why[] = "its buffer parameters do not match its size";

static void ring_node_count(void)
{
	const char *name = t_name("kp-ring");
	sm_ring *r;
	CHECK_EQ(sm_ring_create(&r, name, 8, 64, NULL), 0);
	uint32_t count = 16;
	corrupt_and_check(name, offsetof(struct smi_ring_params, node_count), &count, sizeof count,
			  -SM_EBADHEADER, ring_why, open_ring);
	sm_ring_close(r);
}

static const struct sm_field *field_named(const struct sm_header *h, struct sm_field *f, size_t max,
					  const char *field)
{
	int n = sm_header_fields(h, f, max);
	CHECK(n > 0 && (size_t)n <= max);
	for (int i = 0; i < n; i++)
		if (strcmp(f[i].name, field) == 0)
			return &f[i];
	CHECK(!"no such field");
	return NULL;
}

static void ring_unknown_flags(void)
{
	const char *name = t_name("kp-ringflags");
	sm_ring *r;
	CHECK_EQ(sm_ring_create_flags(&r, name, 8, 64, SM_RING_SINGLE_PRODUCER, NULL), 0);
	uint32_t flags = SM_RING_SINGLE_PRODUCER | 0x10;
	corrupt_and_check(name, offsetof(struct smi_ring_params, flags), &flags, sizeof flags,
			  -SM_EBADHEADER, "its ring flags have bits this library does not know",
			  open_ring);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	struct sm_field f[200];
	const struct sm_field *x = field_named(&info.header, f, 200, "ring.flags");
	CHECK_EQ(x->raw, flags);
	if (strcmp(x->value, "0x11 (unknown bits)") != 0) {
		fprintf(stderr, "ring.flags 0x11 shown as '%s'\n", x->value);
		CHECK(0);
	}
	sm_ring_close(r);
}

/* Array field at `off` (`len` bytes of `data`). */
static void array_field(const char *tag, size_t off, const void *data, size_t len)
{
	const char *name = t_name(tag);
	sm_array *a;
	CHECK_EQ(sm_array_create(&a, name, 4, 16, NULL), 0);
	corrupt_and_check(name, off, data, len, -SM_EBADHEADER, array_why, open_array);
	sm_array_close(a);
}

static void buffer_data_size(void)
{
	const char *name = t_name("kp-buffer");
	sm_buffer *b;
	CHECK_EQ(sm_buffer_create(&b, name, 100, NULL), 0);
	uint64_t size = 101; /* one byte past the payload */
	corrupt_and_check(name, offsetof(struct smi_buffer_params, data_size), &size, sizeof size,
			  -SM_EBADHEADER, buffer_why, open_buffer);
	sm_buffer_close(b);
}

/* RPC field at `off` set to `value`. */
static void rpc_field(const char *tag, size_t off, uint32_t value, int err, const char *why)
{
	const char *name = t_name(tag);
	sm_rpc *srv;
	CHECK_EQ(sm_rpc_create(&srv, name, NULL), 0);
	corrupt_and_check(name, off, &value, sizeof value, err, why, open_rpc);
	sm_rpc_close(srv);
}

int main(void)
{
	ring_node_count();
	ring_unknown_flags();
	uint32_t zero = 0;
	array_field("kp-array0", offsetof(struct smi_array_params, element_size), &zero, sizeof zero);
	uint64_t length = UINT64_MAX / 2; /* times 4 overflows */
	array_field("kp-arrayof", offsetof(struct smi_array_params, length), &length, sizeof length);
	buffer_data_size();
	rpc_field("kp-rpcver", offsetof(struct smi_rpc_params, version), SMI_RPC_VERSION + 1,
		  -SM_EVERSION, "protocol version");
	rpc_field("kp-rpcpkt", offsetof(struct smi_rpc_params, packet_size), 1, -SM_EBADHEADER,
		  "its RPC parameters are out of range");
	return T_EXIT_PASS;
}
