// Special functions for the radio closed forms, confidence intervals and the data-drift tests,
// with our own code so that results do not depend on the standard library's special-math
// extensions beyond erfc. One implementation each, shared by sim/radio and data.
#pragma once

namespace assay {

/// Gaussian tail Q(x) = ½·erfc(x/√2).
double q_function(double x);

/// Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0 (series / continued fraction).
double gamma_p(double a, double x);

/// Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly where it is small
/// (the continued fraction for x ≥ a + 1), so chi-square tail p-values keep their precision.
/// NaN for a ≤ 0, x < 0 or NaN; 1 at x = 0; 0 at x = ∞.
double gamma_q(double a, double x);

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

}  // namespace assay

#include "core/special_inl.h"
