/* fuzz_util.h — what the libFuzzer targets share: a per-process segment
 * name, writing the input as a /dev/shm file, and an assert that aborts
 * (so libFuzzer records the input) when a property does not hold. */
#ifndef SM_FUZZ_UTIL_H
#define SM_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sharedmem.h"

#define FZ_ASSERT(cond)                                                          \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: property failed: %s\n",          \
				__FILE__, __LINE__, #cond);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

/* Two ints that must be equal (return codes); prints both when not. */
#define FZ_ASSERT_EQ(a, b)                                                       \
	do {                                                                     \
		long long a_ = (a), b_ = (b);                                    \
		if (a_ != b_) {                                                  \
			fprintf(stderr, "%s:%d: property failed: %s == %lld, "   \
				"expected %s == %lld\n", __FILE__, __LINE__, #a,  \
				a_, #b, b_);                                     \
			abort();                                                 \
		}                                                                \
	} while (0)

/* "fz-<tag>-<pid>": unique to this fuzzer process (run-fuzzer.sh removes
 * leftovers by pid after a crash). */
const char *fz_name(const char *tag);

/* Make /dev/shm/sm.<name> hold exactly data[0..size). */
void fz_write(const char *name, const uint8_t *data, size_t size);
void fz_remove(const char *name);
/* Whether /dev/shm/sm.<name> is still there. */
bool fz_exists(const char *name);

/* The header a file of these bytes starts with (zero-padded when short). */
struct sm_header fz_header(const uint8_t *data, size_t size);

/* Read every byte (a mapping that claims more than the file holds would
 * fault here); returns a checksum so the reads are not optimised away. */
uint64_t fz_touch(const void *p, uint64_t n);

#endif
