#include "sim/radio/monte_carlo.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <thread>

#include "sim/radio/ber_kernels.h"
#include "sim/radio/gaussian.h"

namespace assay::radio {
namespace {

// BPSK in AWGN, unit noise per dimension: bit b → ±a with a = √(2·Eb/N0); decide by sign.
BerCount bpsk_awgn(double ebn0, std::uint64_t bits, Rng& rng_in) {
  const ZigguratTables& t = ziggurat_tables();
  const BerIsa isa = ber_best_isa();
  Rng rng = rng_in;  // a local copy keeps the counter in a register
  const double a = std::sqrt(2.0 * ebn0);
  std::uint64_t errors = 0;
  std::uint64_t done = 0;
  double noise[64];
  while (done < bits) {
    const std::uint64_t word = rng.next_u64();
    const int n = static_cast<int>(std::min<std::uint64_t>(64, bits - done));
    fill_normal(isa, noise, n, rng, t);
    errors += count_sign_errors(isa, word, noise, n, a, 1.0);
    done += static_cast<std::uint64_t>(n);
  }
  rng_in = rng;
  return {done, errors};
}

// QPSK in AWGN with the Gray map of constellation(): label bit 0 on the real axis, bit 1 on the
// imaginary axis, each at ±1/√2, noise σ² = N0/2 = 1/(4·Eb/N0) per dimension. noise[2i] and
// noise[2i+1] are the real and imaginary noise of symbol i, which carries bits 2i and 2i+1.
BerCount qpsk_awgn(double ebn0, std::uint64_t bits, Rng& rng_in) {
  const ZigguratTables& t = ziggurat_tables();
  const BerIsa isa = ber_best_isa();
  Rng rng = rng_in;
  const double amp = std::numbers::sqrt2 / 2.0;
  const double sigma = std::sqrt(1.0 / (4.0 * ebn0));
  std::uint64_t errors = 0;
  const std::uint64_t symbols = (bits + 1) / 2;
  std::uint64_t done = 0;
  double noise[64];
  while (done < symbols) {
    const std::uint64_t word = rng.next_u64();
    const int n = static_cast<int>(std::min<std::uint64_t>(32, symbols - done));
    fill_normal(isa, noise, 2 * n, rng, t);
    errors += count_sign_errors(isa, word, noise, 2 * n, amp, sigma);
    done += static_cast<std::uint64_t>(n);
  }
  rng_in = rng;
  return {2 * done, errors};
}

// Any modulation and fading: symbol-by-symbol with table lookup and minimum-distance detection
// after perfect equalisation (y/h), which is the ML decision for a known flat channel.
BerCount generic(const Modulation& mod, const Fading& fading, double ebn0, std::uint64_t bits,
                 Rng& rng) {
  const ZigguratTables& t = ziggurat_tables();
  const auto points = constellation(mod);
  const int k = mod.bits();
  const double sigma = std::sqrt(1.0 / (2.0 * k * ebn0));  // Es = 1, N0 = 1/(k·Eb/N0)
  const std::uint64_t symbols =
      (bits + static_cast<std::uint64_t>(k) - 1) / static_cast<std::uint64_t>(k);
  const unsigned mask = static_cast<unsigned>(mod.order - 1);
  std::uint64_t errors = 0;
  for (std::uint64_t s = 0; s < symbols; ++s) {
    const unsigned label = static_cast<unsigned>(rng.next_u64()) & mask;
    const std::complex<double> h = draw_fading_gain(fading, rng);
    const std::complex<double> noise(sigma * normal_zig(rng, t), sigma * normal_zig(rng, t));
    const std::complex<double> y = h * points[label] + noise;
    // Perfect channel knowledge: equalise by h (a gain of exactly 0 cannot be inverted; the
    // receiver then decides on y itself, which is as good as a guess).
    const bool equalise = fading.kind != Fading::Kind::kNone && std::norm(h) > 0.0;
    const unsigned decided = detect(mod, equalise ? y / h : y);
    errors += static_cast<std::uint64_t>(std::popcount(decided ^ label));
  }
  return {symbols * static_cast<std::uint64_t>(k), errors};
}

}  // namespace

double BerCount::ber() const {
  return bits == 0 ? 0.0 : static_cast<double>(errors) / static_cast<double>(bits);
}

double draw_gamma(double shape, Rng& rng) {
  if (shape < 1.0) {
    // Boost: Gamma(a) = Gamma(a+1)·U^{1/a}.
    const double u = 1.0 - rng.uniform();
    return draw_gamma(shape + 1.0, rng) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal_zig(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = 1.0 - rng.uniform();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

std::complex<double> draw_fading_gain(const Fading& fading, Rng& rng) {
  switch (fading.kind) {
    case Fading::Kind::kNone:
      return {1.0, 0.0};
    case Fading::Kind::kRayleigh: {
      const double s = std::numbers::sqrt2 / 2.0;
      return {s * normal_zig(rng), s * normal_zig(rng)};
    }
    case Fading::Kind::kRician: {
      const double K = fading.k_factor;
      const double los = std::sqrt(K / (K + 1.0));
      const double s = std::sqrt(1.0 / (2.0 * (K + 1.0)));
      return {los + s * normal_zig(rng), s * normal_zig(rng)};
    }
    case Fading::Kind::kNakagami: {
      const double power = draw_gamma(fading.m, rng) / fading.m;
      return std::polar(std::sqrt(power), 2.0 * std::numbers::pi * rng.uniform());
    }
  }
  return {1.0, 0.0};
}

BerCount simulate_ber(const Modulation& mod, const Fading& fading, double ebn0, std::uint64_t bits,
                      Rng& rng) {
  if (fading.kind == Fading::Kind::kNone && mod.family == ModFamily::kPsk) {
    if (mod.order == 2) return bpsk_awgn(ebn0, bits, rng);
    if (mod.order == 4) return qpsk_awgn(ebn0, bits, rng);
  }
  return generic(mod, fading, ebn0, bits, rng);
}

BerCount run_ber(const BerRequest& req) {
  const double ebn0 = from_db(req.ebn0_db);
  const Rng root(req.seed);
  const std::uint64_t chunks = (req.max_bits + kBerChunkBits - 1) / kBerChunkBits;
  const auto jobs = static_cast<std::uint64_t>(std::max(1, req.jobs));
  BerCount total;
  for (std::uint64_t first = 0; first < chunks; first += jobs) {
    const std::uint64_t wave = std::min(jobs, chunks - first);
    std::vector<BerCount> results(wave);
    auto work = [&](std::uint64_t i) {
      const std::uint64_t c = first + i;
      const std::uint64_t bits = std::min(kBerChunkBits, req.max_bits - c * kBerChunkBits);
      Rng rng = root.split(c);
      results[i] = simulate_ber(req.mod, req.fading, ebn0, bits, rng);
    };
    if (wave == 1) {
      work(0);
    } else {
      std::vector<std::jthread> threads;
      for (std::uint64_t i = 0; i < wave; ++i) threads.emplace_back(work, i);
    }
    for (const BerCount& r : results) {
      total.bits += r.bits;
      total.errors += r.errors;
      if (req.target_errors > 0 && total.errors >= req.target_errors) return total;
    }
  }
  return total;
}

}  // namespace assay::radio
