// The Simulation's side of the sensor models: the trace signals that show what the model was
// given, next to the ground truth the trace already holds (kept apart from simulation.cc).
#include <limits>

#include "sim/vehicle/simulation.h"

namespace assay::sim {
namespace {

constexpr std::size_t kColumnsPerTarget = 3;  // sensed distance, relative speed, lateral offset
constexpr std::size_t kSharedColumns = 3;  // ego.sensed_v, sensor.dropout, sensor.false_positives

}  // namespace

void Simulation::add_sensor_signals() {
  sensors_ =
      std::make_unique<SensorState>(world_.sensors, world_.seed, world_.targets.size(), world_.dt);
  sensed_.objects.reserve(world_.targets.size() + 1);
  for (const auto& spec : world_.targets) {
    trace_.add_signal(spec.id + "." + signal::kSensedDistance, "m");
    trace_.add_signal(spec.id + "." + signal::kSensedRelativeSpeed, "m/s");
    trace_.add_signal(spec.id + "." + signal::kSensedLateralOffset, "m");
  }
  trace_.add_signal(signal::kEgoSensedV, "m/s");
  trace_.add_signal(signal::kSensorDropout, "1");
  trace_.add_signal(signal::kSensorFalsePositives, "1");
  sensor_columns_ = kColumnsPerTarget * world_.targets.size() + kSharedColumns;
}

void Simulation::sense(double* row) {
  sensors_->sense(build_truth(), sensed_);
  constexpr double kNotSensed = std::numeric_limits<double>::infinity();
  const std::size_t n = world_.targets.size();
  for (std::size_t i = 0; i < kColumnsPerTarget * n; ++i) row[i] = kNotSensed;
  double ghosts = 0.0;
  for (const ObjectObservation& o : sensed_.objects) {
    if (o.id < 0 || static_cast<std::size_t>(o.id) >= n) {
      ghosts += 1.0;
      continue;
    }
    double* r = row + kColumnsPerTarget * static_cast<std::size_t>(o.id);
    r[0] = o.distance;
    r[1] = o.relative_speed;
    r[2] = o.lateral_offset;
  }
  row[kColumnsPerTarget * n] = sensed_.ego_speed;
  row[kColumnsPerTarget * n + 1] = sensors_->status().dropout ? 1.0 : 0.0;
  row[kColumnsPerTarget * n + 2] = ghosts;
}

}  // namespace assay::sim
