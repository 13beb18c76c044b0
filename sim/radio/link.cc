#include "sim/radio/link.h"

#include <cmath>
#include <numbers>

#include "sim/radio/path_loss.h"

namespace assay::radio {

double thermal_noise_dbm(double bandwidth_hz, double nf_db) {
  return 10.0 * std::log10(kBoltzmann * kT0 * bandwidth_hz * 1000.0) + nf_db;
}

double esn0_db(double rx_dbm, double symbol_rate, double nf_db) {
  // Es/N0 = C/(N0·Rs), with N0 = k·T0·F: the noise in a bandwidth equal to the symbol rate.
  return rx_dbm - thermal_noise_dbm(symbol_rate, nf_db);
}

double orbital_speed(double altitude_m) {
  return std::sqrt(kEarthMu / (kEarthRadius + altitude_m));
}

double orbital_period(double altitude_m) {
  const double a = kEarthRadius + altitude_m;
  return 2.0 * std::numbers::pi * std::sqrt(a * a * a / kEarthMu);
}

LeoState leo_state(const LeoPass& pass, double t) {
  // Orbit in the x-y plane; the station sits at cross-track angle β from the ground track,
  // chosen so the elevation at closest approach is max_elevation_deg.
  const double rs = kEarthRadius + pass.altitude_m, re = kEarthRadius;
  const double el_max = pass.max_elevation_deg * std::numbers::pi / 180.0;
  // Earth-central angle at the given elevation: β = acos(re·cos(el)/rs) − el.
  const double beta = std::acos(re * std::cos(el_max) / rs) - el_max;
  const double w = orbital_speed(pass.altitude_m) / rs;
  const double th = w * t;
  const double sx = rs * std::cos(th), sy = rs * std::sin(th);
  const double vx = -rs * w * std::sin(th), vy = rs * w * std::cos(th);
  const double gx = re * std::cos(beta), gz = re * std::sin(beta);
  const double dx = sx - gx, dy = sy, dz = -gz;
  const double range = std::sqrt(dx * dx + dy * dy + dz * dz);
  const double up = (dx * gx + dz * gz) / re;  // component along the local vertical
  LeoState s;
  s.range_m = range;
  s.elevation_deg = std::asin(up / range) * 180.0 / std::numbers::pi;
  s.range_rate_mps = (dx * vx + dy * vy) / range;
  s.doppler_hz = -s.range_rate_mps * pass.freq_hz / kSpeedOfLight;
  return s;
}

double leo_half_duration(const LeoPass& pass, double min_el) {
  if (leo_state(pass, 0).elevation_deg < min_el) return 0.0;
  double lo = 0, hi = orbital_period(pass.altitude_m) / 4.0;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (leo_state(pass, mid).elevation_deg >= min_el) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

const std::array<Modcod, 28>& dvbs2_modcods() {
  // radio.md §2.8 (ETSI EN 302 307-1 Table 13).
  static const std::array<Modcod, 28> table = {{
      {"QPSK 1/4", -2.35, 0.490243},    {"QPSK 1/3", -1.24, 0.656448},
      {"QPSK 2/5", -0.30, 0.789412},    {"QPSK 1/2", 1.00, 0.988858},
      {"QPSK 3/5", 2.23, 1.188304},     {"QPSK 2/3", 3.10, 1.322253},
      {"QPSK 3/4", 4.03, 1.487473},     {"QPSK 4/5", 4.68, 1.587196},
      {"QPSK 5/6", 5.18, 1.654663},     {"QPSK 8/9", 6.20, 1.766451},
      {"QPSK 9/10", 6.42, 1.788612},    {"8PSK 3/5", 5.50, 1.779991},
      {"8PSK 2/3", 6.62, 1.980636},     {"8PSK 3/4", 7.91, 2.228124},
      {"8PSK 5/6", 9.35, 2.478562},     {"8PSK 8/9", 10.69, 2.646012},
      {"8PSK 9/10", 10.98, 2.679207},   {"16APSK 2/3", 8.97, 2.637201},
      {"16APSK 3/4", 10.21, 2.966728},  {"16APSK 4/5", 11.03, 3.165623},
      {"16APSK 5/6", 11.61, 3.300184},  {"16APSK 8/9", 12.89, 3.523143},
      {"16APSK 9/10", 13.13, 3.567342}, {"32APSK 3/4", 12.73, 3.703295},
      {"32APSK 4/5", 13.64, 3.951571},  {"32APSK 5/6", 14.28, 4.119540},
      {"32APSK 8/9", 15.69, 4.397854},  {"32APSK 9/10", 16.05, 4.453027},
  }};
  return table;
}

int dvbs2_best_modcod(double esn0, double margin) {
  int best = -1;
  const auto& t = dvbs2_modcods();
  for (int i = 0; i < static_cast<int>(t.size()); ++i) {
    const Modcod& m = t[static_cast<std::size_t>(i)];
    if (m.esn0_db <= esn0 - margin &&
        (best < 0 || m.efficiency > t[static_cast<std::size_t>(best)].efficiency)) {
      best = i;
    }
  }
  return best;
}

}  // namespace assay::radio
