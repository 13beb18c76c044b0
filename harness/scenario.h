// Scenario files, v1 ("assay.scenario/1"): the parsed, validated description of one logical
// scenario. Parsing is strict; every error names file:line:col and the JSON pointer. The format
// is documented in docs/scenario-format.md and scenarios/schema/scenario.schema.json.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json_source.h"
#include "core/status.h"
#include "core/units.h"
#include "oracles/stl.h"

namespace assay::scenario {

struct RadioScenario;  // harness/scenario_radio.h

inline constexpr std::string_view kFormat = "assay.scenario/1";

/// Most cases one scenario may expand to (grid points × samples); larger spaces are an error.
inline constexpr std::uint64_t kMaxCases = 10'000'000;

/// A numeric field: a literal converted to SI, or a reference "$name" to a parameter.
/// Literals are written as a JSON number (already SI) or a string "<number> <unit>".
struct Number {
  double si = 0.0;      // SI value when `param` is empty
  std::string param;    // parameter name when the field is "$name"
  std::string pointer;  // JSON pointer of the field, for messages
  units::Dimension dimension = units::Dimension::kNone;

  [[nodiscard]] bool is_param() const { return !param.empty(); }
  // (The parameter is not called si_value: <csignal> defines that name as a macro.)
  static Number literal(double value, units::Dimension d = units::Dimension::kNone) {
    Number n;
    n.si = value;
    n.dimension = d;
    return n;
  }
};

/// A parameter of the space. Values are kept in the author's unit; `si()` converts
/// (value·to_si + si_offset; the offset is non-zero only for dBW, see units::UnitInfo).
struct ParameterDef {
  enum class Kind { kSet, kRange, kUniform, kNormal, kPer };
  std::string name;
  std::string unit;  // author's unit symbol, empty when dimensionless
  units::Dimension dimension = units::Dimension::kNone;
  double to_si = 1.0;
  double si_offset = 0.0;
  Kind kind = Kind::kSet;
  std::vector<double> values;      // kSet: as written; kRange: expanded grid from..to by step;
                                   // kPer: one value per value of parameter `per`
  std::size_t per = 0;             // kPer: index of the earlier grid parameter it follows
  double a = 0.0;                  // kUniform: min; kNormal: mean
  double b = 0.0;                  // kUniform: max; kNormal: stdev
  std::optional<double> min, max;  // kNormal: truncation bounds (redrawn until inside)
  std::string pointer;

  /// A value in the author's unit, in SI.
  [[nodiscard]] double si(double value) const { return value * to_si + si_offset; }
  [[nodiscard]] bool is_random() const { return kind == Kind::kUniform || kind == Kind::kNormal; }
  /// True for set and range parameters, the axes of the grid (a kPer parameter follows one).
  [[nodiscard]] bool is_grid() const { return kind == Kind::kSet || kind == Kind::kRange; }
};

/// When a behaviour starts. Conditions compare the ego against the behaviour's actor.
struct Trigger {
  enum class Kind { kStart, kTime, kGapBelow, kTtcBelow };
  Kind kind = Kind::kStart;
  Number value;  // time [s], gap [m] or TTC [s]
};

/// A target's behaviour.
struct Behaviour {
  enum class Kind { kHoldSpeed, kChangeSpeed, kLaneChange };
  Kind kind = Kind::kHoldSpeed;
  Trigger trigger;
  // kChangeSpeed: accelerate or brake at `rate` (magnitude) until `target_speed`; the rate is
  // reached linearly over `ramp` (0: at once).
  Number target_speed;
  Number rate;
  Number ramp;
  // kLaneChange: move sideways by `offset` (+ left), or to the centre of lane `to_lane`, at
  // `lateral_speed`, or over `duration`;
  // "linear" (constant lateral speed) or "sinusoidal" (half a cosine: `lateral_speed` is the
  // peak). `accel` changes the speed while the lane change lasts (signed, speed kept >= 0).
  Number offset;
  std::optional<int> to_lane;  // instead of `offset`: move to the centre of this lane
  std::optional<Number> lateral_speed;
  std::optional<Number> duration;
  bool sinusoidal = false;
  Number accel;
  std::string pointer;
};

/// How a target is placed along the road relative to the ego.
struct Placement {
  enum class Kind { kPosition, kGap, kTtc, kHeadway };
  Kind kind = Kind::kGap;
  Number value;  // position s of the footprint centre [m], gap [m], TTC [s] or headway [s]
};

/// An actor: the ego (driven by the model under test) or a target (driven by behaviours).
struct Actor {
  std::string id;
  std::string vehicle;           // built-in parameter set name (ego always; targets optional)
  std::optional<double> length;  // explicit footprint (targets without a vehicle)
  std::optional<double> width;
  std::optional<double> mass;  // targets only [kg]; default: the vehicle's, else the ego's
  // Targets: a footprint chosen per case, size_options[value of size_index] (length, width) [m].
  std::vector<std::pair<double, double>> size_options;
  std::optional<Number> size_index;
  int lane = 0;                   // 0 = rightmost lane
  Number lateral_offset;          // from the lane centre, + left [m]
  std::optional<Number> overlap;  // targets only: Euro NCAP overlap with the ego [ratio, -1..1]
  Number speed;                   // initial speed [m/s]
  // Targets: initial speed relative to the ego's instead of `speed`; the target's speed is
  // clamp(v_ego + relative_speed, 0, 100 m/s) [m/s].
  std::optional<Number> relative_speed;
  Placement placement;   // targets; for the ego: kPosition
  std::string ahead_of;  // targets with a "gap": measured from this earlier target's front
  std::vector<Behaviour> behaviours;
  std::string pointer;
};

struct Simulator {
  std::string family = "vehicle";           // vehicle | radio
  std::string vehicle_model = "kinematic";  // kinematic | dynamic-linear | dynamic-pacejka | bullet
  double dt = 0.01;                         // [s]
  double duration = 10.0;                   // [s]
};

/// A constant-radius arc after an optional straight lead-in (docs/scenario-format.md, "Road").
struct Curve {
  Number radius;     // of the road's centre line [m]
  Number direction;  // +1 left, −1 right ("left", "right", or a parameter taking ±1)
  Number lead_in;    // straight length from s = 0 to the start of the arc [m]
  std::string pointer;
};

struct Road {
  int lanes = 1;
  double lane_width = 3.5;     // [m]
  std::optional<Curve> curve;  // absent: straight
};

/// One oracle with its pass criterion.
struct OracleSpec {
  std::string id;             // unique within the scenario; defaults to the type
  std::string type;           // collision | impact_speed_band | min_ttc | min_time_headway |
                              // max_deceleration | max_jerk | stopped_before_contact | stl | rss |
                              // r157_following_distance | r157_cut_in | r157_preventable |
                              // max_tet | max_tit | min_pet | max_delta_v
  std::string target;         // actor id the oracle looks at; empty: the first target (the
                              // parser fills it in; it stays empty for the ego-only
                              // max_deceleration and max_jerk)
  std::optional<Number> min;  // min_ttc, min_time_headway, min_pet: pass when the minimum ≥ min
  std::optional<Number> max;  // max_deceleration, max_jerk, collision (max impact speed),
                              // max_tet [s], max_tit [s²], max_delta_v [m/s]
  Number ttc_threshold;       // max_tet, max_tit: TTC below which exposure counts [s]
  // impact_speed_band:
  std::string table;  // "euro-ncap-2026"; rss: the parameter set ("intel-default", "r157-jrc")
  Number test_speed;  // the test point's nominal ego speed
  std::string pass_colour;  // worst colour that passes: green | yellow | orange | brown
  bool relative = true;     // judge v_rel_impact (true) or v_impact
  // r157_preventable: the counterfactual C&C driver has the reference AEB (unconfirmed in R157).
  bool reference_aeb = false;
  // stl: the formula as written and parsed (docs/stl.md); its robustness at t = 0 is the margin.
  std::string formula;
  std::shared_ptr<const stl::Formula> stl;
  // stl: end the case as soon as a streaming monitor decides the formula is violated (every
  // future operator must be bounded; docs/stl.md, "Ending a case early").
  bool early_stop = false;
  std::vector<std::string> requirements;
  std::string pointer;
};

/// The "sensors" section: errors between truth and what the model sees (docs/scenario-format.md,
/// "Sensors"). Every field is SI or a parameter; absent fields are perfect (0).
struct Sensors {
  bool present = false;         // false: the model sees ground truth
  std::optional<Number> range;  // [m]; absent: unlimited
  std::optional<Number> fov;    // full horizontal field of view [rad]; absent: unlimited
  Number noise_distance, noise_relative_speed, noise_lateral_offset;  // standard deviations
  Number bias_distance, bias_relative_speed, bias_lateral_offset;
  Number dropout;         // long-run fraction of steps with the object list lost [ratio]
  Number dropout_burst;   // mean dropout length [s]; 0: independent per step
  Number latency;         // [s], whole steps
  Number false_positive;  // probability of one ghost object per step [ratio]
  Number false_positive_min = Number::literal(5.0, units::Dimension::kLength);
  Number false_positive_max = Number::literal(100.0, units::Dimension::kLength);
  Number false_positive_lateral;  // ghost lateral offset uniform in ±this [m]
  Number ego_speed_noise, ego_speed_bias, ego_accel_noise, ego_accel_bias;
  std::string pointer;  // "/sensors"
};

/// What ends a case besides the duration.
struct EndConditions {
  bool on_collision = true;
  bool on_ego_stopped = true;
  std::string on_ego_slower_than;  // actor id; empty: off
};

struct Scenario {
  std::string file;
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<std::string> requirements;
  Simulator simulator;
  Road road;
  // Case numbering: the set and range parameters span a full-factorial grid in file order, the
  // last one varying fastest; each grid point is run `samples` times, so case index =
  // grid index · samples + sample. Random parameters are drawn from the case's seed.
  std::vector<ParameterDef> parameters;  // in file order
  std::uint64_t samples = 1;             // random draws per grid point (when any is random)
  Actor ego;
  std::vector<Actor> targets;
  std::vector<OracleSpec> oracles;
  EndConditions end;
  std::shared_ptr<RadioScenario> radio;  // the link, for the radio family; null for vehicles
  Sensors sensors;
  std::shared_ptr<const JsonDocument> doc;  // for locating errors found after parsing

  /// The parameter with that name, or nullptr.
  [[nodiscard]] const ParameterDef* find_parameter(std::string_view name) const;
  /// Number of grid points: the product of the set and range parameters' sizes (1 when none).
  [[nodiscard]] std::uint64_t grid_size() const;
  /// Number of cases: grid_size() × samples (at most kMaxCases).
  [[nodiscard]] std::uint64_t case_count() const;
};

/// Validates a parsed document as a scenario.
Result<Scenario> parse_scenario(std::shared_ptr<const JsonDocument> doc);

/// Reads, parses and validates a scenario file.
Result<Scenario> load_scenario(const std::string& path);

}  // namespace assay::scenario
