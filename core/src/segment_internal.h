/* segment_internal.h — what the kinds and discovery share about segments. */
#ifndef SHAREDMEM_SEGMENT_INTERNAL_H
#define SHAREDMEM_SEGMENT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "sharedmem/error.h"
#include "sharedmem/segment.h"

/* Check a header copy against the file size it came from: 0 or
 * -SM_EBADHEADER / -SM_EVERSION.  Pure; never touches the file. */
int smi_header_validate(const struct sm_header *h, uint64_t file_size);

/* Whether the file open as `fd` (its fstat `st`) has storage for every
 * byte its header claims (total_size): creation reserves every page
 * (posix_fallocate), so a file with holes there was made by hand, and
 * reading a hole through a mapping allocates it in /dev/shm (a sparse ring
 * claiming 1 TiB would fill it for one monitor's snapshot).  Blocks past
 * total_size do not make up for a hole before it: where anything was
 * written past total_size, the blocks must cover the whole file; a file
 * only grown past it (truncate, nothing written there) needs them for
 * total_size.  Pages reserved past it but never written (fallocate by
 * hand) are seen by no lseek on tmpfs and still count: the hole they can
 * hide is no larger than the memory they hold.  Open and discovery refuse
 * a file without alike.  A file system that counts no blocks at all
 * (st_blocks 0) is taken at its word.  May move fd's offset. */
struct stat;
bool smi_file_reserved(int fd, const struct stat *st, uint64_t total_size);

/* sm_segment_stat() without the scan of /proc for attached processes
 * (n_attached stays 0, stale false): the decoded header and file facts
 * only, for callers that need no more. */
int smi_segment_stat_header(const char *name, struct sm_segment_info *info);

/* smi_segment_stat_header() of the file open as `fd`, listed as `name`:
 * for a caller that judges the very file it holds. */
void smi_segment_stat_fd(const char *name, int fd, struct sm_segment_info *info);

/* Whether a create with SM_CREATE_REPLACE_STALE replaces the file
 * `info` describes: a sound segment whose owner is dead. */
static inline bool smi_segment_replaceable(const struct sm_segment_info *info)
{
	return info->status == 0 && !info->owner_alive;
}

/* Was the segment's file truncated under our mapping?  Its pages then
 * read as zeros (platform_sigbus.c), so whatever was read from them since
 * is worthless: monitors report -SM_EBADHEADER instead. */
bool smi_segment_truncated(const sm_segment *seg);

/* Whether a process with credentials `cred` may open (for reading, as a
 * mapping needs) a file of owner `uid`, group `gid` and permission bits
 * `mode`, by those bits.  Root's processes are not counted: root may open
 * any file, and every machine runs root daemons whose mappings a user
 * cannot read, so counting them would make every segment's attachment
 * unknown to a user, and gc useless; a root process that maps another
 * user's segment is its own business.  Discovery asks this for each
 * process whose mappings it cannot read. */
struct smi_proc_cred;
bool smi_proc_may_open(const struct smi_proc_cred *cred, uint32_t uid, uint32_t gid, unsigned mode);

/* The owner's part of sm_segment_close() without the unmapping: shut the
 * segment down and remove its name if it still names this file (again
 * later: nothing more happens).  Other handles' close: nothing. */
void smi_segment_retire(sm_segment *seg);

/* The two rings of an RPC channel, held open (-1: none) from before the
 * channel's removal until their own (rpc_channel.c), so that what is
 * removed is the files that were its rings, not a new channel's made
 * under the names meanwhile. */
struct smi_rpc_rings {
	int fd[2]; /* in enum smi_rpc_ring's order (rpc_channel.c checks the count) */
};
/* Open the rings of channel `name` (`channel`: its summary; one that is no
 * RPC channel has none, one refused for its params has them): files under
 * its ring names that are rings made by the channel's creator. */
void smi_rpc_rings_hold(const char *name, const struct sm_segment_info *channel,
			struct smi_rpc_rings *rings);
/* Close them, removing each name that still leads to its file if
 * `unlink` (for sm_segment_unlink() of the channel). */
void smi_rpc_rings_release(const char *name, struct smi_rpc_rings *rings, bool unlink);
/* For sm_segment_error_text() of channel `name`, whose own header is
 * sound (`channel`, its summary): what a connect failed on, as a connect
 * meets it, into buf: "its .c2s ring: <the ring's reason>" for the first
 * of its rings (in the order a connect opens them) that is broken with
 * `err`; else, for -SM_EBADHEADER, "its .c2s ring's node size (N) is not
 * its packet size (M)" for the first sound ring of another node size;
 * else NULL. */
const char *smi_rpc_ring_error_text(const char *name, const struct sm_segment_info *channel,
				    int err, char *buf, size_t size);

/* The kind's parameter block inside the header. */
static inline void *smi_segment_params(const sm_segment *seg)
{
	return (void *)((const struct sm_header *)sm_segment_header(seg))->params;
}

#endif
