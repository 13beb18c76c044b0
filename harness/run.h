// Running a suite: load scenario files, select cases, execute them on a thread pool with one
// model instance per worker, journal each result as it finishes, judge, and report. Results
// are identical whatever the number of threads or the order of execution.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/results.h"
#include "core/status.h"
#include "harness/plan.h"
#include "harness/scenario.h"
#include "harness/suite.h"
#include "models/model.h"

namespace assay::harness {

enum class Progress { kAuto, kBar, kPlain, kNone };
enum class KeepTraces { kNone, kFailing, kAll };

/// Everything `assay run` can be told. Defaults are documented in docs/cli.md.
struct RunOptions {
  std::vector<std::string> inputs;  // scenario files and directories
  std::string model = "auto";       // per family: aeb-ttc (vehicle), threshold-acm (radio)
  std::uint64_t seed = 1;
  unsigned jobs = 0;                 // 0: all cores
  std::vector<std::string> filters;  // globs on scenario id or tag
  std::vector<std::string> cases;    // "<scenario id>#<index>" selectors
  std::vector<std::string> scoring;  // Euro NCAP protocols to score (docs/ncap-scoring.md)
  std::string out_dir = "assay-out";
  bool fail_fast = false;
  bool list = false;
  bool colour = false;
  Progress progress = Progress::kAuto;
  KeepTraces traces = KeepTraces::kFailing;
  std::vector<std::pair<std::string, std::string>> settings;  // non-default, for the manifest
  std::vector<std::string> command_line;
};

/// A scenario file as loaded, with its digest.
struct LoadedScenario {
  scenario::Scenario scenario;
  std::string path;
  std::string sha256;
};

/// Everything named on the command line: scenarios (sorted by id), suites and their digests.
struct RunInputs {
  std::vector<LoadedScenario> scenarios;
  std::vector<Suite> suites;
  std::vector<InputFile> inputs;  // suite files (scenario files are in `scenarios`)
};

/// Loads scenario files, directories (recursively, *.json except *.schema.json) and suite files
/// named explicitly (which expand to their scenarios and carry run defaults).
Result<RunInputs> load_run_inputs(const std::vector<std::string>& inputs);

/// The scenarios of load_run_inputs.
Result<std::vector<LoadedScenario>> load_inputs(const std::vector<std::string>& inputs);

/// Applies suite defaults (model, seed, filters, scoring) to settings not given by flag or
/// variable; two suites with different models or seeds are a usage error, their filters and
/// scoring protocols are joined.
Status apply_suite_defaults(const std::vector<Suite>& suites, RunOptions& options);

/// A selected case.
struct SelectedCase {
  const LoadedScenario* loaded = nullptr;
  std::uint64_t index = 0;
};

/// Applies filters and case selectors, in (scenario id, index) order.
Result<std::vector<SelectedCase>> select_cases(const std::vector<LoadedScenario>& scenarios,
                                               const RunOptions& options);

/// Where per-case side outputs go and how to describe the replay.
struct CaseRunContext {
  std::string model_spec;
  std::uint64_t master_seed = 0;
  std::string traces_dir;  // empty: no traces written
  KeepTraces traces = KeepTraces::kNone;
  std::string radio_model_spec = "threshold-acm";  // the model for radio cases
};

/// Runs one case with a model instance (reset by this call) and judges it.
CaseResult run_case(const LoadedScenario& loaded, const CasePlan& plan, models::Model& model,
                    const CaseRunContext& context);

/// The copy-paste command that reproduces one case.
std::string replay_command(const std::string& path, const std::string& model_spec,
                           std::uint64_t seed, const std::string& case_id);

/// Called after each finished case (under a lock), with the counts so far.
using ProgressFn = std::function<void(const CaseResult&, std::size_t done, std::size_t total)>;

/// Executes selected cases on `jobs` threads; results sorted by (scenario id, index).
Result<RunResults> execute(const std::vector<SelectedCase>& cases, const RunOptions& options,
                           const ProgressFn& progress);

/// `assay run`: returns the exit code; messages to `out` (results) and `err` (diagnostics).
int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

/// `assay lint`: validates files (and every case's world) without running; exit code 0 or 2.
int lint_command(const std::vector<std::string>& inputs, std::ostream& out, std::ostream& err);

}  // namespace assay::harness
