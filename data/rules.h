// Rule sets: the documented JSON format ("assay.rules/1", docs/data-validation.md, JSON Schema
// scenarios/schema/rules.schema.json) and its strict parser. Rule names follow Great
// Expectations and Deequ; a rule may also be written with its Great Expectations name
// ("expect_column_values_to_not_be_null"), and parameters use Great Expectations' names
// (min_value, max_value, value_set, column_A, ...). Every error names file:line:col and the JSON
// pointer of the offending key or value.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_source.h"
#include "core/status.h"
#include "data/expression.h"
#include "data/regex.h"
#include "data/table.h"
#include "data/values.h"

namespace assay::data {

inline constexpr std::string_view kRulesSchema = "assay.rules/1";

/// The rule catalogue.
enum class RuleKind {
  kColumnExists,
  kColumnSet,
  kType,
  kNotNull,
  kUnique,
  kCompoundUnique,
  kBetween,
  kInSet,
  kNotInSet,
  kRegex,
  kLengthBetween,
  kIncreasing,
  kDecreasing,
  kRowCountBetween,
  kMeanBetween,
  kMedianBetween,
  kStdevBetween,
  kMinBetween,
  kMaxBetween,
  kQuantileBetween,
  kSumBetween,
  kPairGreater,
  kExpression,
  kTimestampsMonotonic,
  kMaxGap,
  kSamplingRate,
};

/// What the catalogue says about one rule.
struct RuleInfo {
  RuleKind kind;
  std::string_view name;                // as written in rule sets
  std::string_view great_expectations;  // the equivalent expectation, or empty
  std::string_view deequ;               // the equivalent Deequ check, or empty
  bool row_level;                       // has `mostly` and offending rows
  std::string_view summary;             // one line for the docs and messages
};

/// Every rule, in documentation order.
const std::vector<RuleInfo>& rule_catalogue();

/// The catalogue entry of a kind.
const RuleInfo& rule_info(RuleKind kind);

/// The keys a rule accepts besides rule, id, description, severity and (row-level) mostly.
struct RuleKeys {
  std::vector<std::string_view> required, optional;
};

/// The keys of a kind (the JSON Schema lists the same).
RuleKeys rule_keys(RuleKind kind);

/// How a violated rule counts: error fails the check, warn is reported and passes.
enum class Severity { kError, kWarn };

/// A member of value_set: a number, a string or a boolean.
struct SetValue {
  enum Kind { kNumber, kString, kBool } kind = kString;
  double number = 0.0;
  std::string text;
  bool boolean = false;
};

/// Lower and upper bounds; either may be absent.
struct Bounds {
  std::optional<double> min, max;
  bool strict_min = false, strict_max = false;

  /// True when `v` lies within the bounds.
  [[nodiscard]] bool contains(double v) const {
    if (min && (strict_min ? !(v > *min) : !(v >= *min))) return false;
    if (max && (strict_max ? !(v < *max) : !(v <= *max))) return false;
    return true;
  }
  /// "[0, 50]", "(0, inf)", ">= 3".
  [[nodiscard]] std::string text() const;
};

/// One rule of a rule set.
struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kNotNull;
  std::string description;
  Severity severity = Severity::kError;
  double mostly = 1.0;
  std::string column;                     // single-column rules; column_A of pair_greater
  std::string column_b;                   // column_B of pair_greater
  std::vector<std::string> columns;       // column_set, compound_unique
  bool exact_match = true;                // column_set
  Bounds bounds;                          // between, length, row count, statistics
  double quantile = 0.5;                  // quantile_between (median: 0.5)
  ColumnType type = ColumnType::kString;  // type
  std::vector<SetValue> value_set;        // in_set, not_in_set
  bool strictly = false;                  // increasing, decreasing, timestamps_monotonic
  bool or_equal = false;                  // pair_greater
  double max_seconds = 0.0;               // max_gap
  double hz = 0.0, tolerance = 0.1;       // sampling_rate
  std::shared_ptr<const Regex> regex;
  std::shared_ptr<const Expression> expression;
  std::string pointer;  // JSON pointer of the rule in its file

  /// Columns the rule reads, in the order named.
  [[nodiscard]] std::vector<std::string> input_columns() const;
};

/// A parsed rule set.
struct RuleSet {
  std::string schema{kRulesSchema};
  std::string id;  // "id", or the file's stem
  std::string title;
  std::string description;
  std::string file;  // path as given
  // Reading options ("data"); absent ones keep the command's defaults.
  std::optional<Format> format;
  std::optional<char> delimiter;
  std::optional<bool> header;
  std::optional<std::vector<std::string>> null_values;
  std::map<std::string, ColumnType> types;  // declared column types
  std::size_t examples = 10;                // offending rows reported per rule
  std::vector<Rule> rules;

  /// Applies the "data" options to `options`.
  void apply_to(ReadOptions& options) const;
};

/// Parses a rule set from a parsed JSON document.
Result<RuleSet> parse_rules(const JsonDocument& doc);

/// Reads and parses a rule-set file.
Result<RuleSet> load_rules(const std::string& path);

/// Parses rule-set text (tests, fuzzing); `name` stands for the file in messages.
Result<RuleSet> parse_rules_text(std::string_view text, const std::string& name);

/// "csv" or "jsonl"; nullopt for anything else.
std::optional<Format> parse_format_name(std::string_view name);

/// A delimiter from its spelling: one character, or "tab", "\t", "comma", "semicolon", "pipe".
std::optional<char> parse_delimiter(std::string_view text);

}  // namespace assay::data
