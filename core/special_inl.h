// Adaptive Simpson quadrature (template part of special.h).
#pragma once

#include <algorithm>
#include <cmath>

namespace assay {
namespace detail {

template <class F>
double simpson_step(F& f, double a, double b, double fa, double fm, double fb, double whole,
                    double tol, int depth) {
  const double m = 0.5 * (a + b);
  const double lm = 0.5 * (a + m), rm = 0.5 * (m + b);
  const double flm = f(lm), frm = f(rm);
  const double left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
  const double right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
  const double delta = left + right - whole;
  // Absolute tolerance, floored at 1e-10 relative so rounding noise cannot force deep recursion.
  const double limit = std::max(tol, 1e-10 * std::fabs(left + right));
  if (depth <= 0 || std::fabs(delta) <= 15.0 * limit) return left + right + delta / 15.0;
  return simpson_step(f, a, m, fa, flm, fm, left, 0.5 * tol, depth - 1) +
         simpson_step(f, m, b, fm, frm, fb, right, 0.5 * tol, depth - 1);
}

}  // namespace detail

template <class F>
double integrate(F&& f, double lo, double hi, double tol) {
  // Split into 16 panels first so narrow features are not missed by the first estimate.
  const int panels = 16;
  const double h = (hi - lo) / panels;
  double sum = 0;
  for (int i = 0; i < panels; ++i) {
    const double a = lo + h * i, b = a + h, m = 0.5 * (a + b);
    const double fa = f(a), fm = f(m), fb = f(b);
    sum +=
        detail::simpson_step(f, a, b, fa, fm, fb, h / 6.0 * (fa + 4.0 * fm + fb), tol / panels, 40);
  }
  return sum;
}

}  // namespace assay
