#include "sim/vehicle/sensors.h"

#include <algorithm>
#include <cmath>

namespace assay::sim {
namespace {

// Stream numbers for Rng::split: one independent stream per error source, so adding false
// positives to a scenario does not change its noise sequence. The 0x5e50 prefix keeps them apart
// from the streams the planner splits off the same case seed for random parameters (0, 1, ...).
constexpr std::uint64_t kNoiseStream = 0x5e50'0001;
constexpr std::uint64_t kGhostStream = 0x5e50'0002;
constexpr std::uint64_t kDropoutStream = 0x5e50'0003;
constexpr std::uint64_t kEgoStream = 0x5e50'0004;

// A ghost is drawn the size of a passenger car so that in-path logic treats it like one.
constexpr double kGhostWidth = 1.8;
constexpr double kGhostLength = 4.0;

// Adds bias and, when the deviation is positive, one normal draw (no draw when it is zero, so a
// noiseless quantity does not shift the stream of the others).
double corrupt(double truth, double bias, double stdev, Rng& rng) {
  return stdev > 0.0 ? rng.normal(truth + bias, stdev) : truth + bias;
}

}  // namespace

SensorState::SensorState(const SensorSpec& spec, std::uint64_t seed, std::size_t max_objects,
                         double dt)
    : spec_(spec),
      noise_rng_(Rng(seed).split(kNoiseStream)),
      ghost_rng_(Rng(seed).split(kGhostStream)),
      dropout_rng_(Rng(seed).split(kDropoutStream)),
      ego_rng_(Rng(seed).split(kEgoStream)) {
  const ObjectSensorSpec& o = spec.object;
  latency_steps_ = static_cast<std::size_t>(std::llround(std::max(0.0, o.latency) / dt));
  slots_ = latency_steps_ + 1;
  frame_size_ = max_objects + 1;  // at most one ghost per step
  frames_.resize(slots_ * frame_size_);
  counts_.assign(slots_, 0);
  // Dropouts as a two-state Markov chain (Gilbert 1960): from a mean burst of b steps,
  // P(leave) = 1/b, and P(enter) = f·P(leave)/(1 − f) gives the stationary fraction f. With no
  // burst length, P(enter) = f and P(leave) = 1 − f: independent steps.
  const double f = std::clamp(o.dropout, 0.0, 1.0);
  if (f >= 1.0) {
    enter_dropout_ = 1.0;
    leave_dropout_ = 0.0;
  } else if (o.dropout_burst > 0.0) {
    leave_dropout_ = std::min(1.0, dt / o.dropout_burst);
    enter_dropout_ = std::min(1.0, f * leave_dropout_ / (1.0 - f));
  } else {
    enter_dropout_ = f;
    leave_dropout_ = 1.0 - f;
  }
}

bool SensorState::visible(const ObjectObservation& o) const {
  const ObjectSensorSpec& s = spec_.object;
  if (s.range > 0.0 && o.distance > s.range) return false;
  // Bearing from the ego's front bumper; the boundary itself is inside the field of view.
  if (s.fov > 0.0 && std::atan2(std::abs(o.lateral_offset), o.distance) > 0.5 * s.fov) {
    return false;
  }
  return true;
}

void SensorState::measure(const Observation& truth, ObjectObservation* frame, std::size_t& count) {
  const ObjectSensorSpec& s = spec_.object;
  count = 0;
  for (const ObjectObservation& t : truth.objects) {
    if (count + 1 >= frame_size_) break;  // never more than the delay line was sized for
    if (!visible(t)) continue;
    ObjectObservation m = t;
    m.distance = corrupt(t.distance, s.bias.distance, s.noise.distance, noise_rng_);
    m.relative_speed =
        corrupt(t.relative_speed, s.bias.relative_speed, s.noise.relative_speed, noise_rng_);
    m.lateral_offset =
        corrupt(t.lateral_offset, s.bias.lateral_offset, s.noise.lateral_offset, noise_rng_);
    m.speed = truth.ego_speed + m.relative_speed;  // consistent with the sensed relative speed
    frame[count++] = m;
  }
  status_.false_positives = 0;
  // Draw every step, used or not, so the ghost stream stays aligned with time.
  const double u = ghost_rng_.uniform();
  const double d = ghost_rng_.uniform(s.false_positive_min, s.false_positive_max);
  const double l = ghost_rng_.uniform(-s.false_positive_lateral, s.false_positive_lateral);
  if (u < s.false_positive) {
    ObjectObservation g;
    g.id = kGhostId;
    g.distance = d;
    g.lateral_offset = l;
    g.relative_speed = -truth.ego_speed;  // a stationary reflector (bridge, manhole cover)
    g.speed = 0.0;
    g.width = kGhostWidth;
    g.length = kGhostLength;
    frame[count++] = g;
    status_.false_positives = 1;
  }
  std::sort(frame, frame + count,
            [](const auto& a, const auto& b) { return a.distance < b.distance; });
}

bool SensorState::next_dropout() {
  const double u = dropout_rng_.uniform();
  in_dropout_ = in_dropout_ ? u >= leave_dropout_ : u < enter_dropout_;
  return in_dropout_;
}

void SensorState::sense(const Observation& truth, Observation& out) {
  const EgoSensorSpec& e = spec_.ego;
  out = truth;  // vector assignment reuses out.objects' capacity: no allocation per step
  out.objects.clear();
  out.ego_speed = corrupt(truth.ego_speed, e.speed_bias, e.speed_noise, ego_rng_);
  out.ego_accel = corrupt(truth.ego_accel, e.accel_bias, e.accel_noise, ego_rng_);

  const std::size_t slot = measured_ % slots_;
  measure(truth, &frames_[slot * frame_size_], counts_[slot]);
  status_.dropout = next_dropout();
  // The frame measured latency_steps_ ago arrives now; before the first one, nothing has.
  if (measured_ >= latency_steps_ && !status_.dropout) {
    const std::size_t from = (measured_ - latency_steps_) % slots_;
    const ObjectObservation* frame = &frames_[from * frame_size_];
    out.objects.assign(frame, frame + counts_[from]);
  }
  ++measured_;
}

}  // namespace assay::sim
