/* sharedmem/rpc.h — placeholder until this part lands. */
#ifndef SHAREDMEM_RPC_H
#define SHAREDMEM_RPC_H
#include "segment.h"
#endif
