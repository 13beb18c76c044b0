// Surrogate safety metrics and RSS safe distances (reference: driving-protocols.md §3, §4), as
// plain functions and as derived trace signals that STL formulas and oracles read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/results.h"
#include "core/trace.h"
#include "oracles/vehicle_oracles.h"

namespace assay::oracles {

/// Deceleration rate to avoid a crash, (v_f − v_l)² / (2 d) [m/s²]: 0 when not closing, +∞ when
/// closing with no gap left (CriMe "a_long,req"; driving-protocols.md §4).
double drac(double gap, double v_follower, double v_leader);

/// Modified TTC (Ozbay et al. 2008): the first t > 0 with d = Δv·t + ½·Δa·t², Δv = v_f − v_l,
/// Δa = a_f − a_l; +∞ when the gap never closes under constant accelerations.
double mttc(double gap, double v_follower, double v_leader, double a_follower, double a_leader);

/// Time exposed (TET) and time integrated (TIT) below a TTC threshold (Minderhoud & Bovy 2001):
/// TET = Σ dt over samples with 0 ≤ TTC ≤ threshold, TIT = Σ (threshold − TTC)·dt there; dt is
/// the step to the next sample (the last sample counts with the previous step).
struct Exposure {
  double tet = 0.0;  // s
  double tit = 0.0;  // s²
};
Exposure ttc_exposure(std::span<const double> t, std::span<const double> ttc, double threshold);

/// Δv of each vehicle in a perfectly plastic collinear impact at closing speed v_rel: the lighter
/// one changes speed more; Δv_1 = m_2 / (m_1 + m_2) · v_rel.
struct DeltaV {
  double first = 0.0;
  double second = 0.0;
};
DeltaV delta_v(double mass_first, double mass_second, double closing_speed);

/// A rectangular footprint [m]; its centre lies `centre_offset` ahead of the trace position
/// along the heading (the ego's trace position is its centre of gravity; a target's is the
/// footprint centre, offset 0).
struct Footprint {
  double length = 0.0;
  double width = 0.0;
  double centre_offset = 0.0;
};

/// Post-encroachment time of two actors whose paths cross (Allen et al. 1978; driving-protocols.md
/// §4: t_second_enters − t_first_leaves). The conflict area is the ground both footprints cover at
/// some time; for every point of it, PET is the time from the first actor's footprint leaving it
/// to the second's reaching it, and the encounter's PET is the minimum over the area. On sampled
/// footprints: the minimum of |t_i − t_j| over sample pairs whose footprints overlap (0 when they
/// overlap at the same time: a contact).
struct Encroachment {
  double pet = 0.0;            // s
  double first_leaves = 0.0;   // s: the first actor's sample of the minimising pair
  double second_enters = 0.0;  // s: the second actor's sample
  bool ego_first = true;
};
/// PET between the ego (signals ego.x, ego.y, ego.yaw) and target `id` (<id>.x, <id>.y; the
/// target's footprint is axis-aligned, as the simulator moves it); nullopt when the footprints'
/// swept paths never overlap (there is no conflict area) or the signals are missing.
std::optional<Encroachment> post_encroachment_time(const Trace& trace, const Footprint& ego,
                                                   const std::string& id, const Footprint& target);

/// An RSS parameter set (Shalev-Shwartz et al. 2017). Longitudinal: response time ρ of the rear
/// vehicle, its worst-case acceleration during ρ, its minimum braking after ρ, and the front
/// vehicle's maximum braking. Lateral: response time, lateral acceleration during it, minimum
/// lateral braking after it, and the margin μ.
struct RssParams {
  std::string name;
  double response_time = 1.0;  // ρ [s]
  double accel_max = 3.5;      // a_max,accel [m/s²]
  double brake_min = 4.0;      // a_min,brake [m/s²]
  double brake_max = 8.0;      // a_max,brake [m/s²]
  double lat_accel_max = 0.2;  // a_lat,accel,max [m/s²]
  double lat_brake_min = 0.8;  // a_lat,brake,min [m/s²]
  double lat_margin = 0.0;     // μ [m]
};

/// Named sets: "intel-default" (ad-rss-lib test-support constants, ρ = 1 s) and "r157-jrc" (the
/// JRC/R157 comparison set: ρ = 0.75 s, 3 / 6 / 6 m/s², μ = 0.3 m); driving-protocols.md §3.
const std::vector<RssParams>& rss_parameter_sets();
/// The named set, or nullopt.
std::optional<RssParams> rss_parameters(std::string_view name);

/// RSS minimum safe longitudinal distance, same direction, rear speed v_r, front speed v_f [m].
double rss_longitudinal(const RssParams& p, double v_rear, double v_front);

/// RSS minimum safe lateral distance between vehicle 1 on the left and vehicle 2 on the right;
/// v1 and v2 are their lateral speeds, both positive towards the right (from 1 to 2), and both
/// use the same parameter set (driving-protocols.md §3) [m].
double rss_lateral(const RssParams& p, double v1, double v2);

/// The geometry the derived signals need.
struct SafetyGeometry {
  double ego_length = 0.0;
  double ego_width = 0.0;
  int lanes = 1;
  double lane_width = 3.5;
  struct Target {
    std::string id;
    double width = 0.0;
  };
  std::vector<Target> targets;
};

/// Names of the derived signals, for docs and errors.
std::vector<std::string> derived_signal_names(const SafetyGeometry& g);

/// The derived signals of with_safety_signals, one sample at a time. The values at sample i
/// depend only on samples i − 1 and i (sample 0 uses samples 0 and 1, like a backward difference
/// taken one step later), so a trace that is still being recorded can be extended as it grows.
class SafetySignals {
 public:
  /// For traces with the signals of `layout` (its rows are not read).
  SafetySignals(const Trace& layout, const SafetyGeometry& g);
  /// Names and units of the derived signals, in the order at() writes them; signals the input
  /// already has are left out.
  [[nodiscard]] const std::vector<SignalInfo>& signals() const { return infos_; }
  /// Appends the derived values of sample i of `in` (laid out like `layout`) to `out`. Sample 0
  /// needs sample 1 when the trace has more than one sample.
  void at(const Trace& in, std::size_t i, std::vector<double>& out) const;

 private:
  struct TargetColumns {
    std::size_t gap = 0, v = 0, y = 0;
    double width = 0.0;
  };
  SafetyGeometry g_;
  bool has_ego_ = false;
  std::size_t ex_ = 0, ey_ = 0, yaw_ = 0, v_ = 0, a_ = 0, yaw_rate_ = 0;
  std::vector<TargetColumns> targets_;
  std::vector<SignalInfo> all_;    // every derived signal computed
  std::vector<bool> keep_;         // per entry of all_: not already in the input
  std::vector<SignalInfo> infos_;  // the kept ones
  mutable std::vector<double> scratch_;
};

/// A copy of a vehicle trace with derived signals appended: ego.jerk, ego.lat_acc,
/// ego.lat_jerk, ego.road_left, ego.road_right, ego.lane_left, ego.lane_right (distances from
/// the ego's footprint to the road and lane edges, negative when over the edge) and per target
/// <id>.drac, <id>.mttc, <id>.rss_lon_intel, <id>.rss_lon_r157, <id>.rss_margin_intel,
/// <id>.rss_margin_r157 (gap − RSS distance while the target is ahead in the ego's path, +∞
/// otherwise), <id>.lane_intrusion (lateral overlap of the target with the ego's lane, m).
/// docs/oracles.md lists their definitions.
Trace with_safety_signals(const Trace& trace, const SafetyGeometry& g);

/// "intel" or "r157": the suffix of a parameter set's derived signals.
std::string rss_signal_suffix(std::string_view set);

/// The "max_tet" and "max_tit" oracles: time exposed (s) or time integrated (s²) below
/// config.ttc_threshold of the TTC to config.target, up to first contact, stays ≤ config.max.
/// Margin: max − TET (or TIT).
OracleResult exposure_oracle(const OracleConfig& config, const Trace& trace);

/// The "min_pet" oracle: PET between the ego and config.target is ≥ config.min; margin PET − min
/// [s]. Paths that never overlap pass without a margin.
OracleResult pet_oracle(const OracleConfig& config, const Trace& trace);

/// The "max_delta_v" oracle: the ego's Δv in the first contact (plastic collinear impact of the
/// two masses at the relative impact speed) stays ≤ config.max; margin max − Δv [m/s]; no
/// contact: Δv = 0.
OracleResult delta_v_oracle(const OracleConfig& config, const Trace& trace);

/// The "rss" oracle: the gap to config.target never falls below the RSS longitudinal distance of
/// the set named in config.table while the target is ahead in the ego's path, up to first
/// contact. Margin: the smallest gap − distance [m]. Needs with_safety_signals' signals.
OracleResult rss_oracle(const OracleConfig& config, const Trace& trace);

}  // namespace assay::oracles
