// Special functions for the radio closed forms and confidence intervals, with our own code so
// that results do not depend on the standard library's special-math extensions beyond erfc.
#pragma once

namespace assay::radio {

/// Gaussian tail Q(x) = ½·erfc(x/√2).
double q_function(double x);

/// Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0 (series / continued fraction).
double gamma_p(double a, double x);

/// Regularised incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1 (continued fraction).
double beta_i(double x, double a, double b);

/// Bessel J0(x) (std::cyl_bessel_j).
double bessel_j0(double x);

/// exp(-x)·I0(x) for x ≥ 0: the scaled modified Bessel function, finite for large x.
double bessel_i0_scaled(double x);

/// Marcum Q_1(a, b) = ∫_b^∞ x·exp(-(x²+a²)/2)·I0(a·x) dx, by adaptive quadrature.
double marcum_q1(double a, double b);

/// ∫_lo^hi f by adaptive Simpson to absolute tolerance tol (f called as double(double)).
template <class F>
double integrate(F&& f, double lo, double hi, double tol);

}  // namespace assay::radio

#include "sim/radio/special_inl.h"
