// Mutable vehicle state shared by every vehicle model, and the actuator command.
#pragma once

namespace assay::sim {

/// State of one vehicle in road coordinates (x along the road, y to the left, yaw from +x,
/// counter-clockwise). Position is the centre of gravity.
struct VehicleState {
  double x = 0.0;         // [m]
  double y = 0.0;         // [m]
  double yaw = 0.0;       // [rad]
  double v = 0.0;         // speed along the heading (at the CoG) [m/s]
  double yaw_rate = 0.0;  // [rad/s]
  double beta = 0.0;      // side-slip angle at the CoG [rad]
  double steer = 0.0;     // actual road-wheel steering angle [rad]
  double accel = 0.0;     // actual longitudinal acceleration after lag and limits [m/s^2]
  friend bool operator==(const VehicleState&, const VehicleState&) = default;
};

/// What the model under test asks for: longitudinal acceleration and road-wheel steering angle.
struct ActuatorCommand {
  double accel = 0.0;  // [m/s^2], negative brakes
  double steer = 0.0;  // [rad], positive turns left
};

/// Oriented footprint pose: centre of the rectangle and its heading.
struct Pose {
  double x = 0.0;
  double y = 0.0;
  double yaw = 0.0;
};

}  // namespace assay::sim
