// Findings in the shared results model (core/results.h), so results.json, junit.xml and
// summary.md come from the same writers as `assay run`. The mapping (docs/data-validation.md):
//
//   rule set                → scenario: id = the rule set's id, file = the rules file
//   each rule               → one case, case_id "<rule set id>#<rule id>", index = position
//                             (0 is the built-in "structure" check of field counts)
//   held                    → pass
//   violated, severity error → fail (exit code 1)
//   violated, severity warn  → pass with reason "warning: ..." and the tag "warning"
//   not evaluable           → error (exit code 4: the rule could not be judged)
//   counts, fractions, the statistic, bounds and the first offending rows (row, line, value)
//                           → the case's one oracle: message, margin and evidence quantities
//
// Drift: one case per column ("drift#<column>") plus "drift#dataset"; see drift.h.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/results.h"
#include "data/check.h"
#include "data/rules.h"

namespace assay::data {

/// Facts about the command run, recorded in the manifest.
struct RunContext {
  std::vector<std::string> command_line;
  std::vector<std::pair<std::string, std::string>> settings;  // non-default, sorted
  std::string started_at, finished_at;                        // ISO 8601 UTC
  double wall_seconds = 0.0;
  std::uint64_t seed = 0;
  std::vector<InputFile> inputs;  // role, path, sha256
  std::string dataset;            // the data file that was judged (the "model" of the run)
  std::string replay;             // the command that reproduces the run
};

/// The results of a check: one case per finding.
RunResults check_results(const RuleSet& rules, const CheckReport& report,
                         const RunContext& context);

/// A manifest filled from build facts and the context (used by every data command).
RunManifest data_manifest(const RunContext& context);

/// A case for one finding; `index` is its position.
CaseResult finding_case(const Finding& finding, const std::string& scenario_id,
                        std::uint64_t index);

/// The current UTC time as ISO 8601 ("2025-03-01T10:12:00Z").
std::string utc_now();

}  // namespace assay::data
