// The few lines printed at the end of a run. The human format may change between versions;
// machines read results.json. Input text passes through single_line(), which drops escape
// characters, so a scenario title cannot drive the terminal.
#include "reports/reports.h"
#include "reports/text.h"

namespace assay {

namespace {

constexpr std::size_t kMaxListedFailures = 10;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kBoldGreen = "\x1b[1;32m";
constexpr std::string_view kBoldYellow = "\x1b[1;33m";
constexpr std::string_view kDim = "\x1b[2m";

// Wraps text in an ANSI style when colour is on.
std::string paint(std::string_view text, std::string_view style, bool colour) {
  if (!colour) return std::string(text);
  return std::string(style) + std::string(text) + std::string(kReset);
}

std::string_view status_style(const RunSummary& s) {
  switch (exit_code_for(s)) {
    case kExitOk:
      return kBoldGreen;
    case kExitFailed:
      return kBoldRed;
    default:
      return kBoldYellow;
  }
}

std::string failure_lines(const CaseResult& c, bool colour) {
  const bool failed = c.verdict == Verdict::kFail;
  std::string out = "  " +
                    paint(failed ? "FAIL " : "ERROR", failed ? kBoldRed : kBoldYellow, colour) +
                    " " + report_text::single_line(report_text::case_label(c));
  if (!c.reason.empty()) out += ": " + report_text::single_line(c.reason);
  out += "\n        " + paint("replay:", kDim, colour) + " " + report_text::single_line(c.replay) +
         "\n";
  return out;
}

}  // namespace

std::string console_summary(const RunResults& results, bool colour) {
  const RunSummary s = results.summary();
  std::string out = "assay: " + paint(report_text::status_word(s), status_style(s), colour) + "  " +
                    report_text::counts_text(s) + "\n";
  std::size_t listed = 0, total = 0;
  for (const auto& c : results.cases) {
    if (c.verdict != Verdict::kFail && c.verdict != Verdict::kError) continue;
    ++total;
    if (listed < kMaxListedFailures) {
      out += failure_lines(c, colour);
      ++listed;
    }
  }
  if (total > listed)
    out += "  … and " + std::to_string(total - listed) + " more (see results.json)\n";
  for (const auto& line : report_text::score_lines(results)) out += "score " + line + "\n";
  return out;
}

}  // namespace assay
