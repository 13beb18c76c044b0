// Parser and validator for "assay.scenario/1" files. Every reader gets the value together with
// its JSON pointer (an `At`), so every error names file:line:col and the pointer. The first error
// found is returned; checks run section by section in a fixed order, so the result is
// deterministic. The format is documented in docs/scenario-format.md.
#include "harness/scenario.h"

#include "harness/scenario_radio_reader.h"
#include "harness/scenario_reader.h"
#include "harness/scenario_sensors.h"
#include "oracles/stl_monitor.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace assay::scenario {
namespace {

using namespace reader;  // the located reading helpers, moved to scenario_reader.h
using nlohmann::json;
using units::Dimension;

constexpr std::array<std::string_view, 2> kFamilies = {"vehicle", "radio"};
constexpr std::array<std::string_view, 4> kVehicleModels = {"kinematic", "dynamic-linear",
                                                            "dynamic-pacejka", "bullet"};
// The built-in parameter sets of sim/vehicle/vehicle_params.cc. Repeated here because the
// scenario library must not depend on the simulator (lint and the fuzz target link only this).
constexpr std::array<std::string_view, 3> kVehicles = {"bmw-320i", "ford-escort", "vw-vanagon"};
constexpr std::array<std::string_view, 3> kBehaviourTypes = {"hold_speed", "change_speed",
                                                             "lane_change"};
constexpr std::array<std::string_view, 16> kOracleTypes = {"collision",
                                                           "impact_speed_band",
                                                           "min_ttc",
                                                           "min_time_headway",
                                                           "max_deceleration",
                                                           "max_jerk",
                                                           "stopped_before_contact",
                                                           "stl",
                                                           "rss",
                                                           "r157_following_distance",
                                                           "r157_cut_in",
                                                           "r157_preventable",

                                                           "max_tet",
                                                           "max_tit",
                                                           "min_pet",
                                                           "max_delta_v"};
// RSS parameter sets (oracles/safety_metrics.cc, driving-protocols.md §3).
constexpr std::array<std::string_view, 2> kRssSets = {"intel-default", "r157-jrc"};
constexpr std::array<std::string_view, 1> kBandTables = {"euro-ncap-2026"};
constexpr std::array<std::string_view, 4> kColours = {"green", "yellow", "orange", "brown"};
constexpr std::array<std::string_view, 2> kDirections = {"left", "right"};

// A target's speed relative to the ego's, and a lane change's longitudinal acceleration.
const Quantity kRelativeSpeedField{Dimension::kSpeed, from_to(-100.0, 100.0)};
const Quantity kLaneChangeAccel{Dimension::kAcceleration, from_to(-20.0, 20.0)};

// Bullet's fixed internal step is 1/200 s; the scenario step must be a whole number of them.
constexpr double kBulletStep = 0.005;
// Truncated normals are redrawn until inside [min, max]; below this probability mass the
// redrawing would take too long to be a sensible space.
constexpr double kMinNormalMass = 0.01;
// Range expansion tolerates this much float drift (in steps) at the upper end.
constexpr double kRangeSlack = 1e-9;

// ---------------------------------------------------------------------------------------------
// Parameters

Status read_parameter_unit(const Object& o, ParameterDef& p) {
  if (!o.has("unit")) return {};
  const At at = o.get("unit");
  SCENARIO_TRY(read_string(at, p.unit));
  const auto info = units::find_unit(p.unit);
  if (!info) {
    return at.error("unknown unit " + in_quotes(p.unit) +
                    "; known units by dimension: " + all_units());
  }
  p.dimension = info->dimension;
  p.to_si = info->to_si;
  p.si_offset = info->offset;
  return {};
}

Status read_set(const At& at, ParameterDef& p) {
  if (!at.value->is_array()) return at.type_error("an array of numbers");
  if (at.value->empty()) return at.error(at.label + " must not be empty");
  std::set<double> seen;
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    double v = 0.0;
    const At element = at.element(i);
    SCENARIO_TRY(read_plain_number(element, p, v));
    if (!seen.insert(v).second) {
      return element.error(element.label + ": the value " + show_number(v) +
                           " appears twice; each value makes its own cases");
    }
    p.values.push_back(v);
  }
  return {};
}

Status read_range(const At& at, ParameterDef& p) {
  auto o = Object::open(at, {"from", "to", "step"}, "range of parameter " + in_quotes(p.name));
  if (!o) return o.error();
  std::array<double, 3> bounds = {0.0, 0.0, 0.0};
  const std::array<std::string_view, 3> keys = {"from", "to", "step"};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto member = o->require(keys[i]);
    if (!member) return member.error();
    SCENARIO_TRY(read_plain_number(*member, p, bounds[i]));
  }
  const double from = bounds[0], to = bounds[1], step = bounds[2];
  if (!(step > 0.0)) return o->get("step").error("\"step\" must be greater than 0");
  if (from > to)
    return o->get("to").error("\"to\" must be at least \"from\" (" + show_number(from) + ")");
  const double count = std::floor((to - from) / step + kRangeSlack) + 1.0;
  if (!(count <= static_cast<double>(kMaxCases))) {
    return at.error("range of parameter " + in_quotes(p.name) + " has " + show_number(count) +
                    " values; a scenario may have at most " + std::to_string(kMaxCases) + " cases");
  }
  const auto n = static_cast<std::size_t>(count);
  p.values.reserve(n);
  // from + i·step, not repeated addition, so errors do not accumulate along the grid.
  for (std::size_t i = 0; i < n; ++i) p.values.push_back(from + static_cast<double>(i) * step);
  return {};
}

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

Status read_uniform(const At& at, ParameterDef& p) {
  auto o = Object::open(at, {"min", "max"}, "uniform parameter " + in_quotes(p.name));
  if (!o) return o.error();
  for (auto [key, out] : {std::pair{"min", &p.a}, std::pair{"max", &p.b}}) {
    auto member = o->require(key);
    if (!member) return member.error();
    SCENARIO_TRY(read_plain_number(*member, p, *out));
  }
  if (!(p.a < p.b)) {
    return o->get("max").error("\"max\" must be greater than \"min\" (" + show_number(p.a) + ")");
  }
  return {};
}

// Fraction of a normal's mass inside its truncation bounds.
double normal_mass(const ParameterDef& p) {
  const double lo = p.min ? normal_cdf((*p.min - p.a) / p.b) : 0.0;
  const double hi = p.max ? normal_cdf((*p.max - p.a) / p.b) : 1.0;
  return hi - lo;
}

Status read_normal(const At& at, ParameterDef& p) {
  auto o =
      Object::open(at, {"mean", "stdev", "min", "max"}, "normal parameter " + in_quotes(p.name));
  if (!o) return o.error();
  for (auto [key, out] : {std::pair{"mean", &p.a}, std::pair{"stdev", &p.b}}) {
    auto member = o->require(key);
    if (!member) return member.error();
    SCENARIO_TRY(read_plain_number(*member, p, *out));
  }
  if (!(p.b > 0.0)) return o->get("stdev").error("\"stdev\" must be greater than 0");
  for (auto [key, out] : {std::pair{"min", &p.min}, std::pair{"max", &p.max}}) {
    if (!o->has(key)) continue;
    double v = 0.0;
    SCENARIO_TRY(read_plain_number(o->get(key), p, v));
    *out = v;
  }
  if (p.min && p.max && !(*p.min < *p.max)) {
    return o->get("max").error("\"max\" must be greater than \"min\" (" + show_number(*p.min) +
                               ")");
  }
  if (const double mass = normal_mass(p); mass < kMinNormalMass) {
    return at.error("normal parameter " + in_quotes(p.name) + " keeps only " +
                    show_number(mass * 100.0) + " % of its draws inside [min, max] (at least " +
                    show_number(kMinNormalMass * 100.0) +
                    " % needed, since draws outside are redrawn); move the bounds towards the "
                    "mean or widen them");
  }
  return {};
}

// {"parameter": NAME, "values": [...]}: one value per value of an earlier grid parameter, so
// the two vary together (a column of a table) instead of spanning the grid.
Status read_per(const At& at, const std::vector<ParameterDef>& earlier, ParameterDef& p) {
  auto o = Object::open(at, {"parameter", "values"}, "\"per\"");
  if (!o) return o.error();
  auto name = o->require("parameter");
  if (!name) return name.error();
  if (!name->value->is_string()) return name->type_error("a parameter name");
  const std::string& followed = name->value->get_ref<const std::string&>();
  auto it = std::find_if(earlier.begin(), earlier.end(),
                         [&](const ParameterDef& q) { return q.name == followed; });
  if (it == earlier.end() || !it->is_grid()) {
    return name->error("\"per\" needs an earlier set or range parameter; got " +
                       in_quotes(followed));
  }
  auto values = o->require("values");
  if (!values) return values.error();
  if (!values->value->is_array()) return values->type_error("an array of numbers");
  for (std::size_t i = 0; i < values->value->size(); ++i) {
    const At e = values->element(i);
    if (!e.value->is_number()) return e.type_error("a number");
    p.values.push_back(e.value->get<double>());
  }
  if (p.values.size() != it->values.size()) {
    return values->error("\"values\" has " + std::to_string(p.values.size()) + " values, but $" +
                         followed + " takes " + std::to_string(it->values.size()));
  }
  p.kind = ParameterDef::Kind::kPer;
  p.per = static_cast<std::size_t>(it - earlier.begin());
  return {};
}

Status read_parameter(const At& at, const std::string& name,
                      const std::vector<ParameterDef>& earlier, ParameterDef& p) {
  if (!is_parameter_name(name)) {
    return at.key_error("parameter name " + in_quotes(name) + " must match [a-z_][a-z0-9_]*");
  }
  p.name = name;
  p.pointer = at.pointer;
  auto o = Object::open(at, {"unit", "set", "range", "uniform", "normal", "per"},
                        "parameter " + in_quotes(name));
  if (!o) return o.error();
  SCENARIO_TRY(read_parameter_unit(*o, p));
  std::string kind;
  SCENARIO_TRY(o->exactly_one({"set", "range", "uniform", "normal", "per"}, true, kind));
  const At value = o->get(kind);
  if (kind == "per") return read_per(value, earlier, p);
  if (kind == "set") {
    p.kind = ParameterDef::Kind::kSet;
    return read_set(value, p);
  }
  if (kind == "range") {
    p.kind = ParameterDef::Kind::kRange;
    return read_range(value, p);
  }
  if (kind == "uniform") {
    p.kind = ParameterDef::Kind::kUniform;
    return read_uniform(value, p);
  }
  p.kind = ParameterDef::Kind::kNormal;
  return read_normal(value, p);
}

Status read_parameters(const Object& root, Context& c) {
  if (!root.has("parameters")) return {};
  const At at = root.get("parameters");
  if (!at.value->is_object()) return at.type_error("an object of parameter definitions");
  std::uint64_t grid = 1;
  for (const std::string& name : keys_in_file_order(at)) {
    ParameterDef p;
    const At member = at.member(name);
    SCENARIO_TRY(read_parameter(member, name, c.s.parameters, p));
    if (p.is_grid()) grid *= p.values.size();  // both ≤ kMaxCases: no overflow
    if (grid > kMaxCases) {
      return member.key_error("with parameter " + in_quotes(name) + " the grid has " +
                              std::to_string(grid) + " points; a scenario may have at most " +
                              std::to_string(kMaxCases) + " cases");
    }
    c.s.parameters.push_back(std::move(p));
  }
  // Indexed only now: pushing into the vector above may move its elements.
  for (const ParameterDef& p : c.s.parameters) c.parameters.emplace(p.name, &p);
  return {};
}

Status read_samples(const Object& root, Context& c) {
  if (!root.has("samples")) return {};
  const At at = root.get("samples");
  std::int64_t n = 1;
  SCENARIO_TRY(read_int(at, 1, static_cast<std::int64_t>(kMaxCases), n));
  const bool any_random = std::any_of(c.s.parameters.begin(), c.s.parameters.end(),
                                      [](const ParameterDef& p) { return p.is_random(); });
  if (n > 1 && !any_random) {
    return at.error("\"samples\" is " + std::to_string(n) +
                    ", but no parameter is random (uniform or normal), so every sample would "
                    "repeat the same case");
  }
  const std::uint64_t cases = c.s.grid_size() * static_cast<std::uint64_t>(n);
  if (cases > kMaxCases) {
    return at.error(std::to_string(c.s.grid_size()) + " grid points × " + std::to_string(n) +
                    " samples make " + std::to_string(cases) +
                    " cases; a scenario may have at most " + std::to_string(kMaxCases));
  }
  c.s.samples = static_cast<std::uint64_t>(n);
  return {};
}

// ---------------------------------------------------------------------------------------------
// World

Status read_simulator(const Object& root, Context& c) {
  auto at = root.require("simulator");
  if (!at) return at.error();
  auto o = Object::open(*at, {"vehicle_model", "dt", "duration", "family"}, "\"simulator\"");
  if (!o) return o.error();
  Simulator& sim = c.s.simulator;
  if (o->has("family")) {
    SCENARIO_TRY(read_choice(o->get("family"), kFamilies, "simulator family", sim.family));
    if (sim.family == "radio" && o->has("vehicle_model")) {
      return o->get("vehicle_model").key_error("\"vehicle_model\" is for the vehicle family");
    }
  }
  if (o->has("vehicle_model")) {
    SCENARIO_TRY(
        read_choice(o->get("vehicle_model"), kVehicleModels, "vehicle model", sim.vehicle_model));
  }
  if (o->has("dt")) SCENARIO_TRY(read_literal(o->get("dt"), kStepField, sim.dt));
  const double steps = sim.dt / kBulletStep;
  if (sim.vehicle_model == "bullet" && std::abs(steps - std::round(steps)) > 1e-6) {
    const At where = o->has("dt") ? o->get("dt") : *at;
    return where.error(
        "with vehicle_model \"bullet\", \"dt\" must be a multiple of 0.005 s "
        "(Bullet's internal step); got " +
        show_si(sim.dt, Dimension::kTime));
  }
  auto duration = o->require("duration");
  if (!duration) return duration.error();
  SCENARIO_TRY(read_literal(*duration, kDurationField, sim.duration));
  if (sim.duration < sim.dt) {
    return duration->error("\"duration\" must be at least \"dt\" (" +
                           show_si(sim.dt, Dimension::kTime) + ")");
  }
  return {};
}

Status read_road(const Object& root, Context& c) {
  if (!root.has("road")) return {};
  const At at = root.get("road");
  if (at.value->is_object() && at.value->contains("curvature")) {
    return at.member("curvature")
        .key_error(
            "unknown key \"curvature\" in \"road\"; a curved road is written "
            "\"curve\": {\"radius\": \"250 m\", \"direction\": \"left\"}");
  }
  auto o = Object::open(at, {"lanes", "lane_width", "curve"}, "\"road\"");
  if (!o) return o.error();
  if (o->has("lanes")) {
    std::int64_t lanes = 1;
    SCENARIO_TRY(read_int(o->get("lanes"), 1, 8, lanes));
    c.s.road.lanes = static_cast<int>(lanes);
  }
  if (o->has("lane_width")) {
    SCENARIO_TRY(read_literal(o->get("lane_width"), kLaneWidthField, c.s.road.lane_width));
  }
  return {};
}

// "left" → +1, "right" → −1, or "$name" of a set or range parameter whose values are all ±1.
Status read_direction(const At& at, const Context& c, Number& out) {
  out = Number::literal(0.0);
  out.pointer = at.pointer;
  constexpr std::string_view kExpected =
      "\"left\", \"right\" or a parameter \"$name\" whose values are 1 (left) and -1 (right)";
  if (!at.value->is_string()) return at.type_error(kExpected);
  const std::string text = at.value->get<std::string>();
  if (text == "left" || text == "right") {
    out.si = text == "left" ? 1.0 : -1.0;
    return {};
  }
  if (text.empty() || text[0] != '$') {
    return at.error("unknown direction " + in_quotes(text) + suggestion(text, kDirections) +
                    "; expected " + std::string(kExpected));
  }
  if (const ParameterDef* unit = c.find_parameter(std::string_view(text).substr(1));
      unit != nullptr && unit->dimension != Dimension::kNone) {
    return at.error(at.label +
                    " takes a parameter without a unit (values 1 and -1), but parameter " +
                    in_quotes(unit->name) + " has the unit " + in_quotes(unit->unit));
  }
  SCENARIO_TRY(read_reference(at, Quantity{Dimension::kNone, no_limits()}, c, text, out));
  const ParameterDef* p = c.find_parameter(out.param);
  if (p->is_random()) {
    return at.error(at.label + " cannot be the random parameter " + in_quotes(p->name) +
                    "; give it a \"set\" of 1 (left) and -1 (right)");
  }
  for (double v : p->values) {
    if (v * p->to_si != 1.0 && v * p->to_si != -1.0) {
      return at.error(at.label + " takes 1 (left) or -1 (right), but parameter " +
                      in_quotes(p->name) + " takes the value " + show_in_unit(v, *p));
    }
  }
  return {};
}

// "road"/"curve", read after the parameters so radius, direction and lead-in can be swept. A
// radius at or below half the road's width would put the inner edge at or past the centre of
// curvature; actors beyond it are refused when each case is planned (harness/plan.cc).
Status read_curve(const Object& root, Context& c) {
  if (!root.has("road") || !root.get("road").value->contains("curve")) return {};
  const At at = root.get("road").member("curve");
  auto o = Object::open(at, {"radius", "direction", "lead_in"}, "\"curve\"");
  if (!o) return o.error();
  Curve curve;
  curve.pointer = at.pointer;
  SCENARIO_TRY(read_required_number(*o, "radius", kPositiveLength, c, curve.radius));
  const double half = 0.5 * c.s.road.lanes * c.s.road.lane_width;
  Number checked;
  if (auto inside =
          read_number(o->get("radius"), Quantity{Dimension::kLength, above(half)}, c, checked);
      !inside.ok()) {
    Error e = inside.error();
    e.message +=
        "; the radius is that of the road's centre line and must exceed half the "
        "road's width, or the inner edge would reach the centre of curvature";
    return e;
  }
  auto direction = o->require("direction");
  if (!direction) return direction.error();
  SCENARIO_TRY(read_direction(*direction, c, curve.direction));
  SCENARIO_TRY(read_optional_number(*o, "lead_in", kNonNegativeLength, c, 0.0, curve.lead_in));
  c.s.road.curve = std::move(curve);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Actors

// A lane index below road.lanes.
Status read_lane_index(const At& at, const Context& c, int& lane) {
  std::int64_t v = 0;
  SCENARIO_TRY(read_int(at, 0, 7, v));
  if (v >= c.s.road.lanes) {
    const std::string lanes = c.s.road.lanes == 1
                                  ? "1 lane (lane 0)"
                                  : std::to_string(c.s.road.lanes) + " lanes (0 to " +
                                        std::to_string(c.s.road.lanes - 1) + ")";
    return at.error(at.label + " is " + std::to_string(v) + ", but the road has " + lanes +
                    "; lane 0 is the rightmost");
  }
  lane = static_cast<int>(v);
  return {};
}

Status read_lane(const Object& o, const Context& c, int default_lane, int& lane) {
  if (!o.has("lane")) {
    lane = default_lane;
    return {};
  }
  return read_lane_index(o.get("lane"), c, lane);
}

Status check_target_id(const At& at, const Context& c, const std::string& id) {
  if (c.target_ids.contains(id)) return {};
  std::vector<std::string> ids;
  for (const Actor& t : c.s.targets) ids.push_back(t.id);
  const std::string known =
      ids.empty() ? "the scenario has no targets" : "targets: " + join_quoted(ids);
  return at.error("unknown target " + in_quotes(id) + suggestion(id, ids) + "; " + known);
}

Status read_ego(const Object& root, Context& c) {
  auto at = root.require("ego");
  if (!at) return at.error();
  auto o = Object::open(*at, {"id", "vehicle", "lane", "lateral_offset", "speed", "s"}, "\"ego\"");
  if (!o) return o.error();
  Actor& ego = c.s.ego;
  ego.pointer = at->pointer;
  ego.id = "ego";
  if (o->has("id")) {
    std::string id;
    SCENARIO_TRY(read_string(o->get("id"), id));
    if (id != "ego") {
      return o->get("id").error("the ego's \"id\" is always \"ego\"; got " + in_quotes(id));
    }
  }
  auto vehicle = o->require("vehicle");
  if (!vehicle) return vehicle.error();
  SCENARIO_TRY(read_choice(*vehicle, kVehicles, "vehicle", ego.vehicle));
  SCENARIO_TRY(read_lane(*o, c, 0, ego.lane));
  SCENARIO_TRY(read_optional_number(*o, "lateral_offset", kAnyLength, c, 0.0, ego.lateral_offset));
  SCENARIO_TRY(read_required_number(*o, "speed", kSpeedField, c, ego.speed));
  ego.placement.kind = Placement::Kind::kPosition;
  return read_optional_number(*o, "s", kAnyLength, c, 0.0, ego.placement.value);
}

Status read_dimensions(const At& at, double& length, double& width) {
  auto o = Object::open(at, {"length", "width"}, "\"size\"");
  if (!o) return o.error();
  auto l = o->require("length");
  if (!l) return l.error();
  SCENARIO_TRY(read_literal(*l, kFootprintLength, length));
  auto w = o->require("width");
  if (!w) return w.error();
  return read_literal(*w, kFootprintWidth, width);
}

// "index" of a footprint list: a literal or a grid parameter whose every value is a whole
// number below the number of options (a random draw cannot pick a footprint).
Status read_size_index(const At& at, const Context& c, std::size_t options, Number& out) {
  const Quantity q{Dimension::kNone, from_to(0.0, static_cast<double>(options) - 1.0)};
  SCENARIO_TRY(read_number(at, q, c, out));
  const auto whole = [](double x) { return x == std::floor(x); };
  if (!out.is_param()) {
    if (!whole(out.si))
      return at.error("\"index\" must be a whole number; got " + at.value->dump());
    return {};
  }
  const ParameterDef* p = c.find_parameter(out.param);
  if (p->is_random()) {
    return at.error("\"index\" needs a set or range parameter; $" + p->name + " is random");
  }
  for (double v : p->values) {
    if (!whole(p->si(v))) {
      return at.error("\"index\" needs whole numbers; $" + p->name + " takes " +
                      show_in_unit(v, *p));
    }
  }
  return {};
}

// "size": one footprint {"length", "width"}, or a list chosen per case by a parameter,
// {"options": [{"length", "width"}, ...], "index": "$name"}.
Status read_size(const At& at, const Context& c, Actor& a) {
  if (at.value->is_object() && (at.value->contains("options") || at.value->contains("index"))) {
    auto o = Object::open(at, {"options", "index"}, "\"size\"");
    if (!o) return o.error();
    auto options = o->require("options");
    if (!options) return options.error();
    if (!options->value->is_array() || options->value->empty()) {
      return options->type_error("a non-empty array of {\"length\", \"width\"}");
    }
    for (std::size_t i = 0; i < options->value->size(); ++i) {
      double length = 0.0, width = 0.0;
      SCENARIO_TRY(read_dimensions(options->element(i), length, width));
      a.size_options.emplace_back(length, width);
    }
    auto index = o->require("index");
    if (!index) return index.error();
    Number n;
    SCENARIO_TRY(read_size_index(*index, c, a.size_options.size(), n));
    a.size_index = n;
    return {};
  }
  double length = 0.0, width = 0.0;
  SCENARIO_TRY(read_dimensions(at, length, width));
  a.length = length;
  a.width = width;
  return {};
}

Status read_footprint(const Object& o, const Context& c, Actor& a) {
  std::string key;
  SCENARIO_TRY(o.exactly_one({"vehicle", "size"}, true, key));
  if (key == "vehicle") return read_choice(o.get(key), kVehicles, "vehicle", a.vehicle);
  return read_size(o.get(key), c, a);
}

// Lateral position: "overlap" (which keeps the target in the ego's lane) or "lateral_offset".
Status read_lateral(const Object& o, const Context& c, Actor& a) {
  std::string key;
  SCENARIO_TRY(o.exactly_one({"lateral_offset", "overlap"}, false, key));
  a.lateral_offset =
      default_number(0.0, Dimension::kLength, pointer_append(o.at().pointer, "lateral_offset"));
  if (key == "lateral_offset") {
    SCENARIO_TRY(read_number(o.get(key), kAnyLength, c, a.lateral_offset));
  } else if (key == "overlap") {
    Number overlap;
    SCENARIO_TRY(read_number(o.get(key), overlap_field(), c, overlap));
    a.overlap = overlap;
  }
  SCENARIO_TRY(read_lane(o, c, c.s.ego.lane, a.lane));
  if (a.overlap && a.lane != c.s.ego.lane) {
    return o.get("lane").error("a target placed by \"overlap\" is in the ego's lane (" +
                               std::to_string(c.s.ego.lane) +
                               "); remove \"lane\" or use \"lateral_offset\"");
  }
  return {};
}

Status read_placement(const Object& o, const Context& c, Placement& p) {
  std::string key;
  SCENARIO_TRY(o.exactly_one({"s", "gap", "ttc", "headway"}, true, key));
  const At at = o.get(key);
  if (key == "s") {
    p.kind = Placement::Kind::kPosition;
    return read_number(at, kAnyLength, c, p.value);
  }
  if (key == "gap") {
    p.kind = Placement::Kind::kGap;
    return read_number(at, kNonNegativeLength, c, p.value);
  }
  p.kind = key == "ttc" ? Placement::Kind::kTtc : Placement::Kind::kHeadway;
  return read_number(at, kPositiveTime, c, p.value);
}

// An object with a required "type" from `types`; returns the type.
template <class Names>
Status read_type(const At& at, const Names& types, const std::string& what, std::string& type) {
  if (!at.value->is_object()) return at.type_error("an object");
  if (!at.value->contains("type")) {
    return at.error("missing required key \"type\" in " + what + "; types: " + join_quoted(types));
  }
  return read_choice(at.member("type"), types, what + " type", type);
}

Status read_trigger(const Object& o, const Context& c, Trigger& t) {
  const std::string pointer = pointer_append(o.at().pointer, "trigger");
  t.kind = Trigger::Kind::kStart;
  t.value = default_number(0.0, Dimension::kTime, pointer);
  if (!o.has("trigger")) return {};
  auto to = Object::open(o.get("trigger"), {"time", "gap_below", "ttc_below"}, "\"trigger\"");
  if (!to) return to.error();
  std::string key;
  SCENARIO_TRY(to->exactly_one({"time", "gap_below", "ttc_below"}, true, key));
  const At at = to->get(key);
  if (key == "time") {
    t.kind = Trigger::Kind::kTime;
    return read_number(at, kNonNegativeTime, c, t.value);
  }
  if (key == "gap_below") {
    t.kind = Trigger::Kind::kGapBelow;  // 0: the ego's front has passed the target's rear
    return read_number(at, kNonNegativeLength, c, t.value);
  }
  t.kind = Trigger::Kind::kTtcBelow;
  return read_number(at, kPositiveTime, c, t.value);
}

Status read_change_speed(const Object& o, const Context& c, Behaviour& b) {
  b.kind = Behaviour::Kind::kChangeSpeed;
  SCENARIO_TRY(read_required_number(o, "to", kSpeedField, c, b.target_speed));
  SCENARIO_TRY(read_required_number(o, "rate", kPositiveAcceleration, c, b.rate));
  return read_optional_number(o, "ramp", kNonNegativeTime, c, 0.0, b.ramp);
}

Status read_lane_change(const Object& o, const Context& c, Behaviour& b) {
  b.kind = Behaviour::Kind::kLaneChange;
  std::string key;
  SCENARIO_TRY(o.exactly_one({"offset", "to_lane"}, true, key));
  if (key == "offset") {
    SCENARIO_TRY(read_number(o.get(key), kNonZeroLength, c, b.offset));
  } else {
    int lane = 0;
    SCENARIO_TRY(read_lane_index(o.get(key), c, lane));
    b.to_lane = lane;
  }
  SCENARIO_TRY(o.exactly_one({"lateral_speed", "duration"}, true, key));
  Number n;
  if (key == "lateral_speed") {
    SCENARIO_TRY(read_number(o.get(key), kPositiveSpeed, c, n));
    b.lateral_speed = n;
  } else {
    SCENARIO_TRY(read_number(o.get(key), kPositiveTime, c, n));
    b.duration = n;
  }
  if (o.has("shape")) {
    constexpr std::array<std::string_view, 2> kShapes = {"linear", "sinusoidal"};
    std::string shape;
    SCENARIO_TRY(read_choice(o.get("shape"), kShapes, "lane change shape", shape));
    b.sinusoidal = shape == "sinusoidal";
  }
  return read_optional_number(o, "accel", kLaneChangeAccel, c, 0.0, b.accel);
}

std::vector<std::string_view> behaviour_keys(std::string_view type) {
  if (type == "change_speed") return {"type", "trigger", "to", "rate", "ramp"};
  if (type == "lane_change") {
    return {"type", "trigger", "offset", "to_lane", "lateral_speed", "duration", "shape", "accel"};
  }
  return {"type", "trigger"};
}

Status read_behaviour(const At& at, const Context& c, Behaviour& b) {
  b.pointer = at.pointer;
  std::string type;
  SCENARIO_TRY(read_type(at, kBehaviourTypes, "behaviour", type));
  auto o = Object::open(at, behaviour_keys(type), "behaviour " + in_quotes(type));
  if (!o) return o.error();
  SCENARIO_TRY(read_trigger(*o, c, b.trigger));
  if (type == "change_speed") return read_change_speed(*o, c, b);
  if (type == "lane_change") return read_lane_change(*o, c, b);
  b.kind = Behaviour::Kind::kHoldSpeed;
  return {};
}

Status read_behaviours(const Object& o, const Context& c, Actor& a) {
  if (!o.has("behaviours")) return {};
  const At at = o.get("behaviours");
  if (!at.value->is_array()) return at.type_error("an array of behaviours");
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    Behaviour b;
    SCENARIO_TRY(read_behaviour(at.element(i), c, b));
    a.behaviours.push_back(std::move(b));
  }
  return {};
}

Status read_target(const At& at, const Context& c, Actor& a) {
  auto o =
      Object::open(at,
                   {"id", "vehicle", "size", "mass", "lane", "lateral_offset", "overlap", "speed",
                    "relative_speed", "s", "gap", "ttc", "headway", "ahead_of", "behaviours"},
                   "target");
  if (!o) return o.error();
  a.pointer = at.pointer;
  auto id = o->require("id");
  if (!id) return id.error();
  SCENARIO_TRY(read_id(*id, a.id));
  if (a.id == "ego") return id->error("\"ego\" names the ego; give the target another id");
  SCENARIO_TRY(read_footprint(*o, c, a));
  if (o->has("mass")) {
    double mass = 0.0;
    SCENARIO_TRY(read_literal(o->get("mass"), {Dimension::kNone, above_to(0.0, 100000.0)}, mass));
    a.mass = mass;
  }
  SCENARIO_TRY(read_lateral(*o, c, a));
  std::string speed_key;
  SCENARIO_TRY(o->exactly_one({"speed", "relative_speed"}, true, speed_key));
  if (speed_key == "speed") {
    SCENARIO_TRY(read_number(o->get(speed_key), kSpeedField, c, a.speed));
  } else {
    Number rel;
    SCENARIO_TRY(read_number(o->get(speed_key), kRelativeSpeedField, c, rel));
    a.relative_speed = rel;
  }
  SCENARIO_TRY(read_placement(*o, c, a.placement));
  if (o->has("ahead_of")) {
    const At at_ref = o->get("ahead_of");
    if (!at_ref.value->is_string()) return at_ref.type_error("a target id");
    a.ahead_of = at_ref.value->get<std::string>();
    SCENARIO_TRY(check_target_id(at_ref, c, a.ahead_of));  // only earlier targets are known
    if (a.placement.kind != Placement::Kind::kGap) {
      return at_ref.error("\"ahead_of\" needs a \"gap\" placement");
    }
  }
  return read_behaviours(*o, c, a);
}

Status read_targets(const Object& root, Context& c) {
  if (!root.has("targets")) return {};
  const At at = root.get("targets");
  if (!at.value->is_array()) return at.type_error("an array of targets");
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    Actor a;
    const At element = at.element(i);
    SCENARIO_TRY(read_target(element, c, a));
    if (!c.target_ids.insert(a.id).second) {
      return element.member("id").error("duplicate target id " + in_quotes(a.id));
    }
    c.s.targets.push_back(std::move(a));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Oracles and end conditions

bool judges_ego_only(std::string_view type) {
  return type == "max_deceleration" || type == "max_jerk";
}

std::vector<std::string_view> oracle_keys(std::string_view type) {
  std::vector<std::string_view> keys = {"type", "id", "requirements"};
  if (type == "stl") {
    keys.insert(keys.end(), {"formula", "early_stop"});
    return keys;
  }
  if (type == "r157_preventable") {  // judges every target, through a counterfactual run
    keys.push_back("aeb");
    return keys;
  }
  if (!judges_ego_only(type)) keys.push_back("target");
  if (type == "collision" || judges_ego_only(type) || type == "max_tet" || type == "max_tit" ||
      type == "max_delta_v") {
    keys.push_back("max");
  }
  if (type == "max_tet" || type == "max_tit") keys.push_back("ttc_threshold");
  if (type == "min_pet") keys.push_back("min");
  if (type == "rss") keys.push_back("parameters");
  if (type == "min_ttc" || type == "min_time_headway") keys.push_back("min");
  if (type == "impact_speed_band") {
    keys.insert(keys.end(), {"table", "test_speed", "pass", "relative"});
  }
  return keys;
}

Status read_oracle_target(const Object& o, const Context& c, OracleSpec& spec) {
  if (judges_ego_only(spec.type) || spec.type == "stl" || spec.type == "r157_preventable") {
    return {};
  }
  if (o.has("target")) {
    const At at = o.get("target");
    SCENARIO_TRY(read_string(at, spec.target));
    return check_target_id(at, c, spec.target);
  }
  if (c.s.targets.empty()) {
    return o.at().error("oracle " + in_quotes(spec.type) +
                        " judges the ego against a target, but the scenario has no targets");
  }
  spec.target = c.s.targets.front().id;
  return {};
}

Status read_impact_band(const Object& o, const Context& c, OracleSpec& spec) {
  auto table = o.require("table");
  if (!table) return table.error();
  SCENARIO_TRY(read_choice(*table, kBandTables, "colour-band table", spec.table));
  SCENARIO_TRY(read_required_number(o, "test_speed", kPositiveSpeed, c, spec.test_speed));
  auto pass = o.require("pass");
  if (!pass) return pass.error();
  SCENARIO_TRY(read_choice(*pass, kColours, "colour", spec.pass_colour));
  if (o.has("relative")) SCENARIO_TRY(read_bool(o.get("relative"), spec.relative));
  return {};
}

// The formula is parsed here so lint reports its errors: the message names the column inside
// the formula and the location is the string's file:line:col. "$name" must be a parameter.
Status read_stl_formula(const Object& o, const Context& c, OracleSpec& spec) {
  auto at = o.require("formula");
  if (!at) return at.error();
  SCENARIO_TRY(read_string(*at, spec.formula));
  auto f = stl::parse(spec.formula);
  if (!f) {
    const int column = f.error().where.column;
    return at->error("formula column " + std::to_string(column) + ": " + f.error().message + "\n" +
                     stl::caret_line(spec.formula, column));
  }
  for (const auto& name : f->params()) {
    if (!c.find_parameter(name)) {
      return at->error("formula uses \"$" + name + "\", which is not a parameter of the scenario");
    }
  }
  if (o.has("early_stop")) SCENARIO_TRY(read_bool(o.get("early_stop"), spec.early_stop));
  if (const stl::Node* n = stl::first_unbounded(*f); spec.early_stop && n) {
    return at->error("formula column " + std::to_string(n->column) +
                     ": \"early_stop\" needs every " + "future operator bounded, but \"" +
                     std::string(stl::op_text(n->op)) +
                     "\" has no finite upper bound; give it an interval such as [0,10]\n" +
                     stl::caret_line(spec.formula, n->column));
  }
  spec.stl = std::make_shared<const stl::Formula>(std::move(*f));
  return {};
}

Status read_oracle_criterion(const Object& o, const Context& c, OracleSpec& spec) {
  const std::string& type = spec.type;
  Number n;
  if (type == "collision") {
    if (!o.has("max")) return {};
    SCENARIO_TRY(read_number(o.get("max"), kSpeedField, c, n));
    spec.max = n;
  } else if (type == "impact_speed_band") {
    return read_impact_band(o, c, spec);
  } else if (type == "min_ttc" || type == "min_time_headway") {
    SCENARIO_TRY(read_required_number(o, "min", kPositiveTime, c, n));
    spec.min = n;
  } else if (type == "max_deceleration") {
    SCENARIO_TRY(read_required_number(o, "max", kPositiveAcceleration, c, n));
    spec.max = n;
  } else if (type == "max_jerk") {
    SCENARIO_TRY(read_required_number(o, "max", kPositiveJerk, c, n));
    spec.max = n;
  } else if (type == "max_tet" || type == "max_tit") {
    SCENARIO_TRY(read_required_number(o, "ttc_threshold", kPositiveTime, c, spec.ttc_threshold));
    // TET is a time; TIT a time integral of a time, in s² (a plain number).
    const Quantity tit{Dimension::kNone, at_least(0.0)};
    SCENARIO_TRY(read_required_number(o, "max", type == "max_tet" ? kNonNegativeTime : tit, c, n));
    spec.max = n;
  } else if (type == "min_pet") {
    SCENARIO_TRY(read_required_number(o, "min", kNonNegativeTime, c, n));
    spec.min = n;
  } else if (type == "max_delta_v") {
    SCENARIO_TRY(read_required_number(o, "max", kSpeedField, c, n));
    spec.max = n;
  } else if (type == "stl") {
    return read_stl_formula(o, c, spec);
  } else if (type == "r157_preventable") {
    if (o.has("aeb")) SCENARIO_TRY(read_bool(o.get("aeb"), spec.reference_aeb));
  } else if (type == "rss") {
    spec.table = "intel-default";
    if (o.has("parameters")) {
      SCENARIO_TRY(read_choice(o.get("parameters"), kRssSets, "RSS parameter set", spec.table));
    }
  }
  return {};
}

Status read_oracle(const At& at, const Context& c, OracleSpec& spec) {
  spec.pointer = at.pointer;
  SCENARIO_TRY(read_type(at, kOracleTypes, "oracle", spec.type));
  auto o = Object::open(at, oracle_keys(spec.type), "oracle " + in_quotes(spec.type));
  if (!o) return o.error();
  spec.id = spec.type;
  if (o->has("id")) SCENARIO_TRY(read_id(o->get("id"), spec.id));
  SCENARIO_TRY(read_oracle_target(*o, c, spec));
  if (o->has("requirements")) SCENARIO_TRY(read_strings(o->get("requirements"), spec.requirements));
  return read_oracle_criterion(*o, c, spec);
}

Status read_oracles(const Object& root, Context& c) {
  if (!root.has("oracles")) return {};
  const At at = root.get("oracles");
  if (!at.value->is_array()) return at.type_error("an array of oracles");
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < at.value->size(); ++i) {
    OracleSpec spec;
    const At element = at.element(i);
    SCENARIO_TRY(read_oracle(element, c, spec));
    if (!ids.insert(spec.id).second) {
      const bool named = element.value->contains("id");
      return (named ? element.member("id") : element)
          .error("duplicate oracle id " + in_quotes(spec.id) +
                 (named ? "" : " (the default id is the type)") +
                 "; give each oracle its own \"id\"");
    }
    c.s.oracles.push_back(std::move(spec));
  }
  return {};
}

Status read_end(const Object& root, Context& c) {
  if (!root.has("end")) return {};
  auto o =
      Object::open(root.get("end"), {"collision", "ego_stopped", "ego_slower_than"}, "\"end\"");
  if (!o) return o.error();
  EndConditions& end = c.s.end;
  if (o->has("collision")) SCENARIO_TRY(read_bool(o->get("collision"), end.on_collision));
  if (o->has("ego_stopped")) SCENARIO_TRY(read_bool(o->get("ego_stopped"), end.on_ego_stopped));
  if (o->has("ego_slower_than")) {
    const At at = o->get("ego_slower_than");
    SCENARIO_TRY(read_string(at, end.on_ego_slower_than));
    SCENARIO_TRY(check_target_id(at, c, end.on_ego_slower_than));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// The whole file

// "format" is checked before anything else, so a file of another kind gets one clear message.
Status read_format(const At& root) {
  if (!root.value->is_object()) {
    return root.error("a scenario file is a JSON object; got " + show_json(*root.value));
  }
  if (!root.value->contains("format")) {
    return root.error("missing required key \"format\" in the scenario; expected \"format\": " +
                      in_quotes(kFormat));
  }
  const At at = root.member("format");
  std::string format;
  SCENARIO_TRY(read_string(at, format));
  if (format != kFormat) {
    return at.error("unsupported format " + in_quotes(format) + "; this version reads " +
                    in_quotes(kFormat));
  }
  return {};
}

Status read_header(const Object& root, Context& c) {
  auto id = root.require("id");
  if (!id) return id.error();
  SCENARIO_TRY(read_id(*id, c.s.id));
  auto title = root.require("title");
  if (!title) return title.error();
  SCENARIO_TRY(read_nonempty_string(*title, c.s.title));
  if (root.has("description")) SCENARIO_TRY(read_string(root.get("description"), c.s.description));
  if (root.has("tags")) SCENARIO_TRY(read_strings(root.get("tags"), c.s.tags));
  if (root.has("requirements")) {
    SCENARIO_TRY(read_strings(root.get("requirements"), c.s.requirements));
  }
  return {};
}

Status read_scenario(const At& at, Context& c) {
  SCENARIO_TRY(read_format(at));
  auto root = Object::open(
      at,
      {"$schema", "format", "id", "title", "description", "tags", "requirements", "simulator",
       "road", "parameters", "samples", "ego", "targets", "oracles", "end", "sensors",
       // radio family (scenario_radio.cc)
       "link", "geometry", "path_loss", "shadowing", "fading", "blockages", "feedback", "modcods"},
      "the scenario");
  if (!root) return root.error();
  if (root->has("$schema")) {
    std::string schema;
    SCENARIO_TRY(read_string(root->get("$schema"), schema));
  }
  SCENARIO_TRY(read_header(*root, c));
  SCENARIO_TRY(read_simulator(*root, c));
  SCENARIO_TRY(read_road(*root, c));
  SCENARIO_TRY(read_parameters(*root, c));
  SCENARIO_TRY(read_samples(*root, c));
  SCENARIO_TRY(read_curve(*root, c));
  if (c.s.simulator.family == "radio") return read_radio_sections(*root, c);
  SCENARIO_TRY(reject_radio_sections(*root));
  SCENARIO_TRY(read_ego(*root, c));
  SCENARIO_TRY(read_targets(*root, c));
  SCENARIO_TRY(read_oracles(*root, c));
  SCENARIO_TRY(detail::read_sensors(*at.doc, c.s));
  return read_end(*root, c);
}

}  // namespace

// The two readers scenario_sensors.cc needs, over this file's located values.
namespace detail {
using namespace reader;  // the reading helpers (harness/scenario_reader.h)
namespace {

At at_pointer(const JsonDocument& doc, const std::string& pointer, std::string label) {
  const json* v = pointer.empty() ? &doc.root() : &doc.root().at(json::json_pointer(pointer));
  return {&doc, v, pointer, std::move(label)};
}

}  // namespace

Status check_object(const JsonDocument& doc, const std::string& pointer,
                    const std::vector<std::string_view>& allowed, const std::string& what) {
  auto o = Object::open(at_pointer(doc, pointer, what), allowed, what);
  if (!o) return o.error();
  return {};
}

Status read_field(const JsonDocument& doc, const std::string& pointer, std::string_view key,
                  const FieldRange& range, Scenario& s, Number& out) {
  const At at = at_pointer(doc, pointer, "").member(key);
  Limits limits;
  limits.lo = range.lo;
  limits.hi = range.hi;
  limits.lo_open = range.lo_open;
  Context c{s, {}, {}};
  for (const ParameterDef& p : s.parameters) c.parameters.emplace(p.name, &p);
  return read_number(at, Quantity{range.dimension, limits}, c, out);
}

}  // namespace detail

#undef SCENARIO_TRY

const ParameterDef* Scenario::find_parameter(std::string_view name) const {
  for (const ParameterDef& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::uint64_t Scenario::grid_size() const {
  std::uint64_t n = 1;
  for (const ParameterDef& p : parameters) {
    if (p.is_grid()) n *= p.values.size();
  }
  return n;
}

std::uint64_t Scenario::case_count() const {
  return grid_size() * samples;
}

Result<Scenario> parse_scenario(std::shared_ptr<const JsonDocument> doc) {
  if (!doc) return make_error("no scenario document");
  Scenario s;
  s.file = doc->file();
  Context c{s, {}, {}};
  const At root{doc.get(), &doc->root(), "", "the scenario file"};
  if (Status status = read_scenario(root, c); !status.ok()) return status.error();
  s.doc = std::move(doc);
  return s;
}

Result<Scenario> load_scenario(const std::string& path) {
  auto doc = load_json_file(path);
  if (!doc) return doc.error();
  return parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
}

}  // namespace assay::scenario
