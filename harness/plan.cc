#include "harness/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/rng.h"
#include "harness/plan_sensors.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::harness {
namespace {

using scenario::ParameterDef;

double draw(const ParameterDef& p, Rng rng) {
  if (p.kind == ParameterDef::Kind::kUniform) return rng.uniform(p.a, p.b);
  // Truncated normal by rejection; the bounds were checked to hold most of the mass, and the
  // loop is capped so a pathological bound cannot hang a run (then clamp).
  for (int i = 0; i < 1000; ++i) {
    const double x = rng.normal(p.a, p.b);
    if ((!p.min || x >= *p.min) && (!p.max || x <= *p.max)) return x;
  }
  double x = p.a;
  if (p.min) x = std::max(x, *p.min);
  if (p.max) x = std::min(x, *p.max);
  return x;
}

// Resolves a Number for a case: literal SI, or the parameter's SI value.
double value(const CasePlan& plan, const scenario::Number& n) {
  if (!n.is_param()) return n.si;
  const auto& params = plan.scenario->parameters;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == n.param) return plan.values_si[i];
  }
  return n.si;  // the parser guarantees references exist
}

Error located(const CasePlan& plan, const std::string& pointer, std::string message) {
  const auto& doc = plan.scenario->doc;
  if (doc)
    return doc->error_at(pointer,
                         std::move(message) + " in case " + case_id(*plan.scenario, plan.index));
  return make_error(std::move(message));
}

std::vector<sim::BehaviourSpec> behaviours(const CasePlan& plan, const scenario::Actor& a) {
  std::vector<sim::BehaviourSpec> out;
  for (const auto& b : a.behaviours) {
    sim::BehaviourSpec s;
    s.kind = static_cast<sim::BehaviourSpec::Kind>(b.kind);
    s.trigger = static_cast<sim::BehaviourSpec::Trigger>(b.trigger.kind);
    s.trigger_value = value(plan, b.trigger.value);
    s.target_speed = value(plan, b.target_speed);
    s.rate = value(plan, b.rate);
    s.ramp = value(plan, b.ramp);
    s.offset = value(plan, b.offset);
    if (b.to_lane) s.to_y = (*b.to_lane + 0.5) * plan.scenario->road.lane_width;
    if (b.lateral_speed) s.lateral_speed = value(plan, *b.lateral_speed);
    if (b.duration) s.lateral_duration = value(plan, *b.duration);
    s.sinusoidal = b.sinusoidal;
    s.accel = value(plan, b.accel);
    out.push_back(s);
  }
  return out;
}

// On an arc every actor must stay on this side of the centre of curvature, its footprint clear
// of it: at its initial lateral position and after each of its lane changes (d·κ → 1 would
// make the road coordinates meaningless).
Status clear_of_centre(const CasePlan& plan, const sim::Road& road, const scenario::Actor& a,
                       double length, double d,
                       const std::vector<sim::BehaviourSpec>* lane_changes = nullptr) {
  if (road.straight()) return {};
  auto check = [&](double at_d, const std::string& pointer, const std::string& when) -> Status {
    const double r = road.radius_at(at_d);
    if (r > 0.5 * length) return {};
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "%s is %.6g m across the road%s, %.6g m from the centre of curvature of the "
                  "%.6g m curve; it must stay more than half its length (%.6g m) on the road's "
                  "side of that centre",
                  a.id.c_str(), at_d, when.c_str(), r, 1.0 / std::abs(road.curvature()),
                  0.5 * length);
    return located(plan, pointer, buf);
  };
  if (auto s = check(d, a.pointer, ""); !s.ok()) return s;
  if (!lane_changes) return {};
  for (std::size_t b = 0; b < lane_changes->size(); ++b) {
    const auto& beh = (*lane_changes)[b];
    if (beh.kind != sim::BehaviourSpec::Kind::kLaneChange) continue;
    d = std::isfinite(beh.to_y) ? beh.to_y : d + beh.offset;
    if (auto s = check(d, a.behaviours[b].pointer, " after this lane change"); !s.ok()) return s;
  }
  return {};
}

}  // namespace

std::string case_id(const scenario::Scenario& s, std::uint64_t index) {
  return s.id + "#" + std::to_string(index);
}

CasePlan make_case(const scenario::Scenario& s, std::uint64_t index, std::uint64_t master_seed) {
  CasePlan plan;
  plan.scenario = &s;
  plan.index = index;
  plan.seed = case_seed(master_seed, s.id, index);
  plan.values.resize(s.parameters.size());
  plan.values_si.resize(s.parameters.size());
  std::uint64_t grid = index / s.samples;                   // numbering as documented in scenario.h
  std::vector<std::size_t> chosen(s.parameters.size(), 0);  // value index of each grid parameter
  const Rng rng(plan.seed);
  for (std::size_t k = s.parameters.size(); k-- > 0;) {  // last parameter varies fastest
    const auto& p = s.parameters[k];
    if (p.is_random()) {
      plan.values[k] = draw(p, rng.split(k));
    } else if (p.is_grid()) {
      chosen[k] = grid % p.values.size();
      plan.values[k] = p.values[chosen[k]];
      grid /= p.values.size();
    }
  }
  for (std::size_t k = 0; k < s.parameters.size(); ++k) {
    const auto& p = s.parameters[k];
    if (p.kind == ParameterDef::Kind::kPer) plan.values[k] = p.values[chosen[p.per]];
    plan.values_si[k] = p.si(plan.values[k]);
  }
  return plan;
}

std::vector<Quantity> case_parameters(const CasePlan& plan) {
  std::vector<Quantity> out;
  const auto& params = plan.scenario->parameters;
  for (std::size_t i = 0; i < params.size(); ++i) {
    out.push_back({params[i].name, plan.values[i], params[i].unit});
  }
  return out;
}

Result<sim::World> build_world(const CasePlan& plan) {
  const auto& s = *plan.scenario;
  sim::World w;
  if (!sim::parse_ego_dynamics(s.simulator.vehicle_model, w.ego_dynamics)) {
    return located(plan, "/simulator/vehicle_model", "unknown vehicle model");
  }
  const sim::VehicleParams* ego = sim::find_vehicle(s.ego.vehicle);
  if (!ego) return located(plan, s.ego.pointer + "/vehicle", "unknown vehicle " + s.ego.vehicle);
  w.ego_params = *ego;
  w.dt = s.simulator.dt;
  w.duration = s.simulator.duration;
  double curvature = 0.0;
  double lead_in = 0.0;
  if (s.road.curve) {
    curvature = value(plan, s.road.curve->direction) / value(plan, s.road.curve->radius);
    lead_in = value(plan, s.road.curve->lead_in);
  }
  w.road = sim::Road(s.road.lanes, s.road.lane_width, curvature, lead_in);
  const sim::Road& road = w.road;

  // The ego is placed by its footprint centre, tangent to the road; the state holds the CoG.
  const double ego_centre_s = value(plan, s.ego.placement.value);
  const double ego_centre_d = road.lane_centre(s.ego.lane) + value(plan, s.ego.lateral_offset);
  if (auto far = clear_of_centre(plan, road, s.ego, ego->length, ego_centre_d); !far.ok()) {
    return far.error();
  }
  const sim::Pose ego_centre = road.to_cartesian({ego_centre_s, ego_centre_d});
  w.ego_initial.x = ego_centre.x - ego->cg_to_center() * std::cos(ego_centre.yaw);
  w.ego_initial.y = ego_centre.y - ego->cg_to_center() * std::sin(ego_centre.yaw);
  w.ego_initial.yaw = ego_centre.yaw;
  w.ego_initial.v = value(plan, s.ego.speed);
  w.ego_initial_s = ego_centre_s;
  // Gaps are measured along the line through the ego's centre (as the simulator measures them).
  const double ego_front = road.along(ego_centre_s, ego_centre_d) + 0.5 * ego->length;

  for (const auto& a : s.targets) {
    sim::TargetSpec t;
    t.id = a.id;
    if (!a.vehicle.empty()) {
      const sim::VehicleParams* p = sim::find_vehicle(a.vehicle);
      if (!p) return located(plan, a.pointer + "/vehicle", "unknown vehicle " + a.vehicle);
      t.length = p->length;
      t.width = p->width;
    } else if (a.size_index) {
      // The parser checked that the index is a whole number below the number of options.
      const auto k = static_cast<std::size_t>(std::llround(value(plan, *a.size_index)));
      t.length = a.size_options[k].first;
      t.width = a.size_options[k].second;
    } else {
      t.length = a.length.value_or(4.0);
      t.width = a.width.value_or(1.8);
    }
    // A relative speed that would make the target drive backwards leaves it standing.
    t.speed = a.relative_speed
                  ? std::clamp(w.ego_initial.v + value(plan, *a.relative_speed), 0.0, 100.0)
                  : value(plan, a.speed);
    if (a.overlap) {
      // Euro NCAP overlap: the share of the ego's width covered by the target, referenced to
      // the ego's centreline; positive puts the target to the ego's left (the offset of Vector's
      // OpenSCENARIO CCR files, docs/scenario-format.md).
      const double o = value(plan, *a.overlap);
      const double shift =
          std::abs(o) >= 1.0 ? 0.0 : 0.5 * (ego->width + t.width) - std::abs(o) * ego->width;
      t.d = ego_centre_d + (o < 0 ? -shift : shift);
    } else {
      t.d = road.lane_centre(a.lane) + value(plan, a.lateral_offset);
    }
    const double v = value(plan, a.placement.value);
    double gap = 0.0;
    switch (a.placement.kind) {
      case scenario::Placement::Kind::kPosition:
        t.s = v;
        break;
      case scenario::Placement::Kind::kGap:
        gap = v;
        break;
      case scenario::Placement::Kind::kHeadway:
        gap = v * w.ego_initial.v;
        break;
      case scenario::Placement::Kind::kTtc: {
        const double closing = w.ego_initial.v - t.speed;
        if (closing <= 0.0) {
          return located(plan, a.placement.value.pointer,
                         "\"ttc\" placement needs the ego to be faster than " + a.id);
        }
        gap = v * closing;
        break;
      }
    }
    if (a.placement.kind != scenario::Placement::Kind::kPosition) {
      double front = ego_front;                // along the ego's centre line
      for (const auto& earlier : w.targets) {  // the parser allows only earlier targets
        if (earlier.id == a.ahead_of) {
          front = road.along(earlier.s, ego_centre_d) + 0.5 * earlier.length;
        }
      }
      t.s = road.from_along(front + gap + 0.5 * t.length, ego_centre_d);
    }
    t.behaviours = behaviours(plan, a);
    if (auto far = clear_of_centre(plan, road, a, t.length, t.d, &t.behaviours); !far.ok()) {
      return far.error();
    }
    w.targets.push_back(std::move(t));
  }
  w.end_on_collision = s.end.on_collision;
  w.end_on_ego_stopped = s.end.on_ego_stopped;
  for (std::size_t i = 0; i < s.targets.size(); ++i) {
    if (s.targets[i].id == s.end.on_ego_slower_than) {
      w.end_on_ego_slower_than = static_cast<int>(i);
    }
  }
  w.seed = plan.seed;
  auto sensors = build_sensors(plan);
  if (!sensors) return sensors.error();
  w.sensors = std::move(sensors).value();
  return w;
}

Masses case_masses(const scenario::Scenario& s) {
  Masses m;
  if (const sim::VehicleParams* ego = sim::find_vehicle(s.ego.vehicle)) m.ego = ego->mass;
  for (const auto& t : s.targets) {
    const sim::VehicleParams* p = t.vehicle.empty() ? nullptr : sim::find_vehicle(t.vehicle);
    m.targets.push_back(t.mass ? *t.mass : (p ? p->mass : m.ego));
  }
  return m;
}

std::vector<oracles::OracleConfig> build_oracles(const CasePlan& plan) {
  const auto& s = *plan.scenario;
  std::vector<oracles::OracleConfig> out;
  for (const auto& o : s.oracles) {
    oracles::OracleConfig c;
    c.id = o.id;
    c.kind = o.type;
    c.target = o.target.empty() && !s.targets.empty() ? s.targets.front().id : o.target;
    for (std::size_t i = 0; i < s.targets.size(); ++i) {
      if (s.targets[i].id == c.target) c.target_index = static_cast<int>(i);
    }
    if (o.min) c.min = value(plan, *o.min);
    if (o.max) c.max = value(plan, *o.max);
    c.table = o.table;
    c.test_speed = value(plan, o.test_speed);
    c.pass_colour = o.pass_colour;
    c.relative = o.relative;
    c.reference_aeb = o.reference_aeb;
    c.formula = o.stl;
    if (o.stl) {
      for (std::size_t i = 0; i < s.parameters.size(); ++i) {
        c.params.emplace_back(s.parameters[i].name, plan.values_si[i]);
      }
    }
    c.ttc_threshold = value(plan, o.ttc_threshold);
    const Masses masses = case_masses(s);
    c.ego_mass = masses.ego;
    c.target_masses = masses.targets;
    // Footprints for PET, as build_world makes them.
    if (const sim::VehicleParams* ego = sim::find_vehicle(s.ego.vehicle)) {
      c.ego_length = ego->length;
      c.ego_width = ego->width;
      c.ego_centre_offset = ego->cg_to_center();
    }
    for (const auto& t : s.targets) {
      const sim::VehicleParams* p = t.vehicle.empty() ? nullptr : sim::find_vehicle(t.vehicle);
      if (t.id == c.target) {
        c.target_length = p ? p->length : t.length.value_or(4.0);
        c.target_width = p ? p->width : t.width.value_or(1.8);
      }
    }
    c.requirements = o.requirements;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace assay::harness
