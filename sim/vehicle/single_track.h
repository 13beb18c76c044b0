// Single-track (bicycle) vehicle models with Eigen: kinematic, and dynamic with linear or
// Pacejka tyres (CommonRoad 2020a formulations), behind common actuator limits and first-order
// lags. Functions take the immutable parameters and the mutable state: (const Params&, State&).
#pragma once

#include <optional>
#include <string_view>

#include "sim/vehicle/vehicle_params.h"
#include "sim/vehicle/vehicle_state.h"

namespace assay::sim {

enum class SingleTrackKind { kKinematic, kDynamicLinear, kDynamicPacejka };

/// "kinematic", "dynamic-linear", "dynamic-pacejka" ↔ kind.
std::optional<SingleTrackKind> parse_single_track_kind(std::string_view name);
std::string_view single_track_kind_name(SingleTrackKind kind);

/// Applies actuator limits and first-order lags to the command over dt: updates s.accel and
/// s.steer (accel within [-brake_max, power-limited a_max], never driving the speed below zero;
/// steer within ±steer_max with rate ±steer_rate_max).
void apply_actuators(const VehicleParams& p, VehicleState& s, const ActuatorCommand& cmd,
                     double dt);

/// Advances the state by dt with the given model (actuators included). Speed never changes sign
/// while braking: a vehicle that brakes to a stop stays stopped.
void step_single_track(SingleTrackKind kind, const VehicleParams& p, VehicleState& s,
                       const ActuatorCommand& cmd, double dt);

/// Footprint pose (geometric centre) of a vehicle state.
Pose footprint_pose(const VehicleParams& p, const VehicleState& s);

}  // namespace assay::sim
