/* The RPC bench's calls/s plot keeps its minute of history when the
 * sampling rate changes (Preferences): resampled, not cleared, and still
 * at most a minute of samples. */
#include "ringui-test.h"
#include "sm-rpc-rate-plot.h"

int main(void)
{
	rt_init();
	GtkWidget *widget = sm_rpc_rate_plot_new();
	g_object_ref_sink(widget);
	SmRpcRatePlot *plot = SM_RPC_RATE_PLOT(widget);

	/* 4 a second (the default) for 10 s: 40 samples, 0 to 39. */
	for (int i = 0; i < 40; i++)
		sm_rpc_rate_plot_push(plot, i);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 40);

	/* Twice as often: the same 9.75 s in 40 intervals of half the length;
	 * the newest and oldest samples stay where they were. */
	sm_rpc_rate_plot_set_rate(plot, 8);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 79);
	CHECK(sm_rpc_rate_plot_get_sample(plot, 0) == 0);
	CHECK(sm_rpc_rate_plot_get_last(plot) == 39);
	CHECK(sm_rpc_rate_plot_get_sample(plot, 76) == 38); /* 3/8 s old: 1.5 old samples, rounded */
	sm_rpc_rate_plot_push(plot, 100);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 80);
	CHECK(sm_rpc_rate_plot_get_last(plot) == 100);

	/* Once a second: every eighth sample, from the newest back. */
	sm_rpc_rate_plot_set_rate(plot, 1);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 10);
	CHECK(sm_rpc_rate_plot_get_last(plot) == 100);
	CHECK(sm_rpc_rate_plot_get_sample(plot, 8) == 35);

	/* A minute at most: 100 a second keeps 60 s of the 10 s held, and
	 * pushing past the minute drops the oldest. */
	sm_rpc_rate_plot_set_rate(plot, 100);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 901);
	for (int i = 0; i < 6000; i++)
		sm_rpc_rate_plot_push(plot, 7);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 6000);
	CHECK(sm_rpc_rate_plot_get_sample(plot, 0) == 7);

	sm_rpc_rate_plot_clear(plot);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 0);
	sm_rpc_rate_plot_set_rate(plot, 2);
	CHECK_EQ(sm_rpc_rate_plot_get_n_samples(plot), 0);
	g_object_unref(widget);
	return T_EXIT_PASS;
}
