/* array.c — README.md's array example (the C# README's SharedArray<int>)
 * as a whole program: a producer handle writes the first and last
 * elements, a consumer handle opened by name reads the last one.  Exit 0
 * when it prints 456, as the README says; else 1 (saying so when a
 * create or open failed: the README's lines leave out their checks). */
#include <stdio.h>

#include <sharedmem.h>

int main(void)
{
	/* README.md begin: array */
	sm_array *producer, *consumer;
	SM_ARRAY_CREATE(&producer, "MySharedArray", int, 10, NULL);
	SM_ARRAY_OPEN(&consumer, "MySharedArray", int, 0);

	SM_ARRAY_SET(producer, int, 0, 123);
	SM_ARRAY_SET(producer, int, sm_array_length(producer) - 1, 456);

	int x = 0;
	SM_ARRAY_GET(consumer, sm_array_length(consumer) - 1, &x);
	printf("%d\n", x);                                  /* 456 */
	/* README.md end */
	if (!producer || !consumer) /* the README leaves out the checks */
		fprintf(stderr, "MySharedArray: the %s failed, so nothing was read\n",
			producer ? "open" : "create");
	/* README.md begin: array */
	sm_array_close(consumer);
	sm_array_close(producer);
	/* README.md end */
	return x == 456 ? 0 : 1;
}
