// Pacejka magic formula for the lateral tyre force, evaluated directly or from a piecewise
// polynomial table of its shape over x = tan α (the dynamic-pacejka step's tyre; see
// docs/vehicle-models.md, "Dynamic models").
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {

/// D·Fz·sin(C·atan(B·α − E·(B·α − atan(B·α)))) for slip angle α [rad] and normal load fz [N].
double magic_formula(const PacejkaCoefficients& t, double alpha, double fz);

/// The unit-peak shape of the magic formula as a function of x = tan α,
/// h(x) = sin(C·atan(B·α − E·(B·α − atan(B·α)))) with α = atan(x), so that F = D·Fz·h(tan α)
/// for |α| < π/2. Built once per (B, C, E) from the exact formula; evaluation is arithmetic only
/// (one table lookup and a degree-7 polynomial), with the exact formula outside the table.
class MagicFormulaTable {
 public:
  /// Intervals of the table (over |x| < x_max(), plus a half interval beyond) and the
  /// polynomial degree in each.
  static constexpr int kIntervals = 256;
  static constexpr int kDegree = 7;
  /// The table is used only if, at build time, it agrees with the exact shape within this
  /// absolute error at 4 points inside every interval (none of them a fitting node); otherwise
  /// every call evaluates the exact formula.
  static constexpr double kMaxBuildError = 1e-14;

  explicit MagicFormulaTable(const PacejkaCoefficients& t);

  /// Whether the table was built for these coefficients (D is not part of the shape).
  bool matches(const PacejkaCoefficients& t) const { return t.b == b_ && t.c == c_ && t.e == e_; }

  /// h(x) for x = tan α: x·g(|x|) from the table for |x| < x_max(), so h is odd and h(0) = 0
  /// exactly; the exact formula beyond (and for NaN).
  double shape(double x) const {
    const double ax = x < 0.0 ? -x : x;
    if (!(ax < x_max_)) return exact_shape(x);
    // Interval i is centred on s = i (i = 0 … kIntervals, width 1); y = s − i ∈ [−½, ½]. The
    // nearest integer comes from the rounding of s + 1.5·2⁵² (exact in round-to-nearest, the
    // IEEE default that Assay never changes), which is shorter than a float-int round trip.
    const double s = ax * scale_;
    const double shifted = s + kRoundingShift;
    const auto i = static_cast<std::size_t>(std::bit_cast<std::uint64_t>(shifted) & kIndexMask);
    const double y = s - (shifted - kRoundingShift);
    const std::array<double, kDegree + 1>& c = coef_[i];
    // Estrin's scheme: three levels of independent products instead of a chain of seven.
    const double y2 = y * y;
    const double y4 = y2 * y2;
    const double p01 = c[0] + c[1] * y;
    const double p23 = c[2] + c[3] * y;
    const double p45 = c[4] + c[5] * y;
    const double p67 = c[6] + c[7] * y;
    const double g = (p01 + p23 * y2) + (p45 + p67 * y2) * y4;
    return x * g;
  }

  /// The exact shape h(x), by the library's atan and sin.
  double exact_shape(double x) const;

  /// Upper end of the tabulated |x| (the exact formula is used at and above it).
  double x_max() const { return x_max_; }
  /// Whether the build-time check passed (false: shape() always evaluates the exact formula).
  bool tabulated() const { return x_max_ > 0.0; }

 private:
  double b_ = 0.0;
  double c_ = 0.0;
  double e_ = 0.0;
  double x_max_ = 0.0;
  double scale_ = 0.0;
  static constexpr double kRoundingShift = 0x1.8p52;
  static constexpr std::uint64_t kIndexMask = 0x1ff;  // kIntervals + 1 ≤ 512 entries
  std::array<std::array<double, kDegree + 1>, kIntervals + 1> coef_{};
};

/// The table for these coefficients, built on first use and kept per thread (a memo: its
/// contents depend on B, C and E only, so results do not depend on what ran before).
const MagicFormulaTable& magic_formula_table(const PacejkaCoefficients& t);

}  // namespace assay::sim
