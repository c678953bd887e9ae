/* sharedmem/array.h — placeholder until this part lands. */
#ifndef SHAREDMEM_ARRAY_H
#define SHAREDMEM_ARRAY_H
#include "segment.h"
#endif
