// sin, cos and tan of angles that are usually small (side slip, road-wheel angle), by Taylor
// series where the series is exact to double precision and by the library elsewhere. Only
// +, −, × and comparisons on the series path (no fused multiply-add: Assay builds in ISO mode,
// which does not contract), so results are the same on every IEEE-754 machine. Errors against
// the library are tested in tests/sim_vehicle_small_angle_test.cc.
#pragma once

#include <cmath>

namespace assay::sim {

/// sin and cos of one angle.
struct SinCos {
  double sin = 0.0;
  double cos = 1.0;
};

/// sin u and cos u. For |u| < 0.1 the Taylor series to u¹¹ and u¹⁰ (next terms below 3e-20
/// relative), in Estrin form; std::sin and std::cos otherwise.
inline SinCos sin_cos_small(double u) {
  const double u2 = u * u;
  if (!(u2 < 0.01)) return {.sin = std::sin(u), .cos = std::cos(u)};
  const double u4 = u2 * u2;
  const double u8 = u4 * u4;
  // sin u = u + u³·(−1/6 + u²/120 − u⁴/5040 + u⁶/362880 − u⁸/39916800): the leading term is
  // added last, exactly, so the result is within an ulp or so.
  const double sin_tail =
      ((-1.0 / 6 + u2 * (1.0 / 120)) + u4 * (-1.0 / 5040 + u2 * (1.0 / 362880))) +
      u8 * (-1.0 / 39916800);
  // cos u = 1 − u²/2 + u⁴·(1/24 − u²/720 + u⁴/40320 − u⁶/3628800).
  const double cos_tail = (1.0 / 24 - u2 * (1.0 / 720)) + u4 * (1.0 / 40320 - u2 * (1.0 / 3628800));
  return {.sin = u + (u * u2) * sin_tail, .cos = (1.0 - 0.5 * u2) + u4 * cos_tail};
}

/// Below this |u| tan_small() uses its series.
inline constexpr double kTanSmallMax = 0.125;

/// tan u. For |u| < 1/8 the Taylor series to u¹⁵ (the next term, 6404582·u¹⁷/10854718875, is
/// below 3e-18 relative there), in Estrin form; std::tan otherwise.
inline double tan_small(double u) {
  const double u2 = u * u;
  if (!(u2 < kTanSmallMax * kTanSmallMax)) return std::tan(u);
  const double u4 = u2 * u2;
  const double u8 = u4 * u4;
  // Coefficients of u³, u⁵, …, u¹⁵: 1/3, 2/15, 17/315, 62/2835, 1382/155925, 21844/6081075,
  // 929569/638512875 (Bernoulli numbers; Abramowitz & Stegun 4.3.67).
  const double lo = (1.0 / 3 + u2 * (2.0 / 15)) + u4 * (17.0 / 315 + u2 * (62.0 / 2835));
  const double hi = (1382.0 / 155925 + u2 * (21844.0 / 6081075)) + u4 * (929569.0 / 638512875);
  return u + u * u2 * (lo + u8 * hi);
}

}  // namespace assay::sim
