/* sharedmem.h — umbrella header of libsharedmem. */
#ifndef SHAREDMEM_H
#define SHAREDMEM_H

#include "sharedmem/error.h"
#include "sharedmem/segment.h"
#include "sharedmem/rwlock.h"
#include "sharedmem/array.h"
#include "sharedmem/buffer.h"
#include "sharedmem/ring.h"
#include "sharedmem/traffic.h"
#include "sharedmem/rpc.h"
#include "sharedmem/inspect.h"

#endif
