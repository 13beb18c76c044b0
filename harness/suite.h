// Suite files ("assay.suite/1"): which scenario files to run and the run's defaults (model,
// master seed, filters). Paths are relative to the suite file and must stay inside its folder.
// Flags and ASSAY_* variables override a suite's defaults. Documented in docs/cli.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_source.h"
#include "core/status.h"

namespace assay::harness {

inline constexpr std::string_view kSuiteFormat = "assay.suite/1";

struct Suite {
  std::string path;  // the suite file
  std::string id;
  std::string title;
  std::vector<std::string> scenarios;  // resolved paths of files and directories
  std::optional<std::string> model;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> filters;
  std::optional<std::vector<std::string>> scoring;  // protocols to score; empty: "none"
};

/// True when the document declares "format": "assay.suite/1".
bool is_suite(const JsonDocument& doc);

/// Validates a suite document; scenario paths are resolved against the suite's folder.
Result<Suite> parse_suite(const JsonDocument& doc);

}  // namespace assay::harness
