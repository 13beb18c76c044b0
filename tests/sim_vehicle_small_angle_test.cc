// Small-angle series (sim/vehicle/small_angle.h) against the library: dense grids across the
// series ranges and their borders, in units of the spacing of doubles at the library's value.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "core/rng.h"
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

TEST(SmallAngleTest, SinCosWithinOneUlpOfStd) {
  double worst_sin = 0.0;
  double worst_cos = 0.0;
  const auto check = [&](double x) {
    const SinCos sc = sin_cos_small(x);
    worst_sin = std::max(worst_sin, ulps_from(sc.sin, std::sin(x)));
    worst_cos = std::max(worst_cos, ulps_from(sc.cos, std::cos(x)));
  };
  for (double x = -0.15; x <= 0.15; x += 1e-7) check(x);
  Rng rng(9);
  for (int i = 0; i < 1000000; ++i) check(std::pow(10.0, rng.uniform(-300.0, -1.0)));
  for (const double x : {0.1, std::nextafter(0.1, 0.0), 5e-324}) {
    check(x);
    check(-x);
  }
  EXPECT_LE(worst_sin, 1.0);
  EXPECT_LE(worst_cos, 1.0);
  EXPECT_EQ(sin_cos_small(0.0).sin, 0.0);
  EXPECT_EQ(sin_cos_small(0.0).cos, 1.0);
  EXPECT_EQ(sin_cos_small(0.5).sin, std::sin(0.5));
  EXPECT_EQ(sin_cos_small(0.5).cos, std::cos(0.5));
}

}  // namespace
}  // namespace assay::sim
