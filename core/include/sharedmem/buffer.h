/* sharedmem/buffer.h — placeholder until this part lands. */
#ifndef SHAREDMEM_BUFFER_H
#define SHAREDMEM_BUFFER_H
#include "segment.h"
#endif
