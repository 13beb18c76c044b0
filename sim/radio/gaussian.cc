#include "sim/radio/gaussian.h"

#include <cmath>
#include <numbers>

namespace assay::radio {
namespace {

constexpr int kN = ZigguratTables::kLayers;

double pdf(double x) {
  return std::exp(-0.5 * x * x);
}

// Area of the base layer: the rectangle [0, r] × [0, f(r)] plus the tail beyond r.
double layer_area(double r) {
  return r * pdf(r) + std::sqrt(std::numbers::pi / 2.0) * std::erfc(r / std::numbers::sqrt2);
}

// Walks the layers up from r with equal areas v; returns the area left over for the top layer
// minus v: positive when r is too large, negative when too small, zero at the right r
// (Marsaglia & Tsang 2000, §2).
double top_mismatch(double r, std::array<double, kN + 1>* edges) {
  const double v = layer_area(r);
  double x = r;
  if (edges) (*edges)[1] = r;
  for (int i = 1; i < kN - 1; ++i) {
    const double y = pdf(x) + v / x;
    if (y >= 1.0) return -1.0;  // r too small: the layers reach the top too early
    x = std::sqrt(-2.0 * std::log(y));
    if (edges) (*edges)[static_cast<std::size_t>(i) + 1] = x;
  }
  return x * (1.0 - pdf(x)) - v;
}

ZigguratTables build() {
  // Bisection on r; 200 halvings reach double precision.
  double lo = 3.0, hi = 4.0;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (top_mismatch(mid, nullptr) > 0) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  ZigguratTables t;
  t.r = 0.5 * (lo + hi);
  top_mismatch(t.r, &t.x);
  t.x[0] = layer_area(t.r) / pdf(t.r);
  t.x[kN] = 0.0;
  for (int i = 0; i <= kN; ++i)
    t.f[static_cast<std::size_t>(i)] = pdf(t.x[static_cast<std::size_t>(i)]);
  for (int i = 0; i < kN; ++i) {
    const auto s = static_cast<std::size_t>(i);
    t.k[s] = static_cast<std::uint64_t>(std::ldexp(t.x[s + 1] / t.x[s], 53));
    t.w[s] = std::ldexp(t.x[s], -53);
  }
  return t;
}

}  // namespace

const ZigguratTables& ziggurat_tables() {
  static const ZigguratTables tables = build();
  return tables;
}

double normal_zig_slow(Rng& rng, std::uint64_t bits, const ZigguratTables& t) {
  for (;;) {
    const auto layer = static_cast<std::size_t>(bits & 0xff);
    const std::uint64_t u = bits >> 11;
    const double sign = (bits & 0x100) ? -1.0 : 1.0;
    const double x = static_cast<double>(u) * t.w[layer];
    if (u < t.k[layer]) return sign * x;
    if (layer == 0) {
      // Tail beyond r (Marsaglia 1964): exponential proposals accepted with exp(-x²/2) odds.
      for (;;) {
        const double e1 = -std::log(1.0 - rng.uniform()) / t.r;
        const double e2 = -std::log(1.0 - rng.uniform());
        if (2.0 * e2 >= e1 * e1) return sign * (t.r + e1);
      }
    }
    // Wedge between the layer's rectangle and the curve: accept under the density.
    const double y = t.f[layer] + rng.uniform() * (t.f[layer + 1] - t.f[layer]);
    if (y < pdf(x)) return sign * x;
    bits = rng.next_u64();
  }
}

}  // namespace assay::radio
