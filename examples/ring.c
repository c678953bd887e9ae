/* ring.c — README.md's ring example as a whole program: one message
 * copied in and out, then one filled and read in place (zero-copy).  Exit
 * 0 when both arrive whole and the errors the comments name are the ones
 * returned; 1, saying why, when the ring cannot be made. */
#include <stdio.h>
#include <string.h>

#include <sharedmem.h>

static const char msg[] = "hello, ring";
static const size_t len = sizeof msg;
static int used;                    /* use() saw the message */

/* The example's placeholders: what a producer puts in a node and what a
 * consumer does with a message. */
static void fill(void *data)
{
	memcpy(data, msg, len);
}

static void use(const void *data, size_t length)
{
	used = length == len && memcmp(data, msg, len) == 0;
	printf("%.*s\n", (int)length, (const char *)data);
}

int main(void)
{
	char buf[256];

	/* README.md begin: ring */
	sm_ring *r;
	int e = sm_ring_create(&r, "jobs", 1024, 256, NULL); /* owner */
	if (e < 0) {                                        /* -EEXIST: the name is taken */
		fprintf(stderr, "jobs: %s\n", sm_strerror(e));
		return 1;
	}
	sm_ring_write(r, msg, len, -1);                     /* -EMSGSIZE if len > 256 */
	ssize_t n = sm_ring_read(r, buf, sizeof buf, 100);  /* -ETIMEDOUT after 100 ms */

	struct sm_ring_slot s;                              /* zero-copy: s is set on 0 only */
	if (sm_ring_reserve(r, &s, -1) == 0) { fill(s.data); sm_ring_commit(r, &s, len); }
	if (sm_ring_peek(r, &s, -1) == 0)    { use(s.data, s.length); sm_ring_release(r, &s); }
	/* README.md end */

	int ok = n == (ssize_t)len && memcmp(buf, msg, len) == 0 && used;
	char big[257] = { 0 };
	ok = ok && sm_ring_write(r, big, sizeof big, -1) == -EMSGSIZE;
	ok = ok && sm_ring_read(r, buf, sizeof buf, 100) == -ETIMEDOUT;
	sm_ring_close(r);
	return ok ? 0 : 1;
}
