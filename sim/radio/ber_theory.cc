#include "sim/radio/ber_theory.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

#include "core/special.h"

namespace assay::radio {
namespace {

constexpr double kPi = std::numbers::pi;

// Shared Cho–Yoon sum; term(a) is erfc(√(a·γb)) in AWGN or its Rayleigh average.
template <class Term>
double cho_yoon(int order, Term term) {
  const int side = static_cast<int>(std::lround(std::sqrt(order)));
  const int m = std::bit_width(static_cast<unsigned>(side)) - 1;
  const double k = std::log2(order);
  double total = 0;
  for (int j = 1; j <= m; ++j) {
    const double pj = std::ldexp(1.0, j - 1);
    const int imax = static_cast<int>((1.0 - std::ldexp(1.0, -j)) * side);
    double s = 0;
    for (int i = 0; i < imax; ++i) {
      const double q = std::floor(i * pj / side);
      const double sign = static_cast<long>(q) % 2 ? -1.0 : 1.0;
      const double weight = sign * (pj - std::floor(i * pj / side + 0.5));
      const double a = (2.0 * i + 1) * (2.0 * i + 1) * 3.0 * k / (2.0 * (order - 1));
      s += weight * term(a);
    }
    total += s / side;
  }
  return total / m;
}

// Phase density of a unit symbol at angle 0 in complex AWGN with SNR γs (Proakis & Salehi
// 5th ed. §4.3-2): p(θ) = e^{-γ}/(2π) + √γ·cosθ/(2√π)·e^{-γ sin²θ}·erfc(−√γ cosθ).
double phase_density(double theta, double esn0) {
  const double c = std::cos(theta), s = std::sin(theta);
  return std::exp(-esn0) / (2.0 * kPi) + std::sqrt(esn0) * c / (2.0 * std::sqrt(kPi)) *
                                             std::exp(-esn0 * s * s) *
                                             std::erfc(-std::sqrt(esn0) * c);
}

// Exact Gray M-PSK BER: Σ_j d_H(label 0, label of sector j) · P(sector j) / k.
double ber_psk_exact(int order, double ebn0) {
  const int k = std::bit_width(static_cast<unsigned>(order)) - 1;
  const double esn0 = ebn0 * k;
  const double width = 2.0 * kPi / order;
  double sum = 0;
  for (int p = 1; p < order; ++p) {
    // Sector of position p (label gray(p)); transmitted position 0 (label 0).
    const double lo = (p - 0.5) * width, hi = (p + 0.5) * width;
    const double prob =
        integrate([esn0](double t) { return phase_density(t, esn0); }, lo, hi, 1e-16);
    sum += std::popcount(gray(static_cast<unsigned>(p))) * prob;
  }
  return sum / k;
}

// Density of the instantaneous SNR γ for mean g (unit-power fading).
double snr_density(const Fading& f, double g, double gamma) {
  switch (f.kind) {
    case Fading::Kind::kRayleigh:
      return std::exp(-gamma / g) / g;
    case Fading::Kind::kRician: {
      const double K = f.k_factor;
      const double arg = 2.0 * std::sqrt(K * (K + 1.0) * gamma / g);
      // (1+K)/g · exp(−K − (1+K)γ/g) · I0(arg), with I0 scaled to stay finite.
      return (1.0 + K) / g * std::exp(-K - (1.0 + K) * gamma / g + arg) * bessel_i0_scaled(arg);
    }
    case Fading::Kind::kNakagami: {
      const double m = f.m;
      return std::exp(m * std::log(m / g) + (m - 1.0) * std::log(gamma) - m * gamma / g -
                      std::lgamma(m));
    }
    case Fading::Kind::kNone:
      break;
  }
  return 0.0;
}

// ∫ ber(γ) p(γ) dγ over [0, ∞), split at multiples of the mean so the quadrature sees the bulk.
template <class Ber>
double average_over_fading(const Fading& f, double g, Ber ber) {
  auto integrand = [&](double gamma) {
    // Nakagami m < 1 has an integrable singularity at 0; skip the endpoint itself.
    if (gamma <= 0 && f.kind == Fading::Kind::kNakagami && f.m < 1) return 0.0;
    gamma = std::max(gamma, 1e-300);
    return ber(gamma) * snr_density(f, g, gamma);
  };
  double total = 0;
  double lo = 0;
  for (double hi : {0.01, 0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 40.0, 100.0}) {
    total += integrate(integrand, lo * g, hi * g, 1e-15);
    lo = hi;
  }
  return total;
}

}  // namespace

double from_db(double db) {
  return std::pow(10.0, db / 10.0);
}
double to_db(double linear) {
  return 10.0 * std::log10(linear);
}

double ber_bpsk_awgn(double ebn0) {
  return 0.5 * std::erfc(std::sqrt(ebn0));
}

double ber_qam_awgn(int order, double ebn0) {
  return cho_yoon(order, [ebn0](double a) { return std::erfc(std::sqrt(a * ebn0)); });
}

double ber_qam_rayleigh(int order, double ebn0_mean) {
  return cho_yoon(order, [ebn0_mean](double a) {
    return 1.0 - std::sqrt(a * ebn0_mean / (1.0 + a * ebn0_mean));
  });
}

double ser_psk_awgn(int order, double esn0) {
  // Craig (1991): P_s = (1/π) ∫_0^{(M−1)π/M} exp(−γs sin²(π/M) / sin²θ) dθ.
  const double s2 = std::pow(std::sin(kPi / order), 2);
  auto f = [&](double t) {
    const double st = std::sin(t);
    return st <= 0 ? 0.0 : std::exp(-esn0 * s2 / (st * st));
  };
  return integrate(f, 0.0, (order - 1.0) * kPi / order, 1e-17) / kPi;
}

double ser_qam_awgn(int order, double esn0) {
  const double p =
      2.0 * (1.0 - 1.0 / std::sqrt(order)) * q_function(std::sqrt(3.0 * esn0 / (order - 1)));
  return 1.0 - (1.0 - p) * (1.0 - p);
}

double ber_bpsk_rayleigh(double g) {
  return 0.5 * (1.0 - std::sqrt(g / (1.0 + g)));
}

double ber_bpsk_rician(double g, double K) {
  // P_b = (1/π) ∫_0^{π/2} M_γ(−1/sin²θ) dθ with the Rician MGF (radio.md §2.3).
  auto f = [&](double t) {
    const double st = std::sin(t);
    if (st <= 0) return 0.0;
    const double s = -1.0 / (st * st);
    const double den = 1.0 + K - s * g;
    return (1.0 + K) / den * std::exp(K * s * g / den);
  };
  return integrate(f, 0.0, kPi / 2.0, 1e-16) / kPi;
}

double ber_bpsk_nakagami(double g, double m) {
  const double mu = std::sqrt(g / (m + g));
  if (std::floor(m) == m && m >= 1 && m < 200) {
    double sum = 0, binom = 1;  // binom = C(m−1+k, k)
    const int mi = static_cast<int>(m);
    for (int k = 0; k < mi; ++k) {
      if (k > 0) binom *= (mi - 1.0 + k) / k;
      sum += binom * std::pow((1.0 + mu) / 2.0, k);
    }
    return std::pow((1.0 - mu) / 2.0, m) * sum;
  }
  // MGF form: (1/π) ∫_0^{π/2} (1 + γ̄/(m sin²θ))^{−m} dθ.
  auto f = [&](double t) {
    const double st = std::sin(t);
    return st <= 0 ? 0.0 : std::pow(1.0 + g / (m * st * st), -m);
  };
  return integrate(f, 0.0, kPi / 2.0, 1e-16) / kPi;
}

double ber_awgn(const Modulation& mod, double ebn0) {
  if (mod.family == ModFamily::kPsk && mod.order <= 4) return ber_bpsk_awgn(ebn0);
  if (mod.family == ModFamily::kQam) return ber_qam_awgn(mod.order, ebn0);
  return ber_psk_exact(mod.order, ebn0);
}

double ber_fading(const Modulation& mod, double g, const Fading& f) {
  const bool binary = mod.family == ModFamily::kPsk && mod.order <= 4;
  switch (f.kind) {
    case Fading::Kind::kNone:
      return ber_awgn(mod, g);
    case Fading::Kind::kRayleigh:
      if (binary) return ber_bpsk_rayleigh(g);
      if (mod.family == ModFamily::kQam) return ber_qam_rayleigh(mod.order, g);
      break;
    case Fading::Kind::kRician:
      if (binary) return ber_bpsk_rician(g, f.k_factor);
      break;
    case Fading::Kind::kNakagami:
      if (binary) return ber_bpsk_nakagami(g, f.m);
      break;
  }
  return average_over_fading(f, g, [&mod](double gamma) { return ber_awgn(mod, gamma); });
}

double outage_probability(const Fading& f, double mean, double threshold) {
  switch (f.kind) {
    case Fading::Kind::kNone:
      return mean < threshold ? 1.0 : 0.0;
    case Fading::Kind::kRayleigh:
      return 1.0 - std::exp(-threshold / mean);
    case Fading::Kind::kRician:
      return 1.0 - marcum_q1(std::sqrt(2.0 * f.k_factor),
                             std::sqrt(2.0 * (f.k_factor + 1.0) * threshold / mean));
    case Fading::Kind::kNakagami:
      return gamma_p(f.m, f.m * threshold / mean);
  }
  return 0.0;
}

}  // namespace assay::radio
