// Time-correlated small-scale fading and shadowing. Rayleigh/Rician fading follows the
// Clarke/Jakes Doppler spectrum with the Zheng–Xiao sum of sinusoids (IEEE Commun. Lett. 6(6),
// 2002; radio.md §1.2, §2.6): autocorrelation J0(2π·f_d·τ), known level-crossing rate and average
// fade duration. Random phases come from the case Rng, so a fader replays exactly.
#pragma once

#include <complex>
#include <vector>

#include "core/rng.h"

namespace assay::radio {

/// Configuration of a sum-of-sinusoids fader.
struct SosConfig {
  double doppler_hz = 10.0;  // maximum Doppler f_d
  double k_factor = 0.0;     // Rician K (linear); 0 = Rayleigh. LOS component at zero Doppler
  int oscillators = 32;      // M
};

/// The random parameters of one realisation (immutable once drawn).
struct SosFader {
  SosConfig config;
  std::vector<double> omega;  // ω_d·cos α_n (rad/s)
  std::vector<double> cos_psi, sin_psi;
  double phi = 0;  // common phase φ
  double los_phase = 0;

  /// Complex gain with unit mean power at time t (s), evaluated directly.
  [[nodiscard]] std::complex<double> gain(double t) const;
};

/// Draws a realisation: θ, φ, ψ_n uniform on [−π, π).
SosFader make_sos_fader(const SosConfig& config, Rng& rng);

/// Steps a fader on a fixed grid t = k·dt by rotating phasors (a few multiply-adds per
/// oscillator, no trigonometry per sample); renormalised periodically against rounding drift.
class SosStream {
 public:
  SosStream(const SosFader& fader, double dt);
  /// Gain at the current time, then advances by dt.
  std::complex<double> next();

 private:
  SosFader fader_;  // a copy, so a stream (and a state holding one) can be copied freely
  std::vector<std::complex<double>> phasor_, step_;
  long count_ = 0;
};

/// Log-normal shadowing with exponential spatial correlation (Gudmundson; radio.md §2.4):
/// X ← R·X + √(1 − R²)·σ·N(0, 1), R = exp(−Δd/d_corr). Values in dB.
struct Shadowing {
  double sigma_db = 0;
  double correlation_m = 50;
  double value_db = 0;
  bool started = false;

  /// Advances by a displacement of moved_m metres and returns the shadowing in dB.
  double update(double moved_m, Rng& rng);
};

/// Rayleigh level-crossing rate N_R/f_d at ρ = R/R_rms (radio.md §2.6).
double rayleigh_lcr(double rho, double doppler_hz);
/// Rayleigh average fade duration at ρ.
double rayleigh_afd(double rho, double doppler_hz);
/// Rician level-crossing rate (LOS at zero Doppler).
double rician_lcr(double rho, double k_factor, double doppler_hz);
/// Rician average fade duration: [1 − Q1(√(2K), √(2(K+1))·ρ)] / N_R (radio.md §2.6).
double rician_afd(double rho, double k_factor, double doppler_hz);

}  // namespace assay::radio
