/* sharedmem/error.h — error conventions of libsharedmem.
 *
 * Every int-returning function returns 0 (or a non-negative count) on
 * success and a negative errno value on failure, as liburing does.  The
 * errno values below carry a library-specific meaning; sm_strerror() turns
 * any return value into a sentence.  The library never prints or exits.
 */
#ifndef SHAREDMEM_ERROR_H
#define SHAREDMEM_ERROR_H

#include <errno.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Library meanings of errno values (all returned negated). */
#define SM_EBADHEADER  EBADMSG          /* not a sharedmem segment, or its header is corrupt */
#define SM_EVERSION    EPROTONOSUPPORT  /* segment layout version this library does not know */
#define SM_EWRONGKIND  EMEDIUMTYPE      /* segment is of another kind than asked for */
#define SM_ENOTREADY   EAGAIN           /* segment still being initialised by its creator */
#define SM_EABANDONED  ENOTRECOVERABLE  /* its creator died before publishing it: never ready */
#define SM_ESHUTDOWN   ESHUTDOWN        /* owner closed the segment */
#define SM_EPEERDEAD   ECONNRESET       /* the process on the other side died */
#define SM_ENOPEER     ENOTCONN         /* no server (yet), or (server side) no client */
#define SM_ENOHANDLER  ENOSYS           /* the peer has no handler registered */
#define SM_EREMOTE     EREMOTEIO        /* the peer's handler returned an error */
#define SM_ETOOSMALL   ENOBUFS          /* destination buffer too small; nothing was consumed */

/* Positive status (not an error): the lock is held, but its previous holder
 * died while holding it.  The protected data may be inconsistent. */
#define SM_LOCK_RECOVERED 1

/* A sentence describing `err` in the library's terms: a return value (0,
 * SM_LOCK_RECOVERED or a negative errno), or a positive errno other than
 * EPERM (which is SM_LOCK_RECOVERED's value).  Never NULL; the string is
 * static. */
const char *sm_strerror(int err);

/* The symbolic name of `err` ("EBADMSG", ...), or "E?" if unknown. */
const char *sm_strerror_name(int err);

#ifdef __cplusplus
}
#endif

#endif
