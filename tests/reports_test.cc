// Report writers: golden files for results.json, junit.xml and summary.md (re-approve with
// ASSAY_APPROVE=1, see docs/report-formats.md), the results.json round trip, well-formed JUnit XML,
// escaping of hostile input, counts and exit codes that agree between views.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "reports/reports.h"

namespace assay {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// The fixture: two scenarios with pass, fail, error and skipped cases, a NaN metric, an infinite
// margin, and input text full of characters that every format must escape.

const char* const kModelSpec = "aeb-reference:gain=1.5";
constexpr std::uint64_t kMasterSeed = 18446744073709551557ull;  // above 2^53: JSON needs a string
const char* const kHostileTitle = "Car-to-Pedestrian \"Nearside\" <Adult> & 'child' | 25%\x07";
const char* const kHostileReason =
    "pedestrian hit: \"dv\" > 10 km/h & TTC < 0.5 s | check 'brake' latency\x01";

std::string replay(const std::string& file, const std::string& case_id) {
  return "assay run " + file + " --model " + kModelSpec + " --seed 18446744073709551557 --case '" +
         case_id + "'";
}

OracleResult oracle(std::string id, std::string kind, Verdict v, std::optional<double> margin,
                    std::string unit, std::string message) {
  OracleResult o;
  o.id = std::move(id);
  o.kind = std::move(kind);
  o.verdict = v;
  o.margin = margin;
  o.margin_unit = std::move(unit);
  o.message = std::move(message);
  return o;
}

CaseResult scenario_case(const std::string& scenario, std::uint64_t index) {
  CaseResult c;
  c.scenario_id = scenario;
  c.index = index;
  c.case_id = scenario + "#" + std::to_string(index);
  c.seed = case_seed(kMasterSeed, scenario, index);
  if (scenario == "ccrs") {
    c.scenario_title = "Car-to-Car Rear stationary";
    c.scenario_file = "scenarios/euro-ncap/ccrs.json";
    c.tags = {"aeb", "euro-ncap"};
    c.requirements = {"EuroNCAP-AEB-C2C-2.1"};
  } else {
    c.scenario_title = kHostileTitle;
    c.scenario_file = "scenarios/euro-ncap/cpna.json";
    c.tags = {"aeb", "vru"};
    c.requirements = {"EuroNCAP-AEB-VRU-3.2", "R152-5.2.2"};
  }
  c.replay = replay(c.scenario_file, c.case_id);
  c.end_reason = "duration";
  c.sim_time = 8.0;
  c.steps = 800;
  c.wall_seconds = 0.0123 + 0.001 * static_cast<double>(index);
  return c;
}

std::vector<CaseResult> ccrs_cases() {
  CaseResult pass = scenario_case("ccrs", 0);
  pass.parameters = {{"v_ego", 20.0, "km/h"}, {"overlap", 100.0, "%"}};
  pass.oracles = {
      oracle("no-collision", "collision", Verdict::kPass, 3.2, "m", "no contact; closest 3.2 m"),
      oracle("min-ttc", "min_ttc", Verdict::kPass, 0.64, "s", "min TTC 2.14 s >= 1.5 s")};
  pass.metrics = {{"min_distance", 3.2, "m"}, {"min_ttc", 2.14, "s"}};
  pass.end_reason = "ego-stopped";
  pass.sim_time = 4.87;
  pass.steps = 487;

  CaseResult fail = scenario_case("ccrs", 1);
  fail.parameters = {{"v_ego", 40.0, "km/h"}, {"overlap", 75.0, "%"}};
  fail.oracles = {oracle("no-collision", "collision", Verdict::kFail, -0.42, "m",
                         "collision with target at t=2.31 s, impact speed 3.2 m/s"),
                  oracle("min-ttc", "min_ttc", Verdict::kFail, -1.5, "s", "min TTC 0 s < 1.5 s")};
  fail.oracles[0].evidence = {{"impact_speed", 3.2, "m/s"}, {"t_contact", 2.31, "s"}};
  fail.oracles[0].requirements = {"EuroNCAP-AEB-C2C-2.1"};
  fail.reason = fail.oracles[0].message;
  fail.verdict = Verdict::kFail;
  fail.metrics = {{"impact_speed", 3.2, "m/s"}, {"min_distance", 0.0, "m"}};
  fail.end_reason = "collision";
  fail.sim_time = 2.31;
  fail.steps = 231;

  CaseResult skipped = scenario_case("ccrs", 2);
  skipped.parameters = {{"v_ego", 90.0, "km/h"}, {"overlap", -50.0, "%"}};
  skipped.verdict = Verdict::kSkipped;
  skipped.reason = "v_ego 90 km/h is outside the model's operating domain (<= 80 km/h)";
  skipped.end_reason = "not-started";
  skipped.sim_time = 0.0;
  skipped.steps = 0;
  return {pass, fail, skipped};
}

std::vector<CaseResult> cpna_cases() {
  CaseResult error = scenario_case("cpna", 0);
  error.parameters = {{"v_ego", 30.0, "km/h"}, {"impact_point", 50.0, "%"}};
  error.oracles = {oracle("no-collision", "collision", Verdict::kError, std::nullopt, "m",
                          "simulator state became non-finite at t=1.2 s (pedestrian x is NaN)")};
  error.oracles[0].evidence = {{"t_nonfinite", 1.2, "s"}};
  error.reason = error.oracles[0].message;
  error.verdict = Verdict::kError;
  error.metrics = {{"min_distance", kNaN, "m"}};
  error.end_reason = "non-finite-state";
  error.sim_time = 1.2;
  error.steps = 120;

  CaseResult pass = scenario_case("cpna", 1);
  pass.parameters = {{"v_ego", 10.0, "km/h"}, {"impact_point", 25.0, "%"}};
  pass.oracles = {oracle("min-ttc", "min_ttc", Verdict::kPass, kInf, "s",
                         "pedestrian never on a collision course (TTC infinite)")};
  pass.metrics = {{"min_ttc", kInf, "s"}};

  CaseResult fail = scenario_case("cpna", 2);
  fail.parameters = {{"v_ego", 60.0, "km/h"}, {"impact_point", 75.0, "%"}};
  fail.oracles = {oracle("no-collision", "collision", Verdict::kFail, -0.35, "m", kHostileReason)};
  fail.reason = kHostileReason;
  fail.verdict = Verdict::kFail;
  fail.metrics = {{"impact_speed", 14.6, "km/h"}};
  fail.end_reason = "collision";
  fail.sim_time = 3.05;
  fail.steps = 305;
  return {error, pass, fail};
}

// Euro NCAP scores as the harness records them (harness/ncap_score.h), built by hand: 2023 with a
// total and a band, 2026 with a refused test and therefore no total. The numbers follow the
// protocol arithmetic (docs/ncap-scoring.md) so the golden files read like a real run:
// 2023 CCRs 50 km/h: (1 + 0.75 + 2·0.5 + 0.25 + 0) / 6 × 1 point = 0.5; total 9 × 0.5 / 36.
// 2026 CCRs 50 km/h, 2 grid points of 1.2 / 2 points each: green + yellow = 0.6 + 0.45.
std::vector<ProtocolScore> fixture_scores() {
  ScoreTest ccrs2023;
  ccrs2023.test = "ccrs";
  ccrs2023.points = 0.5;
  ccrs2023.max_points = 1.0;
  ccrs2023.speeds = {{"50 km/h",
                      50.0,
                      0.5,
                      1.0,
                      {{"ccrs#0", -50.0, 0.0, "green"},
                       {"ccrs#1", -75.0, 10.0, "yellow"},
                       {"ccrs#2", 100.0, 20.0, "orange"},
                       {"ccrs#3", 75.0, 35.0, "brown"},
                       {"ccrs#4", 50.0, 45.0, "red"}}}};
  ScoreTotal total2023{9.0 * 0.5 / 36.0,
                       9.0,
                       "Weak",
                       {"ccrm", "ccrb", "fcw"},
                       {"2023: total = 9 × weighted points / 36 (proportional scaling assumed)"}};
  ScoreTest ccrs2026;
  ccrs2026.test = "ccrs";
  ccrs2026.off_grid = 1;
  ccrs2026.points = 1.05;
  ccrs2026.max_points = 1.2;
  ccrs2026.speeds = {{"50 km/h",
                      50.0,
                      1.05,
                      1.2,
                      {{"ccrs#2", 100.0, 0.0, "green"}, {"ccrs#4", 50.0, 8.5, "yellow"}}}};
  ccrs2026.assumptions = {"2026: the budget is split equally over the 2 grid points"};
  ScoreTest ccrb2026;
  ccrb2026.test = "ccrb";
  ccrb2026.off_grid = 4;
  ccrb2026.refused = "no case is on the euro-ncap-2026 grid of ccrb | *not* 1 s headway";
  return {{"euro-ncap-2023", {ccrs2023}, total2023, ""},
          {"euro-ncap-2026",
           {ccrs2026, ccrb2026},
           std::nullopt,
           "ccrb not scored: " + ccrb2026.refused}};
}

RunResults fixture() {
  RunResults r;
  RunManifest& m = r.manifest;
  m.tool_version = "0.1.0";
  m.git_commit = "93a925b0c0ffee0000000000000000000000cafe";
  m.compiler = "GNU 12.2.0";
  m.build_type = "Debug";
  m.build_flags = "-g";
  m.run_id = "20250301T101200Z-3f2a9c";
  m.master_seed = kMasterSeed;
  m.command_line = {"assay",    "run",    "scenarios/euro-ncap", "--model",
                    kModelSpec, "--seed", "18446744073709551557"};
  m.settings = {{"fail_fast", "false"}, {"max_cases", "6"}};
  m.model = {
      "builtin", "aeb-reference", "1.2.0", kModelSpec, {{"gain", "1.5"}, {"ttc_brake", "1.2"}}};
  m.inputs = {
      {"scenario", "scenarios/euro-ncap/ccrs.json",
       "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b"},
      {"scenario", "scenarios/euro-ncap/cpna.json",
       "d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35"},
      {"suite", "suites/aeb|<smoke>.json",
       "4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce"},
  };
  m.started_at = "2025-03-01T10:12:00Z";
  m.finished_at = "2025-03-01T10:12:01Z";
  m.wall_seconds = 1.25;
  m.jobs = 4;
  for (auto& c : ccrs_cases()) r.cases.push_back(std::move(c));
  for (auto& c : cpna_cases()) r.cases.push_back(std::move(c));
  r.not_run = 1;
  r.scores = fixture_scores();
  return r;
}

// ---------------------------------------------------------------------------------------------
// Golden files.

fs::path source_dir() {
  if (const char* env = std::getenv("ASSAY_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
  return ASSAY_SOURCE_DIR;
}

bool approving() {
  const char* env = std::getenv("ASSAY_APPROVE");
  return env != nullptr && std::string_view(env) == "1";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Compares with tests/golden/<name>, or rewrites it when ASSAY_APPROVE=1.
void check_golden(const std::string& name, const std::string& actual) {
  const fs::path golden = source_dir() / "tests" / "golden" / name;
  if (approving()) {
    write_text(golden, actual);
    std::cout << "approved " << golden.string() << "\n";
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with ASSAY_APPROVE=1";
  EXPECT_EQ(read_text(golden), actual)
      << "golden file " << golden << " differs. If the change is intended, re-approve with\n"
      << "  ASSAY_APPROVE=1 ctest --test-dir <build dir> -R ReportsGolden\n"
      << "and review the diff of tests/golden/ before committing it.";
}

TEST(ReportsGolden, ResultsJson) {
  check_golden("results.json", normalise_results_json(results_json(fixture())));
}

TEST(ReportsGolden, JunitXml) {
  check_golden("junit.xml", normalise_junit_xml(junit_xml(fixture())));
}

TEST(ReportsGolden, SummaryMarkdown) {
  check_golden("summary.md", summary_markdown(fixture()));
}

// ---------------------------------------------------------------------------------------------
// results.json

TEST(ResultsJson, RoundTripIsExact) {
  const RunResults original = fixture();
  const std::string text = results_json(original);
  const auto parsed = parse_results_json(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  EXPECT_EQ(results_json(*parsed), text);
  EXPECT_EQ(parsed->manifest.master_seed, original.manifest.master_seed);
  EXPECT_EQ(parsed->cases[1].seed, original.cases[1].seed);
  EXPECT_EQ(parsed->cases[1].oracles, original.cases[1].oracles);
  EXPECT_EQ(parsed->not_run, 1u);
  EXPECT_EQ(parsed->scores, original.scores);
  ASSERT_EQ(parsed->scores.size(), 2u);
  EXPECT_FALSE(parsed->scores[1].total.has_value());
}

// A run that asked for no score has no "scores" key, and reads back with none.
TEST(ResultsJson, ScoresAreLeftOutWhenNoneWasRequested) {
  RunResults r = fixture();
  r.scores.clear();
  const std::string text = results_json(r);
  EXPECT_EQ(text.find("\"scores\""), std::string::npos);
  const auto parsed = parse_results_json(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().format();
  EXPECT_TRUE(parsed->scores.empty());
}

TEST(ResultsJson, ScoresAreWrittenAsDocumented) {
  const json doc = json::parse(results_json(fixture()));
  const json& s2023 = doc["scores"][0];
  EXPECT_EQ(s2023["protocol"], "euro-ncap-2023");
  EXPECT_EQ(s2023["total"]["band"], "Weak");
  EXPECT_EQ(s2023["total"]["points"].get<double>(), 0.125);
  EXPECT_EQ(s2023["no_total"], "");
  const json& point = s2023["tests"][0]["score"]["speeds"][0]["grid"][1];
  EXPECT_EQ(point["colour"], "yellow");
  EXPECT_EQ(point["impact_kmh"].get<double>(), 10.0);
  EXPECT_EQ(point["overlap_pct"].get<double>(), -75.0);
  const json& s2026 = doc["scores"][1];
  EXPECT_TRUE(s2026["total"].is_null());
  EXPECT_TRUE(s2026["tests"][1]["score"].is_null());
  EXPECT_EQ(s2026["tests"][1]["off_grid"], 4);
  EXPECT_NE(s2026["no_total"].get<std::string>().find("ccrb not scored"), std::string::npos);
}

TEST(ResultsJson, IsDeterministicWithTwoSpaceIndentAndTrailingNewline) {
  const std::string a = results_json(fixture());
  EXPECT_EQ(a, results_json(fixture()));
  EXPECT_TRUE(a.starts_with("{\n  \"cases\": ["));
  EXPECT_TRUE(a.ends_with("}\n"));
}

TEST(ResultsJson, SeedsAreStringsAndExitCodeMatches) {
  const RunResults r = fixture();
  const json doc = json::parse(results_json(r));
  EXPECT_EQ(doc["schema"], "assay.results/1");
  EXPECT_EQ(doc["manifest"]["master_seed"], "18446744073709551557");
  EXPECT_EQ(doc["cases"][0]["seed"], std::to_string(r.cases[0].seed));
  EXPECT_EQ(doc["summary"]["exit_code"].get<int>(), exit_code_for(r.summary()));
  EXPECT_EQ(doc["summary"]["exit_code"].get<int>(), kExitInfra);
  EXPECT_EQ(doc["summary"]["not_run"], 1);
}

TEST(ResultsJson, NonFiniteNumbersBecomeNullAndMessagesStay) {
  const json doc = json::parse(results_json(fixture()));
  const json& error_case = doc["cases"][3];
  ASSERT_EQ(error_case["case_id"], "cpna#0");
  EXPECT_TRUE(error_case["metrics"]["min_distance"]["value"].is_null());
  EXPECT_TRUE(error_case["oracles"][0]["margin"].is_null());
  EXPECT_NE(error_case["oracles"][0]["message"].get<std::string>().find("non-finite"),
            std::string::npos);
  const json& inf_case = doc["cases"][4];
  EXPECT_TRUE(inf_case["oracles"][0]["margin"].is_null());
  EXPECT_TRUE(inf_case["metrics"]["min_ttc"]["value"].is_null());
  EXPECT_NE(inf_case["oracles"][0]["message"].get<std::string>().find("infinite"),
            std::string::npos);
}

TEST(ResultsJson, InvalidUtf8IsReplacedNotThrown) {
  RunResults r = fixture();
  r.cases[0].reason = "bad \xff\xfe bytes";
  std::string text;
  ASSERT_NO_THROW(text = results_json(r));
  EXPECT_NE(text.find("bad \xEF\xBF\xBD\xEF\xBF\xBD bytes"), std::string::npos);
  EXPECT_TRUE(parse_results_json(text).ok());
}

// Parses text edited by `edit` and expects an error whose message contains `needle`, located at
// `pointer`.
void expect_rejected(const std::function<void(json&)>& edit, std::string_view needle,
                     std::string_view pointer) {
  json doc = json::parse(results_json(fixture()));
  edit(doc);
  const auto parsed = parse_results_json(doc.dump());
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find(needle), std::string::npos) << parsed.error().format();
  EXPECT_EQ(parsed.error().where.pointer, pointer) << parsed.error().format();
}

TEST(ResultsJson, ParseIsStrict) {
  expect_rejected([](json& d) { d["schema"] = "assay.results/2"; }, "unsupported results schema",
                  "/schema");
  expect_rejected([](json& d) { d.erase("schema"); }, "missing \"schema\"", "/schema");
  expect_rejected([](json& d) { d["manifest"]["colour"] = "blue"; }, "unknown key \"colour\"",
                  "/manifest/colour");
  expect_rejected([](json& d) { d["cases"][1].erase("seed"); }, "missing key \"seed\"", "/cases/1");
  expect_rejected([](json& d) { d["cases"][1]["seed"] = 12; }, "expected a string",
                  "/cases/1/seed");
  expect_rejected([](json& d) { d["cases"][1]["seed"] = "-3"; }, "decimal seed", "/cases/1/seed");
  expect_rejected([](json& d) { d["cases"][1]["seed"] = "18446744073709551616"; }, "decimal seed",
                  "/cases/1/seed");
  expect_rejected([](json& d) { d["cases"][0]["verdict"] = "passed"; }, "expected \"pass\"",
                  "/cases/0/verdict");
  expect_rejected([](json& d) { d["cases"][0]["steps"] = 1.5; }, "non-negative integer",
                  "/cases/0/steps");
  expect_rejected([](json& d) { d["cases"][1]["oracles"][0]["margin"] = "-0.4"; },
                  "expected a number or null", "/cases/1/oracles/0/margin");
  expect_rejected([](json& d) { d["cases"][0]["metrics"]["min_ttc"].erase("unit"); },
                  "missing key \"unit\"", "/cases/0/metrics/min_ttc");
  expect_rejected([](json& d) { d["summary"]["failed"] = 0; }, "the cases give 2",
                  "/summary/failed");
  expect_rejected([](json& d) { d["summary"]["exit_code"] = 0; }, "the cases give 4",
                  "/summary/exit_code");
}

TEST(ResultsJson, ParseIsStrictAboutScores) {
  expect_rejected([](json& d) { d["scores"] = json::array(); }, "at least one protocol", "/scores");
  expect_rejected([](json& d) { d["scores"][0]["protocol"] = "euro-ncap-2030"; }, "expected one of",
                  "/scores/0/protocol");
  expect_rejected([](json& d) { d["scores"][0]["tests"][0]["grade"] = 1; }, "unknown key",
                  "/scores/0/tests/0/grade");
  expect_rejected(
      [](json& d) {
        d["scores"][0]["tests"][0]["score"]["speeds"][0]["grid"][0]["colour"] = "blue";
      },
      "expected one of", "/scores/0/tests/0/score/speeds/0/grid/0/colour");
  expect_rejected([](json& d) { d["scores"][0]["tests"][0]["refused"] = "why"; },
                  "expected null when", "/scores/0/tests/0/score");
  expect_rejected([](json& d) { d["scores"][1]["tests"][1]["refused"] = ""; }, "expected null when",
                  "/scores/1/tests/1/score");
  expect_rejected([](json& d) { d["scores"][1]["no_total"] = ""; }, "expected null when",
                  "/scores/1/total");
  expect_rejected([](json& d) { d["scores"][0]["total"]["band"] = "Excellent"; }, "expected one of",
                  "/scores/0/total/band");
  expect_rejected([](json& d) { d["scores"][0]["total"].erase("missing"); },
                  "missing key \"missing\"", "/scores/0/total");
  expect_rejected([](json& d) { d["scores"][0]["tests"][0]["off_grid"] = -1; },
                  "non-negative integer", "/scores/0/tests/0/off_grid");
}

TEST(ResultsJson, ParseRejectsBadSyntaxDuplicatesAndDeepNesting) {
  EXPECT_FALSE(parse_results_json("").ok());
  EXPECT_FALSE(parse_results_json("{\"schema\": ").ok());
  EXPECT_FALSE(parse_results_json("[]").ok());
  const auto duplicate = parse_results_json(R"({"schema": "assay.results/1", "schema": "x"})");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.error().message.find("duplicate key"), std::string::npos);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto nested = parse_results_json(deep);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("nesting"), std::string::npos);
}

TEST(ResultsJson, NormaliserHidesOnlyWallClockAndBuildFields) {
  RunResults a = fixture();
  RunResults b = fixture();
  b.manifest.started_at = "2031-01-01T00:00:00Z";
  b.manifest.finished_at = "2031-01-01T00:01:00Z";
  b.manifest.wall_seconds = 60.0;
  b.manifest.run_id = "other";
  b.manifest.jobs = 1;
  b.manifest.tool_version = "9.9.9";
  b.manifest.git_commit = "0000";
  b.manifest.compiler = "Clang 17";
  b.manifest.build_type = "Release";
  b.manifest.build_flags = "-O3";
  b.manifest.command_line = {"assay", "run", "-j1"};
  b.cases[2].wall_seconds = 99.0;
  EXPECT_NE(results_json(a), results_json(b));
  EXPECT_EQ(normalise_results_json(results_json(a)), normalise_results_json(results_json(b)));
  b.cases[2].seed += 1;
  EXPECT_NE(normalise_results_json(results_json(a)), normalise_results_json(results_json(b)));
}

RC_GTEST_PROP(ResultsJson, RoundTripHoldsForArbitraryContent, ()) {
  RunResults r;
  r.manifest.master_seed = *rc::gen::arbitrary<std::uint64_t>();
  r.manifest.run_id = *rc::gen::arbitrary<std::string>();
  r.manifest.command_line = *rc::gen::arbitrary<std::vector<std::string>>();
  r.manifest.model.name = *rc::gen::arbitrary<std::string>();
  r.manifest.wall_seconds = *rc::gen::arbitrary<double>();
  const auto count = *rc::gen::inRange<std::size_t>(0, 4);
  for (std::size_t i = 0; i < count; ++i) {
    CaseResult c;
    c.scenario_id = *rc::gen::arbitrary<std::string>();
    c.case_id = c.scenario_id + "#" + std::to_string(i);
    c.seed = *rc::gen::arbitrary<std::uint64_t>();
    c.verdict =
        *rc::gen::element(Verdict::kPass, Verdict::kFail, Verdict::kError, Verdict::kSkipped);
    c.reason = *rc::gen::arbitrary<std::string>();
    c.sim_time = *rc::gen::arbitrary<double>();
    c.parameters.push_back({*rc::gen::arbitrary<std::string>(), *rc::gen::arbitrary<double>(),
                            *rc::gen::arbitrary<std::string>()});
    OracleResult o;
    o.id = *rc::gen::arbitrary<std::string>();
    if (*rc::gen::arbitrary<bool>()) o.margin = *rc::gen::arbitrary<double>();
    o.message = *rc::gen::arbitrary<std::string>();
    c.oracles.push_back(o);
    c.replay = *rc::gen::arbitrary<std::string>();
    r.cases.push_back(c);
  }
  const std::string text = results_json(r);
  const auto parsed = parse_results_json(text);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(results_json(*parsed) == text);
}

TEST(ResultsJson, MatchesTheJsonSchemaWhenPythonCanCheck) {
  if (std::system("python3 -c 'import jsonschema' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3 with jsonschema not available";
  const fs::path file = fs::path(testing::TempDir()) / "assay_reports_test_results.json";
  write_text(file, results_json(fixture()));
  const fs::path schema = source_dir() / "scenarios" / "schema" / "results.schema.json";
  const std::string command =
      "python3 -c 'import json, sys, jsonschema; "
      "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate("
      "json.load(open(sys.argv[2])))' '" +
      schema.string() + "' '" + file.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << file << " does not match " << schema;
  fs::remove(file);
}

// ---------------------------------------------------------------------------------------------
// junit.xml

// A small well-formedness check: one root, balanced tags, quoted attributes, only the five
// predefined entities or character references after '&', no characters XML 1.0 forbids.
// Returns an empty string when the text is well formed, else what is wrong.
std::string xml_problem(std::string_view xml) {
  auto valid_reference = [&](std::size_t at) {
    static const std::regex reference("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    const std::string rest(xml.substr(at, 12));
    return std::regex_search(rest, reference);
  };
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  if (xml.starts_with("<?xml")) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    const auto c = static_cast<unsigned char>(xml[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return "control character at " + std::to_string(i);
    if (c == '&' && !valid_reference(i)) return "bare '&' at " + std::to_string(i);
    if (c == '>') return "bare '>' at " + std::to_string(i);
    if (c != '<') {
      if (open.empty() && c != '\n' && c != ' ') return "text outside the root";
      ++i;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag";
    std::string_view tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string_view::npos) return "'<' inside a tag at " + std::to_string(i);
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) return "unbalanced </" + std::string(tag);
      open.pop_back();
    } else {
      const bool empty = tag.ends_with("/");
      if (empty) tag.remove_suffix(1);
      static const std::regex element(R"(^[A-Za-z_][\w.-]*(\s+[A-Za-z_][\w.-]*="[^"<]*")*\s*$)");
      if (!std::regex_match(std::string(tag), element))
        return "malformed tag <" + std::string(tag) + ">";
      for (std::size_t k = 0; k < tag.size(); ++k) {
        if (tag[k] == '&' && !valid_reference(i + 1 + k)) return "bare '&' in a tag";
      }
      const std::string name(tag.substr(0, tag.find_first_of(" \t\n")));
      if (open.empty()) ++roots;
      if (!empty) open.push_back(name);
    }
    i = end + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return std::to_string(roots) + " root elements";
  return "";
}

TEST(JunitXml, SelfCheckCatchesBrokenXml) {
  EXPECT_EQ(xml_problem("<a><b x=\"1\"/></a>\n"), "");
  EXPECT_NE(xml_problem("<a><b></a>"), "");
  EXPECT_NE(xml_problem("<a x=\"&\"/>"), "");
  EXPECT_NE(xml_problem("<a>1 < 2</a>"), "");
  EXPECT_NE(xml_problem("<a>\x01</a>"), "");
  EXPECT_NE(xml_problem("<a/><b/>"), "");
}

TEST(JunitXml, IsWellFormed) {
  EXPECT_EQ(xml_problem(junit_xml(fixture())), "");
  RunResults empty;
  EXPECT_EQ(xml_problem(junit_xml(empty)), "");
}

TEST(JunitXml, ParsesWithPythonWhenAvailable) {
  if (std::system("python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3 not available";
  const fs::path file = fs::path(testing::TempDir()) / "assay_reports_test_junit.xml";
  write_text(file, junit_xml(fixture()));
  const std::string command =
      "python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '" +
      file.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << "python3 rejected " << file;
  fs::remove(file);
}

// The value of attribute `name` in the first element called `element`.
std::string attribute(const std::string& xml, const std::string& element, const std::string& name,
                      std::size_t from = 0) {
  const std::size_t at = xml.find("<" + element + " ", from);
  const std::size_t end = xml.find('>', at);
  const std::regex pattern(" " + name + "=\"([^\"]*)\"");
  std::smatch m;
  const std::string tag = xml.substr(at, end - at);
  return std::regex_search(tag, m, pattern) ? m[1].str() : "";
}

std::string unescape_xml(std::string text) {
  const std::pair<std::string, std::string> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (std::size_t at = 0; (at = text.find(entity, at)) != std::string::npos; ++at)
      text.replace(at, entity.size(), plain);
  }
  return text;
}

TEST(JunitXml, CountsMatchTheSummary) {
  const RunResults r = fixture();
  const RunSummary s = r.summary();
  const std::string xml = junit_xml(r);
  EXPECT_EQ(attribute(xml, "testsuites", "tests"), std::to_string(s.total));
  EXPECT_EQ(attribute(xml, "testsuites", "failures"), std::to_string(s.failed));
  EXPECT_EQ(attribute(xml, "testsuites", "errors"), std::to_string(s.errors));
  EXPECT_EQ(attribute(xml, "testsuites", "skipped"), std::to_string(s.skipped));

  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0, suites = 0;
  for (std::size_t at = xml.find("<testsuite "); at != std::string::npos;
       at = xml.find("<testsuite ", at + 1)) {
    ++suites;
    tests += std::stoul(attribute(xml, "testsuite", "tests", at));
    failures += std::stoul(attribute(xml, "testsuite", "failures", at));
    errors += std::stoul(attribute(xml, "testsuite", "errors", at));
    skipped += std::stoul(attribute(xml, "testsuite", "skipped", at));
  }
  EXPECT_EQ(suites, 2u);
  EXPECT_EQ(tests, s.total);
  EXPECT_EQ(failures, s.failed);
  EXPECT_EQ(errors, s.errors);
  EXPECT_EQ(skipped, s.skipped);

  auto occurrences = [&](const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = xml.find(needle); at != std::string::npos; at = xml.find(needle, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(occurrences("<testcase "), s.total);
  EXPECT_EQ(occurrences("<failure "), s.failed);
  EXPECT_EQ(occurrences("<error "), s.errors);
  EXPECT_EQ(occurrences("<skipped"), s.skipped);
}

TEST(JunitXml, FailureBodyCarriesTheReplayCommand) {
  const RunResults r = fixture();
  const std::string xml = junit_xml(r);
  for (const auto& c : r.cases) {
    if (c.verdict != Verdict::kFail && c.verdict != Verdict::kError) continue;
    const std::string element = c.verdict == Verdict::kFail ? "failure" : "error";
    const std::size_t name = xml.find("name=\"" + c.case_id + " ");
    ASSERT_NE(name, std::string::npos) << c.case_id;
    const std::size_t open = xml.find("<" + element + " ", name);
    const std::size_t close = xml.find("</" + element + ">", open);
    ASSERT_NE(close, std::string::npos) << c.case_id;
    const std::string body = unescape_xml(xml.substr(open, close - open));
    EXPECT_NE(body.find("replay: " + c.replay + "\n"), std::string::npos) << c.case_id;
    EXPECT_NE(body.find("seed: " + std::to_string(c.seed)), std::string::npos) << c.case_id;
  }
}

TEST(JunitXml, EscapesHostileTextAndDropsForbiddenCharacters) {
  const std::string xml = junit_xml(fixture());
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x07'), std::string::npos);
  EXPECT_NE(xml.find("message=\"pedestrian hit: &quot;dv&quot; &gt; 10 km/h &amp; TTC &lt; 0.5 s "
                     "| check &apos;brake&apos; latency\""),
            std::string::npos);
  EXPECT_NE(xml.find("value=\"Car-to-Pedestrian &quot;Nearside&quot; &lt;Adult&gt; &amp; "
                     "&apos;child&apos; | 25%\""),
            std::string::npos);
}

TEST(JunitXml, NormaliserHidesTimesAndBuildProperties) {
  RunResults a = fixture();
  RunResults b = fixture();
  b.manifest.wall_seconds = 7.5;
  b.manifest.started_at = "2031-01-01T00:00:00Z";
  b.manifest.run_id = "other";
  b.manifest.tool_version = "9.9.9";
  b.manifest.git_commit = "0000";
  b.cases[0].wall_seconds = 3.0;
  EXPECT_NE(junit_xml(a), junit_xml(b));
  EXPECT_EQ(normalise_junit_xml(junit_xml(a)), normalise_junit_xml(junit_xml(b)));
  EXPECT_EQ(xml_problem(normalise_junit_xml(junit_xml(a))), "");
}

RC_GTEST_PROP(JunitXml, StaysWellFormedForArbitraryText, ()) {
  RunResults r;
  r.manifest.model.name = *rc::gen::arbitrary<std::string>();
  r.manifest.started_at = *rc::gen::arbitrary<std::string>();
  CaseResult c;
  c.scenario_id = *rc::gen::arbitrary<std::string>();
  c.scenario_title = *rc::gen::arbitrary<std::string>();
  c.case_id = *rc::gen::arbitrary<std::string>();
  c.verdict = *rc::gen::element(Verdict::kPass, Verdict::kFail, Verdict::kError, Verdict::kSkipped);
  c.reason = *rc::gen::arbitrary<std::string>();
  c.replay = *rc::gen::arbitrary<std::string>();
  c.parameters.push_back({*rc::gen::arbitrary<std::string>(), *rc::gen::arbitrary<double>(),
                          *rc::gen::arbitrary<std::string>()});
  r.cases.push_back(c);
  const std::string xml = junit_xml(r);
  RC_ASSERT(xml_problem(xml).empty());
  RC_ASSERT(xml_problem(normalise_junit_xml(xml)).empty());
}

// ---------------------------------------------------------------------------------------------
// summary.md and the console

RunResults many_failures(std::size_t n) {
  RunResults r = fixture();
  r.cases.clear();
  for (std::size_t i = 0; i < n; ++i) {
    CaseResult c = scenario_case("ccrs", i);
    c.verdict = Verdict::kFail;
    c.reason = "collision";
    r.cases.push_back(c);
  }
  return r;
}

TEST(SummaryMarkdown, HeadlineNamesStatusCountsModelAndSeed) {
  const std::string md = summary_markdown(fixture());
  const std::string first_line = md.substr(0, md.find('\n'));
  EXPECT_NE(first_line.find("ERROR"), std::string::npos);
  EXPECT_NE(first_line.find("6 cases: 2 passed, 2 failed, 1 error, 1 skipped, 1 not run"),
            std::string::npos);
  EXPECT_NE(first_line.find("aeb-reference 1.2.0 (builtin)"), std::string::npos);
  EXPECT_NE(first_line.find("18446744073709551557"), std::string::npos);
  EXPECT_TRUE(summary_markdown(RunResults{}).starts_with("## Assay: NOTHING RUN"));
  EXPECT_TRUE(summary_markdown(many_failures(1)).starts_with("## Assay: FAILED"));
}

TEST(SummaryMarkdown, InputCannotBreakTablesOrInjectMarkup) {
  const std::string md = summary_markdown(fixture());
  EXPECT_EQ(md.find('\x01'), std::string::npos);
  EXPECT_EQ(md.find("<Adult>"), std::string::npos);
  EXPECT_NE(md.find("suites/aeb\\|\\<smoke\\>.json"), std::string::npos);
  // Every table row has as many unescaped '|' as its header.
  std::istringstream lines(md);
  std::string line;
  std::size_t columns = 0;
  while (std::getline(lines, line)) {
    if (!line.starts_with("|")) {
      columns = 0;
      continue;
    }
    std::size_t pipes = 0;
    for (std::size_t k = 0; k < line.size(); ++k) {
      if (line[k] == '|' && (k == 0 || line[k - 1] != '\\')) ++pipes;
    }
    if (columns == 0) columns = pipes;
    EXPECT_EQ(pipes, columns) << line;
  }
}

TEST(SummaryMarkdown, ListsTwentyFailuresThenCountsTheRest) {
  const std::string md = summary_markdown(many_failures(25));
  EXPECT_NE(md.find("ccrs\\#19"), std::string::npos);
  EXPECT_EQ(md.find("ccrs\\#20"), std::string::npos);
  EXPECT_NE(md.find("… and 5 more (see results.json)"), std::string::npos);
}

TEST(SummaryMarkdown, ReplayFenceOutlastsBackticksInTheCommand) {
  RunResults r = many_failures(1);
  r.cases[0].replay = "assay run ```weird``` file";
  const std::string md = summary_markdown(r);
  EXPECT_NE(md.find("````sh\nassay run ```weird``` file\n````\n"), std::string::npos);
}

TEST(ConsoleSummary, CountsFailuresAndColourOnlyWhenAsked) {
  const RunResults r = fixture();
  const std::string plain = console_summary(r, false);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_TRUE(plain.starts_with("assay: ERROR  6 cases: 2 passed, 2 failed, 1 error"));
  EXPECT_NE(plain.find("replay: " + r.cases[1].replay), std::string::npos);
  EXPECT_NE(console_summary(r, true).find("\x1b[1;33mERROR\x1b[0m"), std::string::npos);

  const std::string many = console_summary(many_failures(13), false);
  EXPECT_NE(many.find("ccrs#9: "), std::string::npos);
  EXPECT_EQ(many.find("ccrs#10: "), std::string::npos);
  EXPECT_NE(many.find("… and 3 more (see results.json)"), std::string::npos);
}

TEST(ConsoleSummary, InputCannotSendTerminalEscapes) {
  RunResults r = many_failures(1);
  r.cases[0].reason = "boom \x1b[2J\x1b]0;title\x07";
  r.cases[0].replay = "assay run \x1b[31mred";
  EXPECT_EQ(console_summary(r, false).find('\x1b'), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Writing files

TEST(WriteReports, WritesAllThreeFiles) {
  const fs::path dir = fs::path(testing::TempDir()) / "assay_reports_test_out";
  fs::remove_all(dir);
  const RunResults r = fixture();
  const Status s = write_reports(r, (dir / "nested").string());
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(read_text(dir / "nested" / "results.json"), results_json(r));
  EXPECT_EQ(read_text(dir / "nested" / "junit.xml"), junit_xml(r));
  EXPECT_EQ(read_text(dir / "nested" / "summary.md"), summary_markdown(r));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace assay

namespace assay {
namespace {

// Inputs the results.json fuzzer ever crashed on stay here forever and must give a value or
// an error, never a crash.
TEST(ReportsFuzzRegressions, ResultsJsonReplaysWithoutCrashing) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(ASSAY_SOURCE_DIR) / "fuzz" / "regressions" / "results_json_fuzz";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with(".")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = parse_results_json(bytes);
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty()) << entry.path();
    }
  }
}

}  // namespace
}  // namespace assay
