#include "sim/vehicle/magic_formula.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <numbers>
#include <vector>

namespace assay::sim {
namespace {

constexpr int kNodes = MagicFormulaTable::kDegree + 1;

// Unit-peak shape at slip angle α.
double shape_at_angle(double b, double c, double e, double alpha) {
  const double bx = b * alpha;
  return std::sin(c * std::atan(bx - e * (bx - std::atan(bx))));
}

// Monomial coefficients of the Chebyshev polynomials T_0..T_kDegree (T_{j+1} = 2y·T_j − T_{j−1}).
using Poly = std::array<double, kNodes>;
std::array<Poly, kNodes> chebyshev_monomials() {
  std::array<Poly, kNodes> t{};
  t[0][0] = 1.0;
  t[1][1] = 1.0;
  for (int j = 1; j + 1 < kNodes; ++j) {
    for (int m = 0; m < kNodes; ++m) {
      const double shifted = m > 0 ? 2.0 * t[static_cast<std::size_t>(j)][m - 1] : 0.0;
      t[static_cast<std::size_t>(j + 1)][static_cast<std::size_t>(m)] =
          shifted - t[static_cast<std::size_t>(j - 1)][static_cast<std::size_t>(m)];
    }
  }
  return t;
}

}  // namespace

double magic_formula(const PacejkaCoefficients& t, double alpha, double fz) {
  return t.d * fz * shape_at_angle(t.b, t.c, t.e, alpha);
}

double MagicFormulaTable::exact_shape(double x) const {
  return shape_at_angle(b_, c_, e_, std::atan(x));
}

// g(x) = h(x)/x is even and analytic on the real axis; its nearest complex singularities lie
// near x = ±i/B (where atan(B·α) has its poles), so the table covers |x| < min(1, 16/B) with
// intervals of width at most 1/(16·B): each interval is then far (in units of its half-width)
// from the singularities, and degree-7 Chebyshev interpolation on it converges to rounding.
// The build-time check below measures rather than assumes this.
MagicFormulaTable::MagicFormulaTable(const PacejkaCoefficients& t) : b_(t.b), c_(t.c), e_(t.e) {
  if (!(t.b > 0.0) || !std::isfinite(t.b) || !std::isfinite(t.c) || !std::isfinite(t.e)) return;
  const double x_max = std::min(1.0, 16.0 / t.b);
  static_assert(kIntervals + 1 <= static_cast<int>(kIndexMask) + 1);
  const double scale = kIntervals / x_max;
  const std::array<Poly, kNodes> cheb = chebyshev_monomials();
  const auto g = [this](double x) { return exact_shape(x) / x; };
  // Interval i: |x| ∈ [i − ½, i + ½]/scale (the first one reaches to negative x, where the even
  // g is just as smooth). Polynomial in y = scale·|x| − i ∈ [−½, ½], i.e. the Chebyshev series in
  // 2y converted to monomials in y.
  for (int i = 0; i <= kIntervals; ++i) {
    // Chebyshev points of the first kind (never an interval end, so never x = 0).
    std::array<double, kNodes> values{};
    for (int k = 0; k < kNodes; ++k) {
      const double z = std::cos(std::numbers::pi * (k + 0.5) / kNodes);
      values[static_cast<std::size_t>(k)] = g((i + 0.5 * z) / scale);
    }
    Poly coef{};
    for (int j = 0; j < kNodes; ++j) {
      double a = 0.0;
      for (int k = 0; k < kNodes; ++k) {
        a += values[static_cast<std::size_t>(k)] *
             std::cos(std::numbers::pi * j * (k + 0.5) / kNodes);
      }
      a *= (j == 0 ? 1.0 : 2.0) / kNodes;
      double power_of_two = 1.0;  // T_j(2y) = Σ_m T_j[m]·2^m·y^m
      for (int m = 0; m < kNodes; ++m) {
        coef[static_cast<std::size_t>(m)] +=
            a * cheb[static_cast<std::size_t>(j)][static_cast<std::size_t>(m)] * power_of_two;
        power_of_two *= 2.0;
      }
    }
    coef_[static_cast<std::size_t>(i)] = coef;
  }
  // Enable the table, then check it between the nodes; disable it again if the check fails.
  x_max_ = x_max;
  scale_ = scale;
  for (int i = 0; i <= kIntervals; ++i) {
    for (const double y : {-0.49, -0.2, 0.15, 0.48}) {
      const double x = std::abs(i + y) / scale;
      if (!(std::abs(shape(x) - exact_shape(x)) <= kMaxBuildError)) {
        x_max_ = 0.0;
        scale_ = 0.0;
        return;
      }
    }
  }
}

const MagicFormulaTable& magic_formula_table(const PacejkaCoefficients& t) {
  // A handful of tyres per thread at most; the oldest entry is replaced when full.
  constexpr std::size_t kSlots = 4;
  // The last table returned, checked first: a plain pointer needs no thread-local guard.
  thread_local const MagicFormulaTable* last = nullptr;
  if (last != nullptr && last->matches(t)) return *last;
  thread_local std::vector<std::unique_ptr<MagicFormulaTable>> tables;
  thread_local std::size_t next = 0;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i]->matches(t)) {
      last = tables[i].get();
      return *last;
    }
  }
  auto table = std::make_unique<MagicFormulaTable>(t);
  if (tables.size() < kSlots) {
    tables.push_back(std::move(table));
    last = tables.back().get();
    return *last;
  }
  // Never replace the table returned last (a step holds the front tyre's while it asks for the
  // rear's).
  if (tables[next].get() == last) next = (next + 1) % kSlots;
  tables[next] = std::move(table);
  last = tables[next].get();
  next = (next + 1) % kSlots;
  return *last;
}

}  // namespace assay::sim
