// The closed-loop vehicle simulation of one case: an ego moved by a vehicle model under the
// model-under-test's commands, targets moved by their behaviours, contact detection, and a
// Trace of every signal. Fixed time step, no wall clock, no randomness: (const World&, state).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/trace.h"
#include "sim/vehicle/contact.h"
#include "sim/vehicle/observation.h"
#include "sim/vehicle/sensors.h"
#include "sim/vehicle/world.h"

namespace assay::sim {

class BulletVehicle;

/// Mutable state of one target: footprint centre in road coordinates, speed along its lane.
struct TargetState {
  double s = 0.0;
  double d = 0.0;
  double v = 0.0;
  double a = 0.0;
  int longitudinal = -1;  // index of the active longitudinal behaviour, or -1
  double longitudinal_since = 0.0;
  int lateral = -1;                // index of the active lane change, or -1
  double lateral_remaining = 0.0;  // signed offset still to travel [m] (linear shape)
  double lateral_speed = 0.0;
  double lateral_origin = 0.0;   // y where the active lane change started [m]
  double lateral_offset = 0.0;   // its whole signed move [m]
  double lateral_time = 0.0;     // its duration, sinusoidal shape [s]
  double lateral_elapsed = 0.0;  // time since it started [s]
  std::vector<bool> triggered;
  friend bool operator==(const TargetState&, const TargetState&) = default;
};

/// Names of the signals every vehicle trace has (each target adds "<id>.x", ".y", ".v",
/// ".gap", ".ttc", ".thw" and ".clearance"). Positions are road coordinates: x is s along the
/// road, y is d across it from the right edge, and ego.yaw is the heading relative to the road
/// (on a straight road these are the Cartesian values).
namespace signal {
inline constexpr const char* kEgoX = "ego.x";
inline constexpr const char* kEgoY = "ego.y";
inline constexpr const char* kEgoYaw = "ego.yaw";
inline constexpr const char* kEgoV = "ego.v";
inline constexpr const char* kEgoA = "ego.a";
inline constexpr const char* kEgoACmd = "ego.a_cmd";
inline constexpr const char* kEgoSteer = "ego.steer";
inline constexpr const char* kEgoYawRate = "ego.yaw_rate";
// With sensors: what the model was given ("<id>." + name; +inf while the target is not sensed).
inline constexpr const char* kSensedDistance = "sensed_distance";
inline constexpr const char* kSensedRelativeSpeed = "sensed_relative_speed";
inline constexpr const char* kSensedLateralOffset = "sensed_lateral_offset";
inline constexpr const char* kEgoSensedV = "ego.sensed_v";
inline constexpr const char* kSensorDropout = "sensor.dropout";  // 1 during a dropout
inline constexpr const char* kSensorFalsePositives = "sensor.false_positives";  // ghosts delivered
}  // namespace signal

/// Event names recorded in the trace.
inline constexpr const char* kContactEvent = "contact";  // values: target, ego_speed,
                                                         // target_speed, relative_speed
class Simulation {
 public:
  explicit Simulation(const World& world);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// The observation for the model at the current time: ground truth, or what the world's
  /// sensors made of it (sensed once per time point, when the trace row is recorded).
  const Observation& observe();

  /// Applies the command for one step of dt, moves everything, detects contact, records.
  void step(const ActuatorCommand& command);

  /// True once an end condition held or the duration elapsed.
  [[nodiscard]] bool finished() const { return !end_reason_.empty(); }
  /// "duration", "collision", "ego-stopped", "ego-slower-than-target" or "diverged".
  [[nodiscard]] const std::string& end_reason() const { return end_reason_; }
  /// True when a state became non-finite: the case cannot be judged.
  [[nodiscard]] bool diverged() const { return end_reason_ == "diverged"; }

  [[nodiscard]] double time() const { return t_; }
  [[nodiscard]] std::uint64_t steps() const { return steps_; }
  [[nodiscard]] const VehicleState& ego() const { return ego_; }
  [[nodiscard]] const std::vector<TargetState>& targets() const { return targets_; }
  /// The ego's footprint centre in road coordinates.
  [[nodiscard]] const Frenet& ego_road() const { return ego_centre_; }
  /// Target i's footprint in the Cartesian frame (heading along the road).
  [[nodiscard]] Pose target_pose(std::size_t i) const;
  [[nodiscard]] const Trace& trace() const { return trace_; }
  /// Moves the trace out (the simulation is finished with it).
  Trace take_trace() { return std::move(trace_); }

 private:
  void advance_ego(const ActuatorCommand& command);
  void update_ego_pose();
  void update_target_poses();
  void advance_target(std::size_t i);
  void update_triggers(std::size_t i);
  void record(const ActuatorCommand& command);
  const Observation& build_truth();
  void add_sensor_signals();
  void sense(double* row);
  void check_end();
  [[nodiscard]] double gap(std::size_t i) const;
  [[nodiscard]] double target_speed_along(std::size_t i) const;
  [[nodiscard]] double closing_ttc(std::size_t i) const;
  [[nodiscard]] double headway(std::size_t i) const;
  [[nodiscard]] double clearance(std::size_t i, const Pose& ego_pose);

  const World& world_;
  SingleTrackKind kind_ = SingleTrackKind::kKinematic;
  std::unique_ptr<BulletVehicle> bullet_;
  ContactDetector contact_;
  VehicleState ego_;
  Pose ego_pose_;         // footprint pose of ego_, kept in step with it
  Frenet ego_centre_;     // ego_pose_ in road coordinates
  Frenet ego_cog_;        // ego_'s CoG in road coordinates (the trace's ego.x, ego.y)
  double ego_yaw_ = 0.0;  // ego_.yaw relative to the road heading at ego_centre_
  double ego_cos_ = 1.0;  // cos(ego_yaw_)
  std::vector<TargetState> targets_;
  double t_ = 0.0;
  std::uint64_t steps_ = 0;
  std::uint64_t max_steps_ = 0;
  bool contact_seen_ = false;
  std::string end_reason_;
  Observation observation_;
  Trace trace_;
  std::vector<std::size_t> target_columns_;  // first column of each target
  std::vector<double> row_;
  std::vector<Pose> target_poses_;        // Cartesian footprints of targets_, kept in step
  std::vector<Pose> poses_before_;        // scratch, reused every step
  std::vector<double> speeds_before_;     // scratch, reused every step
  std::unique_ptr<SensorState> sensors_;  // null: the model sees ground truth
  Observation sensed_;
  std::size_t sensor_columns_ = 0;
};

}  // namespace assay::sim
