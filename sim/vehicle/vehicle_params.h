// Passenger-car parameter sets for the single-track and Bullet models (immutable descriptions).
// Values from the CommonRoad vehicle models 2020a (vehicle IDs 1-3) unless noted; see
// docs/vehicle-models.md for sources.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace assay::sim {

/// Pacejka magic-formula coefficients F = D·Fz·sin(C·atan(B·x − E·(B·x − atan(B·x)))).
struct PacejkaCoefficients {
  double b = 0.0;  // stiffness factor [1/rad]
  double c = 0.0;  // shape factor
  double d = 0.0;  // peak factor (friction coefficient)
  double e = 0.0;  // curvature factor
};

/// One vehicle's description. Lengths in m, mass in kg, angles in rad, times in s.
struct VehicleParams {
  std::string name;      // e.g. "ford-escort"
  std::string source;    // citation, e.g. "CommonRoad 2020a vehicle 1 (Ford Escort 1989)"
  double length = 0.0;   // footprint length
  double width = 0.0;    // footprint width
  double mass = 0.0;     // total mass
  double lf = 0.0;       // CoG to front axle
  double lr = 0.0;       // CoG to rear axle
  double iz = 0.0;       // yaw moment of inertia [kg m^2]
  double h_cg = 0.0;     // CoG height
  double mu = 1.0489;    // road-tyre friction (CommonRoad p_dy1)
  double c_sf = 20.898;  // front cornering stiffness coefficient [1/rad] (C = mu·c_sf·Fz)
  double c_sr = 20.898;  // rear cornering stiffness coefficient [1/rad]
  PacejkaCoefficients tyre_front;
  PacejkaCoefficients tyre_rear;
  double steer_max = 0.0;       // |road-wheel angle| limit
  double steer_rate_max = 0.0;  // |steer rate| limit [rad/s]
  double v_switch = 0.0;        // above this speed acceleration is power-limited: a_max·v_S/v
  double a_max = 0.0;           // maximum longitudinal acceleration magnitude [m/s^2]
  double brake_max = 0.0;       // maximum braking deceleration magnitude [m/s^2]
  double v_max = 0.0;           // top speed [m/s]
  double tau_accel = 0.0;       // first-order lag of the longitudinal acceleration [s]
  double tau_steer = 0.0;       // first-order lag of the steering angle [s]

  [[nodiscard]] double wheelbase() const { return lf + lr; }
  /// Distance from the CoG forward to the footprint's geometric centre (negative: behind).
  [[nodiscard]] double cg_to_center() const { return (lf - lr) / 2.0; }
};

/// A built-in parameter set by name ("ford-escort", "bmw-320i", "vw-vanagon"), or nullptr.
const VehicleParams* find_vehicle(std::string_view name);

/// Names of all built-in parameter sets, sorted.
std::vector<std::string> vehicle_names();

}  // namespace assay::sim
