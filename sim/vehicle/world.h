// The immutable description of one concrete case for the vehicle simulator: every number
// resolved to SI, every actor placed. Built by the harness from a scenario and a case; the
// simulator never sees scenario files or parameters.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/vehicle/road.h"
#include "sim/vehicle/sensors.h"
#include "sim/vehicle/single_track.h"
#include "sim/vehicle/vehicle_params.h"
#include "sim/vehicle/vehicle_state.h"

namespace assay::sim {

/// A target behaviour with its trigger, resolved to SI.
struct BehaviourSpec {
  enum class Kind { kHoldSpeed, kChangeSpeed, kLaneChange };
  enum class Trigger { kStart, kTime, kGapBelow, kTtcBelow };
  Kind kind = Kind::kHoldSpeed;
  Trigger trigger = Trigger::kStart;
  double trigger_value = 0.0;  // s, m or s
  double target_speed = 0.0;   // kChangeSpeed [m/s]
  double rate = 0.0;           // kChangeSpeed, magnitude [m/s^2]
  double ramp = 0.0;           // kChangeSpeed, time to reach the rate [s]
  // kLaneChange: move by `offset` (+ left) [m], or, when `to_y` is finite, to the road
  // coordinate d = to_y [m] (the offset is then taken when the behaviour starts). The move takes
  // `lateral_duration` [s] when it is > 0; otherwise it runs at `lateral_speed` [m/s] (linear
  // shape) or peaks at it (sinusoidal shape: y follows half a cosine, T = π·|offset|/(2·peak)).
  double offset = 0.0;
  double to_y = std::numeric_limits<double>::quiet_NaN();
  double lateral_speed = 0.0;
  double lateral_duration = 0.0;
  bool sinusoidal = false;
  double accel = 0.0;  // kLaneChange: speed change while the lane change lasts [m/s^2]
};

/// A target actor: footprint, initial centre position in road coordinates, speed along its
/// lane, behaviours.
struct TargetSpec {
  std::string id;
  double length = 0.0;
  double width = 0.0;
  double s = 0.0;  // footprint centre along the road [m]
  double d = 0.0;  // footprint centre across the road, from the right edge [m]
  double speed = 0.0;
  std::vector<BehaviourSpec> behaviours;
};

/// Which model moves the ego.
enum class EgoDynamics { kKinematic, kDynamicLinear, kDynamicPacejka, kBullet };

struct World {
  EgoDynamics ego_dynamics = EgoDynamics::kKinematic;
  VehicleParams ego_params;
  VehicleState ego_initial;    // CoG position (Cartesian), yaw, speed
  double ego_initial_s = 0.0;  // s of the ego's footprint centre: which turn of an arc it is on
  std::vector<TargetSpec> targets;
  double dt = 0.01;
  double duration = 10.0;
  Road road;  // lanes, lane width and the reference line
  bool end_on_collision = true;
  bool end_on_ego_stopped = true;
  int end_on_ego_slower_than = -1;  // target index, or -1
  std::uint64_t seed = 0;           // the case seed; sensors split their streams from it
  SensorSpec sensors;               // perfect (disabled) unless the scenario has "sensors"
};

/// "kinematic", "dynamic-linear", "dynamic-pacejka", "bullet" → dynamics; false if unknown.
bool parse_ego_dynamics(std::string_view name, EgoDynamics& out);

}  // namespace assay::sim
