// sin, cos, tan and atan of angles (and slopes) that are usually small (side slip, road-wheel
// angle), by Taylor series where the series is exact to double precision and by the library
// elsewhere. Only
// +, −, × and comparisons on the series path (no fused multiply-add: Assay builds in ISO mode,
// which does not contract), so results are the same on every IEEE-754 machine. Errors against
// the library are tested in tests/sim_vehicle_small_angle_test.cc.
#pragma once

#include <cmath>

#include "sim/vehicle/fast_atan.h"

namespace assay::sim {

/// sin and cos of one angle.
struct SinCos {
  double sin = 0.0;
  double cos = 1.0;
};

/// tan u and sec u = 1/cos u.
struct TanSec {
  double tan = 0.0;
  double sec = 1.0;
};

/// tan u and sec u. For |u| < 0.1 Taylor series to u¹⁵ and u¹⁶ (next terms below 1e-19
/// relative; sec's coefficients are the Euler numbers E₂ₙ/(2n)!), in Estrin form; std::tan and
/// 1/std::cos otherwise.
inline TanSec tan_sec_small(double u) {
  const double u2 = u * u;
  if (!(u2 < 0.01)) return {.tan = std::tan(u), .sec = 1.0 / std::cos(u)};
  const double u4 = u2 * u2;
  const double u8 = u4 * u4;
  const double tan_lo = (1.0 / 3 + u2 * (2.0 / 15)) + u4 * (17.0 / 315 + u2 * (62.0 / 2835));
  const double tan_hi = (1382.0 / 155925 + u2 * (21844.0 / 6081075)) + u4 * (929569.0 / 638512875);
  // sec u = 1 + u²/2 + u⁴·(5/24 + 61u²/720 + 1385u⁴/40320 + 50521u⁶/3628800
  //                      + 2702765u⁸/479001600 + 199360981u¹⁰/87178291200
  //                      + 19391512145u¹²/20922789888000).
  const double sec_lo =
      (5.0 / 24 + u2 * (61.0 / 720)) + u4 * (1385.0 / 40320 + u2 * (50521.0 / 3628800));
  const double sec_hi = (2702765.0 / 479001600 + u2 * (199360981.0 / 87178291200)) +
                        u4 * (19391512145.0 / 20922789888000);
  return {.tan = u + (u * u2) * (tan_lo + u8 * tan_hi),
          .sec = (1.0 + 0.5 * u2) + u4 * (sec_lo + u8 * sec_hi)};
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

/// Below this |u| atan_small() uses its series.
inline constexpr double kAtanSmallMax = 0.125;

/// atan u. For |u| < 1/8 the Taylor series to u¹⁷ (the next term, u¹⁹/19, is below 3e-18
/// relative there), in Estrin form; fast_atan otherwise.
inline double atan_small(double u) {
  const double u2 = u * u;
  if (!(u2 < kAtanSmallMax * kAtanSmallMax)) return fast_atan(u);
  const double u4 = u2 * u2;
  const double u8 = u4 * u4;
  // atan u = u + u³·(−1/3 + u²/5 − u⁴/7 + u⁶/9 − u⁸/11 + u¹⁰/13 − u¹²/15 + u¹⁴/17).
  const double lo = (-1.0 / 3 + u2 * (1.0 / 5)) + u4 * (-1.0 / 7 + u2 * (1.0 / 9));
  const double hi = (-1.0 / 11 + u2 * (1.0 / 13)) + u4 * (-1.0 / 15 + u2 * (1.0 / 17));
  return u + (u * u2) * (lo + u8 * hi);
}

/// cos(atan u) = 1/sqrt(1 + u²). For |u| < 1/8 the binomial series to u¹⁸ (the next term,
/// 46189·u²⁰/262144, is below 2e-19 there), in Estrin form; 1/std::sqrt(1 + u²) otherwise.
inline double cos_atan_small(double u) {
  const double u2 = u * u;
  if (!(u2 < kAtanSmallMax * kAtanSmallMax)) return 1.0 / std::sqrt(1.0 + u2);
  const double u4 = u2 * u2;
  const double u8 = u4 * u4;
  // 1 − u²/2 + u⁴·(3/8 − 5u²/16 + 35u⁴/128 − 63u⁶/256 + 231u⁸/1024 − 429u¹⁰/2048
  //                + 6435u¹²/32768 − 12155u¹⁴/65536).
  const double lo = (3.0 / 8 - u2 * (5.0 / 16)) + u4 * (35.0 / 128 - u2 * (63.0 / 256));
  const double hi =
      (231.0 / 1024 - u2 * (429.0 / 2048)) + u4 * (6435.0 / 32768 - u2 * (12155.0 / 65536));
  return (1.0 - 0.5 * u2) + u4 * (lo + u8 * hi);
}

}  // namespace assay::sim
