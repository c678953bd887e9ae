/* sec_kinds.h — every kind of segment behind one interface, so each
 * security test runs against all of them (grows as kinds land). */
#ifndef SM_SEC_KINDS_H
#define SM_SEC_KINDS_H

#include <stdbool.h>

#include "sharedmem.h"

struct sec_kind {
	const char *what;
	/* Create and publish `name` with file mode `mode` (0 = default) and
	 * SM_CREATE_* flags. */
	int (*create)(const char *name, unsigned mode, unsigned flags, void **handle);
	/* Open with SM_OPEN_* flags. */
	int (*open)(const char *name, unsigned flags, void **handle);
	void (*close)(void *handle);
	/* The handle's segment; NULL if the kind does not expose it. */
	sm_segment *(*segment)(void *handle);
	/* On a read-only handle: every call that would write must fail with
	 * an error (not fault).  Returns 0 if they all did; NULL if the kind
	 * has no such calls. */
	int (*refuse_writes)(void *handle);
};

/* Call fn for every file of segment `name` in /dev/shm: sm.<name> and
 * sm.<name>.* (an RPC channel's rings); returns how many there are. */
int sec_for_files(const char *name, void (*fn)(const char *path, void *user), void *user);

extern const struct sec_kind sec_kinds[];
extern const unsigned sec_n_kinds;

#endif
