// Fast exact standard-normal sampler: a 256-layer ziggurat (Marsaglia & Tsang, J. Stat. Softw.
// 5(8), 2000) driven by Assay's counter-based Rng, one 64-bit draw on the fast path. The
// rectangle, wedge and tail tests follow the paper, so the output is exactly N(0,1) up to the
// 53-bit resolution of the uniform; the tables are built from r solved to double precision.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "core/rng.h"

namespace assay::radio {

/// Ziggurat tables for N(0,1), built once (deterministically) on first use.
struct ZigguratTables {
  static constexpr int kLayers = 256;
  std::array<double, kLayers + 1> x{};     // layer right edges, x[0] = v/f(r) (base + tail)
  std::array<double, kLayers + 1> f{};     // exp(-x²/2) at the edges
  std::array<std::uint64_t, kLayers> k{};  // fast-path thresholds on the 53-bit uniform
  std::array<double, kLayers> w{};         // x[i]·2^-53: scales the integer uniform
  double r = 0;                            // start of the tail
};

/// The shared, immutable tables.
const ZigguratTables& ziggurat_tables();

/// Slow path (wedges and tail); used by normal_zig() for about 1% of draws.
double normal_zig_slow(Rng& rng, std::uint64_t bits, const ZigguratTables& t);

/// One N(0,1) sample.
inline double normal_zig(Rng& rng, const ZigguratTables& t) {
  const std::uint64_t bits = rng.next_u64();
  const auto layer = static_cast<unsigned>(bits & 0xff);
  const std::uint64_t u = bits >> 11;  // 53 bits, independent of the layer and sign bits
  if (u < t.k[layer]) [[likely]] {
    // u < 2^53 fits a signed integer, whose conversion is one instruction; the sign bit of the
    // draw (bit 8) is moved into the sign of the double without a branch.
    const double x = static_cast<double>(static_cast<std::int64_t>(u)) * t.w[layer];
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ ((bits & 0x100) << 55));
  }
  return normal_zig_slow(rng, bits, t);
}

/// One N(0,1) sample with the shared tables.
inline double normal_zig(Rng& rng) {
  return normal_zig(rng, ziggurat_tables());
}

}  // namespace assay::radio
