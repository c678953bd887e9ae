/* fuzz-inspect — the decoding path the CLI's `inspect`/`list` and the
 * workbench's header inspector use, on arbitrary bytes: sm_header_fields()
 * (every kind's parameter decoder), mode/error/kind names, sm_segment_stat()
 * of the bytes as a file, and a read-only ring snapshot when they open as
 * a ring.  Checks that every field stays inside the header, every text is
 * terminated, and a short output array is never overrun. */
#include <string.h>

#include "fuzz_kinds.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The field's bytes as a little-endian number, cut to 64 bits. */
static uint64_t load(const struct sm_header *h, const struct sm_field *f)
{
	uint64_t v = 0;
	memcpy(&v, (const uint8_t *)h + f->offset, f->size < 8 ? f->size : 8);
	return v;
}

static void check_fields(const struct sm_header *h)
{
	int n = sm_header_fields(h, NULL, 0);
	FZ_ASSERT(n > 0 && n < 256);
	/* Exactly n elements on the heap: ASan catches a write past them. */
	struct sm_field *f = malloc((size_t)n * sizeof *f);
	FZ_ASSERT(f);
	FZ_ASSERT_EQ(sm_header_fields(h, f, (size_t)n), n);
	for (int i = 0; i < n; i++) {
		FZ_ASSERT(f[i].name && f[i].name[0]);
		FZ_ASSERT(memchr(f[i].value, '\0', sizeof f[i].value));
		FZ_ASSERT(f[i].size > 0 && f[i].offset + f[i].size <= SM_HEADER_SIZE);
		if (f[i].type != SM_FIELD_TEXT && f[i].type != SM_FIELD_BYTES && f[i].size <= 8) {
			uint64_t mask = f[i].size == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * f[i].size)) - 1;
			FZ_ASSERT((f[i].raw & mask) == load(h, &f[i]));
		}
	}
	/* A shorter array gets the first fields and the same count. */
	size_t half = (size_t)n / 2;
	struct sm_field *g = malloc((half ? half : 1) * sizeof *g);
	FZ_ASSERT(g);
	FZ_ASSERT_EQ(sm_header_fields(h, g, half), n);
	for (size_t i = 0; i < half; i++)
		FZ_ASSERT(strcmp(g[i].name, f[i].name) == 0 && g[i].raw == f[i].raw);
	free(g);
	free(f);
}

static void check_names(const struct sm_header *h)
{
	char *mode = malloc(10); /* the documented minimum */
	FZ_ASSERT(mode);
	sm_mode_string(h->flags, mode);
	FZ_ASSERT(strlen(mode) == 9);
	free(mode);
	int err = (int)h->creator_uid; /* any int, INT_MIN included */
	FZ_ASSERT(sm_strerror(err) && sm_strerror_name(err));
	FZ_ASSERT(sm_kind_name(h->kind) && sm_kind_name(h->kind)[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sm_header h = fz_header(data, size);
	check_fields(&h);
	check_names(&h);

	const char *name = fz_name("inspect");
	fz_write(name, data, size);
	struct sm_segment_info info;
	int st = sm_segment_stat(name, &info);
	if (st == -ENOENT && !fz_exists(name))
		return 0; /* removed by someone else (a gc on a shared machine) */
	FZ_ASSERT_EQ(st, 0);
	if (info.status == 0) {
		check_fields(&info.header);
		FZ_ASSERT(info.kind == h.kind && info.total_size == h.total_size);
	}
	if (info.status == 0 && info.state == SM_STATE_READY)
		fz_monitor_kinds(name);
	fz_remove(name);
	return 0;
}
