/* human-rate: cli_human_rate(), the MSGS/S column of bench and bench
 * compare.  A rate below 0.5 messages/s read "0" (and 1.5 read "2"). */
#include "cli-util.h"

#include <string.h>

#include "../testlib.h"

static void expect(double per_s, const char *want)
{
	char buf[24];
	cli_human_rate(per_s, buf, sizeof buf);
	if (strcmp(buf, want) != 0) {
		fprintf(stderr, "cli_human_rate(%g) = '%s', expected '%s'\n", per_s, buf, want);
		exit(T_EXIT_FAIL);
	}
}

int main(void)
{
	expect(0, "0");
	expect(0.2, "0.2");
	expect(0.45, "0.45");
	expect(0.004, "0.004");
	expect(0.00001, "< 0.0001");
	expect(1.5, "1.5");
	expect(9.4, "9.4");
	expect(12, "12");
	expect(999, "999");
	expect(1500, "1.50 k");
	expect(2.5e6, "2.50 M");
	return T_EXIT_PASS;
}
