// The results model shared by the harness (which fills it) and every report writer (which
// only reads it). One record per case; a manifest per run. Versioned as "assay.results/1".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assay {

inline constexpr std::string_view kResultsSchema = "assay.results/1";

/// An oracle's judgement. `error` means the harness could not judge (never a model failure).
enum class Verdict { kPass, kFail, kError, kSkipped };

/// "pass", "fail", "error", "skipped".
std::string_view verdict_name(Verdict v);

/// Combines verdicts of one case: error beats fail beats pass beats skipped.
Verdict combine(Verdict a, Verdict b);

/// A named number with its unit, as recorded in evidence, metrics and parameters.
struct Quantity {
  std::string name;
  double value = 0.0;
  std::string unit;
  friend bool operator==(const Quantity&, const Quantity&) = default;
};

/// One oracle's result for one case.
struct OracleResult {
  std::string id;    // e.g. "no-collision" or the id given in the scenario
  std::string kind;  // oracle type, e.g. "collision", "min_ttc"
  Verdict verdict = Verdict::kPass;
  std::optional<double> margin;  // how far from failing; negative means failed
  std::string margin_unit;
  std::string message;             // one line a person can read
  std::vector<Quantity> evidence;  // e.g. time of contact, impact speed
  std::vector<std::string> requirements;
  friend bool operator==(const OracleResult&, const OracleResult&) = default;
};

/// One executed case.
struct CaseResult {
  std::string scenario_id;
  std::string scenario_title;
  std::string scenario_file;  // as given on the command line / found in the suite
  std::vector<std::string> tags;
  std::vector<std::string> requirements;
  std::uint64_t index = 0;           // case index within the scenario's parameter space
  std::string case_id;               // "<scenario id>#<index>"
  std::uint64_t seed = 0;            // per-case seed
  std::vector<Quantity> parameters;  // concrete parameter values, in the units the author used
  Verdict verdict = Verdict::kPass;
  std::string reason;  // first failing or erroring oracle's message, or empty
  std::vector<OracleResult> oracles;
  std::vector<Quantity> metrics;  // sorted by name
  std::string end_reason;         // "duration", "collision", "ego-stopped", ...
  double sim_time = 0.0;          // simulated seconds
  std::uint64_t steps = 0;
  std::string replay;         // copy-paste command that reproduces this case exactly
  double wall_seconds = 0.0;  // wall clock; excluded from determinism comparisons
};

/// An input file and its digest.
struct InputFile {
  std::string role;  // "scenario", "suite", "model", ...
  std::string path;
  std::string sha256;
};

/// What was tested: the model under test's identity.
struct ModelIdentity {
  std::string adapter;  // "builtin", later "native", "process", "plugin"
  std::string name;
  std::string version;
  std::string spec;                                             // as given: NAME[:k=v,...]
  std::vector<std::pair<std::string, std::string>> parameters;  // effective, sorted by key
};

/// Facts about one run; wall-clock fields are marked.
struct RunManifest {
  std::string schema{kResultsSchema};
  std::string tool_version;
  std::string git_commit;
  std::string compiler;
  std::string build_type;
  std::string build_flags;
  std::string run_id;  // derived from seed, inputs and start time (wall clock)
  std::uint64_t master_seed = 0;
  std::vector<std::string> command_line;
  std::vector<std::pair<std::string, std::string>> settings;  // non-default settings, sorted
  ModelIdentity model;
  std::vector<InputFile> inputs;  // sorted by path
  std::string started_at;         // ISO 8601 UTC (wall clock)
  std::string finished_at;        // ISO 8601 UTC (wall clock)
  double wall_seconds = 0.0;      // wall clock
  unsigned jobs = 1;              // wall-clock-like: does not change results
};

/// One scored grid point of a Euro NCAP test: which case, its lateral overlap, its impact speed
/// (the protocol's criterion: v_impact or v_rel_impact) and the colour it earned.
struct ScorePoint {
  std::string case_id;
  double overlap_pct = 100.0;
  double impact_kmh = 0.0;
  std::string colour;  // green, yellow, orange, brown or red
  friend bool operator==(const ScorePoint&, const ScorePoint&) = default;
};

/// Points of one test speed (or one CCRb gap/deceleration case) and its grid points.
struct ScoreSpeed {
  std::string label;  // "50 km/h", or the CCRb case ("gap=12 m decel=2 m/s^2")
  double test_speed_kmh = 0.0;
  double points = 0.0;
  double max_points = 0.0;
  std::vector<ScorePoint> grid;
  friend bool operator==(const ScoreSpeed&, const ScoreSpeed&) = default;
};

/// One test (ccrs, ccrm, ccrb) under one protocol: its points, or why it was refused.
struct ScoreTest {
  std::string test;
  std::string refused;         // why the test was not scored; empty when it was
  std::uint64_t off_grid = 0;  // cases of the test that are not protocol grid points
  double points = 0.0;         // the fields below only when scored
  double max_points = 0.0;
  std::vector<ScoreSpeed> speeds;
  std::vector<std::string> assumptions;  // Assay's choices where the reference has no value
  friend bool operator==(const ScoreTest&, const ScoreTest&) = default;
};

/// The AEB Car-to-Car total of one protocol.
struct ScoreTotal {
  double points = 0.0;
  double max_points = 0.0;
  std::string band;                  // 2023 verdict band ("Good" … "Poor"); empty for 2026
  std::vector<std::string> missing;  // tests counted 0 because they were not run (e.g. "fcw")
  std::vector<std::string> assumptions;
  friend bool operator==(const ScoreTotal&, const ScoreTotal&) = default;
};

/// A run's Euro NCAP AEB C2C score under one protocol (docs/ncap-scoring.md). Plain data, so
/// that reports need not know the scoring library; harness/ncap_score.h fills it.
struct ProtocolScore {
  std::string protocol;          // "euro-ncap-2023" or "euro-ncap-2026"
  std::vector<ScoreTest> tests;  // ccrs, ccrm, ccrb order; only tests the run has cases of
  std::optional<ScoreTotal> total;
  std::string no_total;  // why there is no total; empty when there is one
  friend bool operator==(const ProtocolScore&, const ProtocolScore&) = default;
};

/// Counts of verdicts over a run.
struct RunSummary {
  std::size_t total = 0, passed = 0, failed = 0, errors = 0, skipped = 0;
  std::size_t not_run = 0;  // selected but not run (e.g. after --fail-fast)
};

/// A whole run: manifest plus one record per case, sorted by (scenario id, index).
struct RunResults {
  RunManifest manifest;
  std::vector<CaseResult> cases;
  std::size_t not_run = 0;
  std::vector<ProtocolScore> scores;  // requested scores, sorted by protocol; empty: none asked

  [[nodiscard]] RunSummary summary() const;
};

/// Documented exit codes (assay --help, docs/cli.md).
enum ExitCode : int {
  kExitOk = 0,          // all checks held
  kExitFailed = 1,      // at least one check failed
  kExitUsage = 2,       // usage or input error
  kExitNothingRun = 3,  // nothing selected to run
  kExitInfra = 4,       // the harness could not judge some case
};

/// Exit code for a finished run: 4 if any case errored, else 1 if any failed, else 0 (3 if none).
int exit_code_for(const RunSummary& s);

}  // namespace assay
