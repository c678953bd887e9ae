/* The monitor's model: rates from consecutive counters, a fixed ring of
 * samples that drops the oldest, and the CSV export.  No display needed. */
#include <string.h>

#include "../testlib.h"
#include "sm-sample-series.h"

static void push(SmSampleSeries *s, guint64 t_ms, guint32 occ, guint64 msgs, guint64 bytes)
{
	SmRingCounters c = {
		.time_ns = t_ms * 1000000ull, .occupancy = occ, .node_count = 16,
		.messages_written = msgs + occ, .bytes_written = bytes + occ * 64ull,
		.messages_read = msgs, .bytes_read = bytes,
	};
	sm_sample_series_push(s, &c);
}

static void on_added(SmSampleSeries *s, int *count)
{
	(*count)++;
}

int main(void)
{
	CHECK(sm_rate_per_second(100, 300, 1000000000ull) == 200.0);
	CHECK(sm_rate_per_second(100, 300, 500000000ull) == 400.0);
	CHECK(sm_rate_per_second(300, 100, 1000000000ull) == 0.0); /* went backwards */
	CHECK(sm_rate_per_second(1, 2, 0) == 0.0);

	SmSampleSeries *s = sm_sample_series_new(4);
	int added = 0;
	g_signal_connect(s, "sample-added", G_CALLBACK(on_added), &added);
	CHECK_EQ(sm_sample_series_get_n_samples(s), 0);
	CHECK(sm_sample_series_get_latest(s) == NULL);

	push(s, 1000, 3, 0, 0);
	const SmSample *x = sm_sample_series_get_latest(s);
	CHECK(x->messages_per_s == 0 && x->bytes_per_s == 0); /* no baseline yet */
	/* ... so no rate, as after a break: not drawn from 0, empty in the CSV
	 * (a busy ring's first row said 0.0 msg/s). */
	CHECK(x->after_gap);
	char *first = sm_sample_series_to_csv(s);
	CHECK(strstr(first, "\n0.000,3,16,,,0,0,3,192\n") != NULL);
	g_free(first);
	push(s, 1100, 5, 1000, 64000);   /* 1000 msgs in 100 ms */
	x = sm_sample_series_get_latest(s);
	CHECK(x->messages_per_s == 10000.0);
	CHECK(x->bytes_per_s == 640000.0);
	CHECK_EQ(x->occupancy, 5);
	CHECK_EQ(x->messages_written, 1005);
	push(s, 1300, 1, 1500, 96000);   /* 500 in 200 ms */
	CHECK(sm_sample_series_get_latest(s)->messages_per_s == 2500.0);
	push(s, 1400, 0, 1500, 96000);
	CHECK(sm_sample_series_get_latest(s)->messages_per_s == 0.0);
	CHECK_EQ(sm_sample_series_get_n_samples(s), 4);
	push(s, 1500, 2, 1600, 102400);  /* drops the oldest */
	CHECK_EQ(sm_sample_series_get_n_samples(s), 4);
	CHECK_EQ(sm_sample_series_get(s, 0)->time_ns, 1100 * 1000000ull);
	CHECK_EQ(sm_sample_series_get(s, 3)->time_ns, 1500 * 1000000ull);
	CHECK(sm_sample_series_get(s, 4) == NULL);
	CHECK_EQ(added, 5);

	char *csv = sm_sample_series_to_csv(s);
	char **lines = g_strsplit(csv, "\n", -1);
	CHECK(g_str_has_prefix(lines[0], "time_s,occupancy,node_count,messages_per_s,mb_per_s,"));
	CHECK_EQ(g_strv_length(lines), 6); /* header, 4 rows, "" after the last newline */
	CHECK(strcmp(lines[1], "0.000,5,16,10000.0,0.640,1000,64000,1005,64320") == 0);
	CHECK(strcmp(lines[2], "0.200,1,16,2500.0,0.160,1500,96000,1501,96064") == 0);
	CHECK(strcmp(lines[5], "") == 0);
	g_strfreev(lines);
	g_free(csv);

	/* A break (pause): the next sample has no rate over the gap, and its
	 * rates are empty in the CSV; the one after has rates again. */
	sm_sample_series_break(s);
	push(s, 9500, 2, 9600, 614400);
	x = sm_sample_series_get_latest(s);
	CHECK(x->after_gap && x->messages_per_s == 0.0 && x->bytes_per_s == 0.0);
	push(s, 9600, 2, 9700, 620800);
	x = sm_sample_series_get_latest(s);
	CHECK(!x->after_gap && x->messages_per_s == 1000.0);
	csv = sm_sample_series_to_csv(s);
	lines = g_strsplit(csv, "\n", -1);
	CHECK(strcmp(lines[3], "8.100,2,16,,,9600,614400,9602,614528") == 0);
	CHECK(strcmp(lines[4], "8.200,2,16,1000.0,0.064,9700,620800,9702,620928") == 0);
	g_strfreev(lines);
	g_free(csv);

	/* A new sample rate keeps the newest samples and the rate baseline:
	 * growing keeps all four, shrinking the last two. */
	sm_sample_series_set_capacity(s, 8);
	CHECK_EQ(sm_sample_series_get_n_samples(s), 4);
	CHECK_EQ(sm_sample_series_get(s, 3)->messages_read, 9700);
	push(s, 9700, 2, 9900, 633600);
	CHECK_EQ(sm_sample_series_get_n_samples(s), 5);
	CHECK(sm_sample_series_get_latest(s)->messages_per_s == 2000.0);
	sm_sample_series_set_capacity(s, 2);
	CHECK_EQ(sm_sample_series_get_n_samples(s), 2);
	CHECK_EQ(sm_sample_series_get(s, 0)->messages_read, 9700);
	CHECK_EQ(sm_sample_series_get(s, 1)->messages_read, 9900);
	push(s, 9800, 2, 10000, 640000);
	CHECK_EQ(sm_sample_series_get(s, 0)->messages_read, 9900);
	CHECK(sm_sample_series_get_latest(s)->messages_per_s == 1000.0);

	sm_sample_series_clear(s);
	CHECK_EQ(sm_sample_series_get_n_samples(s), 0);
	push(s, 2000, 0, 5000, 0);
	CHECK(sm_sample_series_get_latest(s)->messages_per_s == 0.0); /* baseline dropped too */
	CHECK(sm_sample_series_get_latest(s)->after_gap);
	sm_sample_series_set_capacity(s, 1); /* at least 2 */
	CHECK_EQ(sm_sample_series_get_capacity(s), 2);
	g_object_unref(s);
	return T_EXIT_PASS;
}
