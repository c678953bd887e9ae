/* segment.c — README.md's segment example as a whole program: open a
 * segment by name, of any kind, read-only (as a monitor does), and read its
 * header.  The segment it opens is a buffer this program makes first.
 * Exit 0 when the example does what the README says. */
#include <stdio.h>

/* README.md begin: segment */
#include <sharedmem.h>
/* README.md end */

/* The README's lines, in a function of their own (their `return 1`). */
static int show(void)
{
	/* README.md begin: segment */
	sm_segment *seg;                    /* any kind, read-only, as a monitor does */
	int r = sm_segment_open(&seg, "demo", SM_KIND_NONE, SM_OPEN_READONLY);
	if (r < 0) {
		fprintf(stderr, "demo: %s\n", sm_strerror(r));
		return 1;
	}
	const struct sm_header *h = sm_segment_header(seg);
	printf("%s, %llu bytes of payload\n", sm_kind_name(h->kind),
	       (unsigned long long)h->payload_size);
	sm_segment_close(seg);              /* an opener's close: the segment stays */
	/* README.md end */
	return 0;
}

int main(void)
{
	sm_buffer *owner;
	int r = sm_buffer_create(&owner, "demo", 4096, NULL);
	if (r < 0) {
		fprintf(stderr, "create demo: %s\n", sm_strerror(r));
		return 1;
	}
	r = show();
	struct sm_segment_info info;
	if (r == 0 && sm_segment_stat("demo", &info) != 0) {
		fprintf(stderr, "demo is gone after an opener's close\n");
		r = 1;
	}
	sm_buffer_close(owner);             /* the owner's close removes the name */
	if (sm_segment_stat("demo", &info) != -ENOENT) {
		fprintf(stderr, "demo is still there after its owner's close\n");
		r = 1;
	}
	return r;
}
