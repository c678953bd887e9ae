/* fuzz-segment-open — arbitrary bytes as a segment file: header
 * validation, stat, generic opens (read-write and read-only) and each
 * kind's own open must refuse what is broken with an error, never crash,
 * never map more than the file holds, and agree with one another. */
#include <string.h>

#include "fuzz_kinds.h"
#include "fuzz_util.h"
#include "src/kind_params.h"
#include "src/segment_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void open_generic(const char *name, const struct sm_header *h, int valid, unsigned flags)
{
	sm_segment *seg = (sm_segment *)1;
	int r = sm_segment_open(&seg, name, SM_KIND_NONE, flags);
	if (r == -ENOENT && !fz_exists(name))
		return; /* removed by someone else meanwhile (a gc on a shared machine) */
	FZ_ASSERT_EQ(r, valid);
	if (r < 0) {
		FZ_ASSERT(seg == NULL);
		return;
	}
	FZ_ASSERT(sm_segment_payload_size(seg) == h->payload_size);
	FZ_ASSERT(sm_segment_is_readonly(seg) == ((flags & SM_OPEN_READONLY) != 0));
	FZ_ASSERT(!sm_segment_is_owner(seg));
	fz_touch(sm_segment_header(seg), SM_HEADER_SIZE);
	fz_touch(sm_segment_payload(seg), sm_segment_payload_size(seg));
	(void)sm_segment_is_shutdown(seg);
	(void)sm_segment_owner_alive(seg);
	sm_segment_close(seg);

	/* Asking for another kind than the file's is refused before mapping. */
	enum sm_kind other = (enum sm_kind)(h->kind % SM_KIND_MAX_ + 1);
	FZ_ASSERT_EQ(sm_segment_open(&seg, name, other, flags), -SM_EWRONGKIND);
	FZ_ASSERT(seg == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *name = fz_name("open");
	struct sm_header h = fz_header(data, size);
	int valid = smi_header_validate(&h, size);
	if (size < SM_HEADER_SIZE)
		FZ_ASSERT(valid == -SM_EBADHEADER);
	if (valid == 0)
		FZ_ASSERT(h.total_size <= size && h.payload_offset >= SM_HEADER_SIZE &&
			  h.payload_offset + h.payload_size == h.total_size);

	fz_write(name, data, size);
	struct sm_segment_info info;
	int st = sm_segment_stat(name, &info);
	if (st == -ENOENT && !fz_exists(name))
		return 0; /* removed by someone else (a gc on a shared machine) */
	FZ_ASSERT_EQ(st, 0);
	/* A published header's kind params are judged too, as opens do. */
	FZ_ASSERT_EQ(info.status, valid ? valid : smi_listed_params_check(&h));
	FZ_ASSERT(info.file_size == size);
	FZ_ASSERT(memchr(info.name, '\0', sizeof info.name) && memchr(info.label, '\0', sizeof info.label));

	/* A valid header still in INIT makes every open wait 200 ms for its
	 * creator to publish (and then fail with -SM_ENOTREADY): covered by the
	 * unit tests, skipped here so the fuzzer keeps its pace. */
	if (valid == 0 && h.state != SM_STATE_READY) {
		fz_remove(name);
		return 0;
	}
	open_generic(name, &h, valid, 0);
	open_generic(name, &h, valid, SM_OPEN_READONLY);
	fz_open_kinds(name, &h, valid);
	fz_remove(name);
	return 0;
}
