// atan without a library call, for the β the kinematic single-track step stores (one atan per
// step; atan_small in small_angle.h uses it beyond its series range). Cephes' algorithm (S. L.
// Moshier, Cephes Math Library, atan.c) with its published minimax coefficients: the argument is
// reduced to |x| ≤ 0.66 by atan(x) = π/2 − atan(1/x) above tan(3π/8) and atan(x) = π/4 +
// atan((x−1)/(x+1)) between 0.66 and tan(3π/8), then atan(x) = x + x³·P(x²)/Q(x²) (degree 4/5).
// Only +, −, ×, ÷ and comparisons, so the result is the same on every IEEE-754 machine (no fused
// multiply-add: Assay builds in ISO mode, which does not contract). Its error against std::atan is
// tested in tests/sim_vehicle_single_track_test.cc (measured at most 1 ulp over 3·10⁷ dense and
// random samples; asserted ≤ 2 ulp). Cheaper in throughput than the library call; in a chain of
// dependent atans (the Pacejka tyre) its longer latency made the step slower, so it is used where
// its result feeds nothing else in the step.
#pragma once

namespace assay::sim {

/// atan(x) for finite x (NaN gives NaN), within 2 ulp of the correctly rounded value.
inline double fast_atan(double x) {
  constexpr double kP0 = -8.750608600031904122785E-1;
  constexpr double kP1 = -1.615753718733365076637E1;
  constexpr double kP2 = -7.500855792314704667340E1;
  constexpr double kP3 = -1.228866684490136173410E2;
  constexpr double kP4 = -6.485021904942025371773E1;
  constexpr double kQ0 = 2.485846490142306297962E1;
  constexpr double kQ1 = 1.650270098316988542046E2;
  constexpr double kQ2 = 4.328810604912902668951E2;
  constexpr double kQ3 = 4.853903996359136964868E2;
  constexpr double kQ4 = 1.945506571482613964425E2;
  constexpr double kTan3PiOver8 = 2.41421356237309504880;
  constexpr double kPiOver2 = 1.57079632679489661923;
  constexpr double kPiOver4 = 7.85398163397448309616E-1;
  constexpr double kMoreBits = 6.123233995736765886130E-17;  // π/2 − kPiOver2
  const bool negative = x < 0.0;
  double a = negative ? -x : x;
  double base = 0.0;
  double extra = 0.0;
  if (a > kTan3PiOver8) {
    base = kPiOver2;
    extra = kMoreBits;
    a = -1.0 / a;
  } else if (a > 0.66) {
    base = kPiOver4;
    extra = 0.5 * kMoreBits;
    a = (a - 1.0) / (a + 1.0);
  }
  const double z = a * a;
  const double p = (((kP0 * z + kP1) * z + kP2) * z + kP3) * z + kP4;
  const double q = ((((z + kQ0) * z + kQ1) * z + kQ2) * z + kQ3) * z + kQ4;
  const double r = base + ((a * (z * p / q) + a) + extra);
  return negative ? -r : r;
}

}  // namespace assay::sim
