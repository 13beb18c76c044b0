// libFuzzer target for the table readers (CSV and JSON Lines) and the check engine behind
// `assay data check`. The first byte picks the format, delimiter, header and a tiny block size
// (so records are cut at every possible byte); the rest is the file. Every batch is checked
// with a rule set that touches every evaluator. Bad input must give an Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/check.h"
#include "data/rules.h"

namespace {

// Rules over the first columns of any table (column_1, column_2, ... without a header; the
// header names otherwise, so missing-column findings are exercised too).
const char* const kRules = R"({
  "schema": "assay.rules/1",
  "rules": [
    {"rule": "not_null", "column": "column_1"},
    {"rule": "type", "column": "column_1", "type": "timestamp", "mostly": 0.5},
    {"rule": "unique", "column": "column_1"},
    {"rule": "compound_unique", "column_list": ["column_1", "column_2"]},
    {"rule": "between", "column": "column_2", "min_value": -1, "max_value": 1, "strict_max": true},
    {"rule": "in_set", "column": "column_2", "value_set": [1, "a", true]},
    {"rule": "regex", "column": "column_1", "regex": "^(a|b)*[0-9]{1,3}$"},
    {"rule": "length_between", "column": "column_2", "max_value": 3},
    {"rule": "increasing", "column": "column_1", "strictly": true},
    {"rule": "median_between", "column": "column_2", "min_value": 0},
    {"rule": "quantile_between", "column": "column_1", "quantile": 0.9, "max_value": 5},
    {"rule": "stdev_between", "column": "column_2", "max_value": 5},
    {"rule": "sum_between", "column": "column_1", "max_value": 5},
    {"rule": "pair_greater", "column_A": "column_1", "column_B": "column_2"},
    {"rule": "expression", "expression": "column_1 * 2 > column_2 or len(column_2) = 1"},
    {"rule": "max_gap", "column": "column_1", "max_seconds": 2},
    {"rule": "sampling_rate", "column": "column_2", "hz": 10},
    {"rule": "row_count_between", "max_value": 3}
  ]
})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const auto rules = assay::data::parse_rules_text(kRules, "fuzz.json");
  if (!rules.ok()) __builtin_trap();
  const std::uint8_t mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  assay::data::CheckOptions options;
  options.read.header = (mode & 1) == 0;
  options.read.delimiter = (mode & 2) ? ';' : ',';
  const auto format = (mode & 4) ? assay::data::Format::kJsonLines : assay::data::Format::kCsv;
  // Half the inputs push quantiles through the radix-selection passes.
  if (mode & 8) options.max_values_in_memory = 2;
  options.read.block_bytes = 1 + (mode >> 4);
  options.read.batch_rows = 1 + (mode >> 4) % 3;
  options.read.max_record_bytes = 1 << 16;
  auto report = assay::data::check_text(*rules, text, format, options);
  (void)report;
  return 0;
}
