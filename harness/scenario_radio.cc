// Parser for the radio sections of "assay.scenario/1" files (docs/scenario-format.md, "Radio
// scenarios"), with the located reading helpers of scenario_reader.h, so every error names
// file:line:col and the JSON pointer. Limits are the physical or numerical ranges the radio
// simulator (sim/radio, docs/radio.md) is meant for.
#include <cmath>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "harness/scenario_radio.h"
#include "harness/scenario_radio_reader.h"

namespace assay::scenario {

const std::vector<std::string_view>& radio_oracle_types() {
  static const std::vector<std::string_view> types = {
      "throughput_vs_genie", "bler",          "outage",        "link_margin",
      "recovery_time",       "max_overreach", "energy_per_bit"};
  return types;
}

namespace reader {
namespace {

const std::vector<std::string_view> kGeometryTypes = {"static", "linear", "route", "leo_pass"};
const std::vector<std::string_view> kPathLossModels = {"free_space", "log_distance", "hata",
                                                       "tr38901"};
const std::vector<std::string_view> kHataEnvironments = {"small_medium_city", "large_city",
                                                         "suburban", "open"};
const std::vector<std::string_view> kTr38901Scenarios = {"rma", "uma", "umi", "inh"};
const std::vector<std::string_view> kConditions = {"los", "nlos", "auto"};
const std::vector<std::string_view> kFadingTypes = {"none", "rayleigh", "rician", "nakagami"};
const std::vector<std::string_view> kModcodTables = {"dvb-s2"};
// Sections a radio scenario cannot have.
const std::vector<std::string_view> kVehicleSections = {"road", "ego", "targets", "end", "sensors"};

const Quantity kCarrier{Dimension::kFrequency, above_to(0.0, 100e9)};
const Quantity kSymbolRate{Dimension::kFrequency, above_to(0.0, 10e9)};
const Quantity kPower{Dimension::kPowerLevel, from_to(-100.0, 100.0)};
const Quantity kInterference{Dimension::kPowerLevel, from_to(-300.0, 100.0)};
const Quantity kGain{Dimension::kDecibel, from_to(-50.0, 80.0)};
const Quantity kNoiseFigure{Dimension::kDecibel, from_to(0.0, 30.0)};
const Quantity kLoss{Dimension::kDecibel, from_to(0.0, 300.0)};
const Quantity kDistance{Dimension::kLength, above_to(0.0, 1e8)};
const Quantity kPosition{Dimension::kLength, from_to(-1e8, 1e8)};
const Quantity kTerminalSpeed{Dimension::kSpeed, from_to(0.0, 1000.0)};
// LEO: from the lowest practical orbit to the top of the LEO region (radio.md §6).
const Quantity kAltitude{Dimension::kLength, from_to(160e3, 2000e3)};
const Quantity kElevation{Dimension::kAngle, above_to(0.0, units::kPi / 2.0)};
const Quantity kHeight{Dimension::kLength, above_to(0.0, 500.0)};
const Quantity kExponent{Dimension::kNone, from_to(1.0, 8.0)};
const Quantity kSigma{Dimension::kDecibel, from_to(0.0, 30.0)};
const Quantity kKFactor{Dimension::kDecibel, from_to(-30.0, 40.0)};
const Quantity kNakagamiM{Dimension::kNone, from_to(0.5, 100.0)};
const Quantity kDoppler{Dimension::kFrequency, from_to(0.0, 1e6)};
const Quantity kBlockTime{Dimension::kTime, from_to(0.0, 3600.0)};
const Quantity kEventTime{Dimension::kTime, from_to(0.0, 3600.0)};
const Quantity kDelay{Dimension::kTime, from_to(0.0, 60.0)};
const Quantity kReportNoise{Dimension::kDecibel, from_to(0.0, 20.0)};
const Quantity kFraction{Dimension::kRatio, from_to(0.0, 1.0)};
const Quantity kMarginDb{Dimension::kDecibel, from_to(-50.0, 50.0)};
const Quantity kRecovery{Dimension::kTime, from_to(0.0, 3600.0)};
const Quantity kOverreach{Dimension::kDecibel, from_to(-50.0, 50.0)};
const Quantity kEnergyPerBit{Dimension::kNone, above(0.0)};

RadioScenario& radio(Context& c) {
  return *c.s.radio;
}

// The member `key` when present, else the default (in SI, dB or dBm).
Status optional_number(const Object& o, std::string_view key, const Quantity& q, const Context& c,
                       double default_value, Number& out) {
  return read_optional_number(o, key, q, c, default_value, out);
}

Status read_link(const Object& root, Context& c) {
  auto at = root.require("link");
  if (!at) return at.error();
  auto o = Object::open(*at,
                        {"carrier", "symbol_rate", "tx_power", "tx_gain", "rx_gain", "noise_figure",
                         "extra_loss", "interference"},
                        "\"link\"");
  if (!o) return o.error();
  RadioScenario& r = radio(c);
  SCENARIO_TRY(read_required_number(*o, "carrier", kCarrier, c, r.carrier));
  SCENARIO_TRY(read_required_number(*o, "symbol_rate", kSymbolRate, c, r.symbol_rate));
  SCENARIO_TRY(read_required_number(*o, "tx_power", kPower, c, r.tx_power));
  SCENARIO_TRY(optional_number(*o, "tx_gain", kGain, c, 0.0, r.tx_gain));
  SCENARIO_TRY(optional_number(*o, "rx_gain", kGain, c, 0.0, r.rx_gain));
  SCENARIO_TRY(optional_number(*o, "noise_figure", kNoiseFigure, c, 5.0, r.noise_figure));
  SCENARIO_TRY(optional_number(*o, "extra_loss", kLoss, c, 0.0, r.extra_loss));
  if (o->has("interference")) {
    Number n;
    SCENARIO_TRY(read_number(o->get("interference"), kInterference, c, n));
    r.interference = n;
  }
  return {};
}

Status read_route(const At& at, const Context& c, RadioGeometry& g) {
  if (!at.value->is_array() || at.value->empty()) {
    return at.type_error("a non-empty array of [x, y] waypoints");
  }
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    const At point = at.element(i);
    if (!point.value->is_array() || point.value->size() != 2) {
      return point.type_error("a waypoint [x, y]");
    }
    Number x, y;
    SCENARIO_TRY(read_number(point.element(0), kPosition, c, x));
    SCENARIO_TRY(read_number(point.element(1), kPosition, c, y));
    g.route.emplace_back(std::move(x), std::move(y));
  }
  return {};
}

std::vector<std::string_view> geometry_keys(std::string_view type) {
  if (type == "static") return {"type", "distance"};
  if (type == "linear") return {"type", "start", "offset", "speed"};
  if (type == "route") return {"type", "waypoints", "speed"};
  return {"type", "altitude", "max_elevation"};
}

Status read_geometry(const Object& root, Context& c) {
  auto at = root.require("geometry");
  if (!at) return at.error();
  if (!at->value->is_object()) return at->type_error("an object");
  RadioGeometry& g = radio(c).geometry;
  if (!at->value->contains("type")) {
    return at->error("missing required key \"type\" in \"geometry\"; types: " +
                     join_quoted(kGeometryTypes));
  }
  SCENARIO_TRY(read_choice(at->member("type"), kGeometryTypes, "geometry type", g.type));
  auto o = Object::open(*at, geometry_keys(g.type), "geometry " + in_quotes(g.type));
  if (!o) return o.error();
  if (g.type == "static") return read_required_number(*o, "distance", kDistance, c, g.distance);
  if (g.type == "linear") {
    SCENARIO_TRY(read_required_number(*o, "start", kPosition, c, g.start));
    SCENARIO_TRY(read_required_number(*o, "offset", kDistance, c, g.offset));
    return read_required_number(*o, "speed", kTerminalSpeed, c, g.speed);
  }
  if (g.type == "route") {
    auto waypoints = o->require("waypoints");
    if (!waypoints) return waypoints.error();
    SCENARIO_TRY(read_route(*waypoints, c, g));
    return read_required_number(*o, "speed", kTerminalSpeed, c, g.speed);
  }
  SCENARIO_TRY(read_required_number(*o, "altitude", kAltitude, c, g.altitude));
  return optional_number(*o, "max_elevation", kElevation, c, units::kPi / 2.0, g.max_elevation);
}

std::vector<std::string_view> path_loss_keys(std::string_view model) {
  if (model == "log_distance") return {"model", "d0", "pl_d0", "exponent"};
  if (model == "hata") return {"model", "environment", "bs_height", "ut_height"};
  if (model == "tr38901") return {"model", "scenario", "condition", "bs_height", "ut_height"};
  return {"model"};
}

Status read_path_loss(const Object& root, Context& c) {
  RadioPathLoss& p = radio(c).path_loss;
  const std::string pointer = pointer_append(root.at().pointer, "path_loss");
  p.d0 = default_number(1.0, Dimension::kLength, pointer + "/d0");
  p.pl_d0 = default_number(40.0, Dimension::kDecibel, pointer + "/pl_d0");
  p.exponent = default_number(3.0, Dimension::kNone, pointer + "/exponent");
  p.bs_height = default_number(30.0, Dimension::kLength, pointer + "/bs_height");
  p.ut_height = default_number(1.5, Dimension::kLength, pointer + "/ut_height");
  if (!root.has("path_loss")) return {};
  const At at = root.get("path_loss");
  if (!at.value->is_object()) return at.type_error("an object");
  if (!at.value->contains("model")) {
    return at.error("missing required key \"model\" in \"path_loss\"; models: " +
                    join_quoted(kPathLossModels));
  }
  SCENARIO_TRY(read_choice(at.member("model"), kPathLossModels, "path loss model", p.model));
  auto o = Object::open(at, path_loss_keys(p.model), "path loss " + in_quotes(p.model));
  if (!o) return o.error();
  if (p.model == "log_distance") {
    SCENARIO_TRY(optional_number(*o, "d0", kDistance, c, 1.0, p.d0));
    SCENARIO_TRY(optional_number(*o, "pl_d0", kLoss, c, 40.0, p.pl_d0));
    return optional_number(*o, "exponent", kExponent, c, 3.0, p.exponent);
  }
  if (p.model == "hata" && o->has("environment")) {
    SCENARIO_TRY(
        read_choice(o->get("environment"), kHataEnvironments, "Hata environment", p.environment));
  }
  if (p.model == "tr38901") {
    if (o->has("scenario")) {
      SCENARIO_TRY(
          read_choice(o->get("scenario"), kTr38901Scenarios, "TR 38.901 scenario", p.scenario));
    }
    if (o->has("condition")) {
      SCENARIO_TRY(read_choice(o->get("condition"), kConditions, "condition", p.condition));
    }
  }
  if (p.model == "hata" || p.model == "tr38901") {
    SCENARIO_TRY(optional_number(*o, "bs_height", kHeight, c, 30.0, p.bs_height));
    SCENARIO_TRY(optional_number(*o, "ut_height", kHeight, c, 1.5, p.ut_height));
  }
  return {};
}

Status read_shadowing(const Object& root, Context& c) {
  RadioScenario& r = radio(c);
  const std::string pointer = pointer_append(root.at().pointer, "shadowing");
  r.shadow_sigma = default_number(0.0, Dimension::kDecibel, pointer + "/sigma");
  r.shadow_correlation = default_number(50.0, Dimension::kLength, pointer + "/correlation");
  if (!root.has("shadowing")) return {};
  auto o = Object::open(root.get("shadowing"), {"sigma", "correlation"}, "\"shadowing\"");
  if (!o) return o.error();
  SCENARIO_TRY(read_required_number(*o, "sigma", kSigma, c, r.shadow_sigma));
  return optional_number(*o, "correlation", kDistance, c, 50.0, r.shadow_correlation);
}

std::vector<std::string_view> fading_keys(std::string_view type) {
  std::vector<std::string_view> keys = {"type", "doppler", "block", "oscillators"};
  if (type == "rician") keys.push_back("k_factor");
  if (type == "nakagami") keys.push_back("m");
  if (type == "none") keys = {"type"};
  return keys;
}

Status read_fading(const Object& root, Context& c) {
  RadioFading& f = radio(c).fading;
  const std::string pointer = pointer_append(root.at().pointer, "fading");
  f.k_factor = default_number(0.0, Dimension::kDecibel, pointer + "/k_factor");
  f.m = default_number(1.0, Dimension::kNone, pointer + "/m");
  f.block = default_number(0.0, Dimension::kTime, pointer + "/block");
  if (!root.has("fading")) return {};
  const At at = root.get("fading");
  if (!at.value->is_object()) return at.type_error("an object");
  if (!at.value->contains("type")) {
    return at.error("missing required key \"type\" in \"fading\"; types: " +
                    join_quoted(kFadingTypes));
  }
  SCENARIO_TRY(read_choice(at.member("type"), kFadingTypes, "fading type", f.type));
  auto o = Object::open(at, fading_keys(f.type), "fading " + in_quotes(f.type));
  if (!o) return o.error();
  if (f.type == "rician")
    SCENARIO_TRY(read_required_number(*o, "k_factor", kKFactor, c, f.k_factor));
  if (f.type == "nakagami") SCENARIO_TRY(read_required_number(*o, "m", kNakagamiM, c, f.m));
  if (o->has("doppler")) {
    Number n;
    SCENARIO_TRY(read_number(o->get("doppler"), kDoppler, c, n));
    f.doppler = n;
  }
  SCENARIO_TRY(optional_number(*o, "block", kBlockTime, c, 0.0, f.block));
  if (o->has("oscillators")) {
    std::int64_t n = 32;
    SCENARIO_TRY(read_int(o->get("oscillators"), 4, 1024, n));
    f.oscillators = static_cast<int>(n);
  }
  return {};
}

Status read_blockage(const At& at, const Context& c, RadioBlockage& b) {
  auto o = Object::open(at, {"start", "end", "loss"}, "a blockage");
  if (!o) return o.error();
  b.pointer = at.pointer;
  SCENARIO_TRY(read_required_number(*o, "start", kEventTime, c, b.start));
  SCENARIO_TRY(read_required_number(*o, "end", kEventTime, c, b.end));
  SCENARIO_TRY(read_required_number(*o, "loss", kLoss, c, b.loss));
  // Parameterised bounds are checked per case by the planner.
  if (!b.start.is_param() && !b.end.is_param() && !(b.end.si > b.start.si)) {
    return o->get("end").error("\"end\" must be after \"start\" (" +
                               show_si(b.start.si, Dimension::kTime) + ")");
  }
  return {};
}

Status read_blockages(const Object& root, Context& c) {
  if (!root.has("blockages")) return {};
  const At at = root.get("blockages");
  if (!at.value->is_array()) return at.type_error("an array of blockages");
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    RadioBlockage b;
    SCENARIO_TRY(read_blockage(at.element(i), c, b));
    radio(c).blockages.push_back(std::move(b));
  }
  return {};
}

Status read_feedback(const Object& root, Context& c) {
  RadioScenario& r = radio(c);
  const std::string pointer = pointer_append(root.at().pointer, "feedback");
  // Defaults: one step of delay, 0.5 dB report noise (the closed loop's defaults).
  r.feedback_delay = default_number(c.s.simulator.dt, Dimension::kTime, pointer + "/delay");
  r.feedback_snr_noise = default_number(0.5, Dimension::kDecibel, pointer + "/snr_noise");
  if (!root.has("feedback")) return {};
  auto o = Object::open(root.get("feedback"), {"delay", "snr_noise"}, "\"feedback\"");
  if (!o) return o.error();
  SCENARIO_TRY(optional_number(*o, "delay", kDelay, c, c.s.simulator.dt, r.feedback_delay));
  return optional_number(*o, "snr_noise", kReportNoise, c, 0.5, r.feedback_snr_noise);
}

// What each radio oracle type takes: (key, quantity, required).
struct Criterion {
  std::string_view key;
  Quantity quantity;
  bool required;
};

std::vector<Criterion> criteria(std::string_view type) {
  if (type == "throughput_vs_genie") return {{"min", kFraction, true}};
  if (type == "bler" || type == "outage") return {{"max", kFraction, true}};
  if (type == "link_margin") return {{"min", kMarginDb, true}, {"max", kFraction, false}};
  if (type == "recovery_time") return {{"max", kRecovery, true}};
  if (type == "max_overreach") return {{"max", kOverreach, true}};
  return {{"max", kEnergyPerBit, true}};  // energy_per_bit [J/bit]
}

Status read_radio_oracle(const At& at, const Context& c, OracleSpec& spec) {
  spec.pointer = at.pointer;
  if (!at.value->is_object()) return at.type_error("an object");
  if (!at.value->contains("type")) {
    return at.error("missing required key \"type\" in a radio oracle; types: " +
                    join_quoted(radio_oracle_types()));
  }
  SCENARIO_TRY(
      read_choice(at.member("type"), radio_oracle_types(), "radio oracle type", spec.type));
  std::vector<std::string_view> keys = {"type", "id", "requirements"};
  for (const auto& k : criteria(spec.type)) keys.push_back(k.key);
  auto o = Object::open(at, keys, "radio oracle " + in_quotes(spec.type));
  if (!o) return o.error();
  spec.id = spec.type;
  if (o->has("id")) SCENARIO_TRY(read_id(o->get("id"), spec.id));
  if (o->has("requirements")) SCENARIO_TRY(read_strings(o->get("requirements"), spec.requirements));
  for (const auto& k : criteria(spec.type)) {
    if (!k.required && !o->has(k.key)) continue;
    Number n;
    SCENARIO_TRY(read_required_number(*o, k.key, k.quantity, c, n));
    (k.key == "min" ? spec.min : spec.max) = n;
  }
  return {};
}

Status read_radio_oracles(const Object& root, Context& c) {
  if (!root.has("oracles")) return {};
  const At at = root.get("oracles");
  if (!at.value->is_array()) return at.type_error("an array of oracles");
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    OracleSpec spec;
    const At element = at.element(i);
    SCENARIO_TRY(read_radio_oracle(element, c, spec));
    if (!ids.insert(spec.id).second) {
      const bool named = element.value->contains("id");
      return (named ? element.member("id") : element)
          .error("duplicate oracle id " + in_quotes(spec.id) +
                 (named ? "" : " (the default id is the type)") +
                 "; give each oracle its own \"id\"");
    }
    radio(c).oracles.push_back(std::move(spec));
  }
  return {};
}

}  // namespace

const std::vector<std::string_view>& radio_section_keys() {
  static const std::vector<std::string_view> keys = {
      "link", "geometry", "path_loss", "shadowing", "fading", "blockages", "feedback", "modcods"};
  return keys;
}

Status read_radio_sections(const Object& root, Context& c) {
  for (std::string_view key : kVehicleSections) {
    if (!root.has(key)) continue;
    return root.get(key).key_error(in_quotes(key) +
                                   " is a vehicle section; a radio scenario (\"simulator\": "
                                   "{\"family\": \"radio\"}) describes its link with " +
                                   join_quoted(radio_section_keys()));
  }
  c.s.radio = std::make_shared<RadioScenario>();
  SCENARIO_TRY(read_link(root, c));
  SCENARIO_TRY(read_geometry(root, c));
  SCENARIO_TRY(read_path_loss(root, c));
  SCENARIO_TRY(read_shadowing(root, c));
  SCENARIO_TRY(read_fading(root, c));
  SCENARIO_TRY(read_blockages(root, c));
  SCENARIO_TRY(read_feedback(root, c));
  if (root.has("modcods")) {
    SCENARIO_TRY(read_choice(root.get("modcods"), kModcodTables, "MODCOD table", radio(c).modcods));
  }
  return read_radio_oracles(root, c);
}

Status reject_radio_sections(const Object& root) {
  for (std::string_view key : radio_section_keys()) {
    if (!root.has(key)) continue;
    return root.get(key).key_error(in_quotes(key) +
                                   " is a radio section; it needs \"simulator\": {\"family\": "
                                   "\"radio\"} (this scenario is of the vehicle family)");
  }
  return {};
}

}  // namespace reader
}  // namespace assay::scenario
