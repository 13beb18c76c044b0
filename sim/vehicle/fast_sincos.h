// sin and cos of one angle without a library call, for the headings of the single-track steps
// (one per step or substep). The argument is reduced by k·π/2 (k the nearest integer to x·2/π,
// by rounding with 1.5·2⁵²; π/2 split as in fdlibm into a 33-bit head, whose product with k is
// exact for |k| < 2²⁰, and a tail), then sin and cos on [−π/4, π/4] come from fdlibm's
// published minimax polynomials (Sun Microsystems, k_sin.c / k_cos.c, S1–S6 and C1–C6), and the
// quadrant k mod 4 swaps and negates them. Only +, −, × and comparisons, so the result is the
// same on every IEEE-754 machine (Assay builds in ISO mode, which does not contract into fused
// multiply-adds). Beyond |x| ≤ 1e6 rad, and for NaN and infinities, std::sin and std::cos.
// Error against the library tested in tests/sim_vehicle_small_angle_test.cc.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "sim/vehicle/small_angle.h"

namespace assay::sim {

/// sin x and cos x, within 2 ulp of the library's value, or within 1e-20 absolute next to the
/// zeros of sin and cos (the reduction's rounding for large arguments).
inline SinCos fast_sin_cos(double x) {
  constexpr double kTwoOverPi = 6.36619772367581382433e-01;
  constexpr double kPiOver2Head = 1.57079632673412561417e+00;  // first 33 bits of π/2
  constexpr double kPiOver2Tail = 6.07710050650619224932e-11;  // π/2 − head
  constexpr double kShift = 0x1.8p52;
  constexpr double kS1 = -1.66666666666666324348e-01;
  constexpr double kS2 = 8.33333333332248946124e-03;
  constexpr double kS3 = -1.98412698298579493134e-04;
  constexpr double kS4 = 2.75573137070700676789e-06;
  constexpr double kS5 = -2.50507602534068634195e-08;
  constexpr double kS6 = 1.58969099521155010221e-10;
  constexpr double kC1 = 4.16666666666666019037e-02;
  constexpr double kC2 = -1.38888888888741095749e-03;
  constexpr double kC3 = 2.48015872894767294178e-05;
  constexpr double kC4 = -2.75573143513906633035e-07;
  constexpr double kC5 = 2.08757232129817482790e-09;
  constexpr double kC6 = -1.13596475577881948265e-11;
  if (!(std::abs(x) <= 1e6)) return {.sin = std::sin(x), .cos = std::cos(x)};
  const double shifted = x * kTwoOverPi + kShift;
  const double k = shifted - kShift;
  const auto quadrant = static_cast<unsigned>(std::bit_cast<std::uint64_t>(shifted)) & 3u;
  const double r = (x - k * kPiOver2Head) - k * kPiOver2Tail;
  const double z = r * r;
  const double w = z * z;
  // sin r = r + r³·(S1 + z·(S2 + … + z⁴·S6)), cos r = 1 − z/2 + z²·(C1 + … + z⁵·C6), in
  // Estrin form (the polynomials split at w = z²).
  const double sin_poly = (kS2 + z * kS3) + w * ((kS4 + z * kS5) + w * kS6);
  const double sin_r = r + (z * r) * (kS1 + z * sin_poly);
  const double cos_poly = (kC1 + z * kC2) + w * ((kC3 + z * kC4) + w * (kC5 + z * kC6));
  const double cos_r = (1.0 - 0.5 * z) + w * cos_poly;
  // x = k·π/2 + r: quadrant 1 → (cos r, −sin r), 2 → (−sin r, −cos r), 3 → (−cos r, sin r).
  const double s = (quadrant & 1u) != 0 ? cos_r : sin_r;
  const double c = (quadrant & 1u) != 0 ? sin_r : cos_r;
  return {.sin = (quadrant & 2u) != 0 ? -s : s, .cos = ((quadrant + 1u) & 2u) != 0 ? -c : c};
}

}  // namespace assay::sim
