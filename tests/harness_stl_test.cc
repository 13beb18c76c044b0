// The "stl" oracle in scenario files: formula errors located in the file and in the formula,
// parameters bound per case, and the margin equal to a hand-computed robustness.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/trace_csv.h"
#include "harness/run.h"
#include "models/model.h"
#include "oracles/stl.h"
#include "reports/reports.h"

namespace assay::harness {
namespace {

// Ego and lead at the same constant speed: the gap stays at its initial value for the whole case.
std::string scenario_text(const std::string& formula) {
  return R"({
  "format": "assay.scenario/1",
  "id": "test.stl", "title": "STL oracle",
  "simulator": {"vehicle_model": "kinematic", "dt": "10 ms", "duration": "2 s"},
  "parameters": {"gap": {"set": [20, 30], "unit": "m"}, "min_gap": {"set": [5], "unit": "m"}},
  "ego": {"vehicle": "bmw-320i", "speed": "50 km/h"},
  "targets": [{"id": "lead", "size": {"length": 4.5, "width": 1.8}, "speed": "50 km/h",
               "gap": "$gap"}],
  "oracles": [
    {"type": "stl", "id": "keeps-gap",
     "formula": )" +
         formula + R"(}
  ]
})";
}

Result<scenario::Scenario> parse_text(const std::string& formula) {
  auto doc = parse_json(scenario_text(formula), "stl.json");
  if (!doc) return doc.error();
  return scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(*doc)));
}

std::vector<CaseResult> run_all(const scenario::Scenario& s) {
  LoadedScenario l{s, "stl.json", ""};
  auto model = models::make_model(*models::parse_model_spec("none"));
  std::vector<CaseResult> out;
  for (std::uint64_t i = 0; i < l.scenario.case_count(); ++i) {
    out.push_back(run_case(l, make_case(l.scenario, i, 1), **model, {"none", 1, "", {}}));
  }
  return out;
}

TEST(StlOracle, MarginIsTheRobustnessAtTimeZero) {
  auto s = parse_text(R"("always[0,1.5] lead.gap >= $min_gap")");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);
  ASSERT_EQ(results.size(), 2u);
  const double gaps[] = {20.0, 30.0};
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(results[i].oracles.size(), 1u);
    const OracleResult& o = results[i].oracles[0];
    EXPECT_EQ(o.kind, "stl");
    EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
    ASSERT_TRUE(o.margin.has_value());
    EXPECT_NEAR(*o.margin, gaps[i] - 5.0, 1e-6);  // gap − min_gap, constant gap
    EXPECT_EQ(o.margin_unit, "m");
  }
}

TEST(StlOracle, ViolationIsAFailWithNegativeMargin) {
  auto s = parse_text(R"("eventually lead.gap < 10")");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);
  EXPECT_EQ(results[0].verdict, Verdict::kFail);
  EXPECT_NEAR(*results[0].oracles[0].margin, -10.0, 1e-6);  // 10 − 20
  EXPECT_NE(results[0].reason.find("violated"), std::string::npos);
}

TEST(StlOracle, UnknownSignalIsAnErrorVerdictNotAFailure) {
  auto s = parse_text(R"("always lead.speed > 0")");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);
  EXPECT_EQ(results[0].verdict, Verdict::kError);
  EXPECT_NE(results[0].reason.find("unknown signal \"lead.speed\""), std::string::npos);
  EXPECT_NE(results[0].reason.find("formula column 8"), std::string::npos);
}

TEST(StlOracle, ParseErrorsNameTheFileLocationAndTheFormulaColumn) {
  auto s = parse_text(R"("always lead.gap >")");
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.where.file, "stl.json");
  EXPECT_EQ(e.where.line, 11);
  EXPECT_EQ(e.where.column, 17);
  EXPECT_EQ(e.where.pointer, "/oracles/0/formula");
  EXPECT_NE(e.message.find("formula column 18: expected a signal"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("                 ^"), std::string::npos) << e.message;
}

TEST(StlOracle, FormulaParametersMustExistAndKeysAreStrict) {
  auto s = parse_text(R"("always lead.gap > $gapp")");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("\"$gapp\""), std::string::npos);
  std::string text = scenario_text("\"true\"");
  const std::string pair = ",\n     \"formula\": \"true\"";
  text.erase(text.find(pair), pair.size());
  auto missing = parse_json(text, "m.json");
  ASSERT_TRUE(missing.ok());
  auto m = scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(*missing)));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("\"formula\""), std::string::npos) << m.error().message;
  auto extra = parse_text(R"("true", "target": "lead")");
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.error().message.find("unknown key \"target\""), std::string::npos);
}

// Ego and lead both at 50 km/h: the RSS distance is the closed form of driving-protocols.md §3,
// d = vρ + ½aρ² + (v + ρa)²/(2b) − v²/(2B); the oracle's margin is gap − d.
TEST(RssOracle, MarginIsGapMinusTheRssDistance) {
  auto s = parse_text(
      R"("true"}, {"type": "rss", "parameters": "r157-jrc"}, {"type": "rss", "id": "rss-intel")");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);
  const double v = 50.0 / 3.6;
  auto rss = [v](double rho, double a, double b, double big_b) {
    return v * rho + 0.5 * a * rho * rho + (v + rho * a) * (v + rho * a) / (2 * b) -
           v * v / (2 * big_b);
  };
  const double gaps[] = {20.0, 30.0};
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(results[i].oracles.size(), 3u);
    const OracleResult& jrc = results[i].oracles[1];
    EXPECT_EQ(jrc.kind, "rss");
    EXPECT_NEAR(*jrc.margin, gaps[i] - rss(0.75, 3, 6, 6), 1e-6) << jrc.message;
    EXPECT_EQ(jrc.verdict, Verdict::kPass);
    const OracleResult& intel = results[i].oracles[2];
    EXPECT_NEAR(*intel.margin, gaps[i] - rss(1.0, 3.5, 4, 8), 1e-6) << intel.message;
    EXPECT_EQ(intel.verdict, Verdict::kFail);  // about 41 m needed at 50 km/h
  }
}

// At 50 km/h R157 §5.2.3.3 asks for 1.5 s · 13.89 m/s = 20.83 m (driving-protocols.md §2.1).
TEST(R157Oracle, FollowingDistanceMargin) {
  auto s = parse_text(
      R"("true"}, {"type": "r157_following_distance", "requirements": ["R157-5.2.3.3"])");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);
  const double need = 50.0 / 3.6 * 1.5;
  const OracleResult& near = results[0].oracles[1];
  EXPECT_EQ(near.verdict, Verdict::kFail) << near.message;
  EXPECT_NEAR(*near.margin, 20.0 - need, 1e-6);
  const OracleResult& far = results[1].oracles[1];
  EXPECT_EQ(far.verdict, Verdict::kPass) << far.message;
  EXPECT_NEAR(*far.margin, 30.0 - need, 1e-6);
  EXPECT_EQ(far.requirements, std::vector<std::string>{"R157-5.2.3.3"});
}

// A slower car in the left lane moves right at 1 m/s. Its right edge starts 0.85 m left of the
// ego lane's marking, so the 0.3 m intrusion comes after 1.15 s; the gap then is the initial gap
// minus 1.15 s · 20 km/h, and R157 §5.2.5.2's threshold at 20 km/h is 0.813 s.
Result<scenario::Scenario> cut_in_scenario() {
  const std::string text = R"({
  "format": "assay.scenario/1", "id": "test.cut-in", "title": "cut-in",
  "simulator": {"vehicle_model": "kinematic", "dt": "10 ms", "duration": "8 s"},
  "road": {"lanes": 2, "lane_width": "3.5 m"},
  "parameters": {"gap": {"set": [8, 30], "unit": "m"}},
  "ego": {"vehicle": "bmw-320i", "lane": 0, "speed": "60 km/h"},
  "targets": [{"id": "cutter", "size": {"length": 4.5, "width": 1.8}, "lane": 1,
               "speed": "40 km/h", "gap": "$gap",
               "behaviours": [{"type": "lane_change", "offset": "-3.5 m", "lateral_speed": "1 m/s",
                               "trigger": {"time": "0 s"}}]}],
  "oracles": [{"type": "r157_cut_in", "requirements": ["R157-5.2.5.2"]}]
})";
  auto doc = parse_json(text, "cut-in.json");
  if (!doc) return doc.error();
  return scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(*doc)));
}

TEST(R157Oracle, CutInAvoidableOnlyAboveTheTtcThreshold) {
  auto s = cut_in_scenario();
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);  // model "none": never brakes
  const double closing = 20.0 / 3.6;
  auto evidence = [](const OracleResult& o, const std::string& name) {
    for (const auto& q : o.evidence) {
      if (q.name == name) return q.value;
    }
    return -1.0;
  };
  // gap 8 m: 1.6 m left at intrusion, TTC 0.29 s <= 0.813 s: not required to be avoided.
  const OracleResult& close = results[0].oracles[0];
  EXPECT_EQ(close.verdict, Verdict::kPass) << close.message;
  EXPECT_FALSE(close.margin.has_value());
  EXPECT_NEAR(evidence(close, "intrusion_time"), 1.15, 0.011);
  EXPECT_NEAR(evidence(close, "ttc_threshold"), closing / 12.0 + 0.35, 1e-9);
  // gap 30 m: TTC (30 − 6.39) / 5.56 = 4.25 s: avoidable, and "none" hits it at 20 km/h.
  const OracleResult& far = results[1].oracles[0];
  EXPECT_EQ(far.verdict, Verdict::kFail) << far.message;
  EXPECT_NEAR(evidence(far, "ttc_at_intrusion"), (30.0 - 1.15 * closing) / closing, 0.02);
  EXPECT_NEAR(*far.margin, -closing, 0.01);
}

TEST(StlOracle, DerivedSafetySignalsAreAvailable) {
  auto s = parse_text(
      R"x("always (lead.rss_margin_r157 >= 0 and ego.lane_left > 0 and lead.drac <= 0)")x");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const auto results = run_all(*s);
  EXPECT_EQ(results[0].verdict, Verdict::kPass) << results[0].reason;
  auto bad = parse_text(R"("true"}, {"type": "rss", "parameters": "intel")");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("\"intel-default\", \"r157-jrc\""), std::string::npos)
      << bad.error().message;
}

// The lead at 30 km/h, the ego at 50 km/h without a model: the gap closes at 20/3.6 m/s from
// 20 m, so gap(t) = 20 − 5.5556·t falls below 15.3 m after t = 4.7 / 5.5556 = 0.846 s; the first
// sample where it has is t = 0.85 s (dt = 10 ms).
std::string closing_text(const std::string& oracle, const std::string& duration = "3 s") {
  return R"({
  "format": "assay.scenario/1",
  "id": "test.early", "title": "early stop",
  "simulator": {"vehicle_model": "kinematic", "dt": "10 ms", "duration": ")" +
         duration + R"("},
  "ego": {"vehicle": "bmw-320i", "speed": "50 km/h"},
  "targets": [{"id": "lead", "size": {"length": 4.5, "width": 1.8}, "speed": "30 km/h",
               "gap": 20}],
  "oracles": [)" +
         oracle + R"(]
})";
}

Result<scenario::Scenario> parse_closing(const std::string& oracle,
                                         const std::string& duration = "3 s") {
  auto doc = parse_json(closing_text(oracle, duration), "early.json");
  if (!doc) return doc.error();
  return scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(*doc)));
}

TEST(StlEarlyStop, EndsTheCaseWhenTheViolationIsDecided) {
  const std::string formula = R"("formula": "always[0,3] lead.gap > 15.3")";
  auto full = parse_closing(R"({"type": "stl", "id": "gap", )" + formula + "}");
  auto early =
      parse_closing(R"({"type": "stl", "id": "gap", "early_stop": true, )" + formula + "}");
  ASSERT_TRUE(full.ok()) << full.error().format();
  ASSERT_TRUE(early.ok()) << early.error().format();
  const CaseResult a = run_all(*full).at(0);
  const CaseResult b = run_all(*early).at(0);
  // Without early_stop the case runs its 3 s; the margin is the smallest gap − 15.3.
  EXPECT_EQ(a.end_reason, "duration");
  EXPECT_NEAR(*a.oracles[0].margin, 20.0 - 3.0 * 20.0 / 3.6 - 15.3, 1e-6);
  // With it, the case ends at the deciding sample and says so.
  EXPECT_EQ(b.end_reason, "stl-violated");
  EXPECT_NEAR(b.sim_time, 0.85, 1e-9);
  EXPECT_EQ(b.steps, 85u);
  EXPECT_EQ(b.verdict, Verdict::kFail);
  const OracleResult& o = b.oracles.at(0);
  ASSERT_FALSE(o.evidence.empty());
  EXPECT_EQ(o.evidence.back().name, "decided_at");
  EXPECT_NEAR(o.evidence.back().value, 0.85, 1e-9);
  EXPECT_NE(o.message.find("the case ended early, at t = 0.85 s"), std::string::npos) << o.message;
  // The margin is the robustness of the trace that was run: gap(0.85) − 15.3.
  EXPECT_NEAR(*o.margin, 20.0 - 0.85 * 20.0 / 3.6 - 15.3, 1e-6);
  EXPECT_LT(*o.margin, 0.0);
}

TEST(StlEarlyStop, DerivedSignalsAndSatisfiedFormulasDoNotEndTheCase) {
  // lead.drac is derived; (20/3.6)² / (2·gap) exceeds 1.2 m/s² once gap < 12.86 m, at
  // t = 7.14 / 5.5556 = 1.286 s, first sample 1.29 s.
  auto s = parse_closing(
      R"({"type": "stl", "id": "drac", "early_stop": true,
          "formula": "always[0,2] lead.drac <= 1.2"},
         {"type": "stl", "id": "holds", "early_stop": true, "formula": "eventually[0,1] ego.v > 1"})");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const CaseResult r = run_all(*s).at(0);
  EXPECT_EQ(r.end_reason, "stl-violated");
  EXPECT_NEAR(r.sim_time, 1.29, 1e-9);
  EXPECT_EQ(r.oracles.at(1).verdict, Verdict::kPass);
  EXPECT_EQ(r.oracles.at(0).verdict, Verdict::kFail);
}

TEST(StlEarlyStop, SameResultsForOneAndTwoThreads) {
  auto s = parse_closing(
      R"({"type": "stl", "id": "gap", "early_stop": true, "formula": "always[0,3] lead.gap > 15.3"})");
  ASSERT_TRUE(s.ok());
  std::vector<LoadedScenario> loaded = {{*s, "early.json", ""}};
  auto run = [&](unsigned jobs) {
    RunOptions o;
    o.jobs = jobs;
    o.model = "none";
    o.out_dir = ::testing::TempDir() + "/early-" + std::to_string(jobs);
    o.traces = KeepTraces::kNone;
    auto cases = select_cases(loaded, o);
    auto r = execute(*cases, o, nullptr);
    EXPECT_TRUE(r.ok());
    return normalise_results_json(results_json(*r));
  };
  const std::string one = run(1);
  EXPECT_EQ(one, run(2));
  EXPECT_NE(one.find("stl-violated"), std::string::npos);
}

// The same closing run hits the lead (a footprint without a vehicle or a mass, so it weighs what
// the ego weighs) at a relative speed of 20 km/h: Δv of each is half of it, 10/3.6 m/s.
TEST(SafetyOracles, DeltaVAtImpactWithTheDefaultMass) {
  auto s =
      parse_closing(R"({"type": "collision"}, {"type": "max_delta_v", "max": "9 km/h"})", "5 s");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const CaseResult r = run_all(*s).at(0);
  ASSERT_EQ(r.end_reason, "collision");
  auto metric = [&](const std::string& name) {
    for (const auto& m : r.metrics) {
      if (m.name == name) return m.value;
    }
    return -1.0;
  };
  EXPECT_NEAR(metric("delta_v_ego"), 10.0 / 3.6, 1e-6);
  EXPECT_NEAR(metric("delta_v_target"), 10.0 / 3.6, 1e-6);
  const OracleResult& dv = r.oracles.at(1);
  EXPECT_EQ(dv.verdict, Verdict::kFail);
  EXPECT_NEAR(*dv.margin, (9.0 - 10.0) / 3.6, 1e-6);
  // The collision oracle carries the same numbers as evidence.
  EXPECT_EQ(r.oracles.at(0).evidence.back().name, "delta_v_target");
  EXPECT_NEAR(r.oracles.at(0).evidence.back().value, 10.0 / 3.6, 1e-6);
}

// The bundled example: with the reference AEB only the 90 km/h case loses TTC > 1 s, and it
// ends at the deciding sample; the others run to their own end.
TEST(StlEarlyStop, BundledExample) {
  auto loaded = load_inputs(
      {std::string(ASSAY_SOURCE_DIR) + "/scenarios/examples/stopped-car-early-stop.json"});
  ASSERT_TRUE(loaded.ok()) << loaded.error().format();
  auto model = models::make_model(*models::parse_model_spec("aeb-ttc"));
  const auto& l = loaded->at(0);
  std::vector<CaseResult> r;
  for (std::uint64_t i = 0; i < 3; ++i) {
    r.push_back(run_case(l, make_case(l.scenario, i, 1), **model, {"aeb-ttc", 1, "", {}}));
  }
  EXPECT_EQ(r[0].end_reason, "ego-stopped");
  EXPECT_EQ(r[1].end_reason, "ego-stopped");
  EXPECT_EQ(r[2].end_reason, "stl-violated");
  const OracleResult& o = r[2].oracles.at(0);
  EXPECT_EQ(o.verdict, Verdict::kFail);
  EXPECT_EQ(o.evidence.back().name, "decided_at");
  EXPECT_DOUBLE_EQ(o.evidence.back().value, r[2].sim_time);
  EXPECT_LT(*o.margin, 0.0);
}

// --traces writes the judged trace, derived signals included, so the formula evaluated offline
// on the written CSV gives the oracle's margin.
TEST(StlOracle, WrittenTraceHasTheDerivedSignalsAndReproducesTheMargin) {
  namespace fs = std::filesystem;
  auto s = parse_closing(R"({"type": "stl", "id": "drac", "formula": "always lead.drac <= 1.2"})");
  ASSERT_TRUE(s.ok());
  LoadedScenario l{*s, "early.json", ""};
  const std::string dir = ::testing::TempDir() + "/stl-traces";
  fs::create_directories(dir);
  auto model = models::make_model(*models::parse_model_spec("none"));
  const CaseResult r =
      run_case(l, make_case(l.scenario, 0, 1), **model, {"none", 1, dir, KeepTraces::kAll});
  auto csv = load_csv_trace(dir + "/test.early_0.csv");
  ASSERT_TRUE(csv.ok()) << csv.error().format();
  ASSERT_TRUE(csv->trace.find("lead.drac").has_value());
  ASSERT_TRUE(csv->trace.find("ego.jerk").has_value());
  auto f = stl::parse("always lead.drac <= 1.2");
  auto rob = stl::evaluate(*f, csv->trace);
  ASSERT_TRUE(rob.ok());
  ASSERT_TRUE(r.oracles.at(0).margin.has_value());
  // The CSV keeps 9 significant digits or more; the margin is reproduced to that precision.
  EXPECT_NEAR(rob->values.front(), *r.oracles.at(0).margin, 1e-6);
}

}  // namespace
}  // namespace assay::harness
