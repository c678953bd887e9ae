/* sm_segment_error_text(): why opening a named segment failed, in the
 * words the list uses where the file is broken, so the CLI and the
 * workbench say the same precise thing ("a file with holes (made by
 * hand, not by sharedmem)", "its ring flags have bits this library does
 * not know"), not the generic "not a sharedmem segment, or its header is
 * corrupt or truncated".  Any other error, no name, or a name that is
 * sound again by the time it is asked about: sm_strerror(). */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "ring_internal.h"
#include "sharedmem.h"

static void expect_text(const char *name, int err, const char *want)
{
	char buf[SM_INFO_REASON_SIZE];
	const char *got = sm_segment_error_text(name, err, buf, sizeof buf);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s, %s: '%s', expected '%s'\n", name ? name : "(no name)",
			sm_strerror_name(err), got, want);
		exit(T_EXIT_FAIL);
	}
}

static void file_path(const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s%s", SM_SHM_DIR, SM_FILE_PREFIX, name);
}

/* A ring's first page copied into a file of the ring's size: holes. */
static void sparse_ring(const char *name)
{
	sm_ring *real;
	CHECK_EQ(sm_ring_create(&real, t_name("et-real"), 256, 4000, NULL), 0);
	const struct sm_header *h = sm_segment_header(sm_ring_segment(real));
	char path[128];
	file_path(name, path, sizeof path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, h, 4096), 4096);
	CHECK_EQ(ftruncate(fd, (off_t)h->total_size), 0);
	close(fd);
	sm_ring_close(real);
}

static sm_ring *replacement; /* other_size_ring()'s, closed after use */

/* Ring `name` (4 nodes) of 256 bytes a node, sound. */
static void other_size_ring(const char *name)
{
	CHECK_EQ(sm_ring_create(&replacement, name, 4, 256, NULL), 0);
}

/* A served channel (4 packets of 512 bytes) whose ring `suffix` is
 * replaced by replace(ring's name): connecting fails, and
 * sm_segment_error_text() of the channel says "its SUFFIX ring<tail>". */
static void expect_replaced_ring_said(const char *tag, const char *suffix,
				      void (*replace)(const char *ring), const char *tail)
{
	char ch[SM_NAME_MAX + 1], ring[2 * SM_NAME_MAX], path[128];
	snprintf(ch, sizeof ch, "%s", t_name(tag));
	snprintf(ring, sizeof ring, "%s%s", ch, suffix);
	struct sm_rpc_options o;
	sm_rpc_options_init(&o);
	o.node_count = 4;
	o.packet_size = 512;
	sm_rpc *server, *client;
	CHECK_EQ(sm_rpc_create(&server, ch, &o), 0);
	file_path(ring, path, sizeof path);
	CHECK_EQ(unlink(path), 0); /* the server keeps its mapping */
	replace(ring);
	o.connect_timeout_ms = 2000;
	int err = sm_rpc_connect(&client, ch, &o);
	CHECK_EQ(err, -SM_EBADHEADER);
	char want[SM_INFO_REASON_SIZE];
	snprintf(want, sizeof want, "its %s ring%s", suffix, tail);
	expect_text(ch, err, want);
	if (replacement)
		sm_ring_close(replacement);
	replacement = NULL;
	sm_rpc_close(server);
	unlink(path); /* not its own ring: the server left it */
}

int main(void)
{
	const char *holes = t_name("et-holes");
	sparse_ring(holes);
	sm_ring *r;
	int err = sm_ring_open(&r, holes, SM_OPEN_READONLY);
	CHECK_EQ(err, -SM_EBADHEADER);
	expect_text(holes, err, "a file with holes (made by hand, not by sharedmem)");
	/* Nothing named, or another error: the error's own words. */
	expect_text(NULL, err, sm_strerror(err));
	expect_text(holes, -EACCES, sm_strerror(-EACCES));

	/* A ring whose flags have a bit this library does not know. */
	const char *flags = t_name("et-flags");
	sm_ring *owner;
	CHECK_EQ(sm_ring_create(&owner, flags, 8, 64, NULL), 0);
	char path[128];
	file_path(flags, path, sizeof path);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0);
	uint32_t bad = 0x10;
	CHECK_EQ(pwrite(fd, &bad, sizeof bad,
			(off_t)(offsetof(struct sm_header, params) + offsetof(struct smi_ring_params, flags))),
		 (ssize_t)sizeof bad);
	close(fd);
	err = sm_ring_open(&r, flags, SM_OPEN_READONLY);
	CHECK_EQ(err, -SM_EBADHEADER);
	expect_text(flags, err, "its ring flags have bits this library does not know");

	/* Sound again (or gone) when asked: the error is all there is to say. */
	sm_ring_close(owner);
	sm_segment_unlink(flags, true);
	expect_text(flags, err, sm_strerror(err));
	CHECK_EQ(sm_ring_create(&owner, flags, 8, 64, NULL), 0);
	expect_text(flags, err, sm_strerror(err));
	sm_ring_close(owner);

	/* A served channel, sound itself, one of whose rings is broken: the
	 * connect fails on the ring, and the text says which and why (it
	 * gave the generic words: the channel's own header is fine). */
	for (int i = 0; i < 2; i++)
		expect_replaced_ring_said(i ? "s2c" : "c2s", i ? SM_RPC_S2C_SUFFIX : SM_RPC_C2S_SUFFIX,
					  sparse_ring, ": a file with holes (made by hand, not by sharedmem)");
	/* Both rings sound, but one's nodes are not the channel's packets:
	 * the connect refuses the channel, and it gave the generic words. */
	for (int i = 0; i < 2; i++)
		expect_replaced_ring_said(i ? "mis-s2c" : "mis-c2s",
					  i ? SM_RPC_S2C_SUFFIX : SM_RPC_C2S_SUFFIX, other_size_ring,
					  "'s node size (256) is not its packet size (512)");
	return T_EXIT_PASS;
}
