// Sensor models between the simulator's truth and the model's observation: limited range and
// field of view, Gaussian noise, bias, false positives, latency (a delay line) and dropouts.
// SensorSpec is the immutable description (SI units); SensorState is the mutable per-case part
// with its own random stream split from the case seed. Buffers are sized once at construction,
// so sensing allocates nothing per step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "sim/vehicle/observation.h"

namespace assay::sim {

/// Standard deviation (noise) or offset (bias) per measured object quantity, SI.
struct ObjectErrors {
  double distance = 0.0;        // [m]
  double relative_speed = 0.0;  // [m/s]
  double lateral_offset = 0.0;  // [m]
};

/// The object sensor (radar / camera fusion output): what it sees and how it errs.
struct ObjectSensorSpec {
  double range = 0.0;               // [m]; objects farther away are not seen; 0: unlimited
  double fov = 0.0;                 // full horizontal field of view [rad]; 0: unlimited
  ObjectErrors noise;               // standard deviations, drawn independently every step
  ObjectErrors bias;                // constant offsets
  double dropout = 0.0;             // long-run fraction of steps whose whole object list is lost
  double dropout_burst = 0.0;       // mean length of a dropout [s]; 0: independent per step
  double latency = 0.0;             // [s]; rounded to whole steps
  double false_positive = 0.0;      // probability per step of one ghost object
  double false_positive_min = 5.0;  // ghost distance drawn uniformly from [min, max] [m]
  double false_positive_max = 100.0;
  double false_positive_lateral = 0.0;  // ghost lateral offset uniform in [-l, l] [m]
};

/// Ego odometry errors.
struct EgoSensorSpec {
  double speed_noise = 0.0;  // standard deviation [m/s]
  double speed_bias = 0.0;   // [m/s]
  double accel_noise = 0.0;  // [m/s^2]
  double accel_bias = 0.0;   // [m/s^2]
};

/// All sensor models of a case. A default-constructed spec is a perfect sensor.
struct SensorSpec {
  bool enabled = false;  // false: the model sees ground truth
  ObjectSensorSpec object;
  EgoSensorSpec ego;
};

/// Id given to false-positive (ghost) objects; real objects keep their target index.
inline constexpr int kGhostId = -1;

/// What the sensor did at one time point (for the trace).
struct SensorStatus {
  bool dropout = false;
  int false_positives = 0;
};

/// The mutable part of the sensors of one case.
class SensorState {
 public:
  /// Sizes the delay line for `max_objects` targets at step dt; `seed` is the case seed.
  SensorState(const SensorSpec& spec, std::uint64_t seed, std::size_t max_objects, double dt);

  /// Senses `truth` (taken at truth.t) and writes what the model sees at that time into `out`.
  void sense(const Observation& truth, Observation& out);

  /// Steps of delay between a measurement and its delivery.
  [[nodiscard]] std::size_t latency_steps() const { return latency_steps_; }
  /// What happened at the last sense() call.
  [[nodiscard]] const SensorStatus& status() const { return status_; }

 private:
  void measure(const Observation& truth, ObjectObservation* frame, std::size_t& count);
  bool visible(const ObjectObservation& o) const;
  bool next_dropout();

  const SensorSpec& spec_;
  Rng noise_rng_;    // object noise
  Rng ghost_rng_;    // false positives
  Rng dropout_rng_;  // dropouts
  Rng ego_rng_;      // odometry noise
  std::size_t latency_steps_ = 0;
  std::size_t slots_ = 1;       // frames in the delay line (latency_steps_ + 1)
  std::size_t frame_size_ = 1;  // objects per frame (targets + one ghost)
  std::vector<ObjectObservation> frames_;
  std::vector<std::size_t> counts_;
  std::uint64_t measured_ = 0;  // frames written so far
  bool in_dropout_ = false;
  double enter_dropout_ = 0.0;  // per-step probability of starting a dropout
  double leave_dropout_ = 1.0;  // per-step probability of ending one
  SensorStatus status_;
};

}  // namespace assay::sim
