// Built-in models under test: `none` (baseline that never brakes), `aeb-ttc` (a reference
// AEB that brakes when time-to-collision falls below a threshold), `idm` (the Intelligent
// Driver Model of Treiber et al. as a car follower) and `alks` (a reference UNECE R157 automated
// lane keeping system: lane keeping, ACC at the R157 following distance, emergency braking).
#pragma once

#include <vector>

#include "models/model.h"

namespace assay::models {

/// Holds its initial speed and steers straight; never brakes.
class NoneModel final : public Model {
 public:
  void reset(const CaseContext&) override {}
  sim::ActuatorCommand step(const sim::Observation&) override { return {}; }
};

/// Parameters of the reference AEB controller.
struct AebTtcParams {
  double ttc = 2.0;      // brake when TTC to an in-path object drops below this [s]
  double decel = 8.0;    // braking deceleration requested [m/s^2]
  double latency = 0.1;  // decision-to-command delay [s]
};

/// Brakes at `decel` once the time-to-collision to the nearest in-path object ahead falls
/// below `ttc`, after `latency`; holds the brake until the threat is gone or the car stops.
class AebTtcModel final : public Model {
 public:
  explicit AebTtcModel(const AebTtcParams& params) : params_(params) {}
  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;

 private:
  AebTtcParams params_;
  std::vector<double> delay_line_;  // commanded accelerations waiting out the latency
  std::size_t head_ = 0;
  bool braking_ = false;
};

/// Parameters of the Intelligent Driver Model (Treiber, Hennecke, Helbing 2000).
struct IdmParams {
  double v0 = 0.0;     // desired speed [m/s]; 0 means "the initial speed"
  double t = 1.5;      // desired time gap [s]
  double s0 = 2.0;     // jam distance [m]
  double a = 1.0;      // maximum acceleration [m/s^2]
  double b = 2.0;      // comfortable deceleration [m/s^2]
  double delta = 4.0;  // acceleration exponent
  double b_max = 9.0;  // physical braking limit applied to the IDM output [m/s^2]
};

/// Car following with the IDM acceleration law against the nearest in-path object ahead.
class IdmModel final : public Model {
 public:
  explicit IdmModel(const IdmParams& params) : params_(params) {}
  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;

 private:
  IdmParams params_;
  double v0_ = 0.0;
};

/// Parameters of the reference ALKS (docs/model-interface.md lists them with their reasons).
struct AlksParams {
  double v_set = 0.0;         // ACC set speed [m/s]; 0 means "the initial speed"
  double lane_width = 3.5;    // ego lane width [m] (the observation carries no lane geometry)
  double intrusion = 0.3;     // lateral overlap with the ego lane that makes an object count [m]
  double anticipation = 0.5;  // look-ahead of the lateral prediction of objects [s]
  double gap_margin = 1.0;    // added to the R157 §5.2.3.3 following distance [m]
  double accel = 1.5;         // largest acceleration [m/s^2]
  double acc_decel = 3.5;     // largest ACC (comfort) deceleration [m/s^2]
  double brake_max = 9.0;     // largest emergency deceleration [m/s^2]
  double jerk = 30.0;         // limit on the change of the commanded acceleration [m/s^3]
  double stop_margin = 1.5;   // distance kept to an object when braking to avoid it [m]
  double lk_omega = 1.0;      // lane keeping: natural frequency of the lateral error [rad/s]
  double lk_zeta = 0.8;       // lane keeping: damping ratio
};

/// The reference ALKS: steers to the ego lane centre, follows the nearest object in the ego's
/// path — or predicted to cut into it before the ego has passed it — at the R157 §5.2.3.3
/// distance (plus a margin), and brakes up to `brake_max`, jerk-limited, when holding that
/// distance needs more than comfortable braking (docs/model-interface.md, "The reference ALKS").
class AlksModel final : public Model {
 public:
  explicit AlksModel(const AlksParams& params) : params_(params) {}
  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;

 private:
  struct Track {  // per object id: what the previous step saw, for lateral speed and accel
    int id = 0;
    double t = 0.0;
    double y = 0.0;  // object centre relative to the ego lane centre [m]
    double speed = 0.0;
    double vy = 0.0;     // filtered lateral speed, + left [m/s]
    double accel = 0.0;  // filtered longitudinal acceleration [m/s^2]
  };
  Track& track(const sim::ObjectObservation& o, double t, double y);

  AlksParams params_;
  double v_set_ = 0.0;
  double dt_ = 0.01;
  double a_prev_ = 0.0;            // last commanded acceleration [m/s^2]
  double lateral_integral_ = 0.0;  // ∫ lateral error dt [m s]
  std::vector<Track> tracks_;
};

/// Lateral overlap [m] of an object centred at y with width w and a lane centred at 0 of width
/// lane_width (negative: the distance between them).
double lane_overlap(double y, double w, double lane_width);

/// Smallest constant deceleration [m/s^2] with which a follower at speed v stays `gap` behind an
/// object ahead at speed v_object that decelerates at a_object (≥ 0) until it stops; +inf when
/// gap ≤ 0 and closing.
double required_deceleration(double gap, double v, double v_object, double a_object);

/// The nearest object ahead whose footprint overlaps the ego's lateral extent, or nullptr.
const sim::ObjectObservation* nearest_in_path(const sim::Observation& observation);

/// Time to collision with constant speeds: gap / closing speed; +inf when not closing.
double time_to_collision(double gap, double relative_speed);

/// IDM acceleration for speed v, gap s and approach rate dv = v − v_lead (Treiber et al.).
double idm_acceleration(const IdmParams& p, double v0, double v, double s, double dv);

}  // namespace assay::models
