// What the model under test sees each step. Ground truth for now; a sensor model will sit
// between the simulator's truth and this struct (see Simulation::observe).
#pragma once

#include <string>
#include <vector>

namespace assay::sim {

/// One object ahead of the ego, in road-aligned ego-relative terms. Along the road means along
/// the line through the ego's centre parallel to the road (docs/model-interface.md).
struct ObjectObservation {
  int id = 0;                   // index of the target in the scenario (0-based)
  double distance = 0.0;        // gap along the road, ego front bumper to object rear [m]
  double relative_speed = 0.0;  // object speed − ego speed along the road [m/s]; < 0 closing
  double lateral_offset = 0.0;  // object centre − ego centre across the road (Δd), + left [m]
  double width = 0.0;           // [m]
  double length = 0.0;          // [m]
  double speed = 0.0;           // object speed along the road [m/s]
};

/// The ego's own state and the objects ahead, sorted by distance.
struct Observation {
  double t = 0.0;                          // simulated time [s]
  double dt = 0.0;                         // step [s]
  double ego_speed = 0.0;                  // [m/s]
  double ego_accel = 0.0;                  // actual longitudinal acceleration [m/s^2]
  double ego_yaw = 0.0;                    // heading relative to the road's heading [rad]
  double ego_yaw_rate = 0.0;               // [rad/s]
  double ego_steer = 0.0;                  // road-wheel angle [rad]
  double ego_lateral_offset = 0.0;         // from the centre of the ego's lane, + left [m]
  double ego_width = 0.0;                  // [m]
  double ego_length = 0.0;                 // [m]
  int ego_lane = 0;                        // 0 = rightmost
  double road_curvature = 0.0;             // of the ego's lane centre line at the ego, + left [1/m]
  std::vector<ObjectObservation> objects;  // ahead of the ego's front bumper, nearest first
};

}  // namespace assay::sim
