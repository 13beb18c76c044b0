#include "models/r157_cc.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/builtin.h"

namespace assay::models {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Phase boundaries are compared against times that are sums of whole steps: a step that lands
// on a boundary up to rounding counts as reaching it.
constexpr double kTimeSlack = 1e-9;
// Post-event following distance 2 m + 2 s·v (driving-protocols.md §2.3, esmini MinDist).
constexpr double kFollowMin = 2.0;
constexpr double kFollowTime = 2.0;
// Holding the set speed: proportional gain [1/s] and command limit [m/s²]. On the kinematic
// model a held speed needs no correction; the term only matters for models with losses.
constexpr double kSpeedGain = 0.5;
constexpr double kSpeedAccelLimit = 1.0;

// Distance and end speed after `t` seconds at constant acceleration `a` from speed v; stops at 0.
struct Travel {
  double distance = 0.0;
  double speed = 0.0;
  bool stopped = false;
};

Travel constant(double v, double a, double t) {
  if (a < 0.0 && v + a * t <= 0.0) return {v * v / (-2.0 * a), 0.0, true};
  return {v * t + 0.5 * a * t * t, v + a * t, false};
}

// Deceleration growing linearly, a(τ) = −j·τ, from τ0 to τ1, starting at speed v.
Travel linear(double v, double j, double t0, double t1) {
  const double v_end = v - 0.5 * j * (t1 * t1 - t0 * t0);
  double t_end = t1;
  if (v_end <= 0.0) t_end = std::sqrt(t0 * t0 + 2.0 * v / j);  // where v(τ) reaches 0
  const double d =
      (v + 0.5 * j * t0 * t0) * (t_end - t0) - j * (t_end * t_end * t_end - t0 * t0 * t0) / 6.0;
  return {d, std::max(0.0, v_end), v_end <= 0.0};
}

double lane_offset(const sim::Observation& obs, const sim::ObjectObservation& o) {
  return o.lateral_offset + obs.ego_lateral_offset;  // from the ego's lane centre, + left
}

bool in_path(const sim::Observation& obs, const sim::ObjectObservation& o) {
  return std::abs(o.lateral_offset) < 0.5 * (obs.ego_width + o.width);
}

}  // namespace

double cc_brake_accel(const CcParams& p, double t) {
  const double ramp =
      p.ramp_time > 0.0 ? p.max_decel * std::max(0.0, t) / p.ramp_time : p.max_decel;
  return -std::min(p.max_decel, std::max(p.coast_decel, ramp));
}

double cc_profile_accel(const CcParams& p, double t) {
  switch (cc_profile_phase(p, t)) {
    case CcPhase::kIdle:
    case CcPhase::kPerceive:
      return 0.0;
    case CcPhase::kReact:
      return -p.coast_decel;
    case CcPhase::kBrake:
      break;
  }
  return cc_brake_accel(p, t - p.perception_time - p.reaction_time);
}

CcPhase cc_profile_phase(const CcParams& p, double t) {
  if (t < 0.0) return CcPhase::kIdle;
  if (t < p.perception_time - kTimeSlack) return CcPhase::kPerceive;
  if (t < p.perception_time + p.reaction_time - kTimeSlack) return CcPhase::kReact;
  return CcPhase::kBrake;
}

double cc_stopping_distance(const CcParams& p, double v0) {
  double d = v0 * p.perception_time;
  Travel s = constant(v0, -p.coast_decel, p.reaction_time);
  d += s.distance;
  if (s.stopped) return d;
  // Brake ramp: the coasting deceleration until the ramp line reaches it, then the ramp.
  const double jerk = p.ramp_time > 0.0 ? p.max_decel / p.ramp_time : kInf;
  const double floor_end = std::isfinite(jerk) ? std::min(p.coast_decel / jerk, p.ramp_time) : 0.0;
  s = constant(s.speed, -p.coast_decel, floor_end);
  d += s.distance;
  if (s.stopped) return d;
  if (std::isfinite(jerk) && floor_end < p.ramp_time) {
    s = linear(s.speed, jerk, floor_end, p.ramp_time);
    d += s.distance;
    if (s.stopped) return d;
  }
  return d + s.speed * s.speed / (2.0 * p.max_decel);
}

// ---------------------------------------------------------------------------------------------

void CcDriver::reset(const CaseContext& context) {
  tracks_.clear();
  phase_ = CcPhase::kIdle;
  event_ = CcEvent::kNone;
  focus_ = -1;
  previous_lead_ = -1;
  perceived_ = false;
  trigger_t_ = 0.0;
  trigger_offset_ = 0.0;
  phase_t_ = 0.0;
  set_speed_ = context.initial_speed;
  aeb_active_ = false;
  aeb_t_ = 0.0;
}

CcDriver::Track& CcDriver::track(const sim::ObjectObservation& o, double offset, double t) {
  for (auto& k : tracks_) {
    if (k.id != o.id) continue;
    if (t > k.t) k.accel = (o.speed - k.speed) / (t - k.t);
    k.speed = o.speed;
    k.t = t;
    return k;
  }
  tracks_.push_back({o.id, offset, o.speed, t, 0.0});
  return tracks_.back();
}

const sim::ObjectObservation* CcDriver::find(const sim::Observation& obs, int id) const {
  for (const auto& o : obs.objects) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

bool CcDriver::critical(const sim::Observation& obs, const sim::ObjectObservation& o) const {
  if (event_ == CcEvent::kCutIn) {
    return time_to_collision(o.distance, o.relative_speed) < params_.critical_ttc;
  }
  const double thw = obs.ego_speed > 0.0 ? std::max(o.distance, 0.0) / obs.ego_speed : kInf;
  return thw < params_.critical_thw;
}

void CcDriver::detect(const sim::Observation& obs, const sim::ObjectObservation* lead) {
  auto start = [&](CcEvent e, const sim::ObjectObservation& o) {
    event_ = e;
    focus_ = o.id;
    phase_ = CcPhase::kPerceive;
    perceived_ = false;
    trigger_t_ = phase_t_ = obs.t;
    trigger_offset_ = lane_offset(obs, o);
  };
  // Deceleration: the in-path lead brakes harder than the trigger.
  if (lead && lead->id >= 0) {
    for (const auto& k : tracks_) {
      if (k.id == lead->id && k.accel < -params_.decel_trigger)
        return start(CcEvent::kDeceleration, *lead);
    }
  }
  // Cut-out: the previous lead has left the path and revealed a slower object.
  if (lead && previous_lead_ >= 0 && lead->id != previous_lead_ && lead->relative_speed < 0.0) {
    const auto* before = find(obs, previous_lead_);
    if (!before || !in_path(obs, *before)) return start(CcEvent::kCutOut, *lead);
  }
  // Cut-in: an object beside the path has moved towards the ego's lane centre by more than the
  // wandering threshold since it was first seen (nearest such object first).
  for (const auto& o : obs.objects) {
    if (o.id < 0 || in_path(obs, o)) continue;
    for (const auto& k : tracks_) {
      if (k.id == o.id &&
          std::abs(k.first_offset) - std::abs(lane_offset(obs, o)) > params_.wandering) {
        return start(CcEvent::kCutIn, o);
      }
    }
  }
}

double CcDriver::longitudinal(const sim::Observation& obs, const sim::ObjectObservation* lead) {
  const sim::ObjectObservation* focus = focus_ >= 0 ? find(obs, focus_) : nullptr;
  if (phase_ != CcPhase::kIdle && !focus) {  // the object is gone (passed or out of view)
    phase_ = CcPhase::kIdle;
    event_ = CcEvent::kNone;
    set_speed_ = obs.ego_speed;
  }
  if (phase_ == CcPhase::kIdle) detect(obs, lead);
  focus = focus_ >= 0 ? find(obs, focus_) : nullptr;
  if (phase_ == CcPhase::kPerceive && focus) {
    if (!perceived_) {
      perceived_ = params_.perception_lateral > 0.0 && event_ == CcEvent::kCutIn
                       ? std::abs(trigger_offset_) - std::abs(lane_offset(obs, *focus)) >=
                             params_.perception_lateral - kTimeSlack
                       : obs.t - trigger_t_ >= params_.perception_time - kTimeSlack;
    }
    // Once perceived, the driver reacts as soon as the situation is critical (TTC or THW gate),
    // and not at all while it is not.
    if (perceived_ && critical(obs, *focus)) {
      phase_ = CcPhase::kReact;
      phase_t_ = obs.t;
    }
  }
  if (phase_ == CcPhase::kReact && obs.t - phase_t_ >= params_.reaction_time - kTimeSlack) {
    phase_ = CcPhase::kBrake;
    phase_t_ = obs.t;
  }
  if (phase_ == CcPhase::kBrake && focus && focus->relative_speed >= 0.0 &&
      focus->distance > kFollowMin + kFollowTime * obs.ego_speed) {
    phase_ = CcPhase::kIdle;  // no longer critical: keep the speed reached
    event_ = CcEvent::kNone;
    focus_ = -1;
    set_speed_ = obs.ego_speed;
  }
  double a =
      std::clamp(kSpeedGain * (set_speed_ - obs.ego_speed), -kSpeedAccelLimit, kSpeedAccelLimit);
  if (phase_ == CcPhase::kReact) a = -params_.coast_decel;
  if (phase_ == CcPhase::kBrake) a = cc_brake_accel(params_, obs.t - phase_t_);
  if (params_.aeb) {
    const double ttc = lead ? time_to_collision(lead->distance, lead->relative_speed) : kInf;
    if (!aeb_active_ && ttc < params_.aeb_ttc) {
      aeb_active_ = true;
      aeb_t_ = obs.t;
    }
    if (aeb_active_ && !std::isfinite(ttc)) {
      aeb_active_ = false;
      set_speed_ = obs.ego_speed;
    }
    if (aeb_active_) {
      const double ramp = params_.ramp_time > 0.0
                              ? params_.aeb_decel * (obs.t - aeb_t_) / params_.ramp_time
                              : params_.aeb_decel;
      a = std::min(a, -std::min(params_.aeb_decel, ramp));
    }
  }
  return a;
}

sim::ActuatorCommand CcDriver::step(const sim::Observation& obs) {
  for (const auto& o : obs.objects) {
    if (o.id >= 0) track(o, lane_offset(obs, o), obs.t);  // ghosts (id −1) cannot be tracked
  }
  const sim::ObjectObservation* lead = nearest_in_path(obs);
  const double accel = longitudinal(obs, lead);
  previous_lead_ = lead ? lead->id : -1;
  // Lane keeping: steer back to the lane centre with the heading error damping the approach.
  const double steer =
      -(params_.steer_offset_gain * obs.ego_lateral_offset + params_.steer_yaw_gain * obs.ego_yaw);
  return {accel, steer};
}

}  // namespace assay::models
