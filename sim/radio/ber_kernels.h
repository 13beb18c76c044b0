// The inner loops of the AWGN Monte Carlo BER (sim/radio/monte_carlo.cc), with an explicit choice
// of instruction set: a portable build and, on x86-64 with GCC or Clang, x86-64-v3 (AVX2) and
// x86-64-v4 (AVX-512) builds of the same source, which the compiler vectorises, picked at run
// time by a CPU check. All compute the same integers and doubles (exact conversions, single
// roundings, no multiply-add that could be fused), so results do not depend on the machine;
// tests/sim_radio_monte_carlo_test.cc compares every path the CPU can run bit for bit.
#pragma once

#include <cstdint>

#include "core/rng.h"
#include "sim/radio/gaussian.h"

namespace assay::radio {

/// An implementation of the kernels below.
enum class BerIsa { kPortable, kAvx2, kAvx512 };

/// Whether this build has the path and the CPU can run it (kPortable always can).
bool ber_isa_available(BerIsa isa);

/// The fastest available path, chosen once per process.
BerIsa ber_best_isa();

/// Fills out[0..n) with N(0,1) samples, 0 ≤ n ≤ 64, from rng: n 64-bit draws, each turned into
/// its ziggurat fast-path value as normal_zig() would; the ~1% of draws that need the wedge or
/// tail test are then finished by normal_zig_slow() in index order, drawing further from rng.
/// A path the CPU cannot run (see ber_isa_available) falls back to the portable one.
void fill_normal(BerIsa isa, double* out, int n, Rng& rng, const ZigguratTables& t);

/// Counts sign-decision errors for n ≤ 64 antipodal dimensions: bit i of `word` is sent as −amp
/// (bit 1) or +amp (bit 0), received as that plus scale·noise[i], and decided 1 when the
/// received value is negative. The comparison scale·noise[i] < ±amp is the same decision as
/// ±amp + scale·noise[i] < 0 in floating point (a rounded sum is zero or negative exactly when
/// the exact sum is), without an addition that a compiler could fuse.
std::uint64_t count_sign_errors(BerIsa isa, std::uint64_t word, const double* noise, int n,
                                double amp, double scale);

}  // namespace assay::radio
