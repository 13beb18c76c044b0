#include "data/findings.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <tuple>

#include "core/build_info.h"
#include "core/sha256.h"

namespace assay::data {

namespace {

// Evidence names are keys of a JSON object: later duplicates are dropped, and the list is
// sorted by name like every serialised list.
std::vector<Quantity> evidence_of(const Finding& f) {
  std::map<std::string, Quantity> out;
  auto put = [&](const std::string& name, double value, const std::string& unit = "") {
    out.try_emplace(name, Quantity{name, value, unit});
  };
  if (f.row_level) {
    put("evaluated", static_cast<double>(f.evaluated), "rows");
    put("failed", static_cast<double>(f.failed), "rows");
    const double fraction =
        f.evaluated == 0 ? 0.0 : static_cast<double>(f.failed) / static_cast<double>(f.evaluated);
    put("failed_fraction", fraction);
    put("passed_fraction", 1.0 - fraction);
    put("mostly", f.mostly);
    for (std::size_t i = 0; i < f.examples.size(); ++i) {
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "example_%02zu_", i + 1);
      const Example& e = f.examples[i];
      put(std::string(prefix) + "row", static_cast<double>(e.row));
      put(std::string(prefix) + "line", static_cast<double>(e.line));
      if (e.number) put(std::string(prefix) + "value", *e.number);
    }
  }
  if (f.observed) put(f.observed_name.empty() ? "observed" : f.observed_name, *f.observed);
  for (const auto& [name, value] : f.evidence) put(name, value);
  for (const auto& [name, value] : f.parameters) put(name, value);
  std::vector<Quantity> list;
  for (auto& [name, q] : out) list.push_back(std::move(q));
  return list;
}

Verdict verdict_of(const Finding& f) {
  switch (f.outcome) {
    case Outcome::kHeld:
      return Verdict::kPass;
    case Outcome::kViolated:
      return f.severity == Severity::kError ? Verdict::kFail : Verdict::kPass;
    case Outcome::kNotEvaluable:
      return Verdict::kError;
  }
  return Verdict::kError;
}

}  // namespace

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

RunManifest data_manifest(const RunContext& context) {
  RunManifest m;
  m.tool_version = build::kVersion;
  m.git_commit = build::kGitCommit;
  m.compiler = build::kCompiler;
  m.build_type = build::kBuildType;
  m.build_flags = build::kFlags;
  m.master_seed = context.seed;
  m.command_line = context.command_line;
  m.settings = context.settings;
  std::sort(m.settings.begin(), m.settings.end());
  m.model.adapter = "dataset";
  m.model.name = context.dataset;
  m.model.spec = context.dataset;
  m.inputs = context.inputs;
  std::sort(m.inputs.begin(), m.inputs.end(), [](const InputFile& a, const InputFile& b) {
    return std::tie(a.path, a.role) < std::tie(b.path, b.role);
  });
  m.started_at = context.started_at;
  m.finished_at = context.finished_at;
  m.wall_seconds = context.wall_seconds;
  m.jobs = 1;
  std::string identity = context.started_at;
  for (const auto& in : m.inputs) identity += "\n" + in.role + " " + in.path + " " + in.sha256;
  for (const auto& arg : context.command_line) identity += "\n" + arg;
  m.run_id = sha256_hex(identity).substr(0, 16);
  return m;
}

CaseResult finding_case(const Finding& f, const std::string& scenario_id, std::uint64_t index) {
  CaseResult c;
  c.scenario_id = scenario_id;
  c.index = index;
  c.case_id = scenario_id + "#" + f.rule_id;
  c.tags = {f.kind, f.severity == Severity::kError ? "severity:error" : "severity:warn"};
  for (const auto& [name, value] : f.parameters) c.parameters.push_back({name, value, ""});
  c.verdict = verdict_of(f);
  const bool warning = f.outcome == Outcome::kViolated && f.severity == Severity::kWarn;
  if (warning) c.tags.push_back("warning");
  if (c.verdict != Verdict::kPass) {
    c.reason = f.message;
  } else if (warning) {
    c.reason = "warning: " + f.message;
  }
  std::sort(c.tags.begin(), c.tags.end());
  c.end_reason = f.outcome == Outcome::kNotEvaluable ? "not-evaluable" : "checked";
  c.steps = f.evaluated;

  OracleResult o;
  o.id = f.rule_id;
  o.kind = f.kind;
  o.verdict = c.verdict;
  if (f.margin && std::isfinite(*f.margin)) {
    o.margin = f.margin;
  }
  o.message = warning ? "warning: " + f.message : f.message;
  if (!f.description.empty()) o.message += " (" + f.description + ")";
  o.evidence = evidence_of(f);
  c.oracles.push_back(std::move(o));
  return c;
}

RunResults check_results(const RuleSet& rules, const CheckReport& report,
                         const RunContext& context) {
  RunResults results;
  results.manifest = data_manifest(context);
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    CaseResult c = finding_case(report.findings[i], rules.id, i);
    c.scenario_title = rules.title.empty() ? rules.id : rules.title;
    c.scenario_file = rules.file;
    c.replay = context.replay;
    c.metrics = {{"columns", static_cast<double>(report.table.columns.size()), ""},
                 {"rows", static_cast<double>(report.table.rows), "rows"}};
    results.cases.push_back(std::move(c));
  }
  return results;
}

}  // namespace assay::data
