// Reads results.json back (for `assay merge`, report regeneration and tests). Strict: the schema
// version must match, every key must be known and present, every value must have its type, and
// the summary must agree with the cases. Errors carry the JSON pointer of the offending value.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/json_source.h"
#include "reports/reports.h"

namespace assay {

namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;

// nlohmann accepts duplicate keys (the last wins) and any nesting depth; this callback rejects
// both while parsing, by throwing out of the parser to parse_results_json.
class StrictCallback {
 public:
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    if (depth > kMaxDepth) throw std::runtime_error("nesting deeper than 64 levels");
    switch (event) {
      case json::parse_event_t::object_start:
        keys_.emplace_back();
        break;
      case json::parse_event_t::object_end:
        keys_.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys_.back().insert(parsed.get<std::string>()).second)
          throw std::runtime_error("duplicate key \"" + parsed.get<std::string>() + "\"");
        break;
      default:
        break;
    }
    return true;
  }

 private:
  std::vector<std::set<std::string>> keys_;
};

// Reads typed members of JSON objects. The first problem is kept and later reads return
// defaults, so the reading code stays straight-line; the caller checks failed() at the end.
class Reader {
 public:
  [[nodiscard]] bool failed() const { return error_.has_value(); }
  [[nodiscard]] const Error& error() const { return *error_; }

  // True when j is an object with exactly these keys.
  bool expect_object(const json& j, const std::string& at,
                     std::initializer_list<std::string_view> keys) {
    if (failed()) return false;
    if (!j.is_object()) return fail(at, "expected an object, found " + type(j));
    for (const auto& key : keys) {
      if (!j.contains(key)) return fail(at, "missing key \"" + std::string(key) + "\"");
    }
    for (const auto& [key, value] : j.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        return fail(pointer_append(at, key), "unknown key \"" + key + "\"");
    }
    return true;
  }

  std::string string(const json& object, const std::string& at, std::string_view key) {
    const json* j = member(object, key);
    if (j == nullptr) return {};
    if (!j->is_string()) {
      bad_type(*j, pointer_append(at, key), "a string");
      return {};
    }
    return j->get<std::string>();
  }

  // A number; null stands for a value that was not finite, read back as NaN.
  double number(const json& object, const std::string& at, std::string_view key) {
    const json* j = member(object, key);
    if (j == nullptr) return 0.0;
    if (j->is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!j->is_number()) {
      bad_type(*j, pointer_append(at, key), "a number or null");
      return 0.0;
    }
    return j->get<double>();
  }

  std::optional<double> optional_number(const json& object, const std::string& at,
                                        std::string_view key) {
    const json* j = member(object, key);
    if (j == nullptr || j->is_null()) return std::nullopt;
    return number(object, at, key);
  }

  std::uint64_t count(const json& object, const std::string& at, std::string_view key) {
    const json* j = member(object, key);
    if (j == nullptr) return 0;
    if (!j->is_number_unsigned()) {
      bad_type(*j, pointer_append(at, key), "a non-negative integer");
      return 0;
    }
    return j->get<std::uint64_t>();
  }

  // A 64-bit seed written as a decimal string.
  std::uint64_t seed(const json& object, const std::string& at, std::string_view key) {
    const std::string text = string(object, at, key);
    if (failed()) return 0;
    std::uint64_t value = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
      fail(pointer_append(at, key), "expected a decimal seed below 2^64, found \"" + text + "\"");
    return value;
  }

  Verdict verdict(const json& object, const std::string& at, std::string_view key) {
    const std::string text = string(object, at, key);
    for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kError, Verdict::kSkipped}) {
      if (text == verdict_name(v)) return v;
    }
    if (!failed())
      fail(pointer_append(at, key),
           "expected \"pass\", \"fail\", \"error\" or \"skipped\", found \"" + text + "\"");
    return Verdict::kError;
  }

  std::vector<std::string> strings(const json& object, const std::string& at,
                                   std::string_view key) {
    std::vector<std::string> out;
    const json* list = array(object, at, key);
    if (list == nullptr) return out;
    const std::string list_at = pointer_append(at, key);
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (!(*list)[i].is_string()) {
        bad_type((*list)[i], pointer_append(list_at, i), "a string");
        return out;
      }
      out.push_back((*list)[i].get<std::string>());
    }
    return out;
  }

  // An object of strings, read in key order.
  std::vector<std::pair<std::string, std::string>> string_map(const json& object,
                                                              const std::string& at,
                                                              std::string_view key) {
    std::vector<std::pair<std::string, std::string>> out;
    const json* map = object_member(object, at, key);
    if (map == nullptr) return out;
    const std::string map_at = pointer_append(at, key);
    for (const auto& [name, value] : map->items())
      out.emplace_back(name, string(*map, map_at, name));
    return out;
  }

  // An object of {value, unit} quantities, read in key order.
  std::vector<Quantity> quantities(const json& object, const std::string& at,
                                   std::string_view key) {
    std::vector<Quantity> out;
    const json* map = object_member(object, at, key);
    if (map == nullptr) return out;
    const std::string map_at = pointer_append(at, key);
    for (const auto& [name, value] : map->items()) {
      const std::string q_at = pointer_append(map_at, name);
      if (!expect_object(value, q_at, {"value", "unit"})) return out;
      out.push_back({name, number(value, q_at, "value"), string(value, q_at, "unit")});
    }
    return out;
  }

  // The array member `key`, or nullptr (with the error kept) when it is not an array.
  const json* array(const json& object, const std::string& at, std::string_view key) {
    const json* j = member(object, key);
    if (j == nullptr) return nullptr;
    if (!j->is_array()) {
      bad_type(*j, pointer_append(at, key), "an array");
      return nullptr;
    }
    return j;
  }

  // The object member `key`, or nullptr (with the error kept) when it is not an object.
  const json* object_member(const json& object, const std::string& at, std::string_view key) {
    const json* j = member(object, key);
    if (j == nullptr) return nullptr;
    if (!j->is_object()) {
      bad_type(*j, pointer_append(at, key), "an object");
      return nullptr;
    }
    return j;
  }

  bool fail(const std::string& at, std::string message) {
    if (!error_) error_ = Error{std::move(message), SourceLocation{{}, 0, 0, at}};
    return false;
  }

 private:
  // Members are looked up only after expect_object() saw them, so a miss means an earlier error.
  const json* member(const json& object, std::string_view key) const {
    if (failed() || !object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  void bad_type(const json& j, const std::string& at, std::string_view expected) {
    fail(at, "expected " + std::string(expected) + ", found " + type(j));
  }

  static std::string type(const json& j) { return std::string(json_type_name(j)); }

  std::optional<Error> error_;
};

void read_tool(Reader& r, const json& j, const std::string& at, RunManifest& m) {
  if (!r.expect_object(j, at, {"version", "git_commit", "compiler", "build_type", "build_flags"}))
    return;
  m.tool_version = r.string(j, at, "version");
  m.git_commit = r.string(j, at, "git_commit");
  m.compiler = r.string(j, at, "compiler");
  m.build_type = r.string(j, at, "build_type");
  m.build_flags = r.string(j, at, "build_flags");
}

ModelIdentity read_model(Reader& r, const json& j, const std::string& at) {
  ModelIdentity m;
  if (!r.expect_object(j, at, {"adapter", "name", "version", "spec", "parameters"})) return m;
  m.adapter = r.string(j, at, "adapter");
  m.name = r.string(j, at, "name");
  m.version = r.string(j, at, "version");
  m.spec = r.string(j, at, "spec");
  m.parameters = r.string_map(j, at, "parameters");
  return m;
}

std::vector<InputFile> read_inputs(Reader& r, const json& manifest, const std::string& at) {
  std::vector<InputFile> out;
  const json* list = r.array(manifest, at, "inputs");
  if (list == nullptr) return out;
  const std::string list_at = at + "/inputs";
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& j = (*list)[i];
    const std::string item_at = pointer_append(list_at, i);
    if (!r.expect_object(j, item_at, {"role", "path", "sha256"})) return out;
    out.push_back({r.string(j, item_at, "role"), r.string(j, item_at, "path"),
                   r.string(j, item_at, "sha256")});
  }
  return out;
}

RunManifest read_manifest(Reader& r, const json& j) {
  const std::string at = "/manifest";
  RunManifest m;
  if (!r.expect_object(j, at,
                       {"tool", "run_id", "master_seed", "command_line", "settings", "model",
                        "inputs", "started_at", "finished_at", "wall_seconds", "jobs"}))
    return m;
  read_tool(r, j.at("tool"), at + "/tool", m);
  m.run_id = r.string(j, at, "run_id");
  m.master_seed = r.seed(j, at, "master_seed");
  m.command_line = r.strings(j, at, "command_line");
  m.settings = r.string_map(j, at, "settings");
  m.model = read_model(r, j.at("model"), at + "/model");
  m.inputs = read_inputs(r, j, at);
  m.started_at = r.string(j, at, "started_at");
  m.finished_at = r.string(j, at, "finished_at");
  m.wall_seconds = r.number(j, at, "wall_seconds");
  const std::uint64_t jobs = r.count(j, at, "jobs");
  if (jobs > std::numeric_limits<unsigned>::max()) r.fail(at + "/jobs", "too many jobs");
  m.jobs = static_cast<unsigned>(jobs);
  return m;
}

OracleResult read_oracle(Reader& r, const json& j, const std::string& at) {
  OracleResult o;
  if (!r.expect_object(j, at,
                       {"id", "kind", "verdict", "margin", "margin_unit", "message", "evidence",
                        "requirements"}))
    return o;
  o.id = r.string(j, at, "id");
  o.kind = r.string(j, at, "kind");
  o.verdict = r.verdict(j, at, "verdict");
  o.margin = r.optional_number(j, at, "margin");
  o.margin_unit = r.string(j, at, "margin_unit");
  o.message = r.string(j, at, "message");
  o.evidence = r.quantities(j, at, "evidence");
  o.requirements = r.strings(j, at, "requirements");
  return o;
}

void read_scenario(Reader& r, const json& j, const std::string& at, CaseResult& c) {
  if (!r.expect_object(j, at, {"id", "title", "file", "tags", "requirements"})) return;
  c.scenario_id = r.string(j, at, "id");
  c.scenario_title = r.string(j, at, "title");
  c.scenario_file = r.string(j, at, "file");
  c.tags = r.strings(j, at, "tags");
  c.requirements = r.strings(j, at, "requirements");
}

CaseResult read_case(Reader& r, const json& j, const std::string& at) {
  CaseResult c;
  if (!r.expect_object(
          j, at,
          {"scenario", "index", "case_id", "seed", "parameters", "verdict", "reason", "end_reason",
           "sim_time", "steps", "oracles", "metrics", "replay", "wall_seconds"}))
    return c;
  read_scenario(r, j.at("scenario"), at + "/scenario", c);
  c.index = r.count(j, at, "index");
  c.case_id = r.string(j, at, "case_id");
  c.seed = r.seed(j, at, "seed");
  c.parameters = r.quantities(j, at, "parameters");
  c.verdict = r.verdict(j, at, "verdict");
  c.reason = r.string(j, at, "reason");
  c.end_reason = r.string(j, at, "end_reason");
  c.sim_time = r.number(j, at, "sim_time");
  c.steps = r.count(j, at, "steps");
  if (const json* list = r.array(j, at, "oracles")) {
    for (std::size_t i = 0; i < list->size() && !r.failed(); ++i)
      c.oracles.push_back(read_oracle(r, (*list)[i], pointer_append(at + "/oracles", i)));
  }
  c.metrics = r.quantities(j, at, "metrics");
  c.replay = r.string(j, at, "replay");
  c.wall_seconds = r.number(j, at, "wall_seconds");
  return c;
}

// The summary is derived from the cases; reading it checks that nothing was edited apart, and
// recovers not_run, which the cases cannot tell.
void read_summary(Reader& r, const json& j, RunResults& results) {
  const std::string at = "/summary";
  if (!r.expect_object(j, at,
                       {"total", "passed", "failed", "errors", "skipped", "not_run", "exit_code"}))
    return;
  results.not_run = r.count(j, at, "not_run");
  const RunSummary s = results.summary();
  const std::pair<std::string_view, std::uint64_t> expected[] = {
      {"total", s.total},     {"passed", s.passed},
      {"failed", s.failed},   {"errors", s.errors},
      {"skipped", s.skipped}, {"exit_code", static_cast<std::uint64_t>(exit_code_for(s))}};
  for (const auto& [key, value] : expected) {
    const std::uint64_t found = r.count(j, at, key);
    if (!r.failed() && found != value)
      r.fail(pointer_append(at, key),
             "is " + std::to_string(found) + " but the cases give " + std::to_string(value));
  }
}

// Reads the array member `key` of `object` with `read_one(reader, item, pointer)` per item.
template <typename ReadOne>
auto read_list(Reader& r, const json& object, const std::string& at, std::string_view key,
               ReadOne read_one) {
  std::vector<decltype(read_one(r, object, at))> out;
  if (const json* list = r.array(object, at, key)) {
    const std::string list_at = pointer_append(at, key);
    for (std::size_t i = 0; i < list->size() && !r.failed(); ++i)
      out.push_back(read_one(r, (*list)[i], pointer_append(list_at, i)));
  }
  return out;
}

// A string member that must be one of `allowed`.
std::string one_of(Reader& r, const json& j, const std::string& at, std::string_view key,
                   std::initializer_list<std::string_view> allowed) {
  std::string text = r.string(j, at, key);
  if (r.failed() || std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return text;
  std::string expected;
  for (auto a : allowed) expected += (expected.empty() ? "\"" : ", \"") + std::string(a) + "\"";
  r.fail(pointer_append(at, key), "expected one of " + expected + ", found \"" + text + "\"");
  return text;
}

ScorePoint read_score_point(Reader& r, const json& j, const std::string& at) {
  ScorePoint p;
  if (!r.expect_object(j, at, {"case_id", "overlap_pct", "impact_kmh", "colour"})) return p;
  p.case_id = r.string(j, at, "case_id");
  p.overlap_pct = r.number(j, at, "overlap_pct");
  p.impact_kmh = r.number(j, at, "impact_kmh");
  p.colour = one_of(r, j, at, "colour", {"green", "yellow", "orange", "brown", "red"});
  return p;
}

ScoreSpeed read_score_speed(Reader& r, const json& j, const std::string& at) {
  ScoreSpeed s;
  if (!r.expect_object(j, at, {"label", "test_speed_kmh", "points", "max_points", "grid"}))
    return s;
  s.label = r.string(j, at, "label");
  s.test_speed_kmh = r.number(j, at, "test_speed_kmh");
  s.points = r.number(j, at, "points");
  s.max_points = r.number(j, at, "max_points");
  s.grid = read_list(r, j, at, "grid", read_score_point);
  return s;
}

// "score" is null exactly when the test was refused, and then "refused" says why.
ScoreTest read_score_test(Reader& r, const json& j, const std::string& at) {
  ScoreTest t;
  if (!r.expect_object(j, at, {"test", "refused", "off_grid", "score"})) return t;
  t.test = one_of(r, j, at, "test", {"ccrs", "ccrm", "ccrb"});
  t.refused = r.string(j, at, "refused");
  t.off_grid = r.count(j, at, "off_grid");
  const json& score = j.at("score");
  if (r.failed() || score.is_null() != !t.refused.empty()) {
    r.fail(at + "/score", "expected null when \"refused\" gives a reason, else an object");
    return t;
  }
  if (score.is_null()) return t;
  const std::string score_at = at + "/score";
  if (!r.expect_object(score, score_at, {"points", "max_points", "speeds", "assumptions"}))
    return t;
  t.points = r.number(score, score_at, "points");
  t.max_points = r.number(score, score_at, "max_points");
  t.speeds = read_list(r, score, score_at, "speeds", read_score_speed);
  t.assumptions = r.strings(score, score_at, "assumptions");
  return t;
}

ScoreTotal read_score_total(Reader& r, const json& j, const std::string& at) {
  ScoreTotal t;
  if (!r.expect_object(j, at, {"points", "max_points", "band", "missing", "assumptions"})) return t;
  t.points = r.number(j, at, "points");
  t.max_points = r.number(j, at, "max_points");
  if (!j.at("band").is_null())
    t.band = one_of(r, j, at, "band", {"Good", "Adequate", "Marginal", "Weak", "Poor"});
  t.missing = r.strings(j, at, "missing");
  t.assumptions = r.strings(j, at, "assumptions");
  return t;
}

// "total" is null exactly when "no_total" gives a reason.
ProtocolScore read_protocol_score(Reader& r, const json& j, const std::string& at) {
  ProtocolScore p;
  if (!r.expect_object(j, at, {"protocol", "tests", "total", "no_total"})) return p;
  p.protocol = one_of(r, j, at, "protocol", {"euro-ncap-2023", "euro-ncap-2026"});
  p.tests = read_list(r, j, at, "tests", read_score_test);
  p.no_total = r.string(j, at, "no_total");
  const json& total = j.at("total");
  if (!r.failed() && total.is_null() == p.no_total.empty()) {
    r.fail(at + "/total", "expected null when \"no_total\" gives a reason, else an object");
  } else if (!total.is_null()) {
    p.total = read_score_total(r, total, at + "/total");
  }
  return p;
}

RunResults read_results(Reader& r, const json& root) {
  RunResults results;
  // "scores" is optional: it is written only when a score was requested.
  const bool scored = root.is_object() && root.contains("scores");
  if (scored ? !r.expect_object(root, "", {"schema", "manifest", "summary", "cases", "scores"})
             : !r.expect_object(root, "", {"schema", "manifest", "summary", "cases"}))
    return results;
  results.manifest = read_manifest(r, root.at("manifest"));
  if (const json* list = r.array(root, "", "cases")) {
    for (std::size_t i = 0; i < list->size() && !r.failed(); ++i)
      results.cases.push_back(read_case(r, (*list)[i], pointer_append("/cases", i)));
  }
  read_summary(r, root.at("summary"), results);
  if (scored) {
    results.scores = read_list(r, root, "", "scores", read_protocol_score);
    if (!r.failed() && results.scores.empty())
      r.fail("/scores", "expected at least one protocol (leave \"scores\" out when none)");
  }
  return results;
}

// The schema is checked before anything else, so a newer file gets a version message rather
// than a complaint about the first key this reader does not know.
Status check_schema(const json& root) {
  if (!root.is_object())
    return make_error("results.json must be an object, found " + std::string(json_type_name(root)));
  const auto it = root.find("schema");
  if (it == root.end() || !it->is_string())
    return Error{"missing \"schema\" (expected \"" + std::string(kResultsSchema) + "\")",
                 SourceLocation{{}, 0, 0, "/schema"}};
  if (it->get<std::string>() != kResultsSchema)
    return Error{"unsupported results schema \"" + it->get<std::string>() +
                     "\"; this build reads \"" + std::string(kResultsSchema) + "\"",
                 SourceLocation{{}, 0, 0, "/schema"}};
  return {};
}

}  // namespace

Result<RunResults> parse_results_json(std::string_view text) {
  json root;
  try {
    root = json::parse(text.begin(), text.end(), StrictCallback());
  } catch (const json::parse_error& e) {
    // nlohmann's text starts "[json.exception.parse_error.101] "; the id is noise for a reader.
    const std::string what = e.what();
    const auto pos = what.find("] ");
    return make_error(pos == std::string::npos ? what : what.substr(pos + 2));
  } catch (const std::runtime_error& e) {
    return make_error(e.what());
  }
  if (Status s = check_schema(root); !s.ok()) return s.error();
  Reader reader;
  RunResults results = read_results(reader, root);
  if (reader.failed()) return reader.error();
  results.manifest.schema = std::string(kResultsSchema);
  return results;
}

}  // namespace assay
