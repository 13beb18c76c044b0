// The "stl" oracle in scenario files: formula errors located in the file and in the formula,
// parameters bound per case, and the margin equal to a hand-computed robustness.
#include <gtest/gtest.h>

#include <string>

#include "harness/run.h"
#include "models/model.h"

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

}  // namespace
}  // namespace assay::harness
