// Built-in models under test: `none` (baseline that never brakes), `aeb-ttc` (a reference
// AEB that brakes when time-to-collision falls below a threshold) and `idm` (the Intelligent
// Driver Model of Treiber et al. as a car follower).
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

/// The nearest object ahead whose footprint overlaps the ego's lateral extent, or nullptr.
const sim::ObjectObservation* nearest_in_path(const sim::Observation& observation);

/// Time to collision with constant speeds: gap / closing speed; +inf when not closing.
double time_to_collision(double gap, double relative_speed);

/// IDM acceleration for speed v, gap s and approach rate dv = v − v_lead (Treiber et al.).
double idm_acceleration(const IdmParams& p, double v0, double v, double s, double dv);

}  // namespace assay::models
