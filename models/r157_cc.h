// The UNECE R157 "competent and careful" (C&C) human driver of Annex 4 Appendix 3, as a model
// under test (`r157-cc`) and as the counterfactual ego of the `r157_preventable` oracle.
// Parameters and the cut-in algorithm: driving-protocols.md §2.3 (docs/model-interface.md,
// "r157-cc").
//
// The timing of a reaction is pure math here (cc_* functions), so it can be checked against
// hand calculations; CcDriver only decides *when* the profile starts, from the Observation.
#pragma once

#include <vector>

#include "models/model.h"

namespace assay::models {

/// Gravity used to turn the reference's "0.774 g" and "0.85 g" into m/s² (the simulator's g).
inline constexpr double kCcGravity = 9.81;

/// Every parameter of the C&C driver with its default (driving-protocols.md §2.3).
struct CcParams {
  double wandering = 0.375;               // lateral movement towards the ego lane that starts risk
                                          // perception of a cut-in [m] (Annex 5 4.1, confirmed)
  double perception_time = 0.4;           // risk-perception time [s] [impl: esmini, JRC, JAMA]
  double perception_lateral = 0.0;        // > 0: perception of a cut-in ends after this further
                                          // lateral movement instead (esmini/JAMA: 0.72 m) [m]
  double decel_trigger = 5.0;             // lead deceleration that starts perception [m/s²] [impl]
  double reaction_time = 0.75;            // perception end to brake onset [s] [impl; JAMA]
  double coast_decel = 0.4;               // accelerator released during the reaction [m/s²] [impl]
  double max_decel = 0.774 * kCcGravity;  // maximum braking, 7.59 m/s² [JAMA 0.774 g]
  double ramp_time = 0.6;                 // brake onset to maximum deceleration [s] (jerk 12.65)
  double critical_ttc = 2.0;              // cut-in: react only when TTC < this [s]
  double critical_thw = 2.0;              // cut-out and deceleration: react when THW < this [s]
  bool aeb = false;                       // the reference vehicle's AEB (R157: unconfirmed)
  double aeb_ttc = 1.5;                   // AEB trigger TTC [s] [impl: esmini]
  double aeb_decel = 0.85 * kCcGravity;   // AEB deceleration, 8.34 m/s² [impl: esmini]
  double steer_offset_gain = 0.02;        // lane keeping: rad of steer per m off the lane centre
  double steer_yaw_gain = 0.3;            // lane keeping: rad of steer per rad of heading error
};

/// Where the driver is in its reaction to a risk.
enum class CcPhase { kIdle, kPerceive, kReact, kBrake };

/// Which kind of risk the driver reacts to (SAKURA's "No. 2 deceleration, 4 cut-in, 5 cut-out").
enum class CcEvent { kNone, kCutIn, kCutOut, kDeceleration };

/// Commanded acceleration [m/s², negative] `t` seconds after brake onset: a linear ramp reaching
/// max_decel at ramp_time (jerk max_decel/ramp_time = 12.65 m/s³), never less braking than the
/// coasting deceleration of the reaction phase, then max_decel held.
double cc_brake_accel(const CcParams& p, double t);

/// The open-loop command `t` seconds after the risk-perception trigger of a critical event
/// (time-based perception): 0 while perceiving, −coast_decel while reacting, then braking.
double cc_profile_accel(const CcParams& p, double t);

/// The phase of that profile at `t` seconds after the trigger.
CcPhase cc_profile_phase(const CcParams& p, double t);

/// Distance [m] travelled from the trigger to standstill from speed v0 [m/s] following
/// cc_profile_accel exactly (closed form, no actuator lag).
double cc_stopping_distance(const CcParams& p, double v0);

/// The C&C driver as a model: holds its initial speed and its lane centre; reacts to a cut-in,
/// a cut-out or a decelerating lead with perception, reaction and the brake ramp, gated by TTC
/// (cut-in) or THW (cut-out, deceleration); optionally the reference AEB. Works from the
/// Observation only: cut-in from an object's lateral offset relative to where it was first
/// seen, lead deceleration from successive object speeds, cut-out from the in-path lead
/// leaving the path and revealing a slower object.
class CcDriver final : public Model {
 public:
  explicit CcDriver(const CcParams& params) : params_(params) {}
  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;

  [[nodiscard]] CcPhase phase() const { return phase_; }
  [[nodiscard]] CcEvent event() const { return event_; }
  /// Time of the risk-perception trigger of the current event [s].
  [[nodiscard]] double trigger_time() const { return trigger_t_; }

 private:
  struct Track {
    int id = 0;
    double first_offset = 0.0;  // lateral offset from the ego's lane centre when first seen [m]
    double speed = 0.0;         // last speed seen [m/s]
    double t = 0.0;             // when [s]
    double accel = 0.0;         // by difference of successive speeds [m/s²]
  };
  Track& track(const sim::ObjectObservation& o, double lane_offset, double t);
  const sim::ObjectObservation* find(const sim::Observation& obs, int id) const;
  void detect(const sim::Observation& obs, const sim::ObjectObservation* lead);
  [[nodiscard]] bool critical(const sim::Observation& obs, const sim::ObjectObservation& o) const;
  double longitudinal(const sim::Observation& obs, const sim::ObjectObservation* lead);

  CcParams params_;
  std::vector<Track> tracks_;
  CcPhase phase_ = CcPhase::kIdle;
  CcEvent event_ = CcEvent::kNone;
  int focus_ = -1;               // object id of the current event
  int previous_lead_ = -1;       // in-path lead of the previous step
  bool perceived_ = false;       // perception over, waiting for the criticality gate
  double trigger_t_ = 0.0;       // risk-perception trigger
  double trigger_offset_ = 0.0;  // focus object's lateral offset at the trigger
  double phase_t_ = 0.0;         // start of the current phase
  double set_speed_ = 0.0;       // speed held when not reacting
  bool aeb_active_ = false;
  double aeb_t_ = 0.0;
};

}  // namespace assay::models
