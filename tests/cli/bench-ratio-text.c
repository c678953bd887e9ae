/* bench-ratio-text: the ratios of the bench tables (bench ring --compare,
 * bench rpc, bench compare).  Printed with two decimals, a ratio under
 * 0.005 read "0.00": sharedmem 460 k msgs/s against memcpy's 163 M (a
 * quotient of 0.0028) said "ratio_vs_memcpy 0.00", as if nothing got
 * through, beside a JSON of 0.0028.  (cli_ratio_text() itself: human-rate.c) */
#include "cli-bench-out.h"
#include "cli-util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../testlib.h"

/* bench_rows_print's line for a row with the ratios of `v`. */
static void printed_row(const double *v, unsigned n, char *line, size_t size)
{
	struct bench_row row = { .workload = "16B 1->1", .transport = "sharedmem", .msg_size = 16,
				 .messages = 1000, .seconds = 1, .msgs_per_s = 1000,
				 .bytes_per_s = 16000 };
	static const char *const keys[] = { "ratio_vs_pipe", "ratio_vs_memcpy",
					    "ratio_vs_best_alternative" };
	for (unsigned k = 0; k < n; k++)
		bench_row_ratio(&row, keys[k], v[k]);
	FILE *f = tmpfile();
	if (!f)
		exit(T_EXIT_FAIL);
	fflush(stdout);
	int saved = dup(1);
	dup2(fileno(f), 1);
	bench_rows_print(&row, 1);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(f);
	line[0] = 0;
	while (fgets(line, (int)size, f) && strncmp(line, "16B", 3) != 0)
		;
	fclose(f);
}

int main(void)
{
	const double v[] = { 17.4812, 0.00283, 0.0612 };
	char line[512];
	printed_row(v, 3, line, sizeof line);
	if (!strstr(line, "ratio_vs_pipe 17.48, ratio_vs_memcpy 0.0028, "
			  "ratio_vs_best_alternative 0.061")) {
		fprintf(stderr, "bench_rows_print: %s", line);
		return T_EXIT_FAIL;
	}
	return T_EXIT_PASS;
}
