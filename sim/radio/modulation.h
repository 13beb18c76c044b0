// Modulations with Gray mapping: BPSK, QPSK, M-PSK, square M-QAM. Constellations have unit
// average symbol energy, so Es = 1 and N0 = 1/(k·Eb/N0).
#pragma once

#include <complex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assay::radio {

enum class ModFamily { kPsk, kQam };

/// A modulation: family and order M (2, 4, 8, …; QAM needs a square M ≥ 4).
struct Modulation {
  ModFamily family = ModFamily::kPsk;
  int order = 2;

  /// Bits per symbol k = log2 M.
  [[nodiscard]] int bits() const;
  /// Canonical name: "bpsk", "qpsk", "8psk", "16qam", …
  [[nodiscard]] std::string name() const;
};

/// Parses "bpsk", "qpsk", "8psk"/"8-psk", "16qam"/"16-qam" (orders up to 1024).
std::optional<Modulation> parse_modulation(std::string_view text);

/// Gray code of n.
constexpr unsigned gray(unsigned n) {
  return n ^ (n >> 1);
}

/// The constellation: point[s] is the symbol carrying the bit label s (Gray mapped, unit power).
std::vector<std::complex<double>> constellation(const Modulation& m);

/// Hard decision: the bit label of the constellation point nearest to y (minimum distance).
unsigned detect(const Modulation& m, std::complex<double> y);

}  // namespace assay::radio
