// Small-angle series (sim/vehicle/small_angle.h) and fast_sin_cos (sim/vehicle/fast_sincos.h)
// against the library: dense grids across the
// series ranges and their borders, in units of the spacing of doubles at the library's value.
#include <algorithm>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "core/rng.h"
#include "sim/vehicle/fast_sincos.h"
#include "sim/vehicle/small_angle.h"

namespace assay::sim {
namespace {

// Distance from ref in units of the spacing of doubles at ref.
double ulps_from(double value, double ref) {
  if (value == ref) return 0.0;
  const double spacing =
      std::nextafter(std::abs(ref), std::numeric_limits<double>::infinity()) - std::abs(ref);
  return std::abs(value - ref) / spacing;
}

TEST(SmallAngleTest, TanWithinOneUlpOfStdTan) {
  double worst = 0.0;
  double worst_x = 0.0;
  const auto check = [&](double x) {
    const double e = ulps_from(tan_small(x), std::tan(x));
    if (e > worst) worst = e, worst_x = x;
  };
  for (double x = -0.2; x <= 0.2; x += 1e-7) check(x);
  Rng rng(5);
  for (int i = 0; i < 1000000; ++i) check(std::pow(10.0, rng.uniform(-300.0, -0.9)));
  for (const double x : {kTanSmallMax, std::nextafter(kTanSmallMax, 0.0), 1e-300, 5e-324}) {
    check(x);
    check(-x);
  }
  EXPECT_LE(worst, 1.0) << "at x = " << worst_x;
  EXPECT_EQ(tan_small(0.0), 0.0);
  EXPECT_EQ(tan_small(1.0), std::tan(1.0));  // the library beyond the series range
}

TEST(SmallAngleTest, TanSecWithinTwoUlpOfStd) {
  double worst_tan = 0.0;
  double worst_sec = 0.0;
  const auto check = [&](double x) {
    const TanSec ts = tan_sec_small(x);
    worst_tan = std::max(worst_tan, ulps_from(ts.tan, std::tan(x)));
    // The reference 1/cos rounds twice; the series is checked against cos by its product too.
    worst_sec = std::max(worst_sec, ulps_from(ts.sec, 1.0 / std::cos(x)));
  };
  for (double x = -0.15; x <= 0.15; x += 1e-7) check(x);
  Rng rng(9);
  for (int i = 0; i < 1000000; ++i) check(std::pow(10.0, rng.uniform(-300.0, -1.0)));
  for (const double x : {0.1, std::nextafter(0.1, 0.0), 5e-324}) {
    check(x);
    check(-x);
  }
  EXPECT_LE(worst_tan, 1.0);
  EXPECT_LE(worst_sec, 2.0);
  EXPECT_EQ(tan_sec_small(0.0).tan, 0.0);
  EXPECT_EQ(tan_sec_small(0.0).sec, 1.0);
  EXPECT_EQ(tan_sec_small(0.5).tan, std::tan(0.5));
  EXPECT_EQ(tan_sec_small(0.5).sec, 1.0 / std::cos(0.5));
}

// atan_small against std::atan: dense across the series range and beyond (fast_atan, ≤ 2 ulp).
TEST(SmallAngleTest, AtanWithinTwoUlpOfStdAtan) {
  double worst = 0.0;
  double worst_x = 0.0;
  const auto check = [&](double x) {
    const double e = ulps_from(atan_small(x), std::atan(x));
    if (e > worst) worst = e, worst_x = x;
  };
  for (double x = -0.3; x <= 0.3; x += 1e-7) check(x);
  Rng rng(17);
  for (int i = 0; i < 1000000; ++i) check(std::pow(10.0, rng.uniform(-300.0, 1.0)));
  for (const double x : {kAtanSmallMax, std::nextafter(kAtanSmallMax, 0.0), 5e-324}) {
    check(x);
    check(-x);
  }
  EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
  EXPECT_EQ(atan_small(0.0), 0.0);
}

// cos_atan_small against 1/std::sqrt(1 + u²) (which itself rounds twice), within 2 ulp.
TEST(SmallAngleTest, CosAtanWithinTwoUlpOfStd) {
  double worst = 0.0;
  double worst_x = 0.0;
  const auto check = [&](double x) {
    const double e = ulps_from(cos_atan_small(x), 1.0 / std::sqrt(1.0 + x * x));
    if (e > worst) worst = e, worst_x = x;
  };
  for (double x = -0.3; x <= 0.3; x += 1e-7) check(x);
  for (const double x : {kAtanSmallMax, std::nextafter(kAtanSmallMax, 0.0), 5e-324}) {
    check(x);
    check(-x);
  }
  EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
  EXPECT_EQ(cos_atan_small(0.0), 1.0);
}

// fast_sin_cos: dense over ±8 (every quadrant and its borders), random up to 1e6 rad (the
// reduction's range) and beyond (the library), special values. Within 2 ulp of the library's
// value, or within 1e-20 absolute next to the zeros of sin and cos (the reduction's rounding for
// large k; measured 1 ulp of 1 at most in absolute terms).
TEST(FastSinCosTest, WithinTwoUlpOfStd) {
  double worst_sin = 0.0;
  double worst_cos = 0.0;
  const auto excess = [](double value, double ref) {
    const double spacing =
        std::nextafter(std::abs(ref), std::numeric_limits<double>::infinity()) - std::abs(ref);
    return std::abs(value - ref) / std::max(spacing, 5e-21);
  };
  const auto check = [&](double x) {
    const SinCos sc = fast_sin_cos(x);
    worst_sin = std::max(worst_sin, excess(sc.sin, std::sin(x)));
    worst_cos = std::max(worst_cos, excess(sc.cos, std::cos(x)));
  };
  for (double x = -8.0; x <= 8.0; x += 3e-6) check(x);
  Rng rng(13);
  for (int i = 0; i < 1000000; ++i) check(rng.uniform(-1e6, 1e6));
  for (int i = 0; i < 1000000; ++i) check(std::pow(10.0, rng.uniform(-300.0, 7.0)));
  for (int k = -40; k <= 40; ++k) {
    const double x = k * 1.5707963267948966;  // next to the zeros of sin and cos
    check(x);
    check(std::nextafter(x, 100.0));
    check(std::nextafter(x, -100.0));
  }
  EXPECT_LE(worst_sin, 2.0);
  EXPECT_LE(worst_cos, 2.0);
  EXPECT_EQ(fast_sin_cos(0.0).sin, 0.0);
  EXPECT_EQ(fast_sin_cos(0.0).cos, 1.0);
  EXPECT_TRUE(std::isnan(fast_sin_cos(std::numeric_limits<double>::infinity()).sin));
  EXPECT_TRUE(std::isnan(fast_sin_cos(std::numeric_limits<double>::quiet_NaN()).cos));
}

}  // namespace
}  // namespace assay::sim
