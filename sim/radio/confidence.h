// Binomial confidence intervals for Monte Carlo error rates (radio.md §2.7): Wilson score and
// Clopper–Pearson exact intervals.
#pragma once

#include <cstdint>

namespace assay::radio {

/// A two-sided interval [lo, hi] for a proportion.
struct Interval {
  double lo = 0;
  double hi = 1;
  /// True when value lies inside (bounds included).
  [[nodiscard]] bool contains(double value) const { return lo <= value && value <= hi; }
};

/// Wilson score interval for k successes in n trials with normal quantile z (z = 1.96 → 95%).
Interval wilson_interval(std::uint64_t k, std::uint64_t n, double z);

/// Clopper–Pearson exact interval with coverage at least 1 − alpha (beta quantiles).
Interval clopper_pearson_interval(std::uint64_t k, std::uint64_t n, double alpha);

/// Two-sided normal quantile for a confidence level, e.g. 0.95 → 1.959964.
double normal_quantile_two_sided(double confidence);

}  // namespace assay::radio
