// `assay data check`: evaluates a rule set over a table in one streaming pass (plus a few
// passes for exact quantiles of columns too large to hold), and reports one finding per rule
// with counts, fractions and the first offending rows.
//
// Conventions (docs/data-validation.md):
// - Missing values are null tokens, JSON null, absent keys and NaN. Row-level rules skip them,
//   except not_null, which counts them.
// - A row-level rule holds when passed / evaluated >= mostly; with nothing to evaluate it holds.
// - A rule naming a column the data lacks is violated ("column missing").
// - A statistic with no values to compute it from cannot be evaluated (an `error` verdict).
// - Row numbers count data rows from 1 (the header is not a row); lines are physical lines.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/rules.h"
#include "data/table.h"

namespace assay::data {

/// One offending row.
struct Example {
  std::uint64_t row = 0;
  std::uint64_t line = 0;
  std::string value;             // the offending value(s) as text, clipped
  std::optional<double> number;  // the value as a number, when it is one
};

/// How a rule came out.
enum class Outcome { kHeld, kViolated, kNotEvaluable };

/// The result of one rule (or of the built-in structure check).
struct Finding {
  std::string rule_id;
  std::string kind;  // rule name ("not_null", ...) or "structure"
  Severity severity = Severity::kError;
  Outcome outcome = Outcome::kHeld;
  std::string message;      // one line a person can read
  std::string description;  // the rule's own description
  bool row_level = false;
  std::uint64_t evaluated = 0;  // rows (values, pairs) the rule judged
  std::uint64_t failed = 0;     // of which offending
  double mostly = 1.0;
  std::vector<Example> examples;   // the first offending rows, by row number
  std::optional<double> observed;  // the statistic or count the rule judged
  std::string observed_name;       // "mean", "rows", ...
  std::optional<double> margin;    // how far from failing; negative when violated
  std::vector<std::pair<std::string, double>> evidence;    // further named numbers
  std::vector<std::pair<std::string, double>> parameters;  // the rule's bounds and settings
};

/// What was read.
struct TableSummary {
  std::string path;
  std::vector<std::string> columns;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::uint64_t passes = 1;  // reads of the file (more when exact quantiles need them)
};

/// A finished check.
struct CheckReport {
  TableSummary table;
  std::vector<Finding> findings;  // the structure check first, then rules in file order
};

/// Options of a check.
struct CheckOptions {
  ReadOptions read;
  std::size_t examples = 10;
  // Values a quantile or median rule keeps in memory; above this it finds the exact value with
  // extra passes over the file (radix selection), so memory stays bounded.
  std::size_t max_values_in_memory = std::size_t{1} << 24;
};

/// Checks a table given by an opener; errors are input errors (file:line:col).
Result<CheckReport> check_table(const RuleSet& rules, const TableOpener& open,
                                const CheckOptions& options, const std::string& path);

/// Checks the data file at `path`.
Result<CheckReport> check_file(const RuleSet& rules, const std::string& path,
                               const CheckOptions& options);

/// Checks a table given as text (tests).
Result<CheckReport> check_text(const RuleSet& rules, const std::string& text, Format format,
                               const CheckOptions& options);

}  // namespace assay::data
