/* make-seeds — write the seed corpus of the segment fuzzers: real segment
 * files of every kind as the library makes them, copied out of /dev/shm.
 *   make-seeds DIR   (writes DIR/segment-open/<seed> and DIR/inspect/<seed>)
 * Rerun when a kind's layout changes and commit tests/fuzz/corpus. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seeds.h"

static const char *out_dir;

static int copy_file(const char *from, const char *to)
{
	char buf[1 << 16];
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = 0;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			n = -1;
	int ok = in >= 0 && out >= 0 && n == 0;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

static int make_dir(const char *target, char *dir, size_t size)
{
	snprintf(dir, size, "%s/%s", out_dir, target);
	return mkdir(dir, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

int seed_write(const char *target, const char *seed, const void *data, size_t len)
{
	char dir[512], to[600];
	int r = make_dir(target, dir, sizeof dir);
	if (r < 0)
		return r;
	snprintf(to, sizeof to, "%s/%s", dir, seed);
	FILE *f = fopen(to, "wb");
	if (!f)
		return -errno;
	r = fwrite(data, 1, len, f) == len ? 0 : -EIO;
	return fclose(f) == 0 ? r : -EIO;
}

int seed_save(const char *segment_name, const char *seed)
{
	static const char *const targets[] = { "segment-open", "inspect" };
	char from[128], dir[512], to[600];
	snprintf(from, sizeof from, SM_SHM_DIR "/" SM_FILE_PREFIX "%s", segment_name);
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		int r = make_dir(targets[i], dir, sizeof dir);
		if (r < 0)
			return r;
		snprintf(to, sizeof to, "%s/%s", dir, seed);
		if (copy_file(from, to) < 0) {
			fprintf(stderr, "make-seeds: cannot copy %s to %s\n", from, to);
			return -EIO;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make-seeds DIR\n");
		return 2;
	}
	out_dir = argv[1];
	if (mkdir(out_dir, 0755) < 0 && errno != EEXIST) {
		perror(out_dir);
		return 1;
	}
	int r = seeds_segments();
	if (r == 0)
		r = seeds_kinds();
	if (r < 0) {
		fprintf(stderr, "make-seeds: %s\n", sm_strerror(r));
		return 1;
	}
	return 0;
}
