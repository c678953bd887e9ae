/* sm-axis.c — see sm-axis.h. */
#include "sm-axis.h"

#include <math.h>

double sm_axis_nice_ceiling(double v)
{
	if (v <= 0)
		return 1;
	double p = pow(10, floor(log10(v)));
	for (int i = 0; i < 3; i++) {
		double m = (double[]){ 1, 2, 5 }[i] * p;
		if (m >= v)
			return m;
	}
	return 10 * p;
}

guint sm_axis_fit_labels(const double *x0, const double *x1, guint n, double gap, gboolean *show)
{
	guint shown = 0;
	gint last = -1; /* the last label shown so far */
	for (guint i = 0; i < n; i++) {
		show[i] = last < 0 || x0[i] >= x1[last] + gap;
		if (!show[i] && i == n - 1 && last > 0) {
			/* The end of the range matters more than the label before
			 * it: take that one's place where that makes room. */
			gint before = last - 1;
			while (before > 0 && !show[before])
				before--;
			if (x0[i] >= x1[before] + gap) {
				show[last] = FALSE;
				shown--;
				show[i] = TRUE;
			}
		}
		if (show[i]) {
			last = (gint)i;
			shown++;
		}
	}
	return shown;
}
