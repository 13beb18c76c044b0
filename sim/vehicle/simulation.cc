#include "sim/vehicle/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "sim/vehicle/bullet_vehicle.h"

namespace assay::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kStoppedSpeed = 0.01;   // m/s: "ego stopped"
constexpr double kExactClearance = 2.0;  // m: below this, clearance is computed exactly
constexpr std::size_t kEgoColumns = 8;
constexpr std::size_t kTargetColumns = 7;  // x, y, v, gap, ttc, thw, clearance

std::vector<Footprint> footprints(const World& w) {
  std::vector<Footprint> f{{w.ego_params.length, w.ego_params.width}};
  for (const auto& t : w.targets) f.push_back({t.length, t.width});
  return f;
}

SingleTrackKind single_track_kind(EgoDynamics d) {
  switch (d) {
    case EgoDynamics::kDynamicLinear:
      return SingleTrackKind::kDynamicLinear;
    case EgoDynamics::kDynamicPacejka:
      return SingleTrackKind::kDynamicPacejka;
    default:
      return SingleTrackKind::kKinematic;
  }
}

bool finite(const VehicleState& s) {
  return std::isfinite(s.x) && std::isfinite(s.y) && std::isfinite(s.yaw) && std::isfinite(s.v) &&
         std::isfinite(s.yaw_rate) && std::isfinite(s.beta) && std::isfinite(s.accel);
}

double half_diagonal(double length, double width) {
  return 0.5 * std::hypot(length, width);
}

}  // namespace

bool parse_ego_dynamics(std::string_view name, EgoDynamics& out) {
  if (name == "bullet") {
    out = EgoDynamics::kBullet;
    return true;
  }
  auto kind = parse_single_track_kind(name);
  if (!kind) return false;
  out = *kind == SingleTrackKind::kKinematic       ? EgoDynamics::kKinematic
        : *kind == SingleTrackKind::kDynamicLinear ? EgoDynamics::kDynamicLinear
                                                   : EgoDynamics::kDynamicPacejka;
  return true;
}

Simulation::Simulation(const World& world)
    : world_(world), kind_(single_track_kind(world.ego_dynamics)), contact_(footprints(world)) {
  ego_ = world.ego_initial;
  ego_centre_.s = world.ego_initial_s;  // the hint for the first conversion
  if (world.ego_dynamics == EgoDynamics::kBullet) {
    bullet_ = std::make_unique<BulletVehicle>(world.ego_params, world.ego_initial);
    ego_ = bullet_->state();
  }
  update_ego_pose();
  for (const auto& spec : world.targets) {
    TargetState s;
    s.s = spec.s;
    s.d = spec.d;
    s.v = spec.speed;
    s.triggered.assign(spec.behaviours.size(), false);
    targets_.push_back(std::move(s));
  }
  update_target_poses();
  max_steps_ = static_cast<std::uint64_t>(std::llround(world.duration / world.dt));

  for (const char* name : {signal::kEgoX, signal::kEgoY, signal::kEgoYaw, signal::kEgoV}) {
    trace_.add_signal(name, name == signal::kEgoYaw ? "rad" : name == signal::kEgoV ? "m/s" : "m");
  }
  trace_.add_signal(signal::kEgoA, "m/s^2");
  trace_.add_signal(signal::kEgoACmd, "m/s^2");
  trace_.add_signal(signal::kEgoSteer, "rad");
  trace_.add_signal(signal::kEgoYawRate, "rad/s");
  for (const auto& spec : world.targets) {
    target_columns_.push_back(trace_.add_signal(spec.id + ".x", "m"));
    trace_.add_signal(spec.id + ".y", "m");
    trace_.add_signal(spec.id + ".v", "m/s");
    trace_.add_signal(spec.id + ".gap", "m");
    trace_.add_signal(spec.id + ".ttc", "s");
    trace_.add_signal(spec.id + ".thw", "s");
    trace_.add_signal(spec.id + ".clearance", "m");
  }
  if (world.sensors.enabled) add_sensor_signals();
  trace_.reserve(static_cast<std::size_t>(max_steps_) + 1);
  row_.resize(kEgoColumns + kTargetColumns * world.targets.size() + sensor_columns_);
  observation_.objects.reserve(world.targets.size());
  for (std::size_t i = 0; i < targets_.size(); ++i) update_triggers(i);
  record({});
}

Simulation::~Simulation() = default;

Pose Simulation::target_pose(std::size_t i) const {
  return target_poses_[i];
}

void Simulation::update_target_poses() {
  // Once per step: contact, its bisection and the clearance all need them.
  target_poses_.resize(targets_.size());
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    target_poses_[i] = world_.road.to_cartesian({targets_[i].s, targets_[i].d});
  }
}

// Along the road, measured on the line through the ego's centre (at its d): on an arc a target
// in another lane is compared by its s, as if it were in the ego's lane.
double Simulation::gap(std::size_t i) const {
  const Road& road = world_.road;
  const double ego_front =
      road.along(ego_centre_.s, ego_centre_.d) + 0.5 * world_.ego_params.length * ego_cos_;
  return road.along(targets_[i].s, ego_centre_.d) - 0.5 * world_.targets[i].length - ego_front;
}

// The rate of the target's along() coordinate on the ego's line: its speed along its own lane,
// scaled from its line to the ego's.
double Simulation::target_speed_along(std::size_t i) const {
  const Road& road = world_.road;
  const TargetState& s = targets_[i];
  if (road.straight()) return s.v;
  return s.v * road.scale(s.s, ego_centre_.d) / road.scale(s.s, s.d);
}

double Simulation::closing_ttc(std::size_t i) const {
  const double lateral = targets_[i].d - ego_centre_.d;
  if (std::abs(lateral) >= 0.5 * (world_.ego_params.width + world_.targets[i].width)) return kInf;
  const double g = gap(i);
  const double closing = ego_.v * ego_cos_ - target_speed_along(i);
  if (g <= 0.0) return g > -world_.targets[i].length ? 0.0 : kInf;  // touching or passed
  return closing > 0.0 ? g / closing : kInf;
}

double Simulation::headway(std::size_t i) const {
  const double lateral = targets_[i].d - ego_centre_.d;
  if (std::abs(lateral) >= 0.5 * (world_.ego_params.width + world_.targets[i].width)) return kInf;
  const double g = gap(i);
  const double v = ego_.v * ego_cos_;
  return g > 0.0 && v > kStoppedSpeed ? g / v : kInf;
}

double Simulation::clearance(std::size_t i, const Pose& ego_pose) {
  const Pose t = target_pose(i);
  const double reach = half_diagonal(world_.ego_params.length, world_.ego_params.width) +
                       half_diagonal(world_.targets[i].length, world_.targets[i].width);
  const double dx = t.x - ego_pose.x, dy = t.y - ego_pose.y;
  const double bound = std::sqrt(dx * dx + dy * dy) - reach;  // hypot's overflow care is not needed
  // Far apart, the bounding-circle distance is a lower bound and costs nothing; near, Bullet.
  if (bound > kExactClearance) return bound;
  return contact_.distance(0, ego_pose, i + 1, t);
}

void Simulation::update_triggers(std::size_t i) {
  const auto& spec = world_.targets[i];
  auto& s = targets_[i];
  for (std::size_t b = 0; b < spec.behaviours.size(); ++b) {
    if (s.triggered[b]) continue;
    const auto& beh = spec.behaviours[b];
    bool fire = false;
    switch (beh.trigger) {
      case BehaviourSpec::Trigger::kStart:
        fire = true;
        break;
      case BehaviourSpec::Trigger::kTime:
        fire = t_ >= beh.trigger_value - 1e-9;
        break;
      case BehaviourSpec::Trigger::kGapBelow:
        fire = gap(i) < beh.trigger_value;
        break;
      case BehaviourSpec::Trigger::kTtcBelow:
        fire = closing_ttc(i) < beh.trigger_value;
        break;
    }
    if (!fire) continue;
    s.triggered[b] = true;
    if (beh.kind == BehaviourSpec::Kind::kLaneChange) {
      const double offset = std::isfinite(beh.to_y) ? beh.to_y - s.d : beh.offset;
      if (offset == 0.0) continue;  // already there
      s.lateral = static_cast<int>(b);
      s.lateral_offset = offset;
      s.lateral_remaining = offset;
      s.lateral_origin = s.d;
      s.lateral_elapsed = 0.0;
      if (beh.lateral_duration > 0.0) {
        s.lateral_time = beh.lateral_duration;
        s.lateral_speed = std::abs(offset) / beh.lateral_duration;
      } else {
        s.lateral_speed = beh.lateral_speed;
        // A half cosine of amplitude |offset| over T peaks at π·|offset|/(2T).
        s.lateral_time = std::numbers::pi * std::abs(offset) / (2.0 * beh.lateral_speed);
      }
    } else {
      s.longitudinal = static_cast<int>(b);
      s.longitudinal_since = t_;
    }
  }
}

void Simulation::advance_target(std::size_t i) {
  const auto& spec = world_.targets[i];
  auto& s = targets_[i];
  const double dt = world_.dt;
  const double v_before = s.v;
  s.a = 0.0;
  if (s.longitudinal >= 0) {
    const auto& beh = spec.behaviours[static_cast<std::size_t>(s.longitudinal)];
    if (beh.kind == BehaviourSpec::Kind::kChangeSpeed && s.v != beh.target_speed) {
      const double elapsed = t_ + dt - s.longitudinal_since;
      const double scale = beh.ramp > 0.0 ? std::min(1.0, elapsed / beh.ramp) : 1.0;
      const double rate = beh.rate * scale;
      const double dir = beh.target_speed > s.v ? 1.0 : -1.0;
      double v = s.v + dir * rate * dt;
      if ((dir > 0 && v > beh.target_speed) || (dir < 0 && v < beh.target_speed)) {
        v = beh.target_speed;
      }
      s.v = v;
      s.a = (s.v - v_before) / dt;
    }
  }
  const BehaviourSpec* lane_change =
      s.lateral >= 0 ? &spec.behaviours[static_cast<std::size_t>(s.lateral)] : nullptr;
  if (lane_change && lane_change->accel != 0.0) {
    // The lane change's own speed change, on top of any longitudinal behaviour; a target never
    // drives backwards.
    s.v = std::max(0.0, s.v + lane_change->accel * dt);
    s.a = (s.v - v_before) / dt;
  }
  // Exact for constant acceleration within the step; v is the speed along the target's lane.
  s.s = world_.road.advance(s.s, s.d, 0.5 * (v_before + s.v) * dt);
  if (!lane_change) return;
  if (lane_change->sinusoidal) {
    // Half a cosine: d = d0 + offset·(1 − cos(π·τ/T))/2, lateral speed 0 at both ends.
    s.lateral_elapsed += dt;
    const double frac = std::min(1.0, s.lateral_elapsed / s.lateral_time);
    s.d = s.lateral_origin + s.lateral_offset * 0.5 * (1.0 - std::cos(std::numbers::pi * frac));
    if (frac >= 1.0) s.lateral = -1;
    return;
  }
  const double move = std::min(std::abs(s.lateral_remaining), s.lateral_speed * dt);
  const double signed_move = s.lateral_remaining > 0 ? move : -move;
  s.d += signed_move;
  s.lateral_remaining -= signed_move;
  if (std::abs(s.lateral_remaining) < 1e-12) {
    s.lateral_remaining = 0.0;
    s.lateral = -1;
  }
}

void Simulation::advance_ego(const ActuatorCommand& command) {
  if (bullet_) {
    bullet_->step(command, world_.dt);
    ego_ = bullet_->state();
  } else {
    step_single_track(kind_, world_.ego_params, ego_, command, world_.dt);
  }
  update_ego_pose();
}

void Simulation::update_ego_pose() {
  // Computed once per step: gap, TTC, headway, observation and contact all need it.
  ego_pose_ = footprint_pose(world_.ego_params, ego_);
  const Road& road = world_.road;
  if (road.straight()) {
    ego_centre_ = {ego_pose_.x, ego_pose_.y};
    ego_cog_ = {ego_.x, ego_.y};
    ego_yaw_ = ego_.yaw;
  } else {
    // The previous s picks the turn of the circle (the ego moves far less than a turn a step).
    ego_centre_ = road.to_frenet(ego_pose_.x, ego_pose_.y, ego_centre_.s);
    ego_cog_ = road.to_frenet(ego_.x, ego_.y, ego_centre_.s);
    ego_yaw_ = std::remainder(ego_.yaw - road.heading(ego_centre_.s), 2.0 * std::numbers::pi);
  }
  ego_cos_ = std::cos(ego_yaw_);
}

const Observation& Simulation::observe() {
  return sensors_ ? sensed_ : build_truth();
}

const Observation& Simulation::build_truth() {
  auto& o = observation_;
  const Frenet& e = ego_centre_;
  const Road& road = world_.road;
  o.t = t_;
  o.dt = world_.dt;
  o.ego_speed = ego_.v;
  o.ego_accel = ego_.accel;
  o.ego_yaw = ego_yaw_;
  o.ego_yaw_rate = ego_.yaw_rate;
  o.ego_steer = ego_.steer;
  o.ego_width = world_.ego_params.width;
  o.ego_length = world_.ego_params.length;
  o.ego_lane = road.lane_at(e.d);
  o.ego_lateral_offset = e.d - road.lane_centre(o.ego_lane);
  o.road_curvature = road.curvature_at(e.s, road.lane_centre(o.ego_lane));
  o.objects.clear();
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (targets_[i].s <= e.s) continue;  // behind the ego's centre: not ahead
    ObjectObservation obj;
    obj.id = static_cast<int>(i);
    obj.distance = gap(i);
    obj.relative_speed = target_speed_along(i) - ego_.v * ego_cos_;
    obj.lateral_offset = targets_[i].d - e.d;
    obj.width = world_.targets[i].width;
    obj.length = world_.targets[i].length;
    obj.speed = targets_[i].v;
    o.objects.push_back(obj);
  }
  if (o.objects.size() > 1) {
    std::sort(o.objects.begin(), o.objects.end(),
              [](const auto& a, const auto& b) { return a.distance < b.distance; });
  }
  return o;
}

void Simulation::step(const ActuatorCommand& command) {
  if (finished()) return;
  const Pose ego_before = ego_pose_;
  const double ego_v_before = ego_.v;
  auto& before = poses_before_;
  auto& target_v_before = speeds_before_;
  before.swap(target_poses_);  // the poses of the step's start
  target_v_before.clear();
  for (std::size_t i = 0; i < targets_.size(); ++i) target_v_before.push_back(targets_[i].v);
  advance_ego(command);
  for (std::size_t i = 0; i < targets_.size(); ++i) advance_target(i);
  update_target_poses();
  t_ = static_cast<double>(++steps_) * world_.dt;  // no accumulated rounding in time
  for (std::size_t i = 0; i < targets_.size(); ++i) update_triggers(i);
  if (!finite(ego_)) {
    end_reason_ = "diverged";
    return;
  }
  if (!contact_seen_) {
    const Pose ego_after = ego_pose_;
    for (std::size_t i = 0; i < targets_.size() && !contact_seen_; ++i) {
      if (!contact_.touching(0, ego_after, i + 1, target_pose(i))) continue;
      const double f =
          contact_.contact_fraction(0, ego_before, ego_after, i + 1, before[i], target_pose(i));
      const double ego_v = ego_v_before + f * (ego_.v - ego_v_before);
      const double target_v = target_v_before[i] + f * (targets_[i].v - target_v_before[i]);
      contact_seen_ = true;
      trace_.add_event({kContactEvent,
                        t_ - (1.0 - f) * world_.dt,
                        {{"target", static_cast<double>(i)},
                         {"ego_speed", ego_v},
                         {"target_speed", target_v},
                         {"relative_speed", ego_v - target_v}}});
    }
  }
  record(command);
  check_end();
}

void Simulation::record(const ActuatorCommand& command) {
  const Pose& e = ego_pose_;
  row_[0] = ego_cog_.s;
  row_[1] = ego_cog_.d;
  row_[2] = ego_yaw_;
  row_[3] = ego_.v;
  row_[4] = ego_.accel;
  row_[5] = command.accel;
  row_[6] = ego_.steer;
  row_[7] = ego_.yaw_rate;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    double* r = &row_[kEgoColumns + kTargetColumns * i];
    r[0] = targets_[i].s;
    r[1] = targets_[i].d;
    r[2] = targets_[i].v;
    r[3] = gap(i);
    r[4] = closing_ttc(i);
    r[5] = headway(i);
    r[6] = clearance(i, e);
  }
  if (sensors_) sense(&row_[kEgoColumns + kTargetColumns * targets_.size()]);
  trace_.append(t_, row_);
}

void Simulation::check_end() {
  if (contact_seen_ && world_.end_on_collision) {
    end_reason_ = "collision";
  } else if (world_.end_on_ego_stopped && ego_.v < kStoppedSpeed) {
    end_reason_ = "ego-stopped";
  } else if (world_.end_on_ego_slower_than >= 0 &&
             ego_.v < targets_[static_cast<std::size_t>(world_.end_on_ego_slower_than)].v) {
    end_reason_ = "ego-slower-than-target";
  } else if (steps_ >= max_steps_) {
    end_reason_ = "duration";
  }
}

}  // namespace assay::sim
