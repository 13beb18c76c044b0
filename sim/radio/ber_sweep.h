// A Monte Carlo BER sweep over Eb/N0 points with confidence intervals beside the exact closed
// form: the engine behind `assay radio ber`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sim/radio/ber_theory.h"
#include "sim/radio/confidence.h"
#include "sim/radio/monte_carlo.h"

namespace assay::radio {

enum class CiMethod { kClopperPearson, kWilson };

/// What to sweep.
struct BerSweep {
  Modulation mod;
  Fading fading;
  std::vector<double> ebn0_db;
  std::uint64_t max_bits = 1'000'000;  // per point
  std::uint64_t target_errors = 0;     // stop a point early at this many errors (0 = never)
  std::uint64_t seed = 1;
  int jobs = 1;
  CiMethod method = CiMethod::kClopperPearson;
  double confidence = 0.999;
};

/// One row of the table.
struct BerRow {
  double ebn0_db = 0;
  BerCount count;
  Interval ci;
  double theory = 0;
  bool agrees = false;
};

/// Confidence interval for a measured BER. Bits of one symbol share its noise, so for k bits per
/// symbol the bit-level interval is widened by √k about the estimate (a symbol carries at most k
/// errors, so the variance is at most k times the independent-bit value; radio.md §2.7).
Interval ber_interval(const BerCount& count, int bits_per_symbol, CiMethod method,
                      double confidence);

/// Runs every point; point i uses seed case_seed(seed, "radio-ber:<mod>:<channel>", i), so a
/// point's result does not depend on the other points or on jobs.
std::vector<BerRow> run_ber_sweep(const BerSweep& sweep);

/// Channel name as accepted by the CLI: awgn, rayleigh, rician:K, nakagami:m.
std::string fading_name(const Fading& fading);

/// Parses "awgn", "rayleigh", "rician:K" (0 ≤ K ≤ 1000, linear) or "nakagami:m" (0.5 ≤ m ≤ 100).
Result<Fading> parse_fading(std::string_view text);

}  // namespace assay::radio
