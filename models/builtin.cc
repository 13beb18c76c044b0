#include "models/builtin.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "oracles/r157.h"

namespace assay::models {

const sim::ObjectObservation* nearest_in_path(const sim::Observation& obs) {
  for (const auto& o : obs.objects) {  // sorted nearest first
    if (std::abs(o.lateral_offset) < 0.5 * (obs.ego_width + o.width)) return &o;
  }
  return nullptr;
}

double time_to_collision(double gap, double relative_speed) {
  if (relative_speed >= 0.0) return std::numeric_limits<double>::infinity();
  return std::max(gap, 0.0) / -relative_speed;
}

void AebTtcModel::reset(const CaseContext& context) {
  const auto slots = static_cast<std::size_t>(std::lround(params_.latency / context.dt));
  delay_line_.assign(slots, 0.0);
  head_ = 0;
  braking_ = false;
}

sim::ActuatorCommand AebTtcModel::step(const sim::Observation& obs) {
  const auto* lead = nearest_in_path(obs);
  const double ttc = lead ? time_to_collision(lead->distance, lead->relative_speed)
                          : std::numeric_limits<double>::infinity();
  if (!braking_ && ttc < params_.ttc) braking_ = true;
  // Hold the brake until the threat is gone (no in-path object, or no longer closing); releasing
  // on a TTC threshold would pulse the brake as the closing speed falls.
  if (braking_ && !std::isfinite(ttc)) braking_ = false;
  const double decision = braking_ && obs.ego_speed > 0.0 ? -params_.decel : 0.0;
  if (delay_line_.empty()) return {decision, 0.0};
  // The command decided now is applied `latency` later: a ring buffer of pending commands.
  const double due = delay_line_[head_];
  delay_line_[head_] = decision;
  head_ = (head_ + 1) % delay_line_.size();
  return {due, 0.0};
}

double idm_acceleration(const IdmParams& p, double v0, double v, double s, double dv) {
  const double free_road = 1.0 - std::pow(std::max(v, 0.0) / v0, p.delta);
  if (!std::isfinite(s)) return p.a * free_road;
  const double s_star = p.s0 + std::max(0.0, v * p.t + v * dv / (2.0 * std::sqrt(p.a * p.b)));
  const double gap = std::max(s, 1e-3);  // at contact the interaction term saturates
  return p.a * (free_road - (s_star / gap) * (s_star / gap));
}

void IdmModel::reset(const CaseContext& context) {
  v0_ = params_.v0 > 0.0 ? params_.v0 : std::max(context.initial_speed, 0.1);
}

sim::ActuatorCommand IdmModel::step(const sim::Observation& obs) {
  const auto* lead = nearest_in_path(obs);
  const double s = lead ? lead->distance : std::numeric_limits<double>::infinity();
  const double dv = lead ? -lead->relative_speed : 0.0;
  const double a = idm_acceleration(params_, v0_, obs.ego_speed, s, dv);
  return {std::max(a, -params_.b_max), 0.0};
}

double lane_overlap(double y, double w, double lane_width) {
  return std::min(y + 0.5 * w, 0.5 * lane_width) - std::max(y - 0.5 * w, -0.5 * lane_width);
}

double required_deceleration(double gap, double v, double v_object, double a_object) {
  const double closing = v - v_object;
  if (gap <= 0.0) return closing > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
  if (a_object <= 1e-3) return closing > 0.0 ? closing * closing / (2.0 * gap) : 0.0;
  // Both decelerate at constant rates. If the follower closes the relative motion before the
  // object has stopped, the relative decelerations decide: b = a_o + v_rel²/(2·gap), reached at
  // t* = 2·gap/v_rel. Otherwise the object stops first and the stopping distances decide:
  // v²/(2b) = gap + v_o²/(2·a_o).
  if (closing > 0.0 && 2.0 * gap / closing <= v_object / a_object) {
    return a_object + closing * closing / (2.0 * gap);
  }
  return std::max(v, 0.0) * std::max(v, 0.0) /
         (2.0 * (gap + v_object * v_object / (2.0 * a_object)));
}

namespace {
// ACC gap law a = k_gap·(gap − desired) + k_speed·(v_object − v): characteristic equation
// s² + k_speed·s + k_gap, critically damped for k_speed = 2·√k_gap.
constexpr double kGapGain = 0.2;     // 1/s²
constexpr double kSpeedGain = 0.9;   // 1/s
constexpr double kCruiseGain = 0.5;  // 1/s: set-speed tracking
// Emergency braking takes over once avoiding the object needs more than this [m/s²], and then
// asks for this factor more than the bare requirement, so the lag of the brake is absorbed.
constexpr double kEmergencyOn = 1.0;
constexpr double kEmergencyFactor = 1.25;
constexpr double kFilterTime = 0.1;      // s: first-order filter of tracked rates
constexpr double kWheelbaseShare = 0.6;  // wheelbase / footprint length of a passenger car
constexpr double kSteerMax = 0.5;        // rad
constexpr double kIntegralLimit = 2.0;   // m s: anti-windup of the lane-keeping integral
constexpr double kMinSteerSpeed = 2.0;   // m/s: gains are computed at least at this speed
// Cut-in prediction. An object beside the path counts once its predicted entry into the ego's
// path comes before the ego has passed it. The entry is predicted with this lateral margin [m]
// (half of R157 Annex 5 4.1's 0.375 m wandering), from lateral speeds towards the path above
// this floor [m/s] (slower drift is wandering, not a cut-in).
constexpr double kLateralMargin = 0.1875;
constexpr double kMinLateralSpeed = 0.05;
// Forward acceleration [m/s²] above which an object is expected to catch up after being passed.
constexpr double kCatchUpAccel = 0.5;
// Brake actuator lag [s] assumed when judging whether the ego can still stay behind an object
// (the built-in vehicles' 0.2 s, docs/vehicle-models.md; the observation does not carry it).
constexpr double kActuatorLag = 0.2;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Time [s] until a relative distance d ≥ 0 is covered at closing speed c that falls at a
// (a > 0: the object accelerates away; a < 0: it brakes): d = c·t − a·t²/2; +inf when never.
double time_to_cover(double d, double c, double a) {
  if (d <= 0.0) return 0.0;
  if (std::abs(a) <= 1e-9) return c > 0.0 ? d / c : kInf;
  if (a > 0.0 && c <= 0.0) return kInf;
  const double disc = c * c - 2.0 * a * d;
  if (disc < 0.0) return kInf;
  return (c - std::sqrt(disc)) / a;
}

// Time [s] for an ego that brakes at b from closing speed c > 0 to fall back until its front is
// behind the rear of an object moving at v_object, starting `ahead` metres past that rear:
// it first travels c²/(2b) further, then falls back from relative standstill at b, which is
// possible only while the object moves (the ego cannot out-brake a standing object).
double time_to_fall_back(double ahead, double c, double b, double v_object) {
  if (v_object <= 0.0) return kInf;
  const double c_pos = std::max(c, 0.0);
  return c_pos / b + std::sqrt(2.0 * (ahead + c_pos * c_pos / (2.0 * b)) / b);
}
}  // namespace

void AlksModel::reset(const CaseContext& context) {
  v_set_ = params_.v_set > 0.0 ? params_.v_set : context.initial_speed;
  dt_ = context.dt;
  a_prev_ = 0.0;
  lateral_integral_ = 0.0;
  tracks_.clear();
}

AlksModel::Track& AlksModel::track(const sim::ObjectObservation& o, double t, double y) {
  auto it =
      std::find_if(tracks_.begin(), tracks_.end(), [&](const Track& k) { return k.id == o.id; });
  if (it == tracks_.end()) {
    tracks_.push_back({o.id, t, y, o.speed, 0.0, 0.0});
    return tracks_.back();
  }
  const double step = t - it->t;
  if (step > 0.0) {
    const double alpha = step / (kFilterTime + step);
    it->vy += alpha * ((y - it->y) / step - it->vy);
    it->accel += alpha * ((o.speed - it->speed) / step - it->accel);
  }
  it->t = t;
  it->y = y;
  it->speed = o.speed;
  return *it;
}

sim::ActuatorCommand AlksModel::step(const sim::Observation& obs) {
  const AlksParams& p = params_;
  const double v = std::max(obs.ego_speed, 0.0);
  const double dt = obs.dt > 0.0 ? obs.dt : dt_;

  // Lane keeping. With e the offset from the lane centre and ψ the heading to the road,
  // ė ≈ v·ψ and ψ̇ = r, so the yaw-rate request r = −(ω²·e + 2ζω·v·ψ + k_i·∫e)/v gives
  // ë + 2ζω·ė + ω²·e + k_i·∫e = 0: stable for k_i < 2ζω³, here k_i = 0.2·ω³. The integral
  // removes what the feed-forward misses. On a curve the road turns at v·κ (κ the curvature of
  // the ego's lane, + left), which is added to r, so a kinematic car with δ = atan(L·κ) follows
  // the lane with no error to correct. Kinematic steering: δ = atan(L·r/v).
  const double e = obs.ego_lateral_offset;
  lateral_integral_ = std::clamp(lateral_integral_ + e * dt, -kIntegralLimit, kIntegralLimit);
  const double w = p.lk_omega;
  const double vs = std::max(v, kMinSteerSpeed);
  const double r = vs * obs.road_curvature - (w * w * e + 2.0 * p.lk_zeta * w * vs * obs.ego_yaw +
                                              0.2 * w * w * w * lateral_integral_) /
                                                 vs;
  const double wheelbase = kWheelbaseShare * obs.ego_length;
  const double steer = std::clamp(std::atan(wheelbase * r / vs), -kSteerMax, kSteerMax);

  // Longitudinal: cruise at the set speed unless an object in (or intruding into) the ego lane
  // needs less. Only the nearest such object counts, as for a forward radar whose view the
  // nearest vehicle hides.
  double a = std::clamp(kCruiseGain * (v_set_ - v), -p.acc_decel, p.accel);
  const sim::ObjectObservation* relevant = nullptr;
  // A copy: tracking a later object may grow tracks_ and move the Track a pointer would name.
  std::optional<Track> relevant_track;
  bool cutting_in = false;             // the relevant object is beside the path, moving into it
  for (const auto& o : obs.objects) {  // nearest first
    const double y = o.lateral_offset + e;  // object centre from the ego lane centre
    const Track& k = track(o, obs.t, y);
    if (relevant) continue;  // keep tracking the others
    const double lateral_gap = std::abs(o.lateral_offset) - 0.5 * (obs.ego_width + o.width);
    const bool in_path = lateral_gap < 0.0;
    if (!in_path) {
      // Cut-in prediction (constant lateral speed relative to the ego; the object's forward
      // acceleration and the ego's own braking stretch the time to pass it).
      const double toward =
          -std::copysign(1.0, o.lateral_offset) * (k.vy - v * std::sin(obs.ego_yaw));
      const double t_enter =
          toward > kMinLateralSpeed ? std::max(0.0, lateral_gap - kLateralMargin) / toward : kInf;
      const double t_edge = toward > kMinLateralSpeed ? lateral_gap / toward : kInf;
      const double t_clear = time_to_cover(o.distance + obs.ego_length + o.length,
                                           -o.relative_speed, k.accel - obs.ego_accel);
      // An object that accelerates forward catches up again after being passed: only staying
      // (or falling) behind it resolves the conflict.
      const bool catches_up = k.accel > kCatchUpAccel;
      // Passed before it can enter: keep going. Braking would only hold the ego beside it.
      // (An object that is not moving in, e.g. one standing partly in the lane, is not passed.)
      if (t_enter < kInf && !catches_up && t_clear <= t_enter) continue;
      const bool intruding =
          lane_overlap(y, o.width, p.lane_width) >= p.intrusion ||
          lane_overlap(y + k.vy * p.anticipation, o.width, p.lane_width) >= p.intrusion;
      if (t_enter == kInf && !intruding) continue;
      // A threat. Brake to stay (or fall back) behind it, unless that is impossible while the
      // ego would still pass it before its edge reaches the ego's path. Staying behind allows
      // for the distance closed while the brake builds up and for an object that accelerates.
      if (t_edge < kInf && t_clear <= t_edge) {
        // Distance closed before full braking acts: the lag plus half the jerk-limited ramp.
        const double closing = std::max(0.0, -o.relative_speed);
        const double delay = kActuatorLag + 0.5 * p.brake_max / p.jerk;
        const bool can_stay_behind =
            o.distance > 0.0
                ? required_deceleration(o.distance - p.stop_margin - closing * delay, v, o.speed,
                                        std::max(0.0, -k.accel)) -
                          std::max(0.0, k.accel) <=
                      p.brake_max
                : time_to_fall_back(-o.distance, -o.relative_speed, p.brake_max, o.speed) < t_clear;
        if (!can_stay_behind) continue;
      }
      cutting_in = t_enter < kInf;
    }
    relevant = &o;
    relevant_track = k;
  }
  if (relevant) {
    const double desired = oracles::r157_following_distance(v) + p.gap_margin;
    const double acc =
        kGapGain * (relevant->distance - desired) + kSpeedGain * (relevant->speed - v);
    a = std::min(a, std::clamp(acc, -p.acc_decel, p.accel));
    const double need =
        required_deceleration(relevant->distance - p.stop_margin, v, relevant->speed,
                              std::max(0.0, -relevant_track->accel));
    if (need > kEmergencyOn) a = std::min(a, -std::min(p.brake_max, kEmergencyFactor * need));
    // Beside an object that is entering the path, braking is the escape that was chosen above:
    // fall back (or stop) as fast as possible rather than follow it.
    if (cutting_in && relevant->distance <= 0.0) a = -p.brake_max;
  }
  const double max_change = p.jerk * dt;
  a = std::clamp(a, a_prev_ - max_change, a_prev_ + max_change);
  a_prev_ = a;
  return {a, steer};
}

}  // namespace assay::models
