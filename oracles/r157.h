// UNECE R157 (ALKS) rules as functions and oracles (reference: driving-protocols.md §2.1).
#pragma once

#include "core/results.h"
#include "core/trace.h"
#include "oracles/vehicle_oracles.h"

namespace assay::oracles {

/// §5.2.3.3 minimum time gap t_front [s] at ego speed v [m/s]: 1.0 + v[km/h]/100 from 10 km/h
/// (1.1 s at 10, 1.6 s at 60 km/h); below 10 km/h esmini's interpolation 1.0 + (max(2, v) − 2)/7.8
/// (1.0 s at 7.2 km/h). Rows above 60 km/h follow the same formula but are UNCONFIRMED.
double r157_following_time(double v);

/// §5.2.3.3 minimum following distance v·t_front [m], at least 2 m (esmini Regulation::MinDist).
double r157_following_distance(double v);

/// §5.2.5.2 cut-in: the ALKS must avoid a collision when the TTC at lane intrusion exceeds
/// v_rel / (2·6 m/s²) + 0.35 s [s], v_rel [m/s] the closing speed.
double r157_cut_in_ttc(double v_rel);

/// The "r157_following_distance" oracle: while the target is ahead in the ego's path (finite
/// headway) and before first contact, the gap stays at least r157_following_distance(ego speed).
/// Margin: the smallest gap − required distance [m].
OracleResult r157_following_distance_oracle(const OracleConfig& config, const Trace& trace);

/// Lateral overlap with the ego's lane that counts as a lane intrusion (§5.2.5.2) [m].
inline constexpr double kR157IntrusionDepth = 0.3;

/// The "r157_cut_in" oracle (§5.2.5.2): at the first lane intrusion of the target (its
/// <id>.lane_intrusion reaching 0.3 m after being below), if the target is slower and the TTC
/// then exceeds r157_cut_in_ttc(v_rel), the collision is avoidable and must be avoided: fail on
/// contact (margin −relative impact speed), else pass with the margin of the collision oracle
/// (minimum clearance). An unavoidable cut-in (TTC at or below the threshold) or no cut-in passes
/// without a margin, with the reason in the message. Needs with_safety_signals' signals.
OracleResult r157_cut_in_oracle(const OracleConfig& config, const Trace& trace);

/// The "r157_preventable" oracle (Annex 4 Appendix 3, "preventable ⇒ avoided"): the harness
/// runs the same case with the competent and careful driver as ego and passes the outcome in
/// config.counterfactual. C&C avoided and the model collided: fail, margin −relative impact
/// speed [m/s]. C&C avoided and the model avoided: pass with the collision oracle's margin (the
/// minimum clearance [m]). C&C collided: not preventable, pass without a margin (the message
/// says whether the model collided anyway). Without a counterfactual outcome, or when it could
/// not be judged: error.
OracleResult r157_preventable_oracle(const OracleConfig& config, const Trace& trace);

}  // namespace assay::oracles
