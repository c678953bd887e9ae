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
