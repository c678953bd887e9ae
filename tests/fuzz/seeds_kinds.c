/* seeds_kinds.c — seed segments made by each kind's own create call. */
#include "seeds.h"

int seeds_kinds(void)
{
	return 0;
}
