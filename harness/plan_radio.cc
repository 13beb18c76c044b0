#include "harness/plan_radio.h"

#include <cmath>

#include "harness/scenario_radio.h"
#include "sim/radio/ber_theory.h"

namespace assay::harness {
namespace {

using scenario::Number;

// Resolves a Number for a case: the literal, or the parameter's value (as plan.cc does).
double value(const CasePlan& plan, const Number& n) {
  if (!n.is_param()) return n.si;
  const auto& params = plan.scenario->parameters;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == n.param) return plan.values_si[i];
  }
  return n.si;  // the parser guarantees references exist
}

Error located(const CasePlan& plan, const std::string& pointer, std::string message) {
  const auto& doc = plan.scenario->doc;
  std::string text = std::move(message) + " in case " + case_id(*plan.scenario, plan.index);
  if (doc) return doc->error_at(pointer, std::move(text));
  return make_error(std::move(text));
}

radio::Geometry geometry(const CasePlan& plan, const scenario::RadioGeometry& g) {
  radio::Geometry out;
  if (g.type == "static") {
    out.kind = radio::Geometry::Kind::kStatic;
    out.distance_m = value(plan, g.distance);
  } else if (g.type == "linear") {
    out.kind = radio::Geometry::Kind::kLinear;
    out.start_m = value(plan, g.start);
    out.offset_m = value(plan, g.offset);
    out.speed_mps = value(plan, g.speed);
  } else if (g.type == "route") {
    out.kind = radio::Geometry::Kind::kRoute;
    out.speed_mps = value(plan, g.speed);
    for (const auto& [x, y] : g.route) out.route.emplace_back(value(plan, x), value(plan, y));
  } else {
    out.kind = radio::Geometry::Kind::kLeoPass;
    out.leo.altitude_m = value(plan, g.altitude);
    out.leo.max_elevation_deg = units::rad_to_deg(value(plan, g.max_elevation));
  }
  return out;
}

radio::HataEnv hata_env(const std::string& name) {
  if (name == "large_city") return radio::HataEnv::kLargeCity;
  if (name == "suburban") return radio::HataEnv::kSuburban;
  if (name == "open") return radio::HataEnv::kOpen;
  return radio::HataEnv::kSmallMediumCity;
}

radio::Tr38901Scenario tr38901(const std::string& name) {
  if (name == "rma") return radio::Tr38901Scenario::kRMa;
  if (name == "umi") return radio::Tr38901Scenario::kUMi;
  if (name == "inh") return radio::Tr38901Scenario::kInH;
  return radio::Tr38901Scenario::kUMa;
}

radio::PathLoss path_loss(const CasePlan& plan, const scenario::RadioPathLoss& p) {
  radio::PathLoss out;
  using Kind = radio::PathLoss::Kind;
  out.kind = p.model == "log_distance" ? Kind::kLogDistance
             : p.model == "hata"       ? Kind::kHata
             : p.model == "tr38901"    ? Kind::kTr38901
                                       : Kind::kFreeSpace;
  out.d0_m = value(plan, p.d0);
  out.pl_d0_db = value(plan, p.pl_d0);
  out.exponent = value(plan, p.exponent);
  out.hata_env = hata_env(p.environment);
  out.h_bs_m = value(plan, p.bs_height);
  out.h_ut_m = value(plan, p.ut_height);
  out.scenario = tr38901(p.scenario);
  using Condition = radio::PathLoss::Condition;
  out.condition = p.condition == "los"    ? Condition::kLos
                  : p.condition == "nlos" ? Condition::kNlos
                                          : Condition::kAuto;
  return out;
}

void fading(const CasePlan& plan, const scenario::RadioFading& f, radio::RadioWorld& w) {
  using Kind = radio::Fading::Kind;
  w.fading.kind = f.type == "rayleigh"   ? Kind::kRayleigh
                  : f.type == "rician"   ? Kind::kRician
                  : f.type == "nakagami" ? Kind::kNakagami
                                         : Kind::kNone;
  w.fading.k_factor = radio::from_db(value(plan, f.k_factor));  // K is written in dB
  w.fading.m = value(plan, f.m);
  w.doppler_hz = f.doppler ? value(plan, *f.doppler) : -1.0;
  w.block_s = value(plan, f.block);
  w.oscillators = f.oscillators;
}

// The path-loss models hold only within their frequency ranges: Okumura–Hata 150–1500 MHz
// (docs/radio.md, radio.md §2.4); TR 38.901 0.5–100 GHz, RMa up to 30 GHz (Table 7.4.1-1).
std::string frequency_problem(const radio::RadioWorld& w) {
  const double f = w.freq_hz;
  if (w.path_loss.kind == radio::PathLoss::Kind::kHata && (f < 150e6 || f > 1500e6)) {
    return "the Okumura-Hata model holds from 150 to 1500 MHz; the carrier is " +
           std::to_string(f / 1e6) + " MHz";
  }
  if (w.path_loss.kind == radio::PathLoss::Kind::kTr38901) {
    const double top = w.path_loss.scenario == radio::Tr38901Scenario::kRMa ? 30e9 : 100e9;
    if (f < 0.5e9 || f > top) {
      return "TR 38.901 path loss holds from 0.5 to " +
             std::to_string(static_cast<int>(top / 1e9)) +
             " GHz for this scenario; the carrier is " + std::to_string(f / 1e9) + " GHz";
    }
  }
  return "";
}

}  // namespace

Result<radio::RadioWorld> build_radio_world(const CasePlan& plan) {
  const auto& s = *plan.scenario;
  if (!s.radio) return make_error("scenario " + s.id + " is not a radio scenario");
  const scenario::RadioScenario& r = *s.radio;
  radio::RadioWorld w;
  w.dt = s.simulator.dt;
  w.duration = s.simulator.duration;
  w.freq_hz = value(plan, r.carrier);
  w.symbol_rate_bd = value(plan, r.symbol_rate);
  w.tx_power_dbm = value(plan, r.tx_power);
  w.tx_gain_dbi = value(plan, r.tx_gain);
  w.rx_gain_dbi = value(plan, r.rx_gain);
  w.noise_figure_db = value(plan, r.noise_figure);
  w.extra_loss_db = value(plan, r.extra_loss);
  if (r.interference) w.interference_dbm = value(plan, *r.interference);
  w.geometry = geometry(plan, r.geometry);
  w.path_loss = path_loss(plan, r.path_loss);
  w.shadow_sigma_db = value(plan, r.shadow_sigma);
  w.shadow_correlation_m = value(plan, r.shadow_correlation);
  fading(plan, r.fading, w);
  for (const auto& b : r.blockages) {
    const radio::Blockage x{value(plan, b.start), value(plan, b.end), value(plan, b.loss)};
    if (!(x.end_s > x.start_s)) {
      return located(plan, b.end.pointer, "blockage \"end\" must be after \"start\"");
    }
    w.blockages.push_back(x);
  }
  if (const std::string problem = frequency_problem(w); !problem.empty()) {
    return located(plan, r.carrier.pointer, problem);
  }
  if (const std::string problem = radio::check_world(w); !problem.empty()) {
    return located(plan, "/link", "radio link: " + problem);
  }
  return w;
}

RadioFeedback build_radio_feedback(const CasePlan& plan) {
  const auto& s = *plan.scenario;
  RadioFeedback f;
  const double delay = value(plan, s.radio->feedback_delay);
  f.delay_steps = static_cast<int>(std::lround(delay / s.simulator.dt));
  f.snr_noise_db = value(plan, s.radio->feedback_snr_noise);
  return f;
}

std::vector<oracles::RadioOracleConfig> build_radio_oracles(const CasePlan& plan) {
  std::vector<oracles::RadioOracleConfig> out;
  for (const auto& o : plan.scenario->radio->oracles) {
    oracles::RadioOracleConfig c;
    c.id = o.id;
    c.kind = o.type;
    if (o.min) c.min = value(plan, *o.min);
    if (o.max) c.max = value(plan, *o.max);
    c.requirements = o.requirements;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace assay::harness
