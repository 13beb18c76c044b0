#include "models/model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "models/builtin.h"
#include "models/native_adapter.h"
#include "models/plugin_model.h"
#include "models/process_model.h"
#include "models/r157_cc.h"

namespace assay::models {
namespace {

constexpr std::string_view kVersion = "1";

bool valid_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string format_number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& m : builtin_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string builtin_names() {
  std::string out;
  for (const auto& m : builtin_models()) out += (out.empty() ? "" : ", ") + m.name;
  return out;
}

double param(const std::vector<std::pair<std::string, double>>& values, std::string_view name) {
  for (const auto& [k, v] : values) {
    if (k == name) return v;
  }
  return 0.0;
}

}  // namespace

const std::vector<BuiltinInfo>& builtin_models() {
  static const std::vector<BuiltinInfo> kModels = {
      {"aeb-ttc",
       std::string(kVersion),
       "reference AEB: brakes at `decel` when TTC to the nearest in-path object < `ttc`",
       {{"decel", 8.0, 0.5, 15.0, "m/s^2", "braking deceleration requested"},
        {"latency", 0.1, 0.0, 2.0, "s", "delay from decision to command"},
        {"ttc", 2.0, 0.1, 10.0, "s", "time-to-collision threshold that triggers braking"}}},
      {"alks",
       std::string(kVersion),
       "reference UNECE R157 ALKS: lane keeping, ACC at the R157 following distance, emergency "
       "braking for objects in the ego's path or predicted to cut into it before the ego passes "
       "them",
       {{"acc_decel", 3.5, 0.5, 6.0, "m/s^2", "largest ACC (comfort) deceleration"},
        {"accel", 1.5, 0.1, 4.0, "m/s^2", "largest acceleration"},
        {"anticipation", 0.5, 0.0, 2.0, "s",
         "look-ahead of the lane-intrusion prediction: an object the ego is not passing counts "
         "when its predicted overlap with the ego lane reaches `intrusion`"},
        {"brake_max", 9.0, 1.0, 10.0, "m/s^2", "largest emergency deceleration"},
        {"gap_margin", 1.0, 0.0, 20.0, "m", "added to the R157 5.2.3.3 following distance"},
        {"intrusion", 0.3, 0.0, 2.0, "m",
         "lateral overlap with the ego lane from which an object the ego is not passing counts "
         "(R157 5.2.5.2)"},
        {"jerk", 30.0, 1.0, 100.0, "m/s^3", "limit on the change of the commanded acceleration"},
        {"lane_width", 3.5, 2.0, 6.0, "m", "ego lane width (not in the observation)"},
        {"lk_omega", 1.0, 0.1, 5.0, "rad/s", "lane keeping: natural frequency"},
        {"lk_zeta", 0.8, 0.1, 2.0, "1", "lane keeping: damping ratio"},
        {"stop_margin", 1.5, 0.0, 10.0, "m", "distance kept when braking to avoid an object"},
        {"v_set", 0.0, 0.0, 100.0, "m/s", "ACC set speed; 0 = the ego's initial speed"}}},
      {"idm",
       std::string(kVersion),
       "Intelligent Driver Model car follower (Treiber, Hennecke, Helbing 2000)",
       {{"a", 1.0, 0.1, 10.0, "m/s^2", "maximum acceleration"},
        {"b", 2.0, 0.1, 10.0, "m/s^2", "comfortable deceleration"},
        {"b_max", 9.0, 0.5, 15.0, "m/s^2", "braking limit applied to the IDM output"},
        {"delta", 4.0, 1.0, 10.0, "1", "acceleration exponent"},
        {"s0", 2.0, 0.0, 20.0, "m", "jam distance"},
        {"t", 1.5, 0.1, 5.0, "s", "desired time gap"},
        {"v0", 0.0, 0.0, 100.0, "m/s", "desired speed; 0 = the ego's initial speed"}}},
      {"none",
       std::string(kVersion),
       "baseline: holds its initial speed, never brakes or steers",
       {}},
      // Defaults and sources: driving-protocols.md §2.3 (docs/model-interface.md, "r157-cc").
      {"r157-cc",
       std::string(kVersion),
       "UNECE R157 competent and careful driver: perception, reaction, brake ramp on a cut-in, "
       "cut-out or decelerating lead; keeps speed and lane otherwise",
       {{"aeb", 0.0, 0.0, 1.0, "1",
         "1: add the reference vehicle's AEB (esmini; whether R157 specifies it is unconfirmed)"},
        {"aeb_decel", 0.85 * kCcGravity, 1.0, 15.0, "m/s^2", "AEB deceleration, 0.85 g [esmini]"},
        {"aeb_ttc", 1.5, 0.1, 10.0, "s", "AEB trigger TTC [esmini]"},
        {"coast_decel", 0.4, 0.0, 2.0, "m/s^2",
         "accelerator released during the reaction [esmini, JRC]"},
        {"critical_thw", 2.0, 0.1, 10.0, "s",
         "cut-out and deceleration: react only when THW < this [esmini, JRC, JAMA]"},
        {"critical_ttc", 2.0, 0.1, 10.0, "s",
         "cut-in: react only when TTC < this [esmini, JRC, JAMA]"},
        {"decel_trigger", 5.0, 0.1, 15.0, "m/s^2",
         "lead deceleration that starts risk perception [esmini, IDIADA]"},
        {"max_decel", 0.774 * kCcGravity, 2.5, 15.0, "m/s^2",
         "maximum braking, 0.774 g [JAMA; esmini, JRC]"},
        {"perception", 0.4, 0.0, 5.0, "s", "risk-perception time [esmini, JRC, JAMA]"},
        {"perception_lateral", 0.0, 0.0, 5.0, "m",
         "> 0: a cut-in is perceived after this further lateral movement instead (0.72 m, "
         "esmini/JAMA)"},
        {"ramp", 0.6, 0.0, 5.0, "s",
         "brake onset to maximum deceleration, jerk 12.65 m/s^3 [JAMA; esmini, JRC]"},
        {"reaction", 0.75, 0.0, 5.0, "s", "perception end to brake onset [JAMA; esmini, JRC]"},
        {"steer_offset_gain", 0.02, 0.0, 1.0, "rad/m", "lane keeping: steer per m off centre"},
        {"steer_yaw_gain", 0.3, 0.0, 5.0, "1", "lane keeping: steer per rad of heading error"},
        {"wandering", 0.375, 0.0, 5.0, "m",
         "lateral movement towards the ego lane that starts cut-in perception [R157 Annex 5 "
         "4.1, confirmed]"}}},
  };
  return kModels;
}

Result<ModelSpec> parse_model_spec(std::string_view text) {
  ModelSpec spec;
  spec.text = std::string(text);
  if (text.starts_with("native:")) return parse_native_spec(text);
  if (text.starts_with("plugin:")) return parse_plugin_spec(text);
  if (text.starts_with("process:")) return parse_process_spec(text);
  const auto colon = text.find(':');
  spec.name = std::string(text.substr(0, colon));
  if (!valid_name(spec.name)) {
    return make_error("model spec \"" + spec.text + "\": expected NAME[:key=value,...]");
  }
  if (colon == std::string_view::npos) return spec;
  if (auto s = parse_spec_parameters(text.substr(colon + 1), false, spec); !s.ok()) {
    return s.error();
  }
  return spec;
}

Status parse_spec_parameters(std::string_view list, bool allow_empty_value, ModelSpec& spec) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || (!allow_empty_value && eq + 1 == item.size())) {
      return make_error("model spec \"" + spec.text + "\": expected key=value, got \"" +
                        std::string(item) + "\"");
    }
    spec.parameters.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return {};
}

Result<std::vector<std::pair<std::string, double>>> resolve_parameters(const ModelSpec& spec) {
  if (spec.name == "native" || spec.name == "plugin" || spec.name == "process") {
    return std::vector<std::pair<std::string, double>>{};  // the adapter checks its parameters
  }
  const BuiltinInfo* info = find_builtin(spec.name);
  if (!info) {
    return make_error("unknown model \"" + spec.name + "\"; built-in models: " + builtin_names());
  }
  std::vector<std::pair<std::string, double>> values;
  for (const auto& p : info->parameters) values.emplace_back(p.name, p.default_value);
  for (const auto& given : spec.parameters) {
    // Named references, not a structured binding: lambdas below capture them (C++20 allows
    // capturing bindings, clang 14 does not).
    const std::string& key = given.first;
    const std::string& text = given.second;
    auto it = std::find_if(info->parameters.begin(), info->parameters.end(),
                           [&](const ParameterInfo& p) { return p.name == key; });
    if (it == info->parameters.end()) {
      std::string allowed;
      for (const auto& p : info->parameters) allowed += (allowed.empty() ? "" : ", ") + p.name;
      return make_error("model \"" + spec.name + "\" has no parameter \"" + key + "\"" +
                        (allowed.empty() ? " (it takes none)" : "; parameters: " + allowed));
    }
    double v = 0.0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
      return make_error("model parameter " + key + "=" + text + ": expected a number");
    }
    if (v < it->min || v > it->max) {
      return make_error("model parameter " + key + "=" + text + " is outside [" +
                        format_number(it->min) + ", " + format_number(it->max) + "] " + it->unit);
    }
    auto slot =
        std::find_if(values.begin(), values.end(), [&](auto& kv) { return kv.first == key; });
    slot->second = v;
  }
  return values;
}

Result<ModelIdentity> model_identity(const ModelSpec& spec) {
  if (spec.name == "native") return native_identity(spec);
  if (spec.name == "plugin") return plugin_identity(spec);
  if (spec.name == "process") return process_identity(spec);
  auto values = resolve_parameters(spec);
  if (!values) return values.error();
  ModelIdentity id;
  id.adapter = "builtin";
  id.name = spec.name;
  id.version = find_builtin(spec.name)->version;
  id.spec = spec.text;
  for (const auto& [k, v] : *values) id.parameters.emplace_back(k, format_number(v));
  return id;
}

Result<std::unique_ptr<Model>> make_model(const ModelSpec& spec) {
  if (spec.name == "native") return make_native_model(spec);
  if (spec.name == "plugin") return make_plugin_model(spec);
  if (spec.name == "process") return make_process_model(spec);
  auto values = resolve_parameters(spec);
  if (!values) return values.error();
  const auto& p = *values;
  if (spec.name == "none") return std::unique_ptr<Model>(std::make_unique<NoneModel>());
  if (spec.name == "aeb-ttc") {
    AebTtcParams a;
    a.ttc = param(p, "ttc");
    a.decel = param(p, "decel");
    a.latency = param(p, "latency");
    return std::unique_ptr<Model>(std::make_unique<AebTtcModel>(a));
  }
  if (spec.name == "r157-cc") {
    CcParams c;
    c.aeb = param(p, "aeb") != 0.0;
    c.aeb_decel = param(p, "aeb_decel");
    c.aeb_ttc = param(p, "aeb_ttc");
    c.coast_decel = param(p, "coast_decel");
    c.critical_thw = param(p, "critical_thw");
    c.critical_ttc = param(p, "critical_ttc");
    c.decel_trigger = param(p, "decel_trigger");
    c.max_decel = param(p, "max_decel");
    c.perception_time = param(p, "perception");
    c.perception_lateral = param(p, "perception_lateral");
    c.ramp_time = param(p, "ramp");
    c.reaction_time = param(p, "reaction");
    c.steer_offset_gain = param(p, "steer_offset_gain");
    c.steer_yaw_gain = param(p, "steer_yaw_gain");
    c.wandering = param(p, "wandering");
    return std::unique_ptr<Model>(std::make_unique<CcDriver>(c));
  }
  if (spec.name == "alks") {
    AlksParams a;
    a.v_set = param(p, "v_set");
    a.lane_width = param(p, "lane_width");
    a.intrusion = param(p, "intrusion");
    a.anticipation = param(p, "anticipation");
    a.gap_margin = param(p, "gap_margin");
    a.accel = param(p, "accel");
    a.acc_decel = param(p, "acc_decel");
    a.brake_max = param(p, "brake_max");
    a.jerk = param(p, "jerk");
    a.stop_margin = param(p, "stop_margin");
    a.lk_omega = param(p, "lk_omega");
    a.lk_zeta = param(p, "lk_zeta");
    return std::unique_ptr<Model>(std::make_unique<AlksModel>(a));
  }
  IdmParams i;
  i.v0 = param(p, "v0");
  i.t = param(p, "t");
  i.s0 = param(p, "s0");
  i.a = param(p, "a");
  i.b = param(p, "b");
  i.delta = param(p, "delta");
  i.b_max = param(p, "b_max");
  return std::unique_ptr<Model>(std::make_unique<IdmModel>(i));
}

namespace {

// Stands in for a model that could not be made; every case fails with the reason.
class UnavailableModel final : public Model {
 public:
  explicit UnavailableModel(std::string reason) : reason_(std::move(reason)) {}
  void reset(const CaseContext&) override {}
  sim::ActuatorCommand step(const sim::Observation&) override {
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  }
  std::string failure() const override { return reason_; }

 private:
  std::string reason_;
};

}  // namespace

std::unique_ptr<Model> make_model_or_failure(const ModelSpec& spec) {
  auto model = make_model(spec);
  if (model) return std::move(model).value();
  return std::make_unique<UnavailableModel>("model unavailable: " + model.error().format());
}

Result<std::vector<InputFile>> model_inputs(const ModelSpec& spec) {
  if (spec.name == "native" || spec.name == "plugin") return model_file_inputs(spec);
  if (spec.name == "process") return process_inputs(spec);
  return std::vector<InputFile>{};
}

}  // namespace assay::models
