// Report writers: views of one RunResults. results.json is the canonical, versioned record
// ("assay.results/1") and the only one read back; junit.xml, summary.md and the console summary
// are derived views for CI systems and people. Every writer is a pure function of its input, so
// the same results give the same bytes (apart from wall-clock fields, see the normalisers).
// Formats are described in docs/report-formats.md.
#pragma once

#include <string>
#include <string_view>

#include "core/results.h"
#include "core/status.h"

namespace assay {

/// Canonical results.json text: sorted keys, 2-space indent, trailing newline, NaN/inf as null.
std::string results_json(const RunResults& results);

/// Reads results.json text back; rejects other schema versions, unknown or missing keys.
Result<RunResults> parse_results_json(std::string_view text);

/// JUnit XML: one testsuite per scenario, one testcase per case, failures apart from errors.
std::string junit_xml(const RunResults& results);

/// Markdown for pull requests and CI job summaries: headline, per-scenario table, failures.
std::string summary_markdown(const RunResults& results);

/// A few lines for the terminal: counts and up to 10 failures with their replay commands.
std::string console_summary(const RunResults& results, bool colour);

/// Writes results.json, junit.xml and summary.md atomically into out_dir.
Status write_reports(const RunResults& results, const std::string& out_dir);

/// results.json text with wall-clock and build-dependent fields replaced by fixed tokens.
std::string normalise_results_json(std::string_view text);

/// junit.xml text with time attributes and build-dependent properties replaced by fixed tokens.
std::string normalise_junit_xml(std::string_view text);

/// The token that the normalisers put in place of wall-clock and build-dependent values.
inline constexpr std::string_view kNormalisedToken = "(normalised)";

}  // namespace assay
