#include "sim/radio/fading.h"

#include <cmath>
#include <numbers>

#include "sim/radio/gaussian.h"
#include "core/special.h"

namespace assay::radio {
namespace {
constexpr double kPi = std::numbers::pi;
double uniform_angle(Rng& rng) {
  return rng.uniform(-kPi, kPi);
}
}  // namespace

SosFader make_sos_fader(const SosConfig& config, Rng& rng) {
  SosFader f;
  f.config = config;
  const int m = config.oscillators;
  const double theta = uniform_angle(rng);
  f.phi = uniform_angle(rng);
  f.los_phase = uniform_angle(rng);
  const double wd = 2.0 * kPi * config.doppler_hz;
  for (int n = 1; n <= m; ++n) {
    const double alpha = (2.0 * kPi * n - kPi + theta) / (4.0 * m);
    const double psi = uniform_angle(rng);
    f.omega.push_back(wd * std::cos(alpha));
    f.cos_psi.push_back(std::cos(psi));
    f.sin_psi.push_back(std::sin(psi));
  }
  return f;
}

std::complex<double> SosFader::gain(double t) const {
  // X_c + jX_s = (2/√M) Σ (cos ψ_n + j sin ψ_n)·cos(ω_n t + φ); E|X|² = 2.
  double xc = 0, xs = 0;
  for (std::size_t n = 0; n < omega.size(); ++n) {
    const double c = std::cos(omega[n] * t + phi);
    xc += cos_psi[n] * c;
    xs += sin_psi[n] * c;
  }
  const double scale = 2.0 / std::sqrt(static_cast<double>(omega.size())) / std::numbers::sqrt2;
  const double k = config.k_factor;
  const std::complex<double> scatter(xc * scale, xs * scale);
  return std::sqrt(1.0 / (k + 1.0)) * scatter + std::polar(std::sqrt(k / (k + 1.0)), los_phase);
}

SosStream::SosStream(const SosFader& fader, double dt) : fader_(fader) {
  for (double w : fader.omega) {
    phasor_.push_back(std::polar(1.0, fader.phi));
    step_.push_back(std::polar(1.0, w * dt));
  }
}

std::complex<double> SosStream::next() {
  const SosFader& f = fader_;
  double xc = 0, xs = 0;
  for (std::size_t n = 0; n < phasor_.size(); ++n) {
    const double c = phasor_[n].real();
    xc += f.cos_psi[n] * c;
    xs += f.sin_psi[n] * c;
    phasor_[n] *= step_[n];
  }
  if (++count_ % 1024 == 0) {
    for (auto& p : phasor_) p /= std::abs(p);
  }
  const double scale = 2.0 / std::sqrt(static_cast<double>(phasor_.size())) / std::numbers::sqrt2;
  const double k = f.config.k_factor;
  const std::complex<double> scatter(xc * scale, xs * scale);
  return std::sqrt(1.0 / (k + 1.0)) * scatter + std::polar(std::sqrt(k / (k + 1.0)), f.los_phase);
}

double Shadowing::update(double moved_m, Rng& rng) {
  if (!started) {
    value_db = sigma_db * normal_zig(rng);
    started = true;
    return value_db;
  }
  const double r = std::exp(-std::fabs(moved_m) / correlation_m);
  value_db = r * value_db + std::sqrt(1.0 - r * r) * sigma_db * normal_zig(rng);
  return value_db;
}

double rayleigh_lcr(double rho, double fd) {
  return std::sqrt(2.0 * kPi) * fd * rho * std::exp(-rho * rho);
}

double rayleigh_afd(double rho, double fd) {
  return (std::exp(rho * rho) - 1.0) / (rho * fd * std::sqrt(2.0 * kPi));
}

double rician_lcr(double rho, double k, double fd) {
  const double arg = 2.0 * rho * std::sqrt(k * (k + 1.0));
  // I0(arg)·exp(−K − (K+1)ρ²) with the scaled Bessel to stay finite.
  return std::sqrt(2.0 * kPi * (k + 1.0)) * fd * rho * std::exp(-k - (k + 1.0) * rho * rho + arg) *
         bessel_i0_scaled(arg);
}

double rician_afd(double rho, double k, double fd) {
  const double below = 1.0 - marcum_q1(std::sqrt(2.0 * k), std::sqrt(2.0 * (k + 1.0)) * rho);
  return below / rician_lcr(rho, k, fd);
}

}  // namespace assay::radio
