// `assay data drift REFERENCE CURRENT`: per-column drift tests with the defaults users know
// from Evidently (legacy registry `_get_default_stattest`), a dataset verdict from the share of
// drifted columns, and optional Bonferroni or Benjamini–Hochberg correction of p-value tests.
//
// Default test per column (reference = values present in the reference data):
//   reference <= 1000 values: numerical with > 5 distinct values → ks; numerical with 3–5 or
//     categorical with > 2 → chisquare; <= 2 distinct values → z
//   reference  > 1000 values: numerical with > 5 distinct values → wasserstein; otherwise
//     jensenshannon
// Thresholds: p-value tests (ks, chisquare, z) drift when p < 0.05; distances (wasserstein
// normed by the reference's standard deviation, jensenshannon, psi) when value >= 0.1.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/results.h"
#include "data/check.h"
#include "data/findings.h"
#include "data/table.h"

namespace assay::data {

/// The drift tests.
enum class DriftTest { kAuto, kKs, kChiSquare, kZ, kWasserstein, kJensenShannon, kPsi };

/// "ks", "chisquare", "z", "wasserstein", "jensenshannon", "psi" (and "auto").
std::string_view drift_test_name(DriftTest test);
/// The test named `name`, or nullopt.
std::optional<DriftTest> parse_drift_test(std::string_view name);
/// True for tests that give a p-value.
bool is_p_value_test(DriftTest test);
/// The default threshold of a test.
double default_threshold(DriftTest test);

/// Multiple-testing correction of p-value tests.
enum class Correction { kNone, kBonferroni, kFdr };

/// Options of a drift run.
struct DriftOptions {
  ReadOptions read;
  std::vector<std::string> columns;             // empty: every column of the reference
  DriftTest test = DriftTest::kAuto;            // for every column
  std::map<std::string, DriftTest> per_column;  // overrides `test`
  std::optional<double> threshold;              // overrides the test's default
  double drift_share = 0.5;                     // dataset drift when share >= this
  Correction correction = Correction::kNone;
  std::set<std::string> categorical;  // treat as categorical even if numeric
  std::set<std::string> numerical;    // treat as numerical (non-numbers then count as missing)
  std::size_t sample = 0;             // > 0: about this many rows per file, sampled with seed
  std::uint64_t seed = 0;
  std::size_t max_categories = 10000;  // more distinct values: not a categorical column
};

/// The result for one column.
struct ColumnDrift {
  std::string column;
  std::string kind;  // "numerical" or "categorical"
  DriftTest test = DriftTest::kAuto;
  double value = 0.0;                // the drift score: p-value or distance
  std::optional<double> statistic;   // KS D, chi-square X^2, z (for p-value tests)
  std::optional<double> adjusted_p;  // after correction
  double threshold = 0.0;            // as compared (the test's, not adjusted)
  bool drifted = false;
  bool skipped = false;  // not tested (see message)
  bool exact = false;    // KS: exact p-value
  std::uint64_t reference_values = 0, current_values = 0;
  std::uint64_t reference_missing = 0, current_missing = 0;
  std::uint64_t distinct = 0;  // distinct values in both samples
  std::string message;
};

/// A finished drift run.
struct DriftReport {
  TableSummary reference, current;
  std::vector<ColumnDrift> columns;  // in reference column order
  std::size_t tested = 0, drifted = 0;
  double share = 0.0;
  bool dataset_drift = false;
  double drift_share = 0.5;
  Correction correction = Correction::kNone;
};

/// Adjusts the p-values of tested p-value columns (ks, chisquare, z) and their decisions:
/// Bonferroni multiplies by the number of such columns, FDR uses Benjamini–Hochberg q-values.
void apply_correction(std::vector<ColumnDrift>& columns, Correction correction);

/// Runs drift tests between two tables given by openers.
Result<DriftReport> drift_tables(const TableOpener& reference, const std::string& reference_path,
                                 const TableOpener& current, const std::string& current_path,
                                 const DriftOptions& options);

/// Runs drift tests between two data files.
Result<DriftReport> drift_files(const std::string& reference, const std::string& current,
                                const DriftOptions& options);

/// The results of a drift run: one case per column ("drift#<column>") and "drift#dataset".
/// Drifted columns fail when `fail_on_column`; otherwise they pass with a warning and only
/// the dataset case decides.
RunResults drift_results(const DriftReport& report, const RunContext& context, bool fail_on_column);

}  // namespace assay::data
