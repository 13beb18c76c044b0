// Writes summary.md for pull requests and CI job summaries ($GITHUB_STEP_SUMMARY, GitLab and
// Azure DevOps Markdown views). Everything that came from input is escaped, so a scenario title
// cannot break a table, open a link or mention someone. No wall-clock fields: the file is
// byte-identical for identical results.
#include <algorithm>
#include <cmath>
#include <map>

#include "reports/reports.h"
#include "reports/text.h"

namespace assay {

namespace {

using report_text::markdown_escape;

constexpr std::size_t kMaxListedFailures = 20;
constexpr std::size_t kShownDigestChars = 12;

std::string headline(const RunResults& results) {
  const RunSummary s = results.summary();
  return "## Assay: " + std::string(report_text::status_word(s)) + " · " +
         report_text::counts_text(s) + " · model " +
         markdown_escape(report_text::model_text(results.manifest.model)) + " · master seed `" +
         std::to_string(results.manifest.master_seed) + "`\n";
}

// ERROR is easy to read as "the model erred"; say plainly that it is the harness's problem.
std::string error_note(const RunSummary& s) {
  if (s.errors == 0) return "";
  return "> " + std::to_string(s.errors) + (s.errors == 1 ? " case" : " cases") +
         " could not be judged (simulator or harness problem, not a model failure); see "
         "Failures.\n\n";
}

// The lowest finite margin of each oracle id over the scenario's cases, as "id: -0.42 m".
// Margins are compared per oracle only, since different oracles measure in different units.
std::string worst_margins(const report_text::ScenarioCases& group) {
  std::vector<std::string> order;
  std::map<std::string, const OracleResult*> worst;
  for (const CaseResult* c : group.cases) {
    for (const auto& o : c->oracles) {
      if (!o.margin || !std::isfinite(*o.margin)) continue;
      const auto [it, added] = worst.try_emplace(o.id, &o);
      if (added) order.push_back(o.id);
      if (*o.margin < *it->second->margin) it->second = &o;
    }
  }
  if (order.empty()) return "–";
  std::string out;
  for (const auto& id : order) {
    const OracleResult& o = *worst.at(id);
    if (!out.empty()) out += ", ";
    out += markdown_escape(id) + ": " +
           markdown_escape(report_text::format_quantity(*o.margin, o.margin_unit));
  }
  return out;
}

std::string scenario_table(const RunResults& results) {
  const auto groups = report_text::group_by_scenario(results.cases);
  if (groups.empty()) return "No cases ran.\n";
  std::string out =
      "| scenario | cases | passed | failed | errors | skipped | worst margin per oracle |\n"
      "|---|--:|--:|--:|--:|--:|---|\n";
  for (const auto& g : groups) {
    const RunSummary& s = g.counts;
    out += "| " + markdown_escape(g.id) + " | " + std::to_string(s.total) + " | " +
           std::to_string(s.passed) + " | " + std::to_string(s.failed) + " | " +
           std::to_string(s.errors) + " | " + std::to_string(s.skipped) + " | " + worst_margins(g) +
           " |\n";
  }
  return out;
}

// A fenced block whose fence is longer than any run of backticks in the text, so the text
// cannot close it early.
std::string fenced(std::string_view text, std::string_view language) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fence + std::string(language) + "\n" + std::string(text) + "\n" + fence + "\n";
}

std::string failure_entry(const CaseResult& c) {
  std::string line =
      "**" + markdown_escape(c.case_id) + "** " + std::string(verdict_name(c.verdict));
  const std::string parameters = report_text::parameter_string(c);
  if (!parameters.empty()) line += " · " + markdown_escape(parameters);
  if (!c.reason.empty()) line += " · " + markdown_escape(c.reason);
  return line + "\n\n" + fenced(report_text::single_line(c.replay), "sh") + "\n";
}

std::string failures(const RunResults& results) {
  std::vector<const CaseResult*> listed;
  std::size_t total = 0;
  for (const auto& c : results.cases) {
    if (c.verdict != Verdict::kFail && c.verdict != Verdict::kError) continue;
    ++total;
    if (listed.size() < kMaxListedFailures) listed.push_back(&c);
  }
  if (total == 0) return "";
  std::string out = "### Failures\n\n";
  for (const CaseResult* c : listed) out += failure_entry(*c);
  if (total > listed.size())
    out += "… and " + std::to_string(total - listed.size()) + " more (see results.json)\n\n";
  return out;
}

std::string inputs(const RunManifest& m) {
  if (m.inputs.empty()) return "";
  std::string out = "### Inputs\n\n| role | path | sha256 |\n|---|---|---|\n";
  for (const auto& f : m.inputs) {
    out += "| " + markdown_escape(f.role) + " | " + markdown_escape(f.path) + " | " +
           markdown_escape(f.sha256.substr(0, kShownDigestChars)) + " |\n";
  }
  return out + "\n";
}

}  // namespace

std::string summary_markdown(const RunResults& results) {
  std::string out = headline(results) + "\n" + error_note(results.summary()) +
                    scenario_table(results) + "\n" + failures(results) + inputs(results.manifest);
  // One trailing newline, whichever sections were present.
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace assay
