// `assay data infer DATA`: profiles a table in one streaming pass and proposes a rule set to
// edit and commit. What it proposes follows TFDV's schema inference and Deequ's suggestion
// rules: the column set, each column's type, completeness (not_null, with `mostly` when some
// values are missing), ranges of numeric columns, categorical domains of text columns with at
// most 100 distinct values, lengths of other text, uniqueness of key-like columns and
// monotonic timestamps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/check.h"
#include "data/table.h"
#include "data/values.h"

namespace assay::data {

/// Options of inference.
struct InferOptions {
  ReadOptions read;
  std::size_t max_categories = 100;          // a text column with more distinct values is free text
  std::size_t max_unique_tracked = 4000000;  // values per column checked for uniqueness
  std::string id;                            // the proposed rule set's id (default: file stem)
};

/// What one column holds.
struct ColumnProfile {
  std::string name;
  std::uint64_t present = 0, missing = 0;
  std::uint64_t integers = 0, numbers = 0, booleans = 0, timestamps = 0;  // values of each type
  double min = 0.0, max = 0.0;                                            // over numeric values
  std::uint64_t min_length = 0, max_length = 0;                           // characters
  std::map<std::string, std::uint64_t> distinct;  // up to max_categories + 1 values
  bool many_distinct = false;                     // more than max_categories distinct values
  std::optional<bool> unique;             // all present values distinct (unknown if too many)
  bool increasing = true;                 // numeric or timestamp values never decrease
  ColumnType type = ColumnType::kString;  // inferred
};

/// A profiled table.
struct Profile {
  TableSummary table;
  std::vector<ColumnProfile> columns;
};

/// Profiles the table given by an opener.
Result<Profile> profile_table(const TableOpener& open, const std::string& path,
                              const InferOptions& options);

/// The proposed rule set as JSON text ("assay.rules/1"), with a trailing newline.
std::string propose_rules(const Profile& profile, const InferOptions& options);

}  // namespace assay::data
