/* fuzz_kinds.h — each kind's own open and monitoring calls on a fuzzed
 * segment file; one place that grows as kinds land. */
#ifndef SM_FUZZ_KINDS_H
#define SM_FUZZ_KINDS_H

#include "sharedmem.h"

/* Open `name` (a fuzzed file whose header validated as `valid` and, when
 * valid, is READY) through every kind-specific open, read-write and
 * read-only, and exercise what a handle allows without blocking. */
void fz_open_kinds(const char *name, const struct sm_header *h, int valid);

/* Decode a fuzzed ring read-only the way monitors do (snapshot, node
 * states); nothing if `name` is not a ring that opens. */
void fz_monitor_kinds(const char *name);

#endif
