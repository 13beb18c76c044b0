#include "sim/radio/link_sim.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/radio/gaussian.h"
#include "sim/radio/monte_carlo.h"

namespace assay::radio {
namespace {

// Terminal position (m) at time t along the route, BS at the origin; distance walked returned.
std::pair<double, double> route_position(const Geometry& g, double t) {
  if (g.route.empty()) return {g.distance_m, 0};
  if (g.route.size() == 1) return g.route[0];
  double left = g.speed_mps * t;
  for (std::size_t i = 0; i + 1 < g.route.size(); ++i) {
    const auto [x0, y0] = g.route[i];
    const auto [x1, y1] = g.route[i + 1];
    const double len = std::hypot(x1 - x0, y1 - y0);
    if (left <= len && len > 0) return {x0 + (x1 - x0) * left / len, y0 + (y1 - y0) * left / len};
    left -= len;
  }
  return g.route.back();  // the drive ends at the last waypoint and stays there
}

// 2-D distance and, for LEO, the pass state.
double distance_at(const RadioWorld& w, double t, double leo_half, LeoState* leo) {
  const Geometry& g = w.geometry;
  switch (g.kind) {
    case Geometry::Kind::kStatic:
      return g.distance_m;
    case Geometry::Kind::kLinear:
      return std::hypot(g.start_m + g.speed_mps * t, g.offset_m);
    case Geometry::Kind::kRoute: {
      const auto [x, y] = route_position(g, t);
      return std::max(1.0, std::hypot(x, y));
    }
    case Geometry::Kind::kLeoPass: {
      LeoPass p = g.leo;
      p.freq_hz = w.freq_hz;
      // Time runs from the start of visibility (elevation 0) to its end.
      *leo = leo_state(p, t - leo_half);
      return leo->range_m;
    }
  }
  return g.distance_m;
}

double path_loss_db(const RadioWorld& w, double d, bool los) {
  const PathLoss& p = w.path_loss;
  switch (p.kind) {
    case PathLoss::Kind::kFreeSpace:
      return fspl_db(d, w.freq_hz);
    case PathLoss::Kind::kLogDistance:
      return log_distance_db(std::max(d, p.d0_m), p.d0_m, p.pl_d0_db, p.exponent);
    case PathLoss::Kind::kHata:
      return hata_db(p.hata_env, w.freq_hz / 1e6, d / 1e3, p.h_bs_m, p.h_ut_m);
    case PathLoss::Kind::kTr38901: {
      const Tr38901Link link{p.scenario, w.freq_hz / 1e9, p.h_bs_m, p.h_ut_m};
      return los ? tr38901_los_db(link, d) : tr38901_nlos_db(link, d);
    }
  }
  return 0.0;
}

double db_sum(double a_dbm, double b_dbm) {
  return 10.0 * std::log10(std::pow(10.0, a_dbm / 10.0) + std::pow(10.0, b_dbm / 10.0));
}

}  // namespace

long link_steps(const RadioWorld& w) {
  return std::lround(w.duration / w.dt);
}

double fading_doppler_hz(const RadioWorld& w) {
  if (w.doppler_hz >= 0) return w.doppler_hz;
  if (w.geometry.kind == Geometry::Kind::kLeoPass) return 1.0;
  return w.geometry.speed_mps * w.freq_hz / kSpeedOfLight;
}

std::string check_world(const RadioWorld& w) {
  if (!(w.dt > 0) || !(w.duration > 0)) return "dt and duration must be positive";
  if (link_steps(w) > 100'000'000) return "duration / dt exceeds 1e8 steps";
  if (!(w.freq_hz > 0)) return "frequency must be positive";
  if (!(w.symbol_rate_bd > 0)) return "symbol rate must be positive";
  if (w.geometry.kind == Geometry::Kind::kStatic && !(w.geometry.distance_m > 0)) {
    return "distance must be positive";
  }
  if (w.geometry.kind == Geometry::Kind::kRoute && w.geometry.route.empty()) {
    return "a route needs at least one waypoint";
  }
  if (w.oscillators < 4 || w.oscillators > 1024) return "oscillators must be in [4, 1024]";
  return "";
}

RadioState make_radio_state(const RadioWorld& w, std::uint64_t seed) {
  RadioState s;
  s.rng = Rng(seed);
  s.shadowing = Shadowing{w.shadow_sigma_db, w.shadow_correlation_m};
  // LOS for TR 38.901 "auto" is drawn once per run from the probability at the start distance.
  if (w.geometry.kind == Geometry::Kind::kLeoPass) {
    LeoPass p = w.geometry.leo;
    p.freq_hz = w.freq_hz;
    s.leo_half_s = leo_half_duration(p, 0.0);
  }
  LeoState leo;
  const double d0 = distance_at(w, 0.0, s.leo_half_s, &leo);
  s.last_distance = d0;
  if (w.path_loss.kind == PathLoss::Kind::kTr38901) {
    switch (w.path_loss.condition) {
      case PathLoss::Condition::kLos:
        s.los = true;
        break;
      case PathLoss::Condition::kNlos:
        s.los = false;
        break;
      case PathLoss::Condition::kAuto: {
        const Tr38901Link link{w.path_loss.scenario, w.freq_hz / 1e9, w.path_loss.h_bs_m,
                               w.path_loss.h_ut_m};
        Rng los_rng = s.rng.split(1);
        s.los = los_rng.uniform() < tr38901_los_probability(link, d0);
        break;
      }
    }
  }
  const bool sos = w.block_s <= 0 && (w.fading.kind == Fading::Kind::kRayleigh ||
                                      w.fading.kind == Fading::Kind::kRician);
  if (sos) {
    Rng fade_rng = s.rng.split(2);
    const SosFader fader = make_sos_fader(
        {fading_doppler_hz(w), w.fading.kind == Fading::Kind::kRician ? w.fading.k_factor : 0.0,
         w.oscillators},
        fade_rng);
    s.streams.emplace_back(fader, w.dt);
  }
  s.rng = s.rng.split(3);  // shadowing and block fading draw from here
  return s;
}

LinkSample step_link(const RadioWorld& w, RadioState& s) {
  LinkSample out;
  out.time = static_cast<double>(s.step) * w.dt;
  LeoState leo;
  const double d = distance_at(w, out.time, s.leo_half_s, &leo);
  out.distance_m = d;
  if (w.geometry.kind == Geometry::Kind::kLeoPass) {
    out.elevation_deg = leo.elevation_deg;
    out.doppler_hz = leo.doppler_hz;
  } else {
    out.doppler_hz = fading_doppler_hz(w);
  }
  out.los = s.los;
  out.path_loss_db = path_loss_db(w, d, s.los);
  if (w.shadow_sigma_db > 0) {
    // Distance-driven decorrelation: static links keep their first draw.
    const double moved =
        w.geometry.kind == Geometry::Kind::kRoute || w.geometry.kind == Geometry::Kind::kLinear
            ? w.geometry.speed_mps * w.dt
            : std::fabs(d - s.last_distance);
    out.shadow_db = s.step == 0 ? s.shadowing.update(0, s.rng) : s.shadowing.update(moved, s.rng);
  }
  for (const Blockage& b : w.blockages) {
    if (out.time >= b.start_s && out.time < b.end_s) out.blockage_db += b.loss_db;
  }
  std::complex<double> h{1.0, 0.0};
  if (!s.streams.empty()) {
    h = s.streams.front().next();
  } else if (w.fading.kind != Fading::Kind::kNone) {
    const long block = w.block_s > 0 ? static_cast<long>(out.time / w.block_s) : s.step;
    if (block != s.block_index) {
      s.block_gain = draw_fading_gain(w.fading, s.rng);
      s.block_index = block;
    }
    h = s.block_gain;
  }
  const double power = std::max(std::norm(h), 1e-30);
  out.fading_db = 10.0 * std::log10(power);
  const double rx_dbm = w.tx_power_dbm + w.tx_gain_dbi + w.rx_gain_dbi - out.path_loss_db -
                        out.shadow_db - out.blockage_db - w.extra_loss_db + out.fading_db;
  const double noise =
      db_sum(thermal_noise_dbm(w.symbol_rate_bd, w.noise_figure_db), w.interference_dbm);
  out.esn0_db = rx_dbm - noise;
  s.last_distance = d;
  ++s.step;
  return out;
}

}  // namespace assay::radio
