/* Discovery reads /proc/PID/maps lines of any length (found in review: a
 * line over 512 bytes made it read past its line buffer).  A helper maps a
 * file whose path is long and holds " /dev/shm/sm.<decoy>" inside it, plus
 * a real segment; the helper must be listed as attached to the real
 * segment only.  Run under ASan this also checks no read goes astray. */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../testlib.h"
#include "helpers.h"
#include "sharedmem.h"

static char long_path[PATH_MAX]; /* /dev/shm/smtest-XXXXXX/x..x/y..y/a /dev/shm/sm.<decoy> */
static int n_dirs;                /* directories in it, made by make_long_path() */
static const char *real_name, *decoy_name;

static void path_append(const char *component)
{
	size_t len = strlen(long_path), add = strlen(component);
	CHECK(len + 1 + add < sizeof long_path);
	long_path[len] = '/';
	memcpy(long_path + len + 1, component, add + 1);
}

static void make_long_path(void)
{
	char d1[201], d2[181]; /* put " /dev/shm/sm." just before byte 512 of the line */
	memset(d1, 'x', sizeof d1 - 1);
	d1[sizeof d1 - 1] = '\0';
	memset(d2, 'y', sizeof d2 - 1);
	d2[sizeof d2 - 1] = '\0';
	snprintf(long_path, sizeof long_path, "%s", "/dev/shm/smtest-XXXXXX");
	CHECK(mkdtemp(long_path) != NULL);
	n_dirs = 1;
	const char *const below[] = { d1, d2, "a ", "dev", "shm" };
	for (size_t i = 0; i < sizeof below / sizeof below[0]; i++, n_dirs++) {
		path_append(below[i]);
		CHECK_EQ(mkdir(long_path, 0700), 0);
	}
	char file[SM_NAME_MAX + 8];
	snprintf(file, sizeof file, "sm.%s", decoy_name);
	path_append(file);
	int fd = open(long_path, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(ftruncate(fd, 4096), 0);
	close(fd);
}

/* Remove the file, then each directory, deepest first. */
static void remove_long_path(void)
{
	unlink(long_path);
	for (int i = 0; i < n_dirs; i++) {
		*strrchr(long_path, '/') = '\0';
		rmdir(long_path);
	}
}

/* Helper mode (exec'ed, so it inherits none of the test's mappings): map
 * the long-path file and the real segment, write one byte, wait. */
static int map_both(const char *path, const char *name)
{
	t_die_with_parent();
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) != MAP_FAILED);
	sm_segment *seg;
	CHECK_EQ(sm_segment_open(&seg, name, SM_KIND_NONE, SM_OPEN_READONLY), 0);
	CHECK_EQ(write(STDOUT_FILENO, "r", 1), 1);
	for (;;)
		pause();
	return 0;
}

static bool attached(const char *name, pid_t pid)
{
	struct sm_segment_info info;
	CHECK_EQ(sm_segment_stat(name, &info), 0);
	for (int k = 0; k < info.n_attached; k++)
		if (info.attached[k] == pid)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "map") == 0)
		return map_both(argv[2], argv[3]);
	real_name = t_name("long-maps-real");
	/* Long enough that the decoy's name crosses byte 512 of the line. */
	decoy_name = t_name("long-maps-decoy-0123456789012345");
	sm_segment *real, *decoy;
	CHECK_EQ(sm_segment_create(&real, real_name, SM_KIND_ARRAY, 128, NULL, 0, NULL), 0);
	sm_segment_publish(real);
	CHECK_EQ(sm_segment_create(&decoy, decoy_name, SM_KIND_ARRAY, 128, NULL, 0, NULL), 0);
	sm_segment_publish(decoy);
	make_long_path();
	atexit(remove_long_path); /* also when a CHECK fails */

	int fd;
	const char *args[] = { "map", long_path, real_name, NULL };
	pid_t helper = t_exec_self(&fd, args);
	CHECK_EQ(t_read_signal(fd), 'r');
	close(fd);

	CHECK(attached(real_name, helper));
	CHECK(!attached(decoy_name, helper));
	struct sm_segment_info *v;
	size_t n;
	CHECK_EQ(sm_segment_list(&v, &n), 0);
	free(v);

	kill(helper, SIGKILL);
	t_wait(helper);
	sm_segment_close(real);
	sm_segment_close(decoy);
	return T_EXIT_PASS;
}
