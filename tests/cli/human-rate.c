/* human-rate: cli_human_rate(), the MSGS/S column of bench and bench
 * compare.  A rate below 0.5 messages/s read "0" (and 1.5 read "2"),
 * 999999.7 "1000.00 k".
 * And cli_ratio_text(), the ratios beside it: a ratio under 0.005 read
 * "0.00" (tests/cli/bench-ratio-text.c). */
#include "cli-util.h"

#include <string.h>

#include "../testlib.h"

typedef const char *text_fn(double v, char *buf, size_t size);

static void expect_text(text_fn *fn, const char *name, double v, const char *want)
{
	char buf[32];
	fn(v, buf, sizeof buf);
	if (strcmp(buf, want) != 0) {
		fprintf(stderr, "%s(%g) = '%s', expected '%s'\n", name, v, buf, want);
		exit(T_EXIT_FAIL);
	}
}

static void expect(double per_s, const char *want)
{
	expect_text(cli_human_rate, "cli_human_rate", per_s, want);
}

/* Two decimals, or the two significant digits a small ratio needs. */
static void expect_ratio(double ratio, const char *want)
{
	expect_text(cli_ratio_text, "cli_ratio_text", ratio, want);
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
	/* A rate that rounds up to the next unit is given in it: 999999.7
	 * read "1000.00 k", 999.7 "1000". */
	expect(999999.7, "1.00 M");
	expect(999.7, "1.00 k");
	expect(999.4, "999");
	expect(999994, "999.99 k");
	expect_ratio(17.4812, "17.48");
	expect_ratio(1, "1.00");
	expect_ratio(0.1, "0.10");
	expect_ratio(0.0996, "0.10");
	expect_ratio(0.094, "0.094");
	expect_ratio(0.00283, "0.0028");
	expect_ratio(0.000012345, "0.000012");
	return T_EXIT_PASS;
}
