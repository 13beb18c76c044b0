#include "sim/radio/modulation.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <numbers>

namespace assay::radio {
namespace {

int int_log2(int n) {
  return std::bit_width(static_cast<unsigned>(n)) - 1;
}

// Side of the square QAM grid and the amplitude scale giving unit average energy:
// E = 2·(L²-1)/3 for levels ±1, ±3, … (Proakis & Salehi §3.2).
int qam_side(int order) {
  return 1 << (int_log2(order) / 2);
}
double qam_scale(int order) {
  return 1.0 / std::sqrt(2.0 * (order - 1) / 3.0);
}

// Gray index along one QAM axis → level -(L-1), …, L-1.
double axis_level(unsigned gray_bits, int side) {
  // Inverse Gray: position p whose Gray code is gray_bits.
  unsigned p = gray_bits;
  for (unsigned s = 1; s < 32; s <<= 1) p ^= p >> s;
  return 2.0 * static_cast<double>(p) - (side - 1);
}

// Level → Gray bits, with the level clamped into the grid.
unsigned axis_detect(double v, int side) {
  const double pos = std::floor((v + side) / 2.0);  // position from level, nearest
  int p = static_cast<int>(std::clamp(pos, 0.0, static_cast<double>(side - 1)));
  return gray(static_cast<unsigned>(p));
}

}  // namespace

int Modulation::bits() const {
  return int_log2(order);
}

std::string Modulation::name() const {
  if (family == ModFamily::kPsk && order == 2) return "bpsk";
  if (family == ModFamily::kPsk && order == 4) return "qpsk";
  return std::to_string(order) + (family == ModFamily::kPsk ? "psk" : "qam");
}

std::optional<Modulation> parse_modulation(std::string_view text) {
  std::string t;
  for (char c : text) {
    if (c != '-') t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (t == "bpsk") return Modulation{ModFamily::kPsk, 2};
  if (t == "qpsk") return Modulation{ModFamily::kPsk, 4};
  std::size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  if (digits == 0 || digits > 4) return std::nullopt;
  const int order = std::stoi(t.substr(0, digits));
  const std::string kind = t.substr(digits);
  if (order < 2 || order > 1024 || !std::has_single_bit(static_cast<unsigned>(order))) {
    return std::nullopt;
  }
  if (kind == "psk") return Modulation{ModFamily::kPsk, order};
  if (kind == "qam" && order >= 4 && int_log2(order) % 2 == 0) {
    return Modulation{ModFamily::kQam, order};
  }
  return std::nullopt;
}

std::vector<std::complex<double>> constellation(const Modulation& m) {
  std::vector<std::complex<double>> points(static_cast<std::size_t>(m.order));
  if (m.family == ModFamily::kPsk) {
    // Label s sits at phase 2π·p/M where p is the position whose Gray code is s. BPSK: ±1;
    // QPSK is rotated by π/4 so each bit rides on its own axis.
    const double offset = m.order == 4 ? std::numbers::pi / 4 : 0.0;
    for (unsigned p = 0; p < static_cast<unsigned>(m.order); ++p) {
      const double phase = 2.0 * std::numbers::pi * p / m.order + offset;
      points[gray(p)] = std::polar(1.0, phase);
    }
    return points;
  }
  const int side = qam_side(m.order);
  const int half = int_log2(side);
  const double scale = qam_scale(m.order);
  for (unsigned s = 0; s < static_cast<unsigned>(m.order); ++s) {
    const unsigned hi = s >> half, lo = s & ((1u << half) - 1);
    points[s] = {scale * axis_level(hi, side), scale * axis_level(lo, side)};
  }
  return points;
}

unsigned detect(const Modulation& m, std::complex<double> y) {
  if (m.family == ModFamily::kPsk) {
    const double offset = m.order == 4 ? std::numbers::pi / 4 : 0.0;
    const double turns = (std::arg(y) - offset) / (2.0 * std::numbers::pi);
    const long p = std::lround(turns * m.order);
    const long wrapped = ((p % m.order) + m.order) % m.order;
    return gray(static_cast<unsigned>(wrapped));
  }
  const int side = qam_side(m.order);
  const int half = int_log2(side);
  const double inv = 1.0 / qam_scale(m.order);
  return (axis_detect(y.real() * inv, side) << half) | axis_detect(y.imag() * inv, side);
}

}  // namespace assay::radio
