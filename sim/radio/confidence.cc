#include "sim/radio/confidence.h"

#include <algorithm>
#include <cmath>

#include "core/special.h"

namespace assay::radio {
namespace {

// p such that I_p(a, b) = target, by bisection (I is increasing in p).
double beta_quantile(double target, double a, double b) {
  double lo = 0.0, hi = 1.0;
  for (int it = 0; it < 200 && hi - lo > 1e-300; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (beta_i(mid, a, b) < target) {
      lo = mid;
    } else {
      hi = mid;
    }
    if (hi - lo <= 1e-15 * hi) break;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

Interval wilson_interval(std::uint64_t k, std::uint64_t n, double z) {
  if (n == 0) return {0.0, 1.0};
  const double nd = static_cast<double>(n);
  const double p = static_cast<double>(k) / nd;
  const double z2 = z * z;
  const double centre = (p + z2 / (2.0 * nd)) / (1.0 + z2 / nd);
  const double half = z / (1.0 + z2 / nd) * std::sqrt(p * (1.0 - p) / nd + z2 / (4.0 * nd * nd));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval clopper_pearson_interval(std::uint64_t k, std::uint64_t n, double alpha) {
  if (n == 0) return {0.0, 1.0};
  const double kd = static_cast<double>(k), nd = static_cast<double>(n);
  // lo = B(α/2; k, n−k+1), hi = B(1−α/2; k+1, n−k) (Clopper & Pearson 1934).
  const double lo = k == 0 ? 0.0 : beta_quantile(alpha / 2.0, kd, nd - kd + 1.0);
  const double hi = k == n ? 1.0 : beta_quantile(1.0 - alpha / 2.0, kd + 1.0, nd - kd);
  return {lo, hi};
}

double normal_quantile_two_sided(double confidence) {
  // Solve 2·Q(z) = 1 − confidence by bisection on z ∈ [0, 40].
  const double tail = (1.0 - confidence) / 2.0;
  double lo = 0.0, hi = 40.0;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (q_function(mid) > tail) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace assay::radio
