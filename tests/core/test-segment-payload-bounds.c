/* test-segment-payload-bounds.c — a header whose payload does not end
 * exactly at total_size is rejected (-SM_EBADHEADER), even when total_size
 * itself fits the file: a payload_offset + payload_size past total_size
 * would let the caller touch bytes past the mapping. */
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

#define PAYLOAD 64

static struct sm_header valid_header(void)
{
	struct sm_header h;
	memset(&h, 0, sizeof h);
	h.magic = SM_MAGIC;
	h.version = SM_LAYOUT_VERSION;
	h.kind = SM_KIND_BUFFER;
	h.header_size = SM_HEADER_SIZE;
	h.state = SM_STATE_READY;
	h.payload_offset = SM_HEADER_SIZE;
	h.payload_size = PAYLOAD;
	h.total_size = SM_HEADER_SIZE + PAYLOAD;
	return h;
}

static void expect_open(const char *name, const struct sm_header *h, int want)
{
	char buf[SM_HEADER_SIZE + PAYLOAD] = { 0 };
	memcpy(buf, h, sizeof *h);
	t_write_file(name, buf, sizeof buf);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, 0), want);
	if (seg)
		CHECK(sm_segment_payload_size(seg) <= PAYLOAD);
	sm_segment_close(seg);
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY), want);
	sm_segment_close(seg);
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	CHECK_EQ(info.status, want);
}

int main(void)
{
	const char *name = t_name("payload-bounds");
	struct sm_header h = valid_header();
	expect_open(name, &h, 0); /* the control case opens */
	h.payload_size = PAYLOAD + 4096; /* past total_size (and the file) */
	expect_open(name, &h, -SM_EBADHEADER);
	h = valid_header();
	h.payload_size = PAYLOAD + 1; /* one byte past */
	expect_open(name, &h, -SM_EBADHEADER);
	h = valid_header();
	h.payload_offset = SM_HEADER_SIZE * 2; /* moved past the end, size kept */
	expect_open(name, &h, -SM_EBADHEADER);
	h = valid_header();
	h.payload_size = PAYLOAD / 2; /* short of total_size: inconsistent too */
	expect_open(name, &h, -SM_EBADHEADER);
	t_remove_file(name);
	return T_EXIT_PASS;
}
