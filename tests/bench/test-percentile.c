/* test-percentile: smb_percentile() is the nearest rank, ceil(q/100 * n)
 * counted from 1: p50 of 1..100 is 50, not 51. */
#include "bench-percentile.h"

#include "../testlib.h"

int main(void)
{
	uint64_t v[100];
	for (int i = 0; i < 100; i++)
		v[i] = (uint64_t)i + 1;
	CHECK_EQ(smb_percentile(v, 100, 50), 50);
	CHECK_EQ(smb_percentile(v, 100, 90), 90);
	CHECK_EQ(smb_percentile(v, 100, 99), 99);
	CHECK_EQ(smb_percentile(v, 100, 100), 100);
	CHECK_EQ(smb_percentile(v, 100, 0), 1);   /* rank 0 is the first */
	CHECK_EQ(smb_percentile(v, 100, 0.5), 1); /* rank ceil(0.5) = 1 */
	CHECK_EQ(smb_percentile(v, 100, 50.5), 51);

	CHECK_EQ(smb_percentile(v, 1, 50), 1);
	CHECK_EQ(smb_percentile(v, 1, 100), 1);
	CHECK_EQ(smb_percentile(v, 2, 50), 1);
	CHECK_EQ(smb_percentile(v, 2, 51), 2);
	CHECK_EQ(smb_percentile(v, 3, 50), 2); /* the median of three */
	CHECK_EQ(smb_percentile(v, 0, 50), 0);
	return T_EXIT_PASS;
}
