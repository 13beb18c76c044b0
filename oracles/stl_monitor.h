// Streaming STL monitor: fed one sample at a time, it keeps an interval [lo, hi] that contains
// the robustness at t = 0 of every trace that starts with the samples seen so far (including the
// trace that ends right now), so the verdict is known as soon as the interval no longer straddles
// the pass/fail boundary. Once every sample up to the formula's horizon is in (or the trace
// ends), lo == hi is the exact robustness, equal to the offline evaluator's (oracles/stl.h).
// docs/stl.md, "Streaming monitor", says what "decided" means and how the harness uses it.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "oracles/stl.h"

namespace assay::stl {

/// What is known about the robustness at t = 0.
enum class Decision {
  kUndecided,  // lo < 0 <= hi: either verdict is still possible
  kSatisfied,  // lo >= 0: every continuation passes (pass is robustness >= 0, as offline)
  kViolated,   // hi < 0: every continuation fails
};

/// Bounds on the robustness at t = 0: lo <= ρ(φ, 0) <= hi for every continuation of the prefix.
struct MonitorBounds {
  double lo = -kInfinity;
  double hi = kInfinity;
  bool exact = false;  // the value can no longer change (lo == hi)
};

/// A monitor for one bounded formula over rows of named signals. Work per sample is amortised
/// O(1) per operator (monotone wedges for always/eventually/historically/once, a two-stack
/// queue for until); memory grows with the samples up to the formula's horizon and not beyond:
/// once the value at t = 0 is exact, further samples are ignored.
class Monitor {
 public:
  /// A monitor of `formula` over rows whose values are the signals `columns`, in that order;
  /// the signal `t` is the sample time unless `columns` has a column of that name. Errors (at
  /// the formula column): an unbounded future operator, another signal not in `columns`, a
  /// parameter not in `params`.
  static Result<Monitor> create(const Formula& formula, const std::vector<std::string>& columns,
                                const Params& params = {});

  Monitor(Monitor&&) noexcept;
  Monitor& operator=(Monitor&&) noexcept;
  ~Monitor();

  /// Adds the sample at time t (strictly after the previous one) with one value per column.
  /// A NaN signal or a NaN made by arithmetic is an error naming the formula column, as offline.
  [[nodiscard]] Status push(double t, std::span<const double> row);
  /// Declares the trace ended: windows are clipped to it and the value becomes exact.
  void finish();

  /// Current bounds on the robustness at t = 0.
  [[nodiscard]] MonitorBounds bounds() const;
  /// The verdict, when decided.
  [[nodiscard]] Decision decision() const;
  /// Samples consumed (samples after the value became exact are not counted).
  [[nodiscard]] std::size_t samples() const;

 private:
  struct Impl;
  explicit Monitor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The first future temporal operator of `formula` without a finite upper bound, or nullptr:
/// early verdicts need every future window to close.
const Node* first_unbounded(const Formula& formula);

}  // namespace assay::stl
