/* segment.c — create, validate, open, publish and close named segments. */
#include "sharedmem/segment.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform.h"
#include "segment_internal.h"
#include "sharedmem/error.h"
#include "sharedmem/inspect.h"
#include "sharedmem/rpc.h"

_Static_assert(sizeof(struct sm_header) == SM_HEADER_SIZE, "header size");
_Static_assert(offsetof(struct sm_header, kind) == 12, "kind");
_Static_assert(offsetof(struct sm_header, state) == 20, "state");
_Static_assert(offsetof(struct sm_header, total_size) == 24, "total_size");
_Static_assert(offsetof(struct sm_header, creator_pid) == 48, "creator_pid");
_Static_assert(offsetof(struct sm_header, creator_start_time) == 56, "start");
_Static_assert(offsetof(struct sm_header, created_ns) == 64, "created_ns");
_Static_assert(offsetof(struct sm_header, shutdown) == 72, "shutdown");
_Static_assert(offsetof(struct sm_header, label) == 80, "label");
_Static_assert(offsetof(struct sm_header, params) == 112, "params");
_Static_assert(offsetof(struct sm_header, reserved) == 176, "reserved");

/* Payloads start on a cache-line boundary; segments larger than this are
 * refused rather than risking overflow in size arithmetic. */
#define PAYLOAD_ALIGN    64u
#define MAX_PAYLOAD_SIZE (UINT64_C(1) << 40)

struct sm_segment {
	char   name[SM_NAME_MAX + 1];
	int    fd;
	void  *base;
	size_t map_size;
	uint64_t payload_offset; /* from the validated header, not re-read */
	uint64_t payload_size;
	bool   owner;
	int32_t owner_pid; /* the creating process: a child of fork() is not the owner */
	bool   readonly;
	bool   closing;
	int    guard; /* smi_mapping_guard(): the file may shrink under the mapping */
};

int sm_name_validate(const char *name)
{
	if (!name || !*name)
		return -EINVAL;
	size_t len = strlen(name);
	if (len > SM_NAME_MAX)
		return -ENAMETOOLONG;
	if (name[0] == '.' || strstr(name, ".."))
		return -EINVAL;
	for (const char *p = name; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (!ok)
			return -EINVAL;
	}
	return 0;
}

bool sm_mode_valid(unsigned mode)
{
	return mode == 0 || ((mode & ~0777u) == 0 && (mode & 0600u) == 0600u);
}

int smi_header_validate(const struct sm_header *h, uint64_t file_size)
{
	if (file_size < SM_HEADER_SIZE || h->magic != SM_MAGIC)
		return -SM_EBADHEADER;
	if (h->version != SM_LAYOUT_VERSION)
		return -SM_EVERSION;
	if (h->header_size != SM_HEADER_SIZE || h->kind == SM_KIND_NONE ||
	    h->kind > SM_KIND_MAX_ || h->state > SM_STATE_READY)
		return -SM_EBADHEADER;
	if (h->payload_offset < SM_HEADER_SIZE || h->payload_offset % PAYLOAD_ALIGN ||
	    h->payload_size > MAX_PAYLOAD_SIZE || h->payload_offset > MAX_PAYLOAD_SIZE ||
	    h->payload_offset + h->payload_size != h->total_size)
		return -SM_EBADHEADER;
	if (h->total_size > file_size) /* truncated: mapping it would SIGBUS */
		return -SM_EBADHEADER;
	if (memchr(h->label, '\0', sizeof h->label) == NULL)
		return -SM_EBADHEADER;
	return 0;
}

static int map_segment(sm_segment *seg, int fd, size_t size, bool readonly)
{
	void *p = mmap(NULL, size, readonly ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	seg->fd = fd;
	seg->base = p;
	seg->map_size = size;
	seg->readonly = readonly;
	seg->guard = smi_mapping_guard(p, size, !readonly);
	return 0;
}

/* If `name` exists with a dead owner (or a creator that died before
 * publishing), remove it.  Foreign and broken files are never touched.
 * The file is judged and unlinked under its lock: another creator that
 * judged it stale too, and has since put its own file under the name,
 * does not lose it to us (it holds the lock until its unlink; after it,
 * the name no longer leads to the file we judged).  0 if the name is free
 * now, else -EEXIST or -errno. */
static int remove_if_stale(const char *name)
{
	int fd = smi_shm_open_locked(name);
	if (fd < 0) /* unreadable, a socket, held for long: not ours to judge */
		return fd == -ENOENT ? 0 : -EEXIST;
	struct sm_segment_info info;
	smi_segment_stat_fd(name, fd, &info);
	int r = smi_segment_replaceable(&info) ? smi_shm_unlink_fd(name, fd) : -EEXIST;
	close(fd);
	return r == -ENOENT ? 0 : r;
}

/* `label` into dst (SM_LABEL_MAX + 1 bytes), cut at a character: a UTF-8
 * character across the limit is left out whole, not cut into bytes that
 * every monitor would show as escapes.  Bytes that are no character in
 * `label` are copied as they are. */
static void copy_label(char *dst, const char *label)
{
	const unsigned char *s = (const unsigned char *)label;
	size_t left = strlen(label), used = 0;
	while (left) {
		uint32_t cp;
		size_t len = sm_utf8_char(s + used, left, &cp);
		len = len ? len : 1;
		if (used + len > SM_LABEL_MAX)
			break;
		used += len;
		left -= len;
	}
	memcpy(dst, label, used);
	dst[used] = '\0';
}

static int write_header(int fd, const struct sm_header *h)
{
	ssize_t n = pwrite(fd, h, sizeof *h, 0);
	return n == (ssize_t)sizeof *h ? 0 : n < 0 ? -errno : -EIO;
}

/* The segment's file, its header written, under its name: made unnamed
 * (O_TMPFILE) and named only then, so a creator killed meanwhile leaves
 * nothing (a named half-made file would be "broken", which gc rightly
 * never removes).  Then opened again by name, so /proc/PID/maps shows the
 * name for the owner's mapping (discovery counts it as attached); a name
 * removed before that (sm_segment_unlink() racing) leaves the file made,
 * unnamed, as an rm just after the create would.  Without O_TMPFILE the
 * name is created at once.  fd (the name is then ours, or gone) or -errno
 * (-EEXIST, also with REPLACE_STALE when not stale). */
static int create_file(const char *name, unsigned mode, uint64_t total, unsigned flags,
		       const struct sm_header *h)
{
	int tmp = smi_shm_create_unnamed(mode, total);
	if (tmp == -EOPNOTSUPP) {
		int fd = smi_shm_create(name, mode, total);
		if (fd == -EEXIST && (flags & SM_CREATE_REPLACE_STALE)) {
			int r = remove_if_stale(name);
			if (r < 0)
				return r;
			fd = smi_shm_create(name, mode, total);
		}
		if (fd < 0)
			return fd;
		int r = write_header(fd, h);
		if (r < 0) {
			smi_shm_unlink_own(name, fd);
			close(fd);
			return r;
		}
		return fd;
	}
	if (tmp < 0)
		return tmp;
	int r = write_header(tmp, h);
	if (r == 0) {
		r = smi_shm_link(tmp, name);
		if (r == -EEXIST && (flags & SM_CREATE_REPLACE_STALE)) {
			r = remove_if_stale(name);
			if (r == 0)
				r = smi_shm_link(tmp, name);
		}
	}
	if (r < 0) {
		close(tmp);
		return r;
	}
	int fd = smi_shm_open(name, false);
	if (fd == -ENOENT) /* removed already (an rm just after the link): made, unnamed */
		return tmp;
	if (fd < 0)
		smi_shm_unlink_own(name, tmp);
	struct stat a, b;
	if (fd >= 0 && (fstat(fd, &a) < 0 || fstat(tmp, &b) < 0 || a.st_ino != b.st_ino ||
			a.st_dev != b.st_dev)) {
		close(fd); /* replaced under us already: not ours to remove */
		fd = -EEXIST;
	}
	close(tmp);
	return fd;
}

int sm_segment_create(sm_segment **out, const char *name, enum sm_kind kind,
		      uint64_t payload_size, const void *params, size_t params_size,
		      const struct sm_segment_options *opts)
{
	static const struct sm_segment_options defaults = { NULL, 0, 0 };
	if (!out)
		return -EINVAL;
	if (!opts)
		opts = &defaults;
	*out = NULL;
	int r = sm_name_validate(name);
	if (r < 0)
		return r;
	if (kind == SM_KIND_NONE || kind > SM_KIND_MAX_ || params_size > SM_PARAMS_SIZE ||
	    (params_size && !params) || (opts->flags & ~SM_CREATE_REPLACE_STALE) ||
	    !sm_mode_valid(opts->mode))
		return -EINVAL;
	if (payload_size > MAX_PAYLOAD_SIZE)
		return -EFBIG;

	uint64_t offset = SM_HEADER_SIZE; /* already PAYLOAD_ALIGN-aligned */
	uint64_t total = offset + payload_size;
	unsigned mode = opts->mode ? opts->mode : 0600;

	struct sm_header hdr;
	memset(&hdr, 0, sizeof hdr);
	struct smi_proc_id self = smi_proc_self();
	hdr.magic = SM_MAGIC;
	hdr.version = SM_LAYOUT_VERSION;
	hdr.kind = kind;
	hdr.header_size = SM_HEADER_SIZE;
	hdr.total_size = total;
	hdr.payload_offset = offset;
	hdr.payload_size = payload_size;
	hdr.creator_pid = self.pid;
	hdr.creator_uid = (uint32_t)geteuid();
	hdr.creator_start_time = self.start_time;
	hdr.created_ns = smi_realtime_ns();
	if (opts->label)
		copy_label(hdr.label, opts->label);
	if (params_size)
		memcpy(hdr.params, params, params_size);
	/* state stays SM_STATE_INIT until sm_segment_publish(). */

	int fd = create_file(name, mode, total, opts->flags, &hdr);
	if (fd < 0)
		return fd;
	sm_segment *seg = calloc(1, sizeof *seg);
	if (!seg) {
		r = -ENOMEM;
		goto fail;
	}
	r = map_segment(seg, fd, (size_t)total, false);
	if (r < 0)
		goto fail;
	snprintf(seg->name, sizeof seg->name, "%s", name);
	seg->owner = true;
	seg->owner_pid = self.pid;
	seg->payload_offset = offset;
	seg->payload_size = payload_size;
	*out = seg;
	return 0;
fail:
	smi_shm_unlink_own(name, fd);
	close(fd);
	free(seg);
	return r;
}

void sm_segment_publish(sm_segment *seg)
{
	if (!seg)
		return;
	struct sm_header *h = seg->base;
	/* Pairs with the acquire load in sm_segment_open(): everything the
	 * creator wrote into the payload is visible once READY is. */
	atomic_store_explicit((_Atomic uint32_t *)&h->state, SM_STATE_READY, memory_order_release);
}

/* Whether anything was written to the file at or past `at` (rounded up to
 * a page): true where the file system cannot say (no SEEK_DATA). */
static bool written_from(int fd, uint64_t at, uint64_t file_size)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	at = (at + page - 1) / page * page;
	if (at >= file_size)
		return false;
	return lseek(fd, (off_t)at, SEEK_DATA) >= 0 || errno != ENXIO;
}

bool smi_file_reserved(int fd, const struct stat *st, uint64_t total_size)
{
	if (st->st_blocks == 0)
		return true;
	/* Blocks past total_size would make up for a hole before it, so they
	 * must be counted too, unless there are none: a file grown by hand
	 * past total_size has only a hole there, which nothing maps.  (Not
	 * SEEK_HOLE in [0, total_size): tmpfs shows pages reserved but never
	 * written, as creation leaves most of a segment, as holes.) */
	uint64_t size = (uint64_t)st->st_size;
	uint64_t counted = size > total_size && written_from(fd, total_size, size) ? size : total_size;
	return (uint64_t)st->st_blocks * 512 >= counted;
}

/* Whether the recorded creator of unpublished header `h` is dead (a header
 * naming none, made by hand, is not known to be). */
static bool creator_dead(const struct sm_header *h)
{
	return h->creator_pid > 0 && !smi_proc_alive(h->creator_pid, h->creator_start_time);
}

/* Read and validate the header through pread(), waiting briefly for a
 * creator that has not published yet (unless it is of another kind than
 * `kind`: its kind is final once it has a name), not for a dead one. */
static int read_ready_header(int fd, enum sm_kind kind, struct sm_header *h, uint64_t *file_size)
{
	bool dead = false; /* the creator, before this read */
	for (int tries = 0;; tries++) {
		struct stat st;
		if (fstat(fd, &st) < 0)
			return -errno;
		if (!S_ISREG(st.st_mode))
			return -SM_EBADHEADER;
		*file_size = (uint64_t)st.st_size;
		if (*file_size < SM_HEADER_SIZE)
			return -SM_EBADHEADER;
		if (pread(fd, h, sizeof *h, 0) != (ssize_t)sizeof *h)
			return -SM_EBADHEADER;
		int r = smi_header_validate(h, *file_size);
		if (r < 0)
			return r;
		if (!smi_file_reserved(fd, &st, h->total_size))
			return -SM_EBADHEADER;
		if (kind != SM_KIND_NONE && h->kind != kind)
			return -SM_EWRONGKIND;
		if (h->state == SM_STATE_READY)
			return 0;
		if (dead) /* read after its death, still not published */
			return -SM_EABANDONED;
		dead = creator_dead(h);
		if (dead)
			continue; /* it may have published just before dying */
		if (tries >= 40)
			return -SM_ENOTREADY;
		nanosleep(&(struct timespec){ 0, 5000000 }, NULL);
	}
}

/* Open `name` holding its file's lock shared (smi_shm_lock()) until it is
 * mapped: gc, which holds it exclusively from its check that nobody maps
 * the file to its unlink, waits for us.  A file that lost its name while we
 * waited (gc removed it, a creator replaced it: either unlinks it, so no
 * link is left) is let go and the name opened again.  fd or -errno;
 * *locked says whether the lock is held (a foreign holder may keep us out:
 * we then go on without). */
static int open_held(const char *name, bool readonly, bool *locked)
{
	for (int tries = 0;; tries++) {
		int fd = smi_shm_open(name, readonly);
		if (fd < 0)
			return fd;
		*locked = smi_shm_lock(fd, false) == 0;
		struct stat st;
		if (!*locked || fstat(fd, &st) < 0 || st.st_nlink > 0)
			return fd;
		close(fd);
		if (tries == 3)
			return -ENOENT;
	}
}

int sm_segment_open(sm_segment **out, const char *name, enum sm_kind kind, unsigned flags)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	int r = sm_name_validate(name);
	if (r < 0)
		return r;
	if (kind > SM_KIND_MAX_ || (flags & ~SM_OPEN_READONLY))
		return -EINVAL;
	bool readonly = flags & SM_OPEN_READONLY;
	bool locked = false;
	int fd = open_held(name, readonly, &locked);
	if (fd == -EISDIR || fd == -ENXIO || fd == -ELOOP) /* a directory, a socket, a link */
		return -SM_EBADHEADER;
	if (fd < 0)
		return fd;

	struct sm_header h;
	uint64_t file_size;
	sm_segment *seg = NULL;
	r = read_ready_header(fd, kind, &h, &file_size);
	if (r < 0)
		goto fail;
	seg = calloc(1, sizeof *seg);
	if (!seg) {
		r = -ENOMEM;
		goto fail;
	}
	r = map_segment(seg, fd, (size_t)h.total_size, readonly);
	if (r < 0)
		goto fail;
	if (locked) /* mapped: discovery sees us now */
		smi_shm_unlock(fd);
	snprintf(seg->name, sizeof seg->name, "%s", name);
	seg->payload_offset = h.payload_offset;
	seg->payload_size = h.payload_size;
	/* Pairs with the release store in sm_segment_publish(). */
	(void)atomic_load_explicit((_Atomic uint32_t *)&((struct sm_header *)seg->base)->state,
				   memory_order_acquire);
	/* Shrunk since its check (the header read may be gone already): refused
	 * as a file shorter than its header says is before mapping. */
	struct stat st;
	if (smi_segment_truncated(seg) || fstat(fd, &st) < 0 || (uint64_t)st.st_size < h.total_size) {
		sm_segment_close(seg);
		return -SM_EBADHEADER;
	}
	*out = seg;
	return 0;
fail:
	close(fd);
	free(seg);
	return r;
}

void smi_segment_retire(sm_segment *seg)
{
	/* A child of fork() closing its creator parent's handle only drops
	 * its copy: shutting down is the creating process's. */
	if (seg->owner && seg->owner_pid == (int32_t)getpid()) {
		struct sm_header *h = seg->base;
		seg->closing = true;
		atomic_store_explicit((_Atomic uint32_t *)&h->shutdown, 1, memory_order_release);
		smi_futex_wake(&h->shutdown, INT32_MAX);
		smi_shm_unlink_own(seg->name, seg->fd); /* a new owner may have replaced it */
	}
}

void sm_segment_close(sm_segment *seg)
{
	if (!seg)
		return;
	smi_segment_retire(seg);
	smi_mapping_unguard(seg->guard);
	munmap(seg->base, seg->map_size);
	close(seg->fd);
	free(seg);
}

/* A file that sm_segment_list() shows under a name the library never
 * gives: one path component under SM_SHM_DIR, so that removing it cannot
 * reach outside.  "" is the file named just "sm.", which it lists too. */
static bool foreign_file_name(const char *name)
{
	return name && strlen(name) <= SM_INFO_NAME_MAX && !strchr(name, '/');
}

/* sm_segment_unlink() without force: the file is judged and unlinked
 * under its lock, as remove_if_stale() does, so what is removed is the
 * file judged: a creator replacing it meanwhile (SM_CREATE_REPLACE_STALE)
 * waits, and a file put under the name meanwhile is left alone (-ENOENT). */
static int unlink_checked(const char *name, struct smi_rpc_rings *rings)
{
	struct sm_segment_info info;
	int fd = smi_shm_open_locked(name);
	if (fd < 0) { /* the same answer as before the lock: stat it by name */
		int stat = fd == -EAGAIN ? fd : smi_segment_stat_header(name, &info);
		return stat < 0 ? stat : info.status < 0 ? info.status : fd;
	}
	smi_segment_stat_fd(name, fd, &info);
	int r = info.status;
	/* removing one ring would leave the channel unusable */
	if (r == 0 && info.kind == SM_KIND_RING && sm_rpc_is_channel_ring(name))
		r = -EBUSY;
	if (r == 0) {
		smi_rpc_rings_hold(name, &info, rings);
		r = smi_shm_unlink_fd(name, fd);
	}
	close(fd);
	return r;
}

int sm_segment_unlink(const char *name, bool force)
{
	int r = sm_name_validate(name);
	if (r < 0)
		return force && foreign_file_name(name) ? smi_shm_unlink(name) : r;
	/* A channel's two rings go with it: those it had when it was judged,
	 * held open from then (a new channel may take the names at once). */
	struct smi_rpc_rings rings = { { -1, -1 } };
	if (force) {
		struct sm_segment_info info;
		if (smi_segment_stat_header(name, &info) == 0)
			smi_rpc_rings_hold(name, &info, &rings);
		r = smi_shm_unlink(name);
	} else {
		r = unlink_checked(name, &rings);
	}
	smi_rpc_rings_release(name, &rings, r == 0);
	return r;
}

/* The accessors answer a NULL handle with nothing (NULL, 0, false) rather
 * than a crash: they have no error code to give. */
const struct sm_header *sm_segment_header(const sm_segment *seg) { return seg ? seg->base : NULL; }

void *sm_segment_payload(const sm_segment *seg)
{
	return seg ? (char *)seg->base + seg->payload_offset : NULL;
}

uint64_t sm_segment_payload_size(const sm_segment *seg) { return seg ? seg->payload_size : 0; }

const char *sm_segment_name(const sm_segment *seg) { return seg ? seg->name : NULL; }
bool sm_segment_is_owner(const sm_segment *seg) { return seg && seg->owner; }
bool sm_segment_is_readonly(const sm_segment *seg) { return seg && seg->readonly; }
bool smi_segment_truncated(const sm_segment *seg) { return smi_mapping_truncated(seg->guard); }

bool sm_segment_is_shutdown(const sm_segment *seg)
{
	if (!seg)
		return true; /* no segment: a waiting loop must end */
	const struct sm_header *h = seg->base;
	return seg->closing ||
	       atomic_load_explicit((_Atomic uint32_t *)&h->shutdown, memory_order_acquire) != 0;
}

int sm_segment_owner_alive(const sm_segment *seg)
{
	if (!seg)
		return -EINVAL;
	const struct sm_header *h = seg->base;
	return smi_proc_alive(h->creator_pid, h->creator_start_time);
}

int sm_segment_still_named(const sm_segment *seg)
{
	if (!seg)
		return -EINVAL;
	return smi_shm_names_fd(seg->name, seg->fd);
}

int sm_process_alive(int32_t pid) { return smi_proc_alive(pid, 0); }
