// Writes results.json ("assay.results/1"). nlohmann's default object type is a std::map, so keys
// come out sorted; arrays keep the harness's order; doubles are printed in the shortest form that
// reads back to the same bits.
#include <cmath>

#include <nlohmann/json.hpp>

#include "reports/reports.h"

namespace assay {

namespace {

using nlohmann::json;

// JSON has no NaN or infinity. null keeps the document valid; the oracle's message says what
// happened.
json number(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

json quantities(const std::vector<Quantity>& list) {
  json out = json::object();
  for (const auto& q : list) out[q.name] = {{"unit", q.unit}, {"value", number(q.value)}};
  return out;
}

json string_map(const std::vector<std::pair<std::string, std::string>>& list) {
  json out = json::object();
  for (const auto& [key, value] : list) out[key] = value;
  return out;
}

json tool_json(const RunManifest& m) {
  return {{"version", m.tool_version},
          {"git_commit", m.git_commit},
          {"compiler", m.compiler},
          {"build_type", m.build_type},
          {"build_flags", m.build_flags}};
}

json model_json(const ModelIdentity& m) {
  return {{"adapter", m.adapter},
          {"name", m.name},
          {"version", m.version},
          {"spec", m.spec},
          {"parameters", string_map(m.parameters)}};
}

json inputs_json(const std::vector<InputFile>& inputs) {
  json out = json::array();
  for (const auto& f : inputs)
    out.push_back({{"role", f.role}, {"path", f.path}, {"sha256", f.sha256}});
  return out;
}

json manifest_json(const RunManifest& m) {
  json out = json::object();
  out["tool"] = tool_json(m);
  out["run_id"] = m.run_id;
  // 64-bit seeds exceed the integers JSON readers keep exactly (2^53), so they are strings.
  out["master_seed"] = std::to_string(m.master_seed);
  out["command_line"] = m.command_line;
  out["settings"] = string_map(m.settings);
  out["model"] = model_json(m.model);
  out["inputs"] = inputs_json(m.inputs);
  out["started_at"] = m.started_at;
  out["finished_at"] = m.finished_at;
  out["wall_seconds"] = number(m.wall_seconds);
  out["jobs"] = m.jobs;
  return out;
}

json summary_json(const RunResults& results) {
  const RunSummary s = results.summary();
  return {{"total", s.total},
          {"passed", s.passed},
          {"failed", s.failed},
          {"errors", s.errors},
          {"skipped", s.skipped},
          {"not_run", s.not_run},
          {"exit_code", exit_code_for(s)}};
}

json oracle_json(const OracleResult& o) {
  json out = json::object();
  out["id"] = o.id;
  out["kind"] = o.kind;
  out["verdict"] = verdict_name(o.verdict);
  out["margin"] = o.margin ? number(*o.margin) : json(nullptr);
  out["margin_unit"] = o.margin_unit;
  out["message"] = o.message;
  out["evidence"] = quantities(o.evidence);
  out["requirements"] = o.requirements;
  return out;
}

json scenario_json(const CaseResult& c) {
  return {{"id", c.scenario_id},
          {"title", c.scenario_title},
          {"file", c.scenario_file},
          {"tags", c.tags},
          {"requirements", c.requirements}};
}

json case_json(const CaseResult& c) {
  json out = json::object();
  out["scenario"] = scenario_json(c);
  out["index"] = c.index;
  out["case_id"] = c.case_id;
  out["seed"] = std::to_string(c.seed);
  out["parameters"] = quantities(c.parameters);
  out["verdict"] = verdict_name(c.verdict);
  out["reason"] = c.reason;
  out["end_reason"] = c.end_reason;
  out["sim_time"] = number(c.sim_time);
  out["steps"] = c.steps;
  json oracles = json::array();
  for (const auto& o : c.oracles) oracles.push_back(oracle_json(o));
  out["oracles"] = std::move(oracles);
  out["metrics"] = quantities(c.metrics);
  out["replay"] = c.replay;
  out["wall_seconds"] = number(c.wall_seconds);
  return out;
}

json score_speed_json(const ScoreSpeed& s) {
  json grid = json::array();
  for (const auto& p : s.grid) {
    grid.push_back({{"case_id", p.case_id},
                    {"overlap_pct", number(p.overlap_pct)},
                    {"impact_kmh", number(p.impact_kmh)},
                    {"colour", p.colour}});
  }
  return {{"label", s.label},
          {"test_speed_kmh", number(s.test_speed_kmh)},
          {"points", number(s.points)},
          {"max_points", number(s.max_points)},
          {"grid", std::move(grid)}};
}

// A refused test has "score": null and its reason; a scored one an empty "refused".
json score_test_json(const ScoreTest& t) {
  json score = nullptr;
  if (t.refused.empty()) {
    json speeds = json::array();
    for (const auto& s : t.speeds) speeds.push_back(score_speed_json(s));
    score = {{"points", number(t.points)},
             {"max_points", number(t.max_points)},
             {"speeds", std::move(speeds)},
             {"assumptions", t.assumptions}};
  }
  return {{"test", t.test}, {"refused", t.refused}, {"off_grid", t.off_grid}, {"score", score}};
}

json score_total_json(const ScoreTotal& t) {
  return {{"points", number(t.points)},
          {"max_points", number(t.max_points)},
          {"band", t.band.empty() ? json(nullptr) : json(t.band)},
          {"missing", t.missing},
          {"assumptions", t.assumptions}};
}

json scores_json(const std::vector<ProtocolScore>& scores) {
  json out = json::array();
  for (const auto& p : scores) {
    json tests = json::array();
    for (const auto& t : p.tests) tests.push_back(score_test_json(t));
    out.push_back({{"protocol", p.protocol},
                   {"tests", std::move(tests)},
                   {"total", p.total ? score_total_json(*p.total) : json(nullptr)},
                   {"no_total", p.no_total}});
  }
  return out;
}

}  // namespace

std::string results_json(const RunResults& results) {
  json doc = json::object();
  doc["schema"] = kResultsSchema;
  doc["manifest"] = manifest_json(results.manifest);
  doc["summary"] = summary_json(results);
  json cases = json::array();
  for (const auto& c : results.cases) cases.push_back(case_json(c));
  doc["cases"] = std::move(cases);
  // Present only when a score was requested, so runs without one read as before.
  if (!results.scores.empty()) doc["scores"] = scores_json(results.scores);
  // Strings come from input files and models; invalid UTF-8 would make dump() throw, so it is
  // replaced by U+FFFD and the report is still written.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace assay
