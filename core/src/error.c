/* error.c — sentences for the library's return values. */
#include "sharedmem/error.h"

#include <limits.h>
#include <string.h>

struct error_text {
	int code;
	const char *name;
	const char *text;
};

/* Library meanings first; anything else falls back to strerror(). */
static const struct error_text texts[] = {
	{ 0, "OK", "success" },
	{ EINVAL, "EINVAL", "invalid argument (name, size, count or flag)" },
	{ ENAMETOOLONG, "ENAMETOOLONG", "segment name too long" },
	{ EEXIST, "EEXIST", "a segment of that name exists" },
	{ ENOENT, "ENOENT", "no such segment" },
	{ EACCES, "EACCES", "permission denied (segments are private to their owner unless created with another mode)" },
	{ EPERM, "EPERM", "operation not permitted" },
	{ ENOSPC, "ENOSPC", "not enough space in /dev/shm for the segment" },
	{ ENOMEM, "ENOMEM", "out of memory" },
	{ EFBIG, "EFBIG", "segment too large" },
	{ SM_EBADHEADER, "EBADMSG", "not a sharedmem segment, or its header is corrupt or truncated" },
	{ SM_EVERSION, "EPROTONOSUPPORT", "segment has a layout version this library does not know" },
	{ SM_EWRONGKIND, "EMEDIUMTYPE", "segment is of another kind" },
	/* EAGAIN also comes from a file lock held too long (smi_shm_lock) and,
	 * through the CLI's own calls, from fork(): the sentence names all. */
	{ SM_ENOTREADY, "EAGAIN", "not possible just now, try again: a segment not ready (still being initialised by its creator), a segment file another process holds locked, or, from fork(), the process limit reached" },
	{ SM_EABANDONED, "ENOTRECOVERABLE", "segment never finished: its creator died before publishing it (it will never be ready; remove it)" },
	{ SM_ESHUTDOWN, "ESHUTDOWN", "the segment's owner has closed it" },
	{ SM_EPEERDEAD, "ECONNRESET", "the process on the other side died" },
	/* Both sides get it: a client finds no server, a server's call no
	 * client.  A caller that knows its side may say which. */
	{ SM_ENOPEER, "ENOTCONN", "no peer on this channel: no server, or no client connected (or the client a call went to has left)" },
	{ SM_ENOHANDLER, "ENOSYS", "the other side has no handler for calls" },
	{ SM_EREMOTE, "EREMOTEIO", "the other side's handler returned an error" },
	{ SM_ETOOSMALL, "ENOBUFS", "destination buffer too small (nothing was consumed)" },
	{ ETIMEDOUT, "ETIMEDOUT", "timed out" },
	{ EMSGSIZE, "EMSGSIZE", "message larger than the node or channel allows" },
	{ ERANGE, "ERANGE", "index or range out of bounds" },
	{ EBADF, "EBADF", "handle is read-only or closed" },
	{ ECANCELED, "ECANCELED", "cancelled" },
	{ EOWNERDEAD, "EOWNERDEAD", "the previous holder died" },
	{ EBUSY, "EBUSY", "in use: held by another live process (a ring's single-producer or single-consumer role, a channel's one client), or one of an RPC channel's rings (remove the channel instead)" },
	{ EINTR, "EINTR", "interrupted" },
	{ EOPNOTSUPP, "EOPNOTSUPP", "not supported (no such method, or not on this system)" },
	{ EPROTO, "EPROTO", "protocol error (a malformed or unexpected packet)" },
};

/* |err| without overflow: INT_MIN has no positive int and matches nothing. */
static int magnitude(int err)
{
	return err == INT_MIN ? INT_MIN : err < 0 ? -err : err;
}

/* The one positive return: +1, which as an errno would read EPERM. */
static const struct error_text recovered = {
	SM_LOCK_RECOVERED, "SM_LOCK_RECOVERED",
	"done, but the lock's previous holder died: the data may be inconsistent"
};

static const struct error_text *find(int err)
{
	if (err == SM_LOCK_RECOVERED)
		return &recovered;
	err = magnitude(err);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (texts[i].code == err)
			return &texts[i];
	return NULL;
}

const char *sm_strerror(int err)
{
	const struct error_text *t = find(err);
	return t ? t->text : strerror(magnitude(err));
}

const char *sm_strerror_name(int err)
{
	const struct error_text *t = find(err);
	return t ? t->name : "E?";
}
