// Euro NCAP AEB Car-to-Car scoring: colour per grid point, points per test speed, per-test
// scores, the AEB C2C total and its verdict band, for the 2023 (assessment protocol v10.4.1) and
// 2026 (CA-FC) protocols. Facts: ../shared/reference/driving-protocols.md §1.5 and §1.6.
//
// Only confirmed protocol values are used as protocol values. Where the reference has no confirmed
// number (2023 colour thresholds other than 50 km/h, the 2026 split of a loadcase budget over its
// grid points, the 2023 scaling to 9 points), the function either refuses with an Error or the
// result carries an explicit `assumptions` line that every report must show.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "oracles/vehicle_oracles.h"

namespace assay::oracles::ncap {

enum class Protocol { k2023, k2026 };
enum class Loadcase { kCcrs, kCcrm, kCcrb };
enum class Band { kGood, kAdequate, kMarginal, kWeak, kPoor };

/// "euro-ncap-2023" or "euro-ncap-2026"; nullopt otherwise.
std::optional<Protocol> parse_protocol(std::string_view name);
/// Inverse of parse_protocol.
std::string_view protocol_name(Protocol p);
/// "ccrs", "ccrm" or "ccrb"; nullopt otherwise.
std::optional<Loadcase> parse_test(std::string_view name);
/// Inverse of parse_test.
std::string_view test_name(Loadcase t);
/// "Good", "Adequate", "Marginal", "Weak" or "Poor".
std::string_view band_name(Band b);

/// Colour factor of §1.5: green 1.0, yellow 0.75, orange 0.5, brown 0.25, red 0.
double colour_factor(Colour c);

/// 2023 colour of an impact speed (km/h) at a test speed (km/h). Only the 50 km/h CCRs/CCRb
/// thresholds are confirmed (§1.5; CCRb counts as a 50 km/h CCRs); any other speed, and CCRm
/// (scored on v_rel, no confirmed table), is refused with an Error rather than guessed.
Result<Colour> colour_2023(Loadcase test, double test_speed_kmh, double impact_kmh);

/// 2023 points for a test speed (§1.5 points tables); Error off the protocol grid.
Result<double> points_2023(Loadcase test, double test_speed_kmh);

/// Weight of a lateral overlap [%] in the 2023 per-speed formula
/// (s[−50] + s[−75] + 2·s[100] + s[75] + s[50]) / 6; Error for other overlaps.
Result<double> overlap_weight_2023(double overlap_pct);

/// 2026 standard-range point budget of a loadcase (§1.6, data_model.py): CCRs 1.2, CCRm 2.4,
/// CCRb 1.6.
double budget_2026(Loadcase test);

/// Verdict band of a 2023 AEB C2C total out of 9 points (§1.5): Good ≥ 6.751, Adequate ≥ 4.501,
/// Marginal ≥ 2.251, Weak ≥ 0.001, else Poor. Totals are rounded to 3 decimals first, as the bands
/// are published to 3 decimals.
Band band_2023(double total);

/// One executed grid point: its test speed, lateral overlap (100 for CCRb) and impact speed
/// (v_impact for CCRs/CCRb, v_rel_impact for CCRm; 0 when the impact was avoided), in km/h.
/// `label` names the case (e.g. CCRb "gap=12 decel=6") in reports; `case_id` says which case of
/// the run this point is (empty for points not taken from a run).
struct GridPoint {
  double test_speed_kmh = 0.0;
  double overlap_pct = 100.0;
  double impact_kmh = 0.0;
  std::string label;
  std::string case_id;
};

/// Score of one test speed (2023) or one grid point group (2026).
struct SpeedScore {
  double test_speed_kmh = 0.0;
  std::string label;            // "50 km/h" or the CCRb case label
  std::vector<Colour> colours;  // one per grid point, in input order
  std::vector<GridPoint> grid;  // the grid points scored, in the order of `colours`
  double fraction = 0.0;        // weighted mean colour factor, 0..1
  double points = 0.0;          // fraction × max_points
  double max_points = 0.0;
};

/// Score of one test (loadcase).
struct TestScore {
  Protocol protocol = Protocol::k2023;
  Loadcase test = Loadcase::kCcrs;
  std::vector<SpeedScore> speeds;  // ascending test speed
  double points = 0.0;
  double max_points = 0.0;
  std::vector<std::string> assumptions;  // every non-protocol choice made, for the reports
};

/// Scores one test from its grid points. 2023: groups points by test speed, applies the overlap
/// formula (each speed needs all five overlaps, CCRb one point per gap/decel case) and the points
/// table. 2026: colours from euro_ncap_2026_colour; the budget is split equally over the grid
/// points (an assumption, recorded). Error when a point is off the grid, unconfirmed or missing.
Result<TestScore> score_test(Protocol protocol, Loadcase test, std::span<const GridPoint> points);

/// The AEB Car-to-Car total over scored tests.
struct C2CScore {
  Protocol protocol = Protocol::k2023;
  double total = 0.0;  // 2023: out of 9; 2026: sum of the loadcase points
  double max_total = 0.0;
  std::optional<Band> band;          // 2023 only: the 2026 bands are not in the reference
  std::vector<std::string> missing;  // tests of the protocol not supplied (counted 0), e.g. "fcw"
  std::vector<std::string> assumptions;
};

/// Combines test scores of one protocol. 2023: total = 9 × Σ w·points / 36, with the §1.5 weights
/// (CCRs, CCRm, CCRb 1.0, FCW 0.5) and the full weighted budget 14 + 15 + 4 + 0.5·6 = 36; tests not
/// supplied (FCW is not simulated) count 0. The proportional scaling to 9 is an assumption,
/// recorded. Error when protocols are mixed or a test appears twice.
Result<C2CScore> score_c2c(std::span<const TestScore> tests);

}  // namespace assay::oracles::ncap
