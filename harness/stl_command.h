// `assay stl FORMULA TRACE.csv`: evaluates an STL formula over a CSV trace, without a scenario.
#pragma once

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace assay::harness {

/// What `assay stl` can be told (docs/cli.md).
struct StlOptions {
  std::string formula;
  std::string trace_path;
  std::string time_column;                             // empty: automatic
  std::vector<std::pair<std::string, double>> params;  // --param name=value (SI)
  bool signal = false;                                 // print the whole robustness signal
};

/// Parses the arguments after "stl" (flags win over ASSAY_STL_TIME / ASSAY_STL_SIGNAL);
/// an Error carries the usage message.
Result<StlOptions> parse_stl_args(const std::vector<std::string>& args);

/// Runs `assay stl`; returns the exit code: 0 satisfied (robustness ≥ 0 at t = 0), 1 violated,
/// 2 usage or input error (formula, CSV, unknown signal, NaN). Results to `out`, errors to `err`.
int stl_command(const StlOptions& options, std::ostream& out, std::ostream& err);

}  // namespace assay::harness
