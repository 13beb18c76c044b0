// An ego vehicle simulated by Bullet's btRaycastVehicle: a rigid chassis on four raycast wheels
// over a flat ground plane. The Bullet world is built in the constructor and never reset in
// place (in-place resets of Bullet bodies are not reproducible): one BulletVehicle per case.
#pragma once

#include <memory>

#include "sim/vehicle/vehicle_params.h"
#include "sim/vehicle/vehicle_state.h"

namespace assay::sim {

/// Bullet settings; defaults follow docs/vehicle-models.md (fixed internal step ≤ 1/200 s,
/// frictionSlip ≈ µ, rollInfluence 1.0, passenger-car suspension).
struct BulletSettings {
  double internal_step = 1.0 / 200.0;  // s; the outer dt must be a multiple of it
  double suspension_stiffness = 20.0;  // per unit chassis mass
  double suspension_compression = 4.4;
  double suspension_damping = 2.3;
  double suspension_rest_length = 0.3;  // m
  double wheel_radius = 0.3;            // m
  double friction_slip = 1.2;    // tyre-road µ (CommonRoad's PAC2002 longitudinal peak is 1.17)
  double roll_influence = 1.0;   // 1.0: side forces act at the contact patch (no hack)
  double track_fraction = 0.85;  // track / footprint width (CommonRoad cars: 0.83-0.86)
  double chassis_height = 1.4;   // m, height of the chassis box
};

class BulletVehicle {
 public:
  /// Builds the world with the chassis at the initial state (x, y, yaw, v, yaw rate, side slip,
  /// steer, accel), resting level on its springs at the static ride height.
  BulletVehicle(const VehicleParams& params, const VehicleState& initial,
                const BulletSettings& settings = {});
  ~BulletVehicle();
  BulletVehicle(const BulletVehicle&) = delete;
  BulletVehicle& operator=(const BulletVehicle&) = delete;

  /// Applies the command (through the same actuator limits and lags as the single-track models)
  /// and advances by dt (a multiple of the internal step).
  void step(const ActuatorCommand& cmd, double dt);

  /// Planar state read back from the chassis (CoG position, yaw, forward speed, yaw rate, ...).
  [[nodiscard]] const VehicleState& state() const { return state_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  VehicleState state_;
};

}  // namespace assay::sim
