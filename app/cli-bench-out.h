/* cli-bench-out.h — one benchmark result row, printed as a table for
 * people or as JSON objects with the README's field names; shared by
 * `bench ring` and `bench rpc`. */
#ifndef SM_CLI_BENCH_OUT_H
#define SM_CLI_BENCH_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli-util.h"

struct bench_row {
	const char *workload, *transport;
	size_t   msg_size;
	uint64_t messages;
	double   seconds, msgs_per_s, bytes_per_s;
	bool     latency;                 /* request/response: p50/p99/max set */
	uint64_t p50_ns, p99_ns, max_ns;
	uint64_t lost, duplicated, corrupted;
	struct {
		const char *key;          /* e.g. "ratio_vs_pipe" */
		double value;             /* NAN when there was nothing verified to compare
					   * with, or the row itself did not verify */
	} ratios[3];
	unsigned n_ratios;
};

/* Add a ratio (skipped when the row has no room left). */
void bench_row_ratio(struct bench_row *row, const char *key, double value);

/* The rows as an aligned table on stdout. */
void bench_rows_print(const struct bench_row *rows, size_t n);
/* The rows as a JSON array named `key` in the open object of j. */
void bench_rows_json(struct cli_json *j, const char *key, const struct bench_row *rows, size_t n);
/* Did the row verify every message (no loss, duplicate or corruption:
 * sm_bench_clean), and move some?  bench_rows_clean: did every row? */
bool bench_row_clean(const struct bench_row *row);
bool bench_rows_clean(const struct bench_row *rows, size_t n);
/* The exit status of a benchmark that printed `rows`: CLI_OK when every
 * row is clean, else CLI_ERR after saying why: a run that moved no
 * message, or `unclean` ("messages were lost..."). */
int bench_rows_status(const struct bench_row *rows, size_t n, const char *unclean);

#endif
