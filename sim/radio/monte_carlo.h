// Bit-exact Monte Carlo bit-error-rate simulation: random bits → Gray mapping → (fading) → complex
// AWGN → coherent detection with perfect channel knowledge → bit errors. Noise and detection are
// really simulated (never a Bernoulli draw with the closed-form probability).
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "sim/radio/ber_theory.h"
#include "sim/radio/modulation.h"

namespace assay::radio {

/// Bits simulated and bit errors counted.
struct BerCount {
  std::uint64_t bits = 0;
  std::uint64_t errors = 0;
  /// errors / bits (0 when no bits).
  [[nodiscard]] double ber() const;
};

/// Simulates at least `bits` bits (whole symbols) at linear Eb/N0, drawing from rng.
BerCount simulate_ber(const Modulation& mod, const Fading& fading, double ebn0, std::uint64_t bits,
                      Rng& rng);

/// A Monte Carlo BER measurement with a budget and an early stop on the error count.
struct BerRequest {
  Modulation mod;
  Fading fading;
  double ebn0_db = 0;
  std::uint64_t max_bits = 1'000'000;
  std::uint64_t target_errors = 0;  // stop once this many errors are counted; 0 = run max_bits
  std::uint64_t seed = 1;
  int jobs = 1;  // worker threads; the result does not depend on it
};

/// Bits per work chunk: chunk c draws from Rng(seed).split(c), so results are identical for
/// any number of threads, and early stopping happens on chunk boundaries in chunk order.
inline constexpr std::uint64_t kBerChunkBits = 1u << 20;

/// Runs a request: chunks in parallel, stopping at the first chunk boundary (in chunk order)
/// where the error target is reached.
BerCount run_ber(const BerRequest& request);

/// Draws one unit-power fading gain for the kind (Rayleigh, Rician with LOS phase 0, Nakagami
/// with uniform phase); 1 for kNone.
std::complex<double> draw_fading_gain(const Fading& fading, Rng& rng);

/// Gamma(shape, 1) sample (Marsaglia & Tsang, ACM TOMS 26(3), 2000), shape > 0.
double draw_gamma(double shape, Rng& rng);

}  // namespace assay::radio
