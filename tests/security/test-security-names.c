/* Security: names that could escape /dev/shm or confuse a terminal are
 * refused by every call that takes a name (create and open of every kind,
 * stat, unlink; forced unlink only those with '/'), and nothing is created anywhere: each bad name carries a
 * marker that must appear in no file under /dev/shm or /dev afterwards. */
#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"
#include "sec_kinds.h"

static char marker[32];

static void no_file_with_marker(const char *dir)
{
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strstr(e->d_name, marker)) {
			fprintf(stderr, "%s/%s was created\n", dir, e->d_name);
			exit(T_EXIT_FAIL);
		}
	}
	closedir(d);
}

static void refused(const char *bad)
{
	CHECK(sm_name_validate(bad) < 0);
	for (unsigned k = 0; k < sec_n_kinds; k++) {
		const struct sec_kind *kind = &sec_kinds[k];
		void *h = (void *)1;
		int r = kind->create(bad, 0, 0, &h);
		CHECK(r == -EINVAL || r == -ENAMETOOLONG);
		for (int ro = 0; ro < 2; ro++) {
			r = kind->open(bad, ro ? SM_OPEN_READONLY : 0, &h);
			CHECK(r == -EINVAL || r == -ENAMETOOLONG);
		}
	}
	struct sm_segment_info info;
	int r = sm_segment_stat(bad, &info);
	CHECK(r == -EINVAL || r == -ENAMETOOLONG);
	/* Forced, it removes a foreign file listed under such a name (none
	 * here; the empty name is the file "sm.", which only a forced unlink
	 * removes), but one with '/' never reaches the file system. */
	CHECK_EQ(sm_segment_unlink(bad, true), strchr(bad, '/') ? r : -ENOENT);
}

int main(void)
{
	snprintf(marker, sizeof marker, "zq%d", (int)getpid());
	const char *patterns[] = {
		"%s/x", "x/%s", "/%s", "../%s", "%s/..", "..%s", "%s..", "a..%s", ".%s",
		"../../tmp/%s", "%s/../../etc", ".", "..", "%s\n", "%s\t", "%s\r", "\x1b[31m%s",
		"%s\x7f", "%s\x01", "%s ", " %s", "%s\\x", "%s*", "%s?", "%s:", "%s\xc3\xa9",
		"%s\xff", "%s%%", "-%s\"",
	};
	char bad[128];
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		snprintf(bad, sizeof bad, patterns[i], marker);
		refused(bad);
	}
	/* Every control character, in the middle of a name. */
	for (int c = 1; c < 0x20; c++) {
		snprintf(bad, sizeof bad, "%s%cx", marker, c);
		refused(bad);
	}
	/* Empty and too long. */
	refused("");
	memset(bad, 'a', SM_NAME_MAX + 1);
	memcpy(bad, marker, strlen(marker));
	bad[SM_NAME_MAX + 1] = '\0';
	CHECK_EQ(sm_name_validate(bad), -ENAMETOOLONG);
	refused(bad);
	for (unsigned k = 0; k < sec_n_kinds; k++) {
		void *h;
		CHECK_EQ(sec_kinds[k].open(NULL, 0, &h), -EINVAL);
	}

	no_file_with_marker("/dev/shm");
	no_file_with_marker("/dev");
	no_file_with_marker("/tmp");
	return T_EXIT_PASS;
}
