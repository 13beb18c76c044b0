// The "sensors" section of a scenario file (docs/scenario-format.md, "Sensors"): which errors
// stand between the simulator's truth and what the model under test observes.
#include <cmath>
#include <numbers>

#include "harness/scenario_sensors.h"

namespace assay::scenario::detail {
namespace {

using nlohmann::json;
using units::Dimension;

#define SENSORS_TRY(expr)                               \
  do {                                                  \
    if (auto try_result_ = (expr); !try_result_.ok()) { \
      return try_result_.error();                       \
    }                                                   \
  } while (false)

constexpr double kMaxLatency = 10.0;  // s: longer is a configuration mistake, not a sensor

FieldRange at_least(Dimension d, double lo) {
  return {d, lo, std::nullopt, false};
}
FieldRange above(Dimension d, double lo) {
  return {d, lo, std::nullopt, true};
}
FieldRange between(Dimension d, double lo, double hi) {
  return {d, lo, hi, false};
}
FieldRange any(Dimension d) {
  return {d, std::nullopt, std::nullopt, false};
}

// The members of one JSON object of the section, read by key when present.
struct Section {
  const JsonDocument& doc;
  std::string pointer;
  Scenario& s;

  [[nodiscard]] const json& value() const { return doc.root().at(json::json_pointer(pointer)); }
  [[nodiscard]] bool has(std::string_view key) const { return value().contains(std::string(key)); }
  [[nodiscard]] Section child(std::string_view key) const {
    return {doc, pointer_append(pointer, key), s};
  }
  Status open(const std::vector<std::string_view>& allowed, const std::string& what) const {
    return check_object(doc, pointer, allowed, what);
  }
  Status read(std::string_view key, const FieldRange& range, Number& out) const {
    if (!has(key)) return {};
    return read_field(doc, pointer, key, range, s, out);
  }
  Status read(std::string_view key, const FieldRange& range, std::optional<Number>& out) const {
    if (!has(key)) return {};
    out.emplace();
    return read_field(doc, pointer, key, range, s, *out);
  }
};

Status read_object_errors(const Section& at, const std::string& what, bool deviations,
                          Number& distance, Number& relative_speed, Number& lateral_offset) {
  SENSORS_TRY(at.open({"distance", "relative_speed", "lateral_offset"}, what));
  // Standard deviations cannot be negative; biases can.
  const auto range = [&](Dimension d) { return deviations ? at_least(d, 0.0) : any(d); };
  SENSORS_TRY(at.read("distance", range(Dimension::kLength), distance));
  SENSORS_TRY(at.read("relative_speed", range(Dimension::kSpeed), relative_speed));
  return at.read("lateral_offset", range(Dimension::kLength), lateral_offset);
}

// "dropout": a fraction ("5 %") or {"fraction": "5 %", "burst": "200 ms"}.
Status read_dropout(const Section& object, Sensors& out) {
  if (!object.has("dropout")) return {};
  const FieldRange fraction = between(Dimension::kRatio, 0.0, 1.0);
  if (!object.child("dropout").value().is_object()) {
    return object.read("dropout", fraction, out.dropout);
  }
  const Section d = object.child("dropout");
  SENSORS_TRY(d.open({"fraction", "burst"}, "\"dropout\""));
  if (!d.has("fraction")) {
    return d.doc.error_at(d.pointer, "missing required key \"fraction\" in \"dropout\"");
  }
  SENSORS_TRY(d.read("fraction", fraction, out.dropout));
  return d.read("burst", above(Dimension::kTime, 0.0), out.dropout_burst);
}

Status read_false_positives(const Section& object, Sensors& out) {
  if (!object.has("false_positives")) return {};
  const Section f = object.child("false_positives");
  SENSORS_TRY(
      f.open({"probability", "min_distance", "max_distance", "lateral"}, "\"false_positives\""));
  if (!f.has("probability")) {
    return f.doc.error_at(f.pointer, "missing required key \"probability\" in \"false_positives\"");
  }
  SENSORS_TRY(f.read("probability", between(Dimension::kRatio, 0.0, 1.0), out.false_positive));
  SENSORS_TRY(f.read("min_distance", at_least(Dimension::kLength, 0.0), out.false_positive_min));
  SENSORS_TRY(f.read("max_distance", above(Dimension::kLength, 0.0), out.false_positive_max));
  SENSORS_TRY(f.read("lateral", at_least(Dimension::kLength, 0.0), out.false_positive_lateral));
  const Number& lo = out.false_positive_min;
  const Number& hi = out.false_positive_max;
  if (!lo.is_param() && !hi.is_param() && hi.si < lo.si) {
    return f.doc.error_at(pointer_append(f.pointer, "max_distance"),
                          "\"max_distance\" must be at least \"min_distance\"");
  }
  return {};
}

Status read_object_sensor(const Section& object, Sensors& out) {
  SENSORS_TRY(object.open(
      {"range", "fov", "noise", "bias", "dropout", "latency", "false_positives"}, "\"object\""));
  SENSORS_TRY(object.read("range", above(Dimension::kLength, 0.0), out.range));
  if (object.has("fov")) {
    // Up to a half-turn either side; a wider "field" is meaningless for a bearing in [0, π].
    SENSORS_TRY(
        object.read("fov", {Dimension::kAngle, 0.0, 2.0 * std::numbers::pi, true}, out.fov));
  }
  if (object.has("noise")) {
    SENSORS_TRY(read_object_errors(object.child("noise"), "\"noise\"", true, out.noise_distance,
                                   out.noise_relative_speed, out.noise_lateral_offset));
  }
  if (object.has("bias")) {
    SENSORS_TRY(read_object_errors(object.child("bias"), "\"bias\"", false, out.bias_distance,
                                   out.bias_relative_speed, out.bias_lateral_offset));
  }
  SENSORS_TRY(read_dropout(object, out));
  SENSORS_TRY(object.read("latency", between(Dimension::kTime, 0.0, kMaxLatency), out.latency));
  return read_false_positives(object, out);
}

Status read_ego_sensor(const Section& ego, Sensors& out) {
  SENSORS_TRY(ego.open({"noise", "bias"}, "\"ego\""));
  if (ego.has("noise")) {
    const Section n = ego.child("noise");
    SENSORS_TRY(n.open({"speed", "accel"}, "\"noise\""));
    SENSORS_TRY(n.read("speed", at_least(Dimension::kSpeed, 0.0), out.ego_speed_noise));
    SENSORS_TRY(n.read("accel", at_least(Dimension::kAcceleration, 0.0), out.ego_accel_noise));
  }
  if (ego.has("bias")) {
    const Section b = ego.child("bias");
    SENSORS_TRY(b.open({"speed", "accel"}, "\"bias\""));
    SENSORS_TRY(b.read("speed", any(Dimension::kSpeed), out.ego_speed_bias));
    SENSORS_TRY(b.read("accel", any(Dimension::kAcceleration), out.ego_accel_bias));
  }
  return {};
}

}  // namespace

Status read_sensors(const JsonDocument& doc, Scenario& s) {
  if (!doc.root().contains("sensors")) return {};
  const Section sensors{doc, "/sensors", s};
  SENSORS_TRY(sensors.open({"object", "ego"}, "\"sensors\""));
  Sensors& out = s.sensors;
  out.present = true;
  out.pointer = sensors.pointer;
  if (sensors.has("object")) SENSORS_TRY(read_object_sensor(sensors.child("object"), out));
  if (sensors.has("ego")) SENSORS_TRY(read_ego_sensor(sensors.child("ego"), out));
  return {};
}

#undef SENSORS_TRY

}  // namespace assay::scenario::detail
