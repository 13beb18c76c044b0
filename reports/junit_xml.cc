// Writes junit.xml: the common subset of the JUnit flavours that GitLab, Jenkins, Azure DevOps
// and the GitHub reporter actions all read. One testsuite per scenario, one testcase per case;
// a model failure is <failure>, a case the harness could not judge is <error>. The replay
// command goes in the element body, the one place every consumer shows.
#include <algorithm>

#include "reports/reports.h"
#include "reports/text.h"

namespace assay {

namespace {

using report_text::xml_escape;

// An attribute value: one line, escaped.
std::string attr(std::string_view value) {
  return "\"" + xml_escape(report_text::single_line(value)) + "\"";
}

std::string count_attributes(const RunSummary& s) {
  return " tests=\"" + std::to_string(s.total) + "\" failures=\"" + std::to_string(s.failed) +
         "\" errors=\"" + std::to_string(s.errors) + "\" skipped=\"" + std::to_string(s.skipped) +
         "\"";
}

const InputFile* find_input(const RunManifest& m, std::string_view role, std::string_view path) {
  const auto it = std::find_if(m.inputs.begin(), m.inputs.end(), [&](const InputFile& f) {
    return (role.empty() || f.role == role) && (path.empty() || f.path == path);
  });
  return it == m.inputs.end() ? nullptr : &*it;
}

std::string join(const std::vector<std::string>& list, std::string_view separator) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// Properties sorted by name; empty values are left out. Consumers do not all show properties
// (GitLab ignores them), so nothing here is needed to act on a failure.
std::string properties(const RunManifest& m, const CaseResult& first) {
  std::vector<std::pair<std::string, std::string>> list = {
      {"assay.git_commit", m.git_commit},
      {"assay.master_seed", std::to_string(m.master_seed)},
      {"assay.model", report_text::model_text(m.model)},
      {"assay.model.spec", m.model.spec},
      {"assay.run_id", m.run_id},
      {"assay.scenario.file", first.scenario_file},
      {"assay.scenario.requirements", join(first.requirements, ", ")},
      {"assay.scenario.title", first.scenario_title},
      {"assay.version", m.tool_version},
  };
  if (const InputFile* model = find_input(m, "model", ""))
    list.emplace_back("assay.model.sha256", model->sha256);
  if (const InputFile* scenario = find_input(m, "", first.scenario_file))
    list.emplace_back("assay.scenario.sha256", scenario->sha256);
  std::sort(list.begin(), list.end());

  std::string out = "    <properties>\n";
  for (const auto& [name, value] : list) {
    if (!value.empty())
      out += "      <property name=" + attr(name) + " value=" + attr(value) + "/>\n";
  }
  return out + "    </properties>\n";
}

std::string oracle_line(const OracleResult& o) {
  std::string line = "[" + std::string(verdict_name(o.verdict)) + "] " + o.id;
  if (!o.kind.empty() && o.kind != o.id) line += " (" + o.kind + ")";
  if (!o.message.empty()) line += ": " + o.message;
  if (o.margin) line += "; margin " + report_text::format_quantity(*o.margin, o.margin_unit);
  line += "\n";
  if (o.verdict != Verdict::kPass && !o.evidence.empty()) {
    std::string evidence;
    for (const auto& q : o.evidence)
      evidence += " " + q.name + "=" + report_text::format_quantity(q.value, q.unit);
    line += "  evidence:" + evidence + "\n";
  }
  return line;
}

// The text inside <failure> or <error>: every oracle's judgement, how the run ended, the seed
// and the command that reproduces the case.
std::string outcome_body(const CaseResult& c) {
  std::string body;
  for (const auto& o : c.oracles) body += oracle_line(o);
  body += "end: " + (c.end_reason.empty() ? std::string("unknown") : c.end_reason) + " at " +
          report_text::format_quantity(c.sim_time, "s") + " (" + std::to_string(c.steps) +
          " steps)\n";
  body += "seed: " + std::to_string(c.seed) + "\n";
  body += "replay: " + c.replay + "\n";
  return xml_escape(body);
}

std::string testcase(const CaseResult& c) {
  std::string open = "    <testcase classname=" + attr(c.scenario_id) +
                     " name=" + attr(report_text::case_label(c)) + " time=\"" +
                     report_text::format_seconds(c.wall_seconds) + "\"";
  if (!c.scenario_file.empty()) open += " file=" + attr(c.scenario_file);
  switch (c.verdict) {
    case Verdict::kPass:
      return open + "/>\n";
    case Verdict::kSkipped:
      return open + ">\n      <skipped" +
             (c.reason.empty() ? std::string() : " message=" + attr(c.reason)) +
             "/>\n    </testcase>\n";
    case Verdict::kFail:
    case Verdict::kError:
      break;
  }
  const bool failed = c.verdict == Verdict::kFail;
  const std::string element = failed ? "failure" : "error";
  const std::string message = !c.reason.empty() ? c.reason : failed ? "failed" : "not judged";
  return open + ">\n      <" + element + " message=" + attr(message) + " type=\"" +
         std::string(verdict_name(c.verdict)) + "\">\n" + outcome_body(c) + "      </" + element +
         ">\n    </testcase>\n";
}

std::string testsuite(const RunManifest& m, const report_text::ScenarioCases& group) {
  std::string out = "  <testsuite name=" + attr(group.id) + count_attributes(group.counts) +
                    " time=\"" + report_text::format_seconds(group.wall_seconds) + "\">\n";
  out += properties(m, *group.cases.front());
  for (const CaseResult* c : group.cases) out += testcase(*c);
  return out + "  </testsuite>\n";
}

}  // namespace

std::string junit_xml(const RunResults& results) {
  const auto groups = report_text::group_by_scenario(results.cases);
  // The root's time is the run's elapsed time; cases run in parallel, so it is usually less
  // than the sum of the suites' times.
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"assay\"" +
                    count_attributes(results.summary()) + " time=\"" +
                    report_text::format_seconds(results.manifest.wall_seconds) + "\"";
  if (!results.manifest.started_at.empty())
    out += " timestamp=" + attr(results.manifest.started_at);
  out += ">\n";
  for (const auto& group : groups) out += testsuite(results.manifest, group);
  return out + "</testsuites>\n";
}

}  // namespace assay
