#include "sim/radio/path_loss.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace assay::radio {
namespace {

double lg(double x) {
  return std::log10(x);
}

// Mobile-antenna correction a(h_m) of Hata (radio.md §2.4).
double hata_mobile_small(double f, double hm) {
  return (1.1 * lg(f) - 0.7) * hm - (1.56 * lg(f) - 0.8);
}
double hata_mobile_large(double f, double hm) {
  if (f >= 400.0) return 3.2 * std::pow(lg(11.75 * hm), 2) - 4.97;
  return 8.29 * std::pow(lg(1.54 * hm), 2) - 1.1;
}

double d3d(const Tr38901Link& l, double d2d) {
  const double dh = l.h_bs_m - l.h_ut_m;
  return std::sqrt(d2d * d2d + dh * dh);
}

}  // namespace

double fspl_db(double d, double f) {
  return 20.0 * lg(4.0 * std::numbers::pi * d * f / kSpeedOfLight);
}

double log_distance_db(double d, double d0, double pl0, double n) {
  return pl0 + 10.0 * n * lg(d / d0);
}

double hata_db(HataEnv env, double f, double d, double hb, double hm) {
  const double a = env == HataEnv::kLargeCity ? hata_mobile_large(f, hm) : hata_mobile_small(f, hm);
  const double urban = 69.55 + 26.16 * lg(f) - 13.82 * lg(hb) - a + (44.9 - 6.55 * lg(hb)) * lg(d);
  switch (env) {
    case HataEnv::kSmallMediumCity:
    case HataEnv::kLargeCity:
      return urban;
    case HataEnv::kSuburban:
      return urban - 2.0 * std::pow(lg(f / 28.0), 2) - 5.4;
    case HataEnv::kOpen:
      return urban - 4.78 * std::pow(lg(f), 2) + 18.33 * lg(f) - 40.94;
  }
  return urban;
}

double cost231_db(bool metropolitan, double f, double d, double hb, double hm) {
  const double a = metropolitan ? hata_mobile_large(f, hm) : hata_mobile_small(f, hm);
  return 46.3 + 33.9 * lg(f) - 13.82 * lg(hb) - a + (44.9 - 6.55 * lg(hb)) * lg(d) +
         (metropolitan ? 3.0 : 0.0);
}

std::optional<Tr38901Scenario> parse_tr38901(std::string_view n) {
  if (n == "rma") return Tr38901Scenario::kRMa;
  if (n == "uma") return Tr38901Scenario::kUMa;
  if (n == "umi") return Tr38901Scenario::kUMi;
  if (n == "inh") return Tr38901Scenario::kInH;
  return std::nullopt;
}

double tr38901_default_bs_height(Tr38901Scenario s) {
  switch (s) {
    case Tr38901Scenario::kRMa:
      return 35.0;
    case Tr38901Scenario::kUMa:
      return 25.0;
    case Tr38901Scenario::kUMi:
      return 10.0;
    case Tr38901Scenario::kInH:
      return 3.0;
  }
  return 25.0;
}

double tr38901_breakpoint_m(const Tr38901Link& l) {
  const double f_hz = l.freq_ghz * 1e9;
  if (l.scenario == Tr38901Scenario::kRMa) {
    return 2.0 * std::numbers::pi * l.h_bs_m * l.h_ut_m * f_hz / kSpeedOfLight;
  }
  return 4.0 * (l.h_bs_m - l.h_e_m) * (l.h_ut_m - l.h_e_m) * f_hz / kSpeedOfLight;
}

double tr38901_los_db(const Tr38901Link& l, double d2d) {
  const double d = d3d(l, d2d);
  const double fc = l.freq_ghz;
  const double dbp = tr38901_breakpoint_m(l);
  switch (l.scenario) {
    case Tr38901Scenario::kRMa: {
      const double h = l.building_height_m;
      auto pl1 = [&](double dist) {
        return 20.0 * lg(40.0 * std::numbers::pi * dist * fc / 3.0) +
               std::min(0.03 * std::pow(h, 1.72), 10.0) * lg(dist) -
               std::min(0.044 * std::pow(h, 1.72), 14.77) + 0.002 * lg(h) * dist;
      };
      if (d2d <= dbp) return pl1(d);
      return pl1(dbp) + 40.0 * lg(d / dbp);
    }
    case Tr38901Scenario::kUMa: {
      if (d2d <= dbp) return 28.0 + 22.0 * lg(d) + 20.0 * lg(fc);
      const double dh = l.h_bs_m - l.h_ut_m;
      return 28.0 + 40.0 * lg(d) + 20.0 * lg(fc) - 9.0 * lg(dbp * dbp + dh * dh);
    }
    case Tr38901Scenario::kUMi: {
      if (d2d <= dbp) return 32.4 + 21.0 * lg(d) + 20.0 * lg(fc);
      const double dh = l.h_bs_m - l.h_ut_m;
      return 32.4 + 40.0 * lg(d) + 20.0 * lg(fc) - 9.5 * lg(dbp * dbp + dh * dh);
    }
    case Tr38901Scenario::kInH:
      return 32.4 + 17.3 * lg(d) + 20.0 * lg(fc);
  }
  return 0.0;
}

double tr38901_nlos_db(const Tr38901Link& l, double d2d) {
  const double d = d3d(l, d2d);
  const double fc = l.freq_ghz;
  double nlos = 0;
  switch (l.scenario) {
    case Tr38901Scenario::kRMa: {
      const double h = l.building_height_m, w = l.street_width_m, hbs = l.h_bs_m;
      nlos = 161.04 - 7.1 * lg(w) + 7.5 * lg(h) - (24.37 - 3.7 * std::pow(h / hbs, 2)) * lg(hbs) +
             (43.42 - 3.1 * lg(hbs)) * (lg(d) - 3.0) + 20.0 * lg(fc) -
             (3.2 * std::pow(lg(11.75 * l.h_ut_m), 2) - 4.97);
      break;
    }
    case Tr38901Scenario::kUMa:
      nlos = 13.54 + 39.08 * lg(d) + 20.0 * lg(fc) - 0.6 * (l.h_ut_m - 1.5);
      break;
    case Tr38901Scenario::kUMi:
      nlos = 35.3 * lg(d) + 22.4 + 21.3 * lg(fc) - 0.3 * (l.h_ut_m - 1.5);
      break;
    case Tr38901Scenario::kInH:
      nlos = 38.3 * lg(d) + 17.30 + 24.9 * lg(fc);
      break;
  }
  return std::max(tr38901_los_db(l, d2d), nlos);
}

double tr38901_los_probability(const Tr38901Link& l, double d) {
  switch (l.scenario) {
    case Tr38901Scenario::kRMa:
      return d <= 10.0 ? 1.0 : std::exp(-(d - 10.0) / 1000.0);
    case Tr38901Scenario::kUMi:
      return d <= 18.0 ? 1.0 : 18.0 / d + std::exp(-d / 36.0) * (1.0 - 18.0 / d);
    case Tr38901Scenario::kUMa: {
      if (d <= 18.0) return 1.0;
      const double h = l.h_ut_m;
      const double c = h <= 13.0 ? 0.0 : std::pow((h - 13.0) / 10.0, 1.5);
      return (18.0 / d + std::exp(-d / 63.0) * (1.0 - 18.0 / d)) *
             (1.0 + c * 1.25 * std::pow(d / 100.0, 3) * std::exp(-d / 150.0));
    }
    case Tr38901Scenario::kInH:
      if (d <= 1.2) return 1.0;
      if (d < 6.5) return std::exp(-(d - 1.2) / 4.7);
      return 0.32 * std::exp(-(d - 6.5) / 32.6);
  }
  return 1.0;
}

double tr38901_shadow_sigma_db(const Tr38901Link& l, bool los, double d2d) {
  switch (l.scenario) {
    case Tr38901Scenario::kRMa:
      return los ? (d2d <= tr38901_breakpoint_m(l) ? 4.0 : 6.0) : 8.0;
    case Tr38901Scenario::kUMa:
      return los ? 4.0 : 6.0;
    case Tr38901Scenario::kUMi:
      return los ? 4.0 : 7.82;
    case Tr38901Scenario::kInH:
      return los ? 3.0 : 8.03;
  }
  return 0.0;
}

double tr38901_shadow_correlation_m(Tr38901Scenario s, bool los) {
  switch (s) {
    case Tr38901Scenario::kRMa:
      return los ? 37.0 : 120.0;
    case Tr38901Scenario::kUMa:
      return los ? 37.0 : 50.0;
    case Tr38901Scenario::kUMi:
      return los ? 10.0 : 13.0;
    case Tr38901Scenario::kInH:
      return los ? 10.0 : 6.0;
  }
  return 10.0;
}

}  // namespace assay::radio
