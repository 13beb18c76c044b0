// core/special.h: the incomplete gamma functions shared by the radio closed forms and the data
// drift tests, against closed forms.
#include "core/special.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace assay {
namespace {

// Q(1, x) = e^−x and Q(½, x) = erfc(√x) (Abramowitz and Stegun 6.5.17 with Γ(1, x) = e^−x, and
// 6.5.17 with Γ(½, x) = √π·erfc(√x)); both sides of the series / continued-fraction switch at
// x = a + 1 are covered.
TEST(IncompleteGamma, MatchesClosedForms) {
  for (double x : {0.01, 0.3, 1.0, 1.4, 1.6, 3.0, 10.0, 40.0}) {
    EXPECT_NEAR(gamma_q(1.0, x), std::exp(-x), 1e-14 * (1.0 + std::exp(-x))) << x;
    EXPECT_NEAR(gamma_p(1.0, x), 1.0 - std::exp(-x), 1e-14) << x;
    EXPECT_NEAR(gamma_q(0.5, x), std::erfc(std::sqrt(x)), 1e-13) << x;
  }
}

// Far in the tail Q is computed directly, not as 1 − P, so it keeps its relative precision:
// the chi-square survival function with 2 degrees of freedom is e^(−x/2).
TEST(IncompleteGamma, UpperTailKeepsRelativePrecision) {
  const double x = 200.0;
  EXPECT_NEAR(gamma_q(1.0, x / 2.0) / std::exp(-x / 2.0), 1.0, 1e-12);
  EXPECT_EQ(gamma_p(1.0, x / 2.0), 1.0);
}

TEST(IncompleteGamma, ComplementsAndEdges) {
  for (double a : {0.5, 2.0, 7.5}) {
    for (double x : {0.2, 2.0, 9.0}) EXPECT_NEAR(gamma_p(a, x) + gamma_q(a, x), 1.0, 1e-14);
  }
  EXPECT_EQ(gamma_q(3.0, 0.0), 1.0);
  EXPECT_EQ(gamma_q(3.0, std::numeric_limits<double>::infinity()), 0.0);
  EXPECT_TRUE(std::isnan(gamma_q(0.0, 1.0)));
  EXPECT_TRUE(std::isnan(gamma_q(1.0, -1.0)));
  EXPECT_EQ(gamma_p(2.0, 0.0), 0.0);
}

}  // namespace
}  // namespace assay
