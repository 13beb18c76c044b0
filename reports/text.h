// Text helpers shared by the report writers (internal to reports/): safe UTF-8, escaping for
// XML, Markdown and terminals, and the short labels every human-readable view uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/results.h"

namespace assay::report_text {

/// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

/// Escapes for XML 1.0 text or attribute values; drops characters XML 1.0 does not allow and
/// replaces invalid UTF-8. Line feeds stay raw: pass attribute values through single_line().
std::string xml_escape(std::string_view text);

/// One printable line: valid UTF-8, line breaks and tabs become spaces, control characters
/// (including ESC, so no terminal sequences) are dropped.
std::string single_line(std::string_view text);

/// Escapes characters Markdown would interpret (after single_line), so input shows literally.
std::string markdown_escape(std::string_view text);

/// A number for people: `significant` digits in printf %g style (locale-free), "nan"/"inf".
std::string format_number(double value, int significant);

/// A number with exactly `decimals` decimals ("0.750"), locale-free; "nan"/"inf" as above.
std::string format_fixed(double value, int decimals);

/// A quantity for people: "40 km/h", or "75 %"; no unit gives just the number.
std::string format_quantity(double value, std::string_view unit);

/// Parameters as "v_ego=40 km/h overlap=75 %", in the order the case records them.
std::string parameter_string(const CaseResult& c);

/// case_id followed by the parameter string: "ccrs#12 v_ego=40 km/h overlap=75 %".
std::string case_label(const CaseResult& c);

/// PASSED, FAILED, ERROR or NOTHING RUN, from the run's exit code.
std::string_view status_word(const RunSummary& s);

/// "7 cases: 3 passed, 2 failed, 1 error, 1 skipped, 2 not run" (not run only when non-zero).
std::string counts_text(const RunSummary& s);

/// "aeb-reference 1.2.0 (builtin)", from the model identity.
std::string model_text(const ModelIdentity& m);

/// Wall-clock seconds with 3 decimals ("0.012"); negative or non-finite values print as 0.000.
std::string format_seconds(double seconds);

/// One line per requested Euro NCAP score: "euro-ncap-2023: 0.125 of 9 points (Weak); …" with
/// the per-test points, refused tests and why there is no total. Plain text (single_line).
std::vector<std::string> score_lines(const RunResults& results);

/// The cases of one scenario, in run order, with their counts.
struct ScenarioCases {
  std::string id;
  std::vector<const CaseResult*> cases;
  RunSummary counts;
  double wall_seconds = 0.0;
};

/// Cases grouped by scenario id; groups in order of first appearance (sorted runs stay sorted).
std::vector<ScenarioCases> group_by_scenario(const std::vector<CaseResult>& cases);

}  // namespace assay::report_text
