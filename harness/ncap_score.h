// Euro NCAP AEB C2C scoring of a finished run: maps the cases of the bundled Euro NCAP scenarios
// (tags "ccrs", "ccrm", "ccrb"; parameters v_ego, overlap, gap, decel) onto the protocol grid and
// scores them with oracles/ncap_scoring.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/results.h"
#include "core/status.h"
#include "oracles/ncap_scoring.h"

namespace assay::harness {

/// The score of one test in a run, or why it could not be scored.
struct NcapTestOutcome {
  oracles::ncap::Loadcase test = oracles::ncap::Loadcase::kCcrs;
  std::optional<oracles::ncap::TestScore> score;  // empty when refused
  std::string refused;                            // reason when `score` is empty
  std::size_t off_grid = 0;  // cases of the scenario that are not protocol grid points
};

/// A run's Euro NCAP score: one outcome per test found, and the total when every test scored.
struct NcapRunScore {
  oracles::ncap::Protocol protocol = oracles::ncap::Protocol::k2023;
  std::vector<NcapTestOutcome> tests;  // ccrs, ccrm, ccrb order
  std::optional<oracles::ncap::C2CScore> total;
  std::string no_total;  // reason when `total` is empty
};

/// Grid point of one case of a test, or nullopt when the case is not on the protocol grid. The
/// impact speed is taken from the "collision" oracle's evidence: v_impact for CCRs and CCRb in
/// 2023, v_rel_impact for CCRm and for every 2026 test (§1.5, §1.6); 0 without contact.
Result<std::optional<oracles::ncap::GridPoint>> ncap_grid_point(oracles::ncap::Protocol protocol,
                                                                oracles::ncap::Loadcase test,
                                                                const CaseResult& c);

/// Scores every Euro NCAP test found in `run` under `protocol`. Error when no case belongs to a
/// Euro NCAP test; a test that cannot be scored (unconfirmed thresholds, missing grid points, an
/// erroring case) is kept with its reason and leaves the total empty.
Result<NcapRunScore> score_ncap_run(const RunResults& run, oracles::ncap::Protocol protocol);

/// `run`'s score under `protocol` as the results model records it (core/results.h): refused
/// tests keep their reason; a run without Euro NCAP cases gives no tests and the reason in
/// `no_total`.
ProtocolScore record_ncap_score(const RunResults& run, oracles::ncap::Protocol protocol);

/// Sets run.scores to one record per named protocol ("euro-ncap-2023", "euro-ncap-2026"), sorted
/// and without repeats. Error on an unknown name; a refused score is a record, never an error.
Status add_ncap_scores(RunResults& run, const std::vector<std::string>& protocols);

/// Checks requested protocols (suite "scoring", --score, ASSAY_SCORE): each "euro-ncap-2023",
/// "euro-ncap-2026", or "none" alone (no scoring, e.g. to override a suite). Returns the
/// protocols to score; Error naming the first bad entry.
Result<std::vector<std::string>> check_score_request(const std::vector<std::string>& names);

}  // namespace assay::harness
