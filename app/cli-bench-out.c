/* cli-bench-out.c — see cli-bench-out.h. */
#include "cli-bench-out.h"

#include <math.h>
#include <stdio.h>

#include "bench-verify.h"
#include "cli-util.h"
#include "sharedmem/inspect.h"

void bench_rows_print(const struct bench_row *rows, size_t n)
{
	bool latency = false;
	for (size_t i = 0; i < n; i++)
		latency |= rows[i].latency;
	printf("%-16s %-19s %9s %12s %11s", "WORKLOAD", "TRANSPORT", "SIZE", "MSGS/S", "MB/S");
	if (latency)
		printf(" %9s %9s %9s", "P50 US", "P99 US", "MAX US");
	printf("  VERIFIED\n");
	for (size_t i = 0; i < n; i++) {
		const struct bench_row *r = &rows[i];
		char size[24], rate[24], ratio[32];
		sm_size_text(r->msg_size, size, sizeof size);
		cli_human_rate(r->msgs_per_s, rate, sizeof rate);
		printf("%-16s %-19s %9s %12s %11.1f", r->workload, r->transport, size, rate,
		       r->bytes_per_s / 1e6);
		if (latency && r->latency && r->messages)
			printf(" %9.2f %9.2f %9.1f", r->p50_ns / 1e3, r->p99_ns / 1e3, r->max_ns / 1e3);
		else if (latency)
			printf(" %9s %9s %9s", "-", "-", "-");
		if (!r->messages)
			printf("  FAILED: no message got through");
		else if (bench_row_clean(r))
			printf("  ok (%llu message%s)", (unsigned long long)r->messages,
			       cli_plural(r->messages));
		else
			printf("  FAILED: lost %llu, duplicated %llu, corrupted %llu",
			       (unsigned long long)r->lost, (unsigned long long)r->duplicated,
			       (unsigned long long)r->corrupted);
		for (unsigned k = 0; k < r->n_ratios; k++)
			if (isfinite(r->ratios[k].value))
				printf(", %s %s", r->ratios[k].key,
				       cli_ratio_text(r->ratios[k].value, ratio, sizeof ratio));
		printf("\n");
	}
}

void bench_rows_json(struct cli_json *j, const char *key, const struct bench_row *rows, size_t n)
{
	cj_array(j, key);
	for (size_t i = 0; i < n; i++) {
		const struct bench_row *r = &rows[i];
		cj_object(j, NULL);
		cj_str(j, "workload", r->workload);
		cj_str(j, "transport", r->transport);
		cj_u64(j, "msg_size", r->msg_size);
		cj_u64(j, "messages", r->messages);
		cj_dbl(j, "seconds", r->seconds);
		cj_dbl(j, "msgs_per_s", r->msgs_per_s);
		cj_dbl(j, "bytes_per_s", r->bytes_per_s);
		if (r->latency && r->messages) {
			cj_u64(j, "p50_ns", r->p50_ns);
			cj_u64(j, "p99_ns", r->p99_ns);
			cj_u64(j, "max_ns", r->max_ns);
		} else if (r->latency) { /* nothing measured */
			cj_null(j, "p50_ns");
			cj_null(j, "p99_ns");
			cj_null(j, "max_ns");
		}
		cj_u64(j, "lost", r->lost);
		cj_u64(j, "duplicated", r->duplicated);
		cj_u64(j, "corrupted", r->corrupted);
		for (unsigned k = 0; k < r->n_ratios; k++)
			cj_dbl(j, r->ratios[k].key, r->ratios[k].value);
		cj_end(j);
	}
	cj_end(j);
}

bool bench_row_clean(const struct bench_row *row)
{
	/* a run that moved nothing verified nothing */
	return row->messages && sm_bench_clean(row->lost, row->duplicated, row->corrupted);
}

int bench_rows_status(const struct bench_row *rows, size_t n, const char *unclean)
{
	for (size_t i = 0; i < n; i++)
		if (!rows[i].messages)
			return cli_failf("%s: no message got through (try a longer --seconds)",
					 rows[i].transport);
	return bench_rows_clean(rows, n) ? CLI_OK : cli_failf("%s", unclean);
}

bool bench_rows_clean(const struct bench_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!bench_row_clean(&rows[i]))
			return false;
	return true;
}

void bench_row_ratio(struct bench_row *row, const char *key, double value)
{
	if (row->n_ratios < sizeof row->ratios / sizeof row->ratios[0]) {
		row->ratios[row->n_ratios].key = key;
		row->ratios[row->n_ratios].value = value;
		row->n_ratios++;
	}
}
