/* sm_age_text(): the one way the CLI and the workbench show a segment's
 * age.  They had one formatter each ("3h02m" and "3 h"), and both said
 * "0s" for a creation time in the future (a clock set back, a damaged
 * header), which reads as brand new. */
#include <string.h>

#include "../testlib.h"
#include "sharedmem.h"

#define S UINT64_C(1000000000)
#define NOW (UINT64_C(1700000000) * S)

static void expect(uint64_t created_ns, const char *want)
{
	char buf[SM_AGE_TEXT_SIZE];
	const char *got = sm_age_text(created_ns, NOW, buf, sizeof buf);
	CHECK(got == buf);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "created %llu: got '%s', want '%s'\n", (unsigned long long)created_ns,
			got, want);
		exit(T_EXIT_FAIL);
	}
}

int main(void)
{
	expect(NOW, "0s");
	expect(NOW - 42 * S - S / 2, "42s"); /* cut, not rounded */
	expect(NOW - 59 * S, "59s");
	expect(NOW - 60 * S, "1m00s");
	expect(NOW - (3 * 60 + 5) * S, "3m05s");
	expect(NOW - (3 * 3600 + 2 * 60 + 59) * S, "3h02m");
	expect(NOW - (4 * 86400 + 7 * 3600) * S, "4d07h");
	expect(NOW + 1, "in the future");
	expect(NOW + 3600 * S, "in the future");
	expect(0, "-");
	expect(1, "19675d22h"); /* the largest: days, never a longer unit */
	return T_EXIT_PASS;
}
