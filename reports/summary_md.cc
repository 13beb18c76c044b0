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

// Lateral overlaps of a test's grid points, in order of first appearance (the scenario's order).
std::vector<double> overlaps_of(const ScoreTest& t) {
  std::vector<double> out;
  for (const auto& s : t.speeds) {
    for (const auto& p : s.grid) {
      if (std::find(out.begin(), out.end(), p.overlap_pct) == out.end())
        out.push_back(p.overlap_pct);
    }
  }
  return out;
}

// One row per test speed: the colour and impact speed at each overlap, then the points.
std::string speed_table(const ScoreTest& t) {
  const std::vector<double> overlaps = overlaps_of(t);
  std::string out = "| test speed or case |";
  std::string rule = "|---|";
  for (double o : overlaps) {
    out += " " + markdown_escape(report_text::format_quantity(o, "%")) + " |";
    rule += "---|";
  }
  out += " points | max |\n" + rule + "--:|--:|\n";
  for (const auto& s : t.speeds) {
    out += "| " + markdown_escape(s.label) + " |";
    for (double o : overlaps) {
      auto p = std::find_if(s.grid.begin(), s.grid.end(),
                            [&](const ScorePoint& g) { return g.overlap_pct == o; });
      out += p == s.grid.end() ? " – |"
                               : " " + markdown_escape(p->colour) + " · " +
                                     report_text::format_fixed(p->impact_kmh, 1) + " |";
    }
    out += " " + report_text::format_fixed(s.points, 3) + " | " +
           report_text::format_fixed(s.max_points, 3) + " |\n";
  }
  return out;
}

std::string score_test(const ScoreTest& t) {
  std::string out = "**" + markdown_escape(t.test) + "**: ";
  if (!t.refused.empty()) {
    out += "refused: " + markdown_escape(t.refused);
  } else {
    out += report_text::format_fixed(t.points, 3) + " of " +
           report_text::format_fixed(t.max_points, 3) + " points";
  }
  if (t.off_grid > 0)
    out += " · " + std::to_string(t.off_grid) + " case(s) off the protocol grid, not scored";
  out += "\n\n";
  if (t.refused.empty()) out += speed_table(t) + "\n";
  return out;
}

std::string score_total(const ProtocolScore& p) {
  if (!p.total) return "**Total: none** · " + markdown_escape(p.no_total) + "\n\n";
  std::string out = "**Total: " + report_text::format_fixed(p.total->points, 3) + " of " +
                    report_text::format_fixed(p.total->max_points, 3) + " points";
  if (!p.total->band.empty()) out += " · " + markdown_escape(p.total->band);
  out += "**";
  if (!p.total->missing.empty()) {
    out += " · counted 0 (not run): ";
    for (std::size_t i = 0; i < p.total->missing.size(); ++i)
      out += (i ? ", " : "") + markdown_escape(p.total->missing[i]);
  }
  return out + "\n\n";
}

// Every assumption once, in order: an auditor must never take them for protocol values.
std::string score_assumptions(const ProtocolScore& p) {
  std::vector<std::string> all;
  auto add = [&](const std::vector<std::string>& list) {
    for (const auto& a : list) {
      if (std::find(all.begin(), all.end(), a) == all.end()) all.push_back(a);
    }
  };
  for (const auto& t : p.tests) add(t.assumptions);
  if (p.total) add(p.total->assumptions);
  if (all.empty()) return "";
  std::string out =
      "Assumptions (Assay's choices where the protocol reference gives no value; **not protocol "
      "values**):\n\n";
  for (const auto& a : all) out += "- " + markdown_escape(a) + "\n";
  return out + "\n";
}

std::string scores(const RunResults& results) {
  if (results.scores.empty()) return "";
  std::string out =
      "### Euro NCAP AEB C2C score\n\nCells: colour · impact speed in km/h (the protocol's "
      "criterion, v_impact or v_rel_impact). A refused score does not change the exit code.\n\n";
  for (const auto& p : results.scores) {
    out += "#### " + markdown_escape(p.protocol) + "\n\n" + score_total(p);
    for (const auto& t : p.tests) out += score_test(t);
    out += score_assumptions(p);
  }
  return out;
}

}  // namespace

std::string summary_markdown(const RunResults& results) {
  std::string out = headline(results) + "\n" + error_note(results.summary()) +
                    scenario_table(results) + "\n" + scores(results) + failures(results) +
                    inputs(results.manifest);
  // One trailing newline, whichever sections were present.
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace assay
