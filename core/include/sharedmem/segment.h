/* sharedmem/segment.h — named, self-describing shared-memory segments.
 *
 * A segment is a file /dev/shm/sm.<name> that starts with a versioned
 * header (struct sm_header) describing the rest of it: its kind, sizes,
 * owner and kind-specific parameters.  Any process can open a segment by
 * name without knowing its size, and a monitor can decode it read-only.
 *
 * Lifecycle: the owner creates a segment (state INIT), initialises the
 * payload, then publishes it (state READY); openers never see a
 * half-initialised segment.  The owner's close marks shutdown and removes
 * the name; openers' mappings stay valid until they close.
 */
#ifndef SHAREDMEM_SEGMENT_H
#define SHAREDMEM_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SM_MAGIC          UINT64_C(0x314D454D44524853) /* "SHRDMEM1" in memory order */
#define SM_LAYOUT_VERSION 2u /* 2: lock reader slots carry a generation */
#define SM_HEADER_SIZE    256u
#define SM_NAME_MAX       48u   /* longest segment name, without the file prefix */
#define SM_LABEL_MAX      31u   /* longest user label (label[] holds a NUL too) */
#define SM_PARAMS_SIZE    64u   /* bytes of kind-specific parameters */
#define SM_FILE_PREFIX    "sm." /* every library segment is /dev/shm/sm.<name> */
#define SM_SHM_DIR        "/dev/shm"

enum sm_kind {
	SM_KIND_NONE   = 0,
	SM_KIND_BUFFER = 1, /* read/write buffer with a robust rwlock */
	SM_KIND_ARRAY  = 2, /* fixed-size elements */
	SM_KIND_RING   = 3, /* lock-free MPMC ring of fixed-size nodes */
	SM_KIND_RPC    = 4, /* RPC channel: two rings plus statistics */
	SM_KIND_MAX_   = 4
};

enum sm_state {
	SM_STATE_INIT  = 0, /* being initialised by its creator */
	SM_STATE_READY = 1, /* published: safe to use */
};

/* The header at offset 0 of every segment.  Fixed-width little-endian
 * fields; offsets are pinned by _Static_assert in segment.c.  Fields written
 * after publication (state, shutdown) are accessed atomically. */
struct sm_header {
	uint64_t magic;              /*   0: SM_MAGIC */
	uint32_t version;            /*   8: SM_LAYOUT_VERSION */
	uint32_t kind;               /*  12: enum sm_kind */
	uint32_t header_size;        /*  16: SM_HEADER_SIZE */
	uint32_t state;              /*  20: enum sm_state, published last (release) */
	uint64_t total_size;         /*  24: bytes of the whole file */
	uint64_t payload_offset;     /*  32: where the kind's data starts */
	uint64_t payload_size;       /*  40: bytes of the kind's data */
	int32_t  creator_pid;        /*  48 */
	uint32_t creator_uid;        /*  52 */
	uint64_t creator_start_time; /*  56: creator's start, clock ticks since boot (/proc/PID/stat #22) */
	uint64_t created_ns;         /*  64: CLOCK_REALTIME at creation, ns */
	uint32_t shutdown;           /*  72: 1 once the owner closed it */
	uint32_t flags;              /*  76: reserved, 0 */
	char     label[SM_LABEL_MAX + 1];      /*  80: user label, NUL-terminated */
	uint8_t  params[SM_PARAMS_SIZE];       /* 112: kind-specific parameters */
	uint8_t  reserved[SM_HEADER_SIZE - 176]; /* 176: zero */
};

/* A process-local handle to a mapped segment. */
typedef struct sm_segment sm_segment;

/* Options for sm_segment_create(); a NULL pointer means all defaults. */
struct sm_segment_options {
	const char *label; /* shown by monitors; NULL = none; longer is cut, at a character */
	unsigned mode;     /* file mode; 0 = 0600 (private to the owner) */
	unsigned flags;    /* SM_CREATE_* */
};

/* Whether `mode` is one sm_segment_create() takes: 0 (0600), or permission
 * bits (within 0777) that let the owner read and write: the creator maps
 * what it makes.  (Root's processes would pass the file's check anyway;
 * no one else could open a 0200 segment.) */
bool sm_mode_valid(unsigned mode);
#define SM_CREATE_REPLACE_STALE 0x1u /* replace a segment whose owner is dead */

/* Flags for sm_segment_open(). */
#define SM_OPEN_READONLY 0x1u /* map read-only (monitors) */

/* Validate a segment name: 1..SM_NAME_MAX characters of [A-Za-z0-9._-],
 * not starting with '.' and not containing "..".  0 or -EINVAL /
 * -ENAMETOOLONG. */
int sm_name_validate(const char *name);

/* Create a segment of `kind` with `payload_size` bytes of payload and the
 * given kind parameters (params_size <= SM_PARAMS_SIZE).  The caller owns
 * it and must sm_segment_publish() it once the payload is initialised.
 * Space is reserved up front: a full /dev/shm gives -ENOSPC here.  A name
 * removed (sm_segment_unlink()) as the segment is being made leaves it made
 * and unnamed, as a removal just after this call would (see
 * sm_segment_still_named()).
 * Errors: -EINVAL (also a mode sm_mode_valid() refuses), -ENAMETOOLONG, -EEXIST (name taken; with
 * SM_CREATE_REPLACE_STALE only if its owner is alive), -EFBIG (a payload
 * over 1 TiB, or a file past the process's file size limit, RLIMIT_FSIZE),
 * -ENOSPC, -EACCES, -ENOMEM, or another -errno from the system. */
int sm_segment_create(sm_segment **out, const char *name, enum sm_kind kind,
		      uint64_t payload_size, const void *params, size_t params_size,
		      const struct sm_segment_options *opts);

/* Publish a freshly created segment (state READY, release ordering).
 * NULL is ignored. */
void sm_segment_publish(sm_segment *seg);

/* Open an existing segment by name.  `kind` is the expected kind, or
 * SM_KIND_NONE for any.  The file is checked before it is mapped: regular
 * file, size at least what its header claims and no holes in it (as
 * creation leaves none: a hole read through the mapping would be
 * allocated), magic, version, kind and sizes consistent.  Should the file
 * be truncated later, while mapped (as anyone who may write it can do),
 * touching the lost pages does not raise SIGBUS: the whole mapping turns
 * into zero pages, and the calls that
 * copy from or to it (snapshots, statistics, buffer and array copies)
 * return -SM_EBADHEADER.  For this the library installs a SIGBUS handler
 * the first time it maps a segment; a fault outside every segment goes to
 * the handler that was installed before it (by default the process dies,
 * as it would have), and a program that installs its own handler later
 * should hand such faults on to the one it replaces.  Waits up to 200 ms
 * for a segment still in INIT (one of another kind is -SM_EWRONGKIND at once,
 * one whose creator died before publishing it -SM_EABANDONED at once),
 * and up to a second while gc or a replace-stale creator judges the file
 * (it holds the file's flock; so does the opener until it has mapped it).
 * Errors: -EINVAL/-ENAMETOOLONG (name; -EINVAL also for a NULL out),
 * -ENOENT, -EACCES, -SM_EBADHEADER, -SM_EVERSION, -SM_EWRONGKIND,
 * -SM_ENOTREADY, -SM_EABANDONED, -ENOMEM. */
int sm_segment_open(sm_segment **out, const char *name, enum sm_kind kind,
		    unsigned flags);

/* Close the handle.  An owner marks the segment shut down and unlinks its
 * name first; a child of fork() closing a handle its creator parent
 * passed down only drops its copy.  NULL is ignored. */
void sm_segment_close(sm_segment *seg);

/* Remove a segment's name (its mappings stay valid); an RPC channel's
 * two rings go with it (with `force`, a channel refused for its params
 * too: those its creator made).  -ENOENT, -EINVAL, -EACCES, -EPERM.  Unless
 * `force` is true, refuses files that are not library segments
 * (-SM_EBADHEADER) and one ring of an RPC channel that exists (-EBUSY:
 * remove the channel); the file judged is the file removed (-ENOENT if
 * another took its name meanwhile; -EAGAIN if a foreign process keeps its
 * flock).  With `force`, `name` may also be one that
 * sm_segment_list() shows for a file the library would never name so
 * (a foreign file; any name without '/', "" for the file "sm."). */
int sm_segment_unlink(const char *name, bool force);

/* Accessors.  A NULL handle gives NULL, 0 or false (is_shutdown: true). */
const struct sm_header *sm_segment_header(const sm_segment *seg);
void *sm_segment_payload(const sm_segment *seg);
uint64_t sm_segment_payload_size(const sm_segment *seg);
const char *sm_segment_name(const sm_segment *seg);
bool sm_segment_is_owner(const sm_segment *seg);
bool sm_segment_is_readonly(const sm_segment *seg);
/* True once the owner closed the segment (or this handle is the owner and closing). */
bool sm_segment_is_shutdown(const sm_segment *seg);
/* 1 if the creating process is alive (pid and start time match), 0 if
 * not, -EINVAL for a NULL handle. */
int sm_segment_owner_alive(const sm_segment *seg);
/* Whether the segment's name in /dev/shm still leads to this mapping:
 * 1 if it does; 0 if the name now leads to another file (the segment was
 * removed and something, e.g. a new segment, created under its name);
 * -ENOENT if the name is gone (sm_segment_unlink(), `sharedmem rm`, or
 * the owner's close, which also marks it shut down); -EINVAL for a NULL
 * handle; or another -errno if it cannot be told.  A segment whose name
 * is gone or taken stays mapped and usable, but nobody can open it any
 * more: a process waiting on it (for messages, or for room) waits for
 * peers that can no longer come.
 * One stat of the name, no more: ask it now and then while waiting, not
 * per message.  Does not block. */
int sm_segment_still_named(const sm_segment *seg);
/* 1 if process `pid` is alive, 0 if not: the library's own test of a
 * holder or peer (a zombie, exited but not reaped yet, counts as dead, and
 * so does the id of a thread that is not its process's main thread). */
int sm_process_alive(int32_t pid);

/* ---- Discovery ---------------------------------------------------------- */

#define SM_INFO_MAX_ATTACHED 16
/* Longest name an entry can carry: a /dev/shm file name (NAME_MAX, 255)
 * less the "sm." prefix, so a foreign file is listed under its whole name. */
#define SM_INFO_NAME_MAX     252u

/* The decoded summary of one library file in /dev/shm.  Broken or foreign
 * files are listed too, with `status` < 0 saying why (a foreign file's
 * stat fields are still filled).  `name` holds the file's bytes after the
 * prefix as they are: a foreign name may hold any byte but '/' and NUL. */
struct sm_segment_info {
	char     name[SM_INFO_NAME_MAX + 1];
	int      status;        /* 0, or -errno why the file could not be decoded */
	uint32_t kind;          /* enum sm_kind (0 when broken) */
	uint32_t state;         /* enum sm_state */
	uint64_t file_size;     /* st_size */
	uint64_t total_size;    /* header's claim */
	uint64_t payload_size;
	int32_t  owner_pid;
	int      owner_alive;   /* 1 alive, 0 dead */
	bool     shutdown;
	bool     stale;         /* owner dead, nobody attached, and no unknown (below) */
	unsigned mode;          /* file permission bits */
	unsigned file_type;     /* S_IFMT bits (lstat: a link is S_IFLNK, not followed) */
	uint32_t uid;           /* file owner */
	uint32_t gid;           /* file group */
	uint64_t created_ns;
	char     label[SM_LABEL_MAX + 1];
	int      n_attached;    /* processes mapping it (from /proc, where readable) */
	int32_t  attached[SM_INFO_MAX_ATTACHED]; /* their pids, the first n_attached */
	int      attached_more; /* processes mapping it beyond these (the array was full) */
	/* Whether processes whose mappings could not be read (another user's)
	 * may have it mapped as well: true if one of them may open the file by
	 * its owner, group and mode (root's processes are not counted).
	 * unknown_pid: the first such process. */
	bool     attached_unknown;
	int32_t  unknown_pid;
	struct sm_header header; /* raw copy when status == 0 */
};

/* Read one segment's summary without mapping it (pread only: a truncated
 * or hostile file cannot fault).  Returns 0 and fills `info` even for a
 * broken file (info->status says why; a published segment whose kind's
 * parameters in its header fail the check its kind's open applies is
 * broken too, -SM_EBADHEADER or -SM_EVERSION, as that open would fail;
 * one made by sm_segment_create() with no params is not judged by them)
 * and for a file this user may not open, another user's private segment
 * (status -EACCES, its lstat facts filled: SM_ENTRY_PRIVATE).  Returns
 * -errno only if the name is invalid (or `info` NULL: -EINVAL) or there
 * is no file to look at: -ENOENT, or -EACCES where not even its directory
 * entry can be looked at. */
int sm_segment_stat(const char *name, struct sm_segment_info *info);

/* Why a broken entry (status < 0) is not a segment, as shown to people:
 * what stat already says where it explains it ("a directory, not a segment
 * file", "a symbolic link (not followed)", "empty file", "too short for a
 * header (N bytes)"), a file listed under a name no segment has (status
 * -EINVAL or -ENAMETOOLONG: "a name sharedmem never gives a segment (a
 * foreign file)"), a sound header whose kind's parameters fail the check
 * its open applies ("its ring parameters do not match its size"), a sound
 * header in a file with holes in the bytes it claims ("a file with holes
 * (made by hand, not by sharedmem)": sharedmem reserves them all), else
 * sm_strerror(status); "" when status is 0.  The
 * one text `sharedmem list` and the workbench show.  buf needs
 * SM_INFO_REASON_SIZE bytes.  Returns buf. */
#define SM_INFO_REASON_SIZE 96
const char *sm_segment_info_reason(const struct sm_segment_info *info, char *buf, size_t size);

/* Why opening or attaching segment `name` failed with `err`, as shown to
 * people: where err says the file is broken (-SM_EBADHEADER or
 * -SM_EVERSION) and its header, read now as sm_segment_stat() reads it
 * (without the look at /proc), still says so, sm_segment_info_reason()
 * of it ("a file with holes (made by hand, not by sharedmem)", "its ring
 * flags have bits this library does not know"): the words the list
 * uses; for a sound RPC channel (whose connect opens its rings too) the
 * first ring broken so, "its .c2s ring: <its reason>", or for
 * -SM_EBADHEADER with both rings sound the first whose nodes are not the
 * channel's packets, "its .c2s ring's node size (N) is not its packet
 * size (M)"; else
 * sm_strerror(err).  `name` may be NULL (nothing to read).
 * The one text the CLI and the workbench give for such a failure.  buf
 * needs SM_INFO_REASON_SIZE bytes.  Returns buf or sm_strerror()'s text. */
const char *sm_segment_error_text(const char *name, int err, char *buf, size_t size);

/* The file a create of `name` that failed with -EEXIST failed on: the
 * first of the names it takes (`name`; with `channel`, for an RPC channel
 * whose name fits SM_RPC_NAME_MAX, its rings' too, in the order the channel
 * is made: NAME, NAME.c2s, NAME.s2c) that a file holds in the way of a
 * create with these SM_CREATE_ flags: any file, but with
 * SM_CREATE_REPLACE_STALE not a segment whose owner is dead (the create
 * replaces it).  Returns `name`, or the ring's name in buf (SM_NAME_MAX + 1
 * bytes), with sm_segment_stat() of it in *info; NULL where none is in the
 * way.  The one answer the CLI and the workbench give of a name taken. */
const char *sm_segment_create_blocker(const char *name, bool channel, unsigned flags, char *buf,
				      size_t size, struct sm_segment_info *info);

/* How many processes are known to map it: n_attached plus attached_more
 * (the count every tool shows). */
int sm_segment_info_attached(const struct sm_segment_info *info);

/* Whether two summaries of a name describe the same segment (kind,
 * creator and creation time agree, and both or neither decoded), not one
 * removed and made again under the name between them. */
bool sm_segment_info_same(const struct sm_segment_info *a, const struct sm_segment_info *b);

/* What a listed entry is, judged once for every tool (`sharedmem list`,
 * `inspect` and the workbench name these states in their own words). */
enum sm_entry_status {
	SM_ENTRY_OK,           /* a segment whose owner is alive */
	SM_ENTRY_OWNER_DEAD,   /* its owner died; a process still maps it */
	SM_ENTRY_CLOSED,       /* its owner closed it (shutdown); mapped still */
	SM_ENTRY_INITIALISING, /* created, not yet published */
	SM_ENTRY_STALE,        /* owner dead, nobody attached: gc removes it */
	SM_ENTRY_UNKNOWN,      /* owner dead, no mapping seen, but another user's
				* process may map it (attached_unknown): gc keeps it */
	SM_ENTRY_PRIVATE,      /* a file this user may not read (status -EACCES):
				* another user's segment, not a broken one */
	SM_ENTRY_BROKEN,       /* not a segment: sm_segment_info_reason() says why */
};
enum sm_entry_status sm_segment_info_status(const struct sm_segment_info *info);

/* Every library segment on the machine, sorted by name.  *out is malloc'ed
 * (free with free()); *count its length.  -ENOMEM or -errno of opendir. */
int sm_segment_list(struct sm_segment_info **out, size_t *count);

/* Remove stale segments (owner dead, nobody attached; a segment whose
 * attachment is unknown, see attached_unknown, is kept).  Calls `cb` for each
 * removed (or, with dry_run, would-be removed) name; returns the count or
 * -errno. */
int sm_segment_gc(bool dry_run, void (*cb)(const char *name, void *user), void *user);
/* The same, telling `cb` also of each stale segment it could not remove:
 * err is 0 for a removed (or, with dry_run, would-be removed) name, else
 * the -errno of its removal (-EPERM: another user's file in /dev/shm,
 * whose sticky bit lets only its owner remove it; -EAGAIN: another
 * process kept the file's flock, which gc takes to remove it, for a
 * second).  A segment removed or
 * replaced meanwhile by someone else is left out.  Returns the count
 * removed or -errno. */
int sm_segment_gc_report(bool dry_run, void (*cb)(const char *name, int err, void *user),
			 void *user);

/* Short lower-case name of a kind ("ring"), or "unknown". */
const char *sm_kind_name(uint32_t kind);
/* Parse a kind name; SM_KIND_NONE if unknown. */
enum sm_kind sm_kind_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
