// The tabulated magic-formula shape (sim/vehicle/magic_formula.h) against the exact formula
// evaluated here with std::atan and std::sin, over dense grids for several coefficient sets,
// and the dynamic-pacejka step against an independent RK4 of the direct formulas.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/rng.h"
#include "sim/vehicle/magic_formula.h"
#include "sim/vehicle/single_track.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {
namespace {

// The reference: sin(C·atan(B·α − E·(B·α − atan(B·α)))) at α = atan(x), written out here.
double reference_shape(const PacejkaCoefficients& t, double x) {
  const double alpha = std::atan(x);
  const double bx = t.b * alpha;
  return std::sin(t.c * std::atan(bx - t.e * (bx - std::atan(bx))));
}

std::vector<PacejkaCoefficients> coefficient_sets() {
  return {
      find_vehicle("bmw-320i")->tyre_front,        // built-in (PAC2002 lateral)
      {.b = 10.0, .c = 1.9, .d = 1.0, .e = 0.97},  // E near 1: a flat-topped curve
      {.b = 8.0, .c = 1.3, .d = 0.9, .e = -2.0},   // strongly negative E
      {.b = 40.0, .c = 1.5, .d = 1.2, .e = 0.0},   // very stiff: table range 16/B
      {.b = 0.5, .c = 1.0, .d = 1.0, .e = 0.3},    // soft
  };
}

std::string describe(const PacejkaCoefficients& t) {
  return "B " + std::to_string(t.b) + " C " + std::to_string(t.c) + " E " + std::to_string(t.e);
}

// Dense grid across the table (every interval many times) and 20 % beyond its end (the exact
// path), plus random points: absolute error ≤ 2e-15 (the shape is at most 1) and, near zero,
// ≤ 8e-15 relative to h'(0)·|x| = B·C·|x| (so small slip keeps its relative accuracy; the
// reference's own three library calls round by a few ulp).
TEST(MagicFormulaTableTest, MatchesExactShapeOnDenseGrid) {
  for (const PacejkaCoefficients& t : coefficient_sets()) {
    const MagicFormulaTable table(t);
    ASSERT_TRUE(table.tabulated()) << describe(t);
    EXPECT_EQ(table.x_max(), std::min(1.0, 16.0 / t.b));
    double worst_abs = 0.0;
    double worst_rel = 0.0;
    const auto check = [&](double x) {
      const double err = std::abs(table.shape(x) - reference_shape(t, x));
      worst_abs = std::max(worst_abs, err);
      if (x != 0.0) worst_rel = std::max(worst_rel, err / (t.b * t.c * std::abs(x)));
    };
    const double end = 1.2 * table.x_max();
    const int n = 400000;
    for (int i = -n; i <= n; ++i) check(end * i / n);
    Rng rng(7);
    for (int i = 0; i < 200000; ++i) check(rng.uniform(-end, end));
    for (int i = 0; i < 100000; ++i) check(std::pow(10.0, rng.uniform(-12.0, -1.0)));
    EXPECT_LE(worst_abs, 2e-15) << describe(t);
    EXPECT_LE(worst_rel, 8e-15) << describe(t);
    std::cout << describe(t) << ": max error " << worst_abs << ", relative to B·C·|x| " << worst_rel
              << "\n";
  }
}

// h is odd and h(0) = 0 exactly (a straight-running car has exactly zero side force).
TEST(MagicFormulaTableTest, OddAndExactlyZeroAtZero) {
  const MagicFormulaTable table(find_vehicle("ford-escort")->tyre_front);
  EXPECT_EQ(table.shape(0.0), 0.0);
  Rng rng(3);
  for (int i = 0; i < 10000; ++i) {
    const double x = rng.uniform(0.0, 1.5);
    EXPECT_EQ(table.shape(-x), -table.shape(x)) << x;
  }
}

// F = D·Fz·h(tan α) reproduces magic_formula(α) for |α| < π/2 (within and beyond the table).
TEST(MagicFormulaTableTest, ForceThroughTanAlphaEqualsDirectFormula) {
  const PacejkaCoefficients& t = find_vehicle("vw-vanagon")->tyre_rear;
  const MagicFormulaTable table(t);
  const double fz = 4000.0;
  for (double alpha = -1.55; alpha <= 1.55; alpha += 1e-4) {
    const double direct = magic_formula(t, alpha, fz);
    ASSERT_NEAR(t.d * fz * table.shape(std::tan(alpha)), direct, 1e-13 * t.d * fz) << alpha;
  }
}

// Coefficients the table is not built for (B ≤ 0; also non-finite ones) leave it off: every call is
// the exact formula.
TEST(MagicFormulaTableTest, UnusableCoefficientsFallBackToExact) {
  for (const PacejkaCoefficients& t :
       {PacejkaCoefficients{.b = 0.0, .c = 1.3, .d = 1.0, .e = 0.0},
        PacejkaCoefficients{.b = -3.0, .c = 1.3, .d = 1.0, .e = 0.0}}) {
    const MagicFormulaTable table(t);
    EXPECT_FALSE(table.tabulated());
    for (const double x : {-0.5, 0.0, 0.01, 0.3}) {
      EXPECT_EQ(table.shape(x), table.exact_shape(x));
    }
  }
}

// The per-thread memo returns a table for the coefficients asked for, also after more distinct
// sets than it keeps (4).
TEST(MagicFormulaTableTest, MemoReturnsMatchingTable) {
  std::vector<PacejkaCoefficients> sets = coefficient_sets();
  for (int round = 0; round < 3; ++round) {
    for (const PacejkaCoefficients& t : sets) {
      const MagicFormulaTable& table = magic_formula_table(t);
      EXPECT_TRUE(table.matches(t));
      EXPECT_EQ(table.shape(0.05), MagicFormulaTable(t).shape(0.05));
    }
  }
  // A step holds the front tyre's table while it asks for the rear's: the first must survive
  // the second lookup even when that one replaces an entry.
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < sets.size(); ++i) {
      const MagicFormulaTable& front = magic_formula_table(sets[i]);
      const MagicFormulaTable& rear = magic_formula_table(sets[(i + 2) % sets.size()]);
      EXPECT_TRUE(front.matches(sets[i]));
      EXPECT_TRUE(rear.matches(sets[(i + 2) % sets.size()]));
    }
  }
}

// An independent RK4 of the dynamic-pacejka equations with the direct slip angles
// α_f = δ − atan((v·sinβ + lf·r)/(v·cosβ)), α_r = −atan((v·sinβ − lr·r)/(v·cosβ)) and the
// magic formula by std::atan/std::sin, at constant speed and steer (one RK4 step per 0.01 s,
// which is what the step uses at these speeds): the model's yaw rate and side slip agree to
// 1e-11 over 3 s, from small slip into tyre saturation (front slip angles beyond the peak).
TEST(DynamicPacejkaTest, MatchesIndependentRk4OfDirectFormulas) {
  constexpr double kDt = 0.01;
  for (const char* name : {"ford-escort", "bmw-320i"}) {
    const VehicleParams& p = *find_vehicle(name);
    for (const double steer : {0.01, 0.06, 0.15, -0.25}) {
      const double v = 20.0;
      const double l = p.wheelbase();
      const double fzf = p.mass * 9.81 * p.lr / l;
      const double fzr = p.mass * 9.81 * p.lf / l;
      const auto mf = [](const PacejkaCoefficients& t, double a, double fz) {
        const double bx = t.b * a;
        return t.d * fz * std::sin(t.c * std::atan(bx - t.e * (bx - std::atan(bx))));
      };
      struct Slip {
        double r = 0.0;
        double beta = 0.0;
      };
      const auto deriv = [&](Slip q) {
        const double vx = v * std::cos(q.beta);
        const double vy = v * std::sin(q.beta);
        const double ff = mf(p.tyre_front, steer - std::atan((vy + p.lf * q.r) / vx), fzf);
        const double fr = mf(p.tyre_rear, -std::atan((vy - p.lr * q.r) / vx), fzr);
        return Slip{.r = (p.lf * ff - p.lr * fr) / p.iz, .beta = (ff + fr) / (p.mass * v) - q.r};
      };
      const auto add = [](Slip a, Slip b, double k) {
        return Slip{.r = a.r + k * b.r, .beta = a.beta + k * b.beta};
      };
      Slip ref;
      VehicleState s;
      s.v = v;
      s.steer = steer;
      double max_front_slip = 0.0;
      for (int i = 0; i < 300; ++i) {
        const Slip k1 = deriv(ref);
        const Slip k2 = deriv(add(ref, k1, kDt / 2));
        const Slip k3 = deriv(add(ref, k2, kDt / 2));
        const Slip k4 = deriv(add(ref, k3, kDt));
        ref.r += kDt / 6 * (k1.r + 2 * k2.r + 2 * k3.r + k4.r);
        ref.beta += kDt / 6 * (k1.beta + 2 * k2.beta + 2 * k3.beta + k4.beta);
        step_single_track(SingleTrackKind::kDynamicPacejka, p, s, {.accel = 0.0, .steer = steer},
                          kDt);
        ASSERT_EQ(s.steer, steer);
        ASSERT_NEAR(s.yaw_rate, ref.r, 1e-11) << name << " steer " << steer << " step " << i;
        ASSERT_NEAR(s.beta, ref.beta, 1e-11) << name << " steer " << steer << " step " << i;
        const double vx = v * std::cos(ref.beta);
        max_front_slip =
            std::max(max_front_slip,
                     std::abs(steer - std::atan((v * std::sin(ref.beta) + p.lf * ref.r) / vx)));
      }
      // The peak of the built-in curve is near B·α ≈ 1.7 (α ≈ 0.11 rad): the larger steers must
      // reach beyond it for this test to cover saturation.
      if (std::abs(steer) >= 0.15) {
        EXPECT_GT(max_front_slip, 0.11) << name << " " << steer;
      }
    }
  }
}

}  // namespace
}  // namespace assay::sim
