// The first vehicle oracles. They judge a Trace (signals and events), never a simulator:
// collision, Euro NCAP impact-speed bands, minimum TTC, minimum time headway, maximum
// deceleration, maximum jerk, and "ego stopped before contact". Each gives a verdict and, where
// it can, a margin (how far from failing; negative means failed).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/results.h"
#include "core/trace.h"
#include "oracles/stl.h"

namespace assay::oracles {

/// What the counterfactual ego (the R157 C&C driver) did in the same case: filled in by the
/// harness for the r157_preventable oracle, which judges the model's trace against it.
struct CounterfactualOutcome {
  std::string error;                   // non-empty: the counterfactual run could not be judged
  bool collided = false;               // any contact
  double contact_time = 0.0;           // [s], when collided
  double impact_speed = 0.0;           // ego speed at contact [m/s]
  double relative_impact_speed = 0.0;  // ego − target speed at contact [m/s]
  double min_clearance = 0.0;          // smallest clearance to any target [m]
};

/// One oracle's configuration, resolved to SI for one case.
struct OracleConfig {
  std::string id;
  std::string kind;            // collision | impact_speed_band | min_ttc | min_time_headway |
                               // max_deceleration | max_jerk | stopped_before_contact | stl |
                               // rss | r157_following_distance | r157_cut_in | r157_preventable |
                               // max_tet | max_tit | min_pet | max_delta_v
  std::string target;          // target actor id (signal prefix)
  int target_index = 0;        // its index (matches the contact event's "target")
  std::optional<double> min;   // SI
  std::optional<double> max;   // SI
  std::string table;           // impact_speed_band: "euro-ncap-2026"; rss: the parameter set
  double test_speed = 0.0;     // impact_speed_band: nominal ego speed [m/s]
  std::string pass_colour;     // impact_speed_band: worst passing colour
  bool relative = true;        // impact_speed_band: relative (true) or absolute impact speed
  double ttc_threshold = 0.0;  // max_tet, max_tit: TTC below which exposure counts [s]
  double ego_mass = 0.0;       // [kg]; 0: unknown (no Δv)
  std::vector<double> target_masses;  // [kg] per target index (collision, max_delta_v)
  double ego_length = 0.0, ego_width = 0.0, ego_centre_offset = 0.0;  // min_pet [m]
  double target_length = 0.0, target_width = 0.0;                     // min_pet [m]
  std::vector<std::string> requirements;
  std::shared_ptr<const stl::Formula> formula;  // stl
  stl::Params params;                           // stl: the case's parameters in SI
  bool reference_aeb = false;  // r157_preventable: the C&C driver has the reference AEB
  std::optional<CounterfactualOutcome> counterfactual;  // r157_preventable, from the harness
};

/// Kinds of oracle this library knows.
const std::vector<std::string>& oracle_kinds();

/// Judges one trace.
OracleResult evaluate(const OracleConfig& config, const Trace& trace);

/// Metrics recorded for every case: impact speeds, contact time, minimum TTC / headway /
/// clearance to each target, peak deceleration and jerk, final speed, speed reduction, and, on
/// contact with known masses (ego_mass > 0, target_masses per target index), the Δv of the ego
/// and of the target hit.
std::vector<Quantity> vehicle_metrics(const Trace& trace, const std::vector<std::string>& targets,
                                      double ego_mass = 0.0,
                                      const std::vector<double>& target_masses = {});

/// Δv of the ego and of the target in the trace's first contact, when the masses are known.
struct ImpactDeltaV {
  double ego = 0.0;
  double target = 0.0;
};
std::optional<ImpactDeltaV> impact_delta_v(const Trace& trace, double ego_mass,
                                           const std::vector<double>& target_masses);

/// Euro NCAP colours, best first.
enum class Colour { kGreen, kYellow, kOrange, kBrown, kRed };
std::string_view colour_name(Colour c);
std::optional<Colour> parse_colour(std::string_view name);

/// Colour of an impact speed at a test speed (both km/h) in the Euro NCAP 2026 CA-FC bands
/// (Euro NCAP rating code, matrix_processing.py). Test speeds between tabulated rows use the
/// row below (the stricter one).
Colour euro_ncap_2026_colour(double test_speed_kmh, double impact_kmh);

/// Upper impact-speed limit [km/h] of a colour at a test speed in the 2026 bands; nullopt when
/// that colour does not occur at that speed (the next better colour's limit applies).
std::optional<double> euro_ncap_2026_limit(double test_speed_kmh, Colour c);

/// Peak |jerk| from an acceleration signal by finite differences [m/s^3].
double peak_jerk(std::span<const double> t, std::span<const double> a);

}  // namespace assay::oracles
