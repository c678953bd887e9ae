/* buffer.c — README.md's buffer examples (the C# BufferReadWrite) as a
 * whole program: plain writes and reads at an offset, then the same under
 * the buffer's lock.  Exit 0 when every read gives what the README says;
 * else 1 (saying so when a create or open failed: the README's lines leave
 * out their checks). */
#include <stdio.h>

#include <sharedmem.h>

int main(void)
{
	/* README.md begin: buffer */
	sm_buffer *producer, *consumer;
	sm_buffer_create(&producer, "MySharedBuffer", 1024, NULL);
	sm_buffer_open(&consumer, "MySharedBuffer", 0);

	int data = 123;
	SM_BUFFER_WRITE(producer, 0, &data);
	data = 456;
	SM_BUFFER_WRITE(producer, 1000, &data);

	int read_data = 0;
	SM_BUFFER_READ(consumer, 0, &read_data);            /* 123 */
	SM_BUFFER_READ(consumer, 1000, &read_data);         /* 456 */
	/* README.md end */
	if (!producer || !consumer) /* the README leaves out the checks */
		fprintf(stderr, "MySharedBuffer: the %s failed, so nothing was read\n",
			producer ? "open" : "create");
	int first = 0;
	int ok = read_data == 456 && SM_BUFFER_READ(consumer, 0, &first) == 0 && first == 123;
	printf("%d %d\n", first, read_data);

	/* README.md begin: buffer-lock */
	sm_rwlock *lock = sm_buffer_lock(producer);
	int r = sm_rwlock_write_acquire(lock, 100);
	if (r >= 0) {                       /* 0, or SM_LOCK_RECOVERED: check the data */
		SM_BUFFER_WRITE(producer, 0, &data);
		sm_rwlock_write_release(lock);
	}
	/* or one locked copy: */
	r = sm_buffer_read_locked(consumer, 0, &read_data, sizeof read_data, 0);
	/* README.md end */
	printf("%d %d\n", r, read_data);
	ok = ok && r == 0 && read_data == 456;
	sm_buffer_close(consumer);
	sm_buffer_close(producer);
	return ok ? 0 : 1;
}
