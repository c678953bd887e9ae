/* fuzz_util.c — see fuzz_util.h. */
#include "fuzz_util.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

const char *fz_name(const char *tag)
{
	static char buf[SM_NAME_MAX + 1];
	snprintf(buf, sizeof buf, "fz-%s-%d", tag, (int)getpid());
	return buf;
}

void fz_write(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	snprintf(path, sizeof path, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	FZ_ASSERT(fd >= 0);
	while (size > 0) {
		ssize_t n = write(fd, data, size);
		FZ_ASSERT(n > 0);
		data += n;
		size -= (size_t)n;
	}
	close(fd);
}

void fz_remove(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	unlink(path);
}

bool fz_exists(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", name);
	return access(path, F_OK) == 0;
}

struct sm_header fz_header(const uint8_t *data, size_t size)
{
	struct sm_header h;
	memset(&h, 0, sizeof h);
	memcpy(&h, data, size < sizeof h ? size : sizeof h);
	return h;
}

uint64_t fz_touch(const void *p, uint64_t n)
{
	const volatile uint8_t *b = p;
	uint64_t sum = 0;
	for (uint64_t i = 0; i < n; i++)
		sum += b[i];
	return sum;
}
