#include "core/special.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace assay {

double q_function(double x) {
  return 0.5 * std::erfc(x / std::numbers::sqrt2);
}

namespace {

// P(a, x) and Q(a, x) together: the series for P when x < a + 1, Legendre's continued fraction
// (modified Lentz) for Q otherwise, the other as the complement (Abramowitz and Stegun 6.5.29
// and 6.5.31; Press et al., Numerical Recipes, 3rd ed., section 6.2).
struct IncompleteGamma {
  double p, q;
};

IncompleteGamma incomplete_gamma(double a, double x) {
  const double log_prefix = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1.0) {
    // P = x^a e^-x / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 100000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    const double p = std::clamp(sum * std::exp(log_prefix), 0.0, 1.0);
    return {p, 1.0 - p};
  }
  const double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int n = 1; n < 100000; ++n) {
    const double an = -n * (n - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < 1e-16) break;
  }
  const double q = std::clamp(std::exp(log_prefix) * h, 0.0, 1.0);
  return {1.0 - q, q};
}

}  // namespace

double gamma_p(double a, double x) {
  if (x <= 0) return 0.0;
  return incomplete_gamma(a, x).p;
}

double gamma_q(double a, double x) {
  if (!(a > 0) || x < 0 || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return incomplete_gamma(a, x).q;
}

namespace {

// Continued fraction of I_x(a, b) (modified Lentz), valid for x < (a+1)/(a+b+2).
double beta_cf(double x, double a, double b) {
  const double tiny = 1e-300;
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m < 10000000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < 1e-15) break;
  }
  return h;
}

}  // namespace

double beta_i(double x, double a, double b) {
  if (x <= 0) return 0.0;
  if (x >= 1) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_cf(x, a, b) / a;
  return 1.0 - std::exp(log_front) * beta_cf(1.0 - x, b, a) / b;
}

double bessel_j0(double x) {
  return std::cyl_bessel_j(0.0, x);
}

double bessel_i0_scaled(double x) {
  x = std::fabs(x);
  if (x < 500.0) return std::exp(-x) * std::cyl_bessel_i(0.0, x);
  // Large-argument expansion (Abramowitz & Stegun 9.7.1), three terms: error < 1e-9 here.
  const double t = 1.0 / (8.0 * x);
  return (1.0 + t + 9.0 * t * t / 2.0) / std::sqrt(2.0 * std::numbers::pi * x);
}

double marcum_q1(double a, double b) {
  if (b <= 0) return 1.0;
  // Integrand x·exp(-(x-a)²/2)·[e^{-ax} I0(ax)], written with the scaled Bessel so it never
  // overflows; the mass lies within a few units of max(a, 1).
  auto f = [a](double x) {
    return x * std::exp(-0.5 * (x - a) * (x - a)) * bessel_i0_scaled(a * x);
  };
  const double upper = std::max(a, b) + 40.0;
  // 1 - Q1 = ∫_0^b f is more accurate when b is left of the bulk.
  if (b < a) return 1.0 - integrate(f, 0.0, b, 1e-14);
  return integrate(f, b, upper, 1e-14);
}

}  // namespace assay
