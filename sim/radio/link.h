// Link budget, thermal noise, low-earth-orbit pass geometry and the DVB-S2 MODCOD table
// (radio.md §2 conventions, §2.8, §3.2).
#pragma once

#include <array>
#include <string_view>

namespace assay::radio {

/// Boltzmann constant (J/K) and the reference temperature T0 = 290 K.
inline constexpr double kBoltzmann = 1.380649e-23;
inline constexpr double kT0 = 290.0;

/// Thermal noise power in dBm: 10·log10(k·T0·B·1000) + NF (≈ −174 dBm/Hz + 10·log10 B + NF).
double thermal_noise_dbm(double bandwidth_hz, double noise_figure_db);

/// Es/N0 (dB) from the received power (dBm), symbol rate (Bd) and noise figure (dB).
double esn0_db(double rx_power_dbm, double symbol_rate_bd, double noise_figure_db);

/// Circular-orbit pass over a ground station on a spherical, non-rotating Earth.
struct LeoPass {
  double altitude_m = 400e3;
  double max_elevation_deg = 90.0;  // 90 = overhead pass
  double freq_hz = 2.2e9;
};

/// Geometry of the satellite seen from the ground station at one instant.
struct LeoState {
  double elevation_deg = 0;
  double range_m = 0;
  double range_rate_mps = 0;  // positive when receding
  double doppler_hz = 0;      // −ṙ·f/c
};

/// Earth radius (m) and gravitational parameter (m³/s²) used by the pass model.
inline constexpr double kEarthRadius = 6'371e3;
inline constexpr double kEarthMu = 3.986004418e14;

/// Orbital speed (m/s) and period (s) of a circular orbit at the altitude.
double orbital_speed(double altitude_m);
double orbital_period(double altitude_m);

/// State at time t (s) relative to the time of closest approach.
LeoState leo_state(const LeoPass& pass, double t);

/// Half-duration (s) of the pass above the given elevation (bisection on leo_state).
double leo_half_duration(const LeoPass& pass, double min_elevation_deg);

/// One DVB-S2 MODCOD (EN 302 307-1 Table 13, normal FECFRAME, no pilots, QEF in AWGN).
struct Modcod {
  std::string_view name;
  double esn0_db;     // ideal Es/N0 threshold
  double efficiency;  // information bits per symbol
};

/// The 28 DVB-S2 MODCODs, in the standard's order (QPSK 1/4 … 32APSK 9/10).
const std::array<Modcod, 28>& dvbs2_modcods();

/// Genie choice: index of the MODCOD with the highest efficiency whose threshold is ≤
/// esn0_db − margin_db (not the "next index": efficiency is not monotone in the threshold);
/// −1 when none fits.
int dvbs2_best_modcod(double esn0_db, double margin_db);

}  // namespace assay::radio
