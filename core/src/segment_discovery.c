/* segment_discovery.c — find every library segment on the machine and
 * decode its header without mapping it (pread only), plus stale-segment gc. */
#include "sharedmem/rpc.h"
#include "sharedmem/segment.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kind_params.h"
#include "platform.h"
#include "rpc_internal.h"
#include "segment_internal.h"

static const char *const kind_names[] = { "none", "buffer", "array", "ring", "rpc" };

const char *sm_kind_name(uint32_t kind)
{
	return kind <= SM_KIND_MAX_ ? kind_names[kind] : "unknown";
}

enum sm_kind sm_kind_from_name(const char *name)
{
	for (uint32_t k = 1; name && k <= SM_KIND_MAX_; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return (enum sm_kind)k;
	return SM_KIND_NONE;
}

/* What stat says of the file, whatever is in it. */
static void stat_facts(struct sm_segment_info *info, const struct stat *st)
{
	info->mode = st->st_mode & 07777;
	info->file_type = st->st_mode & S_IFMT;
	info->uid = st->st_uid;
	info->gid = st->st_gid;
	info->file_size = (uint64_t)st->st_size;
}

static void decode(struct sm_segment_info *info, int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0) {
		info->status = -errno;
		return;
	}
	stat_facts(info, &st);
	if (!S_ISREG(st.st_mode) || info->file_size < SM_HEADER_SIZE ||
	    pread(fd, &info->header, sizeof info->header, 0) != (ssize_t)sizeof info->header) {
		info->status = -SM_EBADHEADER;
		return;
	}
	const struct sm_header *h = &info->header;
	info->status = smi_header_validate(h, info->file_size);
	if (info->status == 0 && !smi_file_reserved(fd, &st, h->total_size))
		info->status = -SM_EBADHEADER;
	if (info->status == 0)
		info->status = smi_listed_params_check(h);
	if (info->status < 0)
		return;
	info->kind = h->kind;
	info->state = h->state;
	info->total_size = h->total_size;
	info->payload_size = h->payload_size;
	info->owner_pid = h->creator_pid;
	info->owner_alive = smi_proc_alive(h->creator_pid, h->creator_start_time);
	info->shutdown = h->shutdown != 0;
	info->created_ns = h->created_ns;
	snprintf(info->label, sizeof info->label, "%s", h->label);
}

int sm_segment_info_attached(const struct sm_segment_info *info)
{
	return info->n_attached + info->attached_more;
}

bool sm_segment_info_same(const struct sm_segment_info *a, const struct sm_segment_info *b)
{
	return (a->status == 0) == (b->status == 0) && a->kind == b->kind &&
	       a->owner_pid == b->owner_pid && a->created_ns == b->created_ns;
}

enum sm_entry_status sm_segment_info_status(const struct sm_segment_info *info)
{
	if (info->status == -EACCES)
		return SM_ENTRY_PRIVATE;
	if (info->status < 0)
		return SM_ENTRY_BROKEN;
	if (info->stale)
		return SM_ENTRY_STALE;
	if (!info->owner_alive && info->n_attached == 0 && info->attached_unknown)
		return SM_ENTRY_UNKNOWN; /* stale, unless an unreadable process maps it */
	if (info->state != SM_STATE_READY && info->owner_alive)
		return SM_ENTRY_INITIALISING; /* (with its creator dead, it never will be) */
	if (info->shutdown)
		return SM_ENTRY_CLOSED;
	return info->owner_alive ? SM_ENTRY_OK : SM_ENTRY_OWNER_DEAD;
}

/* What is wrong with a broken entry whose header is sound but whose kind
 * params fail their check (decode()), or NULL for any other entry. */
static const char *kind_params_problem(const struct sm_segment_info *info)
{
	if ((info->status != -SM_EBADHEADER && info->status != -SM_EVERSION) ||
	    info->file_type != S_IFREG || smi_header_validate(&info->header, info->file_size) < 0)
		return NULL;
	return smi_kind_params_problem(&info->header);
}

const char *sm_segment_info_reason(const struct sm_segment_info *info, char *buf, size_t size)
{
	const char *what = kind_params_problem(info);
	if (what) {
		snprintf(buf, size, "%s", what);
		return buf;
	}
	if (info->status == 0)
		what = "";
	else if (info->status == -EINVAL || info->status == -ENAMETOOLONG)
		what = "a name sharedmem never gives a segment (a foreign file)"; /* listed by stat_foreign() */
	else if (info->status != -SM_EBADHEADER)
		what = sm_strerror(info->status);
	else if (info->file_type == S_IFDIR)
		what = "a directory, not a segment file";
	else if (info->file_type == S_IFLNK)
		what = "a symbolic link (not followed)";
	else if (info->file_type == S_IFIFO)
		what = "a FIFO, not a segment file";
	else if (info->file_type == S_IFSOCK)
		what = "a socket, not a segment file";
	else if (info->file_type == S_IFCHR || info->file_type == S_IFBLK)
		what = "a device node, not a segment file";
	else if (info->file_type == S_IFREG && info->file_size == 0)
		what = "empty file";
	else if (info->file_type == S_IFREG && info->file_size < SM_HEADER_SIZE) {
		snprintf(buf, size, "too short for a header (%llu bytes)",
			 (unsigned long long)info->file_size);
		return buf;
	} else if (info->file_type == S_IFREG && smi_header_validate(&info->header, info->file_size) == 0)
		/* A sound header, its params too: decode() found holes. */
		what = "a file with holes (made by hand, not by sharedmem)";
	else
		what = sm_strerror(info->status);
	snprintf(buf, size, "%s", what);
	return buf;
}

const char *sm_segment_error_text(const char *name, int err, char *buf, size_t size)
{
	struct sm_segment_info info; /* (the header is enough: no /proc scan) */
	if ((err != -SM_EBADHEADER && err != -SM_EVERSION) || !name ||
	    smi_segment_stat_header(name, &info) < 0)
		return sm_strerror(err);
	if (info.status == err)
		return sm_segment_info_reason(&info, buf, size);
	/* A sound channel: a connect may have failed on one of its rings. */
	const char *ring = info.status == 0 && info.kind == SM_KIND_RPC
		? smi_rpc_ring_error_text(name, &info, err, buf, size) : NULL;
	return ring ? ring : sm_strerror(err);
}

/* Whether file `file` is in the way of a create with these SM_CREATE_
 * flags: any file, but with SM_CREATE_REPLACE_STALE not a segment whose
 * owner is dead.  Its summary in *info. */
static bool in_the_way(const char *file, unsigned flags, struct sm_segment_info *info)
{
	return sm_segment_stat(file, info) == 0 &&
	       (!(flags & SM_CREATE_REPLACE_STALE) || !smi_segment_replaceable(info));
}

const char *sm_segment_create_blocker(const char *name, bool channel, unsigned flags, char *buf,
				      size_t size, struct sm_segment_info *info)
{
	if (!name)
		return NULL;
	if (in_the_way(name, flags, info))
		return name;
	if (!channel || strlen(name) > SM_RPC_NAME_MAX)
		return NULL;
	for (int i = 0; i < SMI_RPC_RINGS; i++) {
		smi_rpc_ring_name(buf, size, name, i);
		if (in_the_way(buf, flags, info))
			return buf;
	}
	return NULL;
}

void smi_segment_stat_fd(const char *name, int fd, struct sm_segment_info *info)
{
	memset(info, 0, sizeof *info);
	snprintf(info->name, sizeof info->name, "%s", name);
	decode(info, fd);
}

int smi_segment_stat_header(const char *name, struct sm_segment_info *info)
{
	memset(info, 0, sizeof *info);
	int r = sm_name_validate(name);
	if (r < 0)
		return r;
	snprintf(info->name, sizeof info->name, "%s", name);
	char path[128];
	smi_shm_path(name, path, sizeof path);
	/* O_NONBLOCK: a FIFO planted under the name must not hang us. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int err = errno;
		if (err == ENOENT)
			return -ENOENT;
		struct stat st;
		if (lstat(path, &st) < 0)
			return -errno;
		/* Unreadable (another user's private segment), a link or a socket
		 * (ENXIO, as sm_segment_open() judges it): list it. */
		info->status = err == ELOOP || err == ENXIO ? -SM_EBADHEADER : -err;
		stat_facts(info, &st);
		return 0;
	}
	decode(info, fd);
	close(fd);
	return 0;
}

/* The path field of a /proc/PID/maps line (its sixth and last field; it
 * may hold spaces), without the newline; "" for an anonymous mapping. */
static char *maps_line_path(char *line)
{
	char *p = line;
	for (int field = 0; field < 5; field++) {
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	p[strcspn(p, "\n")] = '\0';
	return p;
}

/* The segment name a maps path names (/dev/shm/sm.<name>), or NULL for any
 * other file, a deleted one, or a file below a directory called sm.*. */
static const char *maps_path_segment(char *path)
{
	static const char prefix[] = SM_SHM_DIR "/" SM_FILE_PREFIX;
	static const char deleted[] = " (deleted)";
	if (strncmp(path, prefix, sizeof prefix - 1) != 0)
		return NULL;
	char *name = path + sizeof prefix - 1;
	size_t len = strlen(name);
	if (len >= sizeof deleted - 1 && strcmp(name + len - (sizeof deleted - 1), deleted) == 0)
		return NULL;
	return strchr(name, '/') ? NULL : name;
}

/* Add pid to the entry's attached pids; false if they are full without it. */
static bool note_attached(struct sm_segment_info *info, int32_t pid)
{
	for (int k = 0; k < info->n_attached; k++)
		if (info->attached[k] == pid)
			return true;
	if (info->n_attached == SM_INFO_MAX_ATTACHED)
		return false;
	info->attached[info->n_attached++] = pid;
	return true;
}

/* Add pid to every entry whose segment it maps, from /proc/PID/maps.
 * getline: a path may make a line longer than any fixed buffer.  False if
 * the process exists but its maps cannot be read (another user's). */
static bool scan_one_process(int32_t pid, struct sm_segment_info *infos, size_t n)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return errno == ENOENT || errno == ESRCH; /* gone: it maps nothing */
	char *line = NULL;
	size_t cap = 0;
	/* Entries full of pids that this process was counted beyond: once,
	 * however many of its mappings name the file. */
	bool *beyond = NULL;
	while (getline(&line, &cap, f) > 0) {
		const char *name = maps_path_segment(maps_line_path(line));
		for (size_t i = 0; name && i < n; i++) {
			if (strcmp(infos[i].name, name) != 0 || note_attached(&infos[i], pid))
				continue;
			if (!beyond)
				beyond = calloc(n, sizeof *beyond);
			if (beyond && !beyond[i]) {
				beyond[i] = true;
				infos[i].attached_more++;
			}
		}
	}
	free(beyond);
	free(line);
	fclose(f);
	return true;
}

bool smi_proc_may_open(const struct smi_proc_cred *cred, uint32_t uid, uint32_t gid, unsigned mode)
{
	if (cred->fsuid == 0)
		return false;
	/* As the kernel does: the owner class alone for the owner, the group
	 * class for a member, else the others. */
	if (cred->fsuid == uid)
		return mode & S_IRUSR;
	bool member = cred->fsgid == gid || cred->groups_cut;
	for (int i = 0; i < cred->n_groups; i++)
		member |= cred->groups[i] == gid;
	return member ? (mode & S_IRGRP) : (mode & S_IROTH);
}

/* Process `pid`'s maps could not be read: mark every entry it may have
 * mapped (it may open the file) as of unknown attachment.  A process whose
 * credentials cannot be read either (gone meanwhile) counts for none. */
static void note_unreadable(int32_t pid, struct sm_segment_info *infos, size_t n)
{
	struct smi_proc_cred cred;
	if (smi_proc_cred_read(pid, &cred) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct sm_segment_info *info = &infos[i];
		if (info->attached_unknown || !smi_proc_may_open(&cred, info->uid, info->gid, info->mode))
			continue;
		info->attached_unknown = true;
		info->unknown_pid = pid;
	}
}

static void scan_attached(struct sm_segment_info *infos, size_t n)
{
	DIR *d = opendir("/proc");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		int32_t pid = (int32_t)atoi(e->d_name);
		if (!scan_one_process(pid, infos, n))
			note_unreadable(pid, infos, n);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		struct sm_segment_info *info = &infos[i];
		info->stale = info->status == 0 && !info->owner_alive && info->n_attached == 0 &&
			      !info->attached_unknown;
	}
}

int sm_segment_stat(const char *name, struct sm_segment_info *info)
{
	if (!info)
		return -EINVAL;
	int r = smi_segment_stat_header(name, info);
	if (r == 0)
		scan_attached(info, 1);
	return r;
}

/* A file with our prefix but a name we never make (`why`, -EINVAL or
 * -ENAMETOOLONG): list it as foreign, under its whole name, with what
 * lstat says of it.  -errno if it is gone. */
static int stat_foreign(int dir, const char *file, int why, struct sm_segment_info *info)
{
	memset(info, 0, sizeof *info);
	struct stat st;
	if (fstatat(dir, file, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	snprintf(info->name, sizeof info->name, "%s", file + strlen(SM_FILE_PREFIX));
	info->status = why;
	stat_facts(info, &st);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct sm_segment_info *)a)->name,
		      ((const struct sm_segment_info *)b)->name);
}

int sm_segment_list(struct sm_segment_info **out, size_t *count)
{
	if (!out || !count)
		return -EINVAL;
	*out = NULL;
	*count = 0;
	DIR *d = opendir(SM_SHM_DIR);
	if (!d)
		return -errno;
	struct sm_segment_info *infos = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	const size_t plen = strlen(SM_FILE_PREFIX);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, SM_FILE_PREFIX, plen) != 0)
			continue;
		const char *name = e->d_name + plen;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct sm_segment_info *grown = realloc(infos, cap * sizeof *infos);
			if (!grown) {
				free(infos);
				closedir(d);
				return -ENOMEM;
			}
			infos = grown;
		}
		int r = smi_segment_stat_header(name, &infos[n]);
		if (r == -EINVAL || r == -ENAMETOOLONG)
			r = stat_foreign(dirfd(d), e->d_name, r, &infos[n]);
		if (r == 0)
			n++; /* else it vanished meanwhile */
	}
	closedir(d);
	scan_attached(infos, n);
	if (n) /* qsort's pointer must not be NULL, even for 0 elements */
		qsort(infos, n, sizeof *infos, by_name);
	*out = infos;
	*count = n;
	return 0;
}

int sm_segment_gc_report(bool dry_run, void (*cb)(const char *name, int err, void *user),
			 void *user)
{
	struct sm_segment_info *infos;
	size_t n;
	int r = sm_segment_list(&infos, &n);
	if (r < 0)
		return r;
	int removed = 0;
	for (size_t i = 0; i < n; i++) {
		if (!infos[i].stale)
			continue;
		if (!dry_run) {
			/* Check again right before removing, holding the file so
			 * that a replace-stale creator cannot swap in its own
			 * meanwhile: it may have been replaced (or removed by
			 * someone else: nothing to say then). */
			int fd = smi_shm_open_locked(infos[i].name);
			if (fd < 0) { /* gone meanwhile, or locked by another for good */
				if (fd != -ENOENT && cb)
					cb(infos[i].name, fd, user);
				continue;
			}
			struct sm_segment_info again;
			smi_segment_stat_fd(infos[i].name, fd, &again);
			scan_attached(&again, 1);
			int err = -ENOENT;
			if (again.stale && again.header.created_ns == infos[i].header.created_ns)
				err = smi_shm_unlink_fd(infos[i].name, fd);
			close(fd);
			if (err == -ENOENT)
				continue;
			if (err < 0) {
				if (cb)
					cb(infos[i].name, err, user);
				continue;
			}
		}
		removed++;
		if (cb)
			cb(infos[i].name, 0, user);
	}
	free(infos);
	return removed;
}

struct gc_removed {
	void (*cb)(const char *name, void *user);
	void *user;
};

static void only_removed(const char *name, int err, void *user)
{
	const struct gc_removed *g = user;
	if (!err && g->cb)
		g->cb(name, g->user);
}

int sm_segment_gc(bool dry_run, void (*cb)(const char *name, void *user), void *user)
{
	struct gc_removed g = { cb, user };
	return sm_segment_gc_report(dry_run, only_removed, &g);
}
