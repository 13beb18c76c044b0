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

}  // namespace assay::oracles
