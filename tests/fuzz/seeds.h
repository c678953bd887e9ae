/* seeds.h — how make-seeds builds its seed segments. */
#ifndef SM_FUZZ_SEEDS_H
#define SM_FUZZ_SEEDS_H

#include "sharedmem.h"

/* Copy /dev/shm/sm.<segment_name> into every segment target's corpus as
 * file `seed`.  0 or -errno. */
int seed_save(const char *segment_name, const char *seed);

/* Plain segments: each kind's header with an empty payload, unpublished,
 * labelled.  0 or -errno. */
int seeds_segments(void);
/* Each kind made by its own create call, in a few states.  0 or -errno. */
int seeds_kinds(void);

/* Write `len` bytes as corpus file <dir>/<target>/<seed>.  0 or -errno. */
int seed_write(const char *target, const char *seed, const void *data, size_t len);
/* RPC packet sequences for the reassembly target.  0 or -errno. */
int seeds_packets(void);

#endif
