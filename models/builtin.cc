#include "models/builtin.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

}  // namespace assay::models
