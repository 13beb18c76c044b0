// Euro NCAP scoring of full runs of the bundled suite (scenarios/euro-ncap) with the built-in
// models `none` (no braking: everything red, score 0, Poor) and `aeb-ttc`.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "harness/ncap_score.h"
#include "harness/run.h"
#include "reports/reports.h"

namespace assay::harness {
namespace {

namespace ncap = oracles::ncap;
using oracles::Colour;

const std::vector<LoadedScenario>& euro_ncap() {
  static const auto loaded = [] {
    auto l = load_inputs({std::string(ASSAY_SOURCE_DIR) + "/scenarios/euro-ncap"});
    if (!l) throw std::runtime_error(l.error().format());
    return std::move(l).value();
  }();
  return loaded;
}

// Runs the bundled suite (optionally only the scenarios matching `filter`) with `model`.
RunResults run(const std::string& model, const std::string& filter = "") {
  RunOptions o;
  o.jobs = 2;
  o.model = model;
  if (!filter.empty()) o.filters = {filter};
  o.out_dir = ::testing::TempDir() + "/ncap-" + model;
  o.traces = KeepTraces::kNone;
  o.progress = Progress::kNone;
  auto cases = select_cases(euro_ncap(), o);
  if (!cases) throw std::runtime_error(cases.error().format());
  auto r = execute(*cases, o, nullptr);
  if (!r) throw std::runtime_error(r.error().format());
  return std::move(r).value();
}

const RunResults& none_run() {
  static const RunResults r = run("none");
  return r;
}

const RunResults& aeb_run() {
  static const RunResults r = run("aeb-ttc");
  return r;
}

const NcapTestOutcome& outcome(const NcapRunScore& s, ncap::Loadcase t) {
  for (const auto& o : s.tests) {
    if (o.test == t) return o;
  }
  throw std::runtime_error("test not scored");
}

// 2023: CCRs/CCRm thresholds below and above 50 km/h are unconfirmed, so those tests are refused
// with the reason and no total is given; CCRb (a 50 km/h test) is scored: 4 red points → 0.
TEST(NcapRunScore, Protocol2023WithoutBrakingRefusesUnconfirmedAndScoresCcrbZero) {
  auto s = score_ncap_run(none_run(), ncap::Protocol::k2023);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->tests.size(), 3u);
  EXPECT_FALSE(s->total.has_value());
  EXPECT_NE(s->no_total.find("unconfirmed"), std::string::npos) << s->no_total;
  EXPECT_FALSE(outcome(*s, ncap::Loadcase::kCcrs).score.has_value());
  const auto& ccrb = outcome(*s, ncap::Loadcase::kCcrb);
  ASSERT_TRUE(ccrb.score.has_value()) << ccrb.refused;
  EXPECT_EQ(ccrb.score->points, 0.0);
  EXPECT_EQ(ccrb.score->max_points, 4.0);
  for (const auto& sp : ccrb.score->speeds) EXPECT_EQ(sp.colours.at(0), Colour::kRed);
}

// CCRb alone under 2023 without braking: everything red → total 0, Poor.
TEST(NcapRunScore, Protocol2023CcrbWithoutBrakingIsPoor) {
  auto s = score_ncap_run(run("none", "ccrb"), ncap::Protocol::k2023);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(s->total.has_value()) << s->no_total;
  EXPECT_EQ(s->total->total, 0.0);
  EXPECT_EQ(s->total->band, ncap::Band::kPoor);
  EXPECT_EQ(s->total->missing, (std::vector<std::string>{"ccrs", "ccrm", "fcw"}));
}

// 2026 without braking: every CCRs grid point is red → 0 points (a stationary target is hit at
// the test speed, above every band's limit, §1.6). CCRm is scored on v_rel = v_ego − 20 km/h,
// which at 30 km/h is the 10 km/h brown limit itself, so CCRm is not all red. CCRb: only the
// six ccrb-2026 cases (1 s headway, 4 m/s², 30–80 km/h) are on the 2026 grid; the 2023 cases
// (12/40 m, 2/6 m/s²) are off it. Without braking every one of them is hit.
TEST(NcapRunScore, Protocol2026WithoutBraking) {
  auto s = score_ncap_run(none_run(), ncap::Protocol::k2026);
  ASSERT_TRUE(s.ok()) << s.error().message;
  const auto& ccrs = outcome(*s, ncap::Loadcase::kCcrs);
  ASSERT_TRUE(ccrs.score.has_value()) << ccrs.refused;
  EXPECT_EQ(ccrs.score->points, 0.0);
  for (const auto& sp : ccrs.score->speeds) {
    for (Colour c : sp.colours) EXPECT_EQ(c, Colour::kRed);
  }
  const auto& ccrm = outcome(*s, ncap::Loadcase::kCcrm);
  ASSERT_TRUE(ccrm.score.has_value()) << ccrm.refused;
  EXPECT_LT(ccrm.score->points, ncap::budget_2026(ncap::Loadcase::kCcrm));
  // CCRs 10–50 km/h: 5 of 9 speeds are on the 10 km/h grid, × 5 overlaps; 4 × 5 off grid.
  EXPECT_EQ(outcome(*s, ncap::Loadcase::kCcrs).off_grid, 20u);
  const auto& ccrb = outcome(*s, ncap::Loadcase::kCcrb);
  ASSERT_TRUE(ccrb.score.has_value()) << ccrb.refused;
  EXPECT_EQ(ccrb.off_grid, 4u);
  ASSERT_EQ(ccrb.score->speeds.size(), 6u);
  for (const auto& sp : ccrb.score->speeds) EXPECT_EQ(sp.colours.size(), 1u);
  ASSERT_TRUE(s->total.has_value());
  EXPECT_NEAR(s->total->total, ccrs.score->points + ccrm.score->points + ccrb.score->points, 1e-12);
}

// With aeb-ttc, each 2026 colour must equal the colour the impact_speed_band oracle reported for
// the same case (a second, independent path to the §1.6 bands), and CCRb 2023 scores by hand from
// the cases' own impact speeds.
TEST(NcapRunScore, Protocol2026ColoursAgreeWithTheImpactBandOracle) {
  const auto& r = aeb_run();
  auto s = score_ncap_run(r, ncap::Protocol::k2026);
  ASSERT_TRUE(s.ok()) << s.error().message;
  for (ncap::Loadcase t : {ncap::Loadcase::kCcrs, ncap::Loadcase::kCcrm}) {
    const auto& o = outcome(*s, t);
    ASSERT_TRUE(o.score.has_value()) << o.refused;
    double expected = 0.0;
    std::size_t n = 0;
    for (const auto& c : r.cases) {
      auto p = ncap_grid_point(ncap::Protocol::k2026, t, c);
      if (std::find(c.tags.begin(), c.tags.end(), std::string(ncap::test_name(t))) ==
              c.tags.end() ||
          !p.ok() || !p->has_value()) {
        continue;
      }
      for (const auto& oracle : c.oracles) {
        if (oracle.kind != "impact_speed_band") continue;
        const double index = oracle.evidence.at(0).value;
        expected += ncap::colour_factor(static_cast<Colour>(static_cast<int>(index)));
        ++n;
      }
    }
    ASSERT_GT(n, 0u);
    EXPECT_NEAR(o.score->points, ncap::budget_2026(t) * expected / static_cast<double>(n), 1e-12);
    EXPECT_GT(o.score->points, 0.0);
  }
}

TEST(NcapRunScore, Protocol2023CcrbWithAebTtc) {
  auto s = score_ncap_run(run("aeb-ttc", "ccrb"), ncap::Protocol::k2023);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(s->total.has_value()) << s->no_total;
  const auto& ccrb = outcome(*s, ncap::Loadcase::kCcrb);
  ASSERT_TRUE(ccrb.score.has_value());
  EXPECT_NEAR(s->total->total, 9.0 * ccrb.score->points / 36.0, 1e-12);
  EXPECT_EQ(s->total->band, ncap::band_2023(s->total->total));
}

TEST(NcapRunScore, NoEuroNcapCaseIsAnError) {
  RunResults empty;
  EXPECT_FALSE(score_ncap_run(empty, ncap::Protocol::k2023).ok());
}

}  // namespace
}  // namespace assay::harness

namespace assay::harness {
namespace {

namespace ncap = oracles::ncap;

// A hand-built CCRs case: tag, parameters and the collision oracle's evidence as the harness
// records them (impact speeds in m/s; a stationary target, so v_rel_impact = v_impact).
CaseResult ccrs_case(std::uint64_t index, double v_ego_kmh, double overlap_pct, double impact_kmh) {
  CaseResult c;
  c.scenario_id = "euro-ncap.ccrs";
  c.index = index;
  c.case_id = c.scenario_id + "#" + std::to_string(index);
  c.tags = {"euro-ncap", "ccrs"};
  c.parameters = {{"v_ego", v_ego_kmh, "km/h"}, {"overlap", overlap_pct, "%"}};
  OracleResult collision;
  collision.id = "no-collision";
  collision.kind = "collision";
  if (impact_kmh > 0.0) {
    collision.verdict = Verdict::kFail;
    collision.evidence = {{"impact_speed", impact_kmh / 3.6, "m/s"},
                          {"relative_impact_speed", impact_kmh / 3.6, "m/s"}};
  }
  c.oracles = {collision};
  c.verdict = collision.verdict;
  return c;
}

// CCRs at 50 km/h, overlaps −50, −75, 100, 75, 50 with impacts 0, 10, 20, 35, 45 km/h, and one
// 45 km/h case (off the 2026 grid, and a 2023 speed whose thresholds are unconfirmed).
RunResults hand_built_run() {
  RunResults r;
  const double overlaps[] = {-50.0, -75.0, 100.0, 75.0, 50.0};
  const double impacts[] = {0.0, 10.0, 20.0, 35.0, 45.0};
  for (std::uint64_t i = 0; i < 5; ++i)
    r.cases.push_back(ccrs_case(i, 50.0, overlaps[i], impacts[i]));
  return r;
}

// The score as results.json carries it, read back through the strict reader.
RunResults scored_and_read_back(RunResults run, const std::vector<std::string>& protocols) {
  if (auto st = add_ncap_scores(run, protocols); !st) throw std::runtime_error(st.error().message);
  auto parsed = parse_results_json(results_json(run));
  if (!parsed) throw std::runtime_error(parsed.error().format());
  return std::move(parsed).value();
}

// 2023 (§1.5, 50 km/h bands green < 5, yellow 5–15, orange 15–30, brown 30–40, red ≥ 40):
// green, yellow, orange, brown, red. Per speed (1 + 0.75 + 2·0.5 + 0.25 + 0) / 6 = 0.5 of the
// 1 point of CCRs 50 km/h → 0.5; total 9 × 0.5 / 36 = 0.125 → Weak (≥ 0.001, < 2.251).
TEST(NcapScoreInResults, Protocol2023ByHand) {
  const RunResults r = scored_and_read_back(hand_built_run(), {"euro-ncap-2023"});
  ASSERT_EQ(r.scores.size(), 1u);
  const ProtocolScore& p = r.scores[0];
  EXPECT_EQ(p.protocol, "euro-ncap-2023");
  ASSERT_EQ(p.tests.size(), 1u);
  const ScoreTest& t = p.tests[0];
  EXPECT_EQ(t.test, "ccrs");
  EXPECT_EQ(t.refused, "");
  EXPECT_DOUBLE_EQ(t.points, 0.5);
  EXPECT_EQ(t.max_points, 1.0);
  ASSERT_EQ(t.speeds.size(), 1u);
  ASSERT_EQ(t.speeds[0].grid.size(), 5u);
  const char* colours[] = {"green", "yellow", "orange", "brown", "red"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(t.speeds[0].grid[i].colour, colours[i]) << i;
    EXPECT_EQ(t.speeds[0].grid[i].case_id, "euro-ncap.ccrs#" + std::to_string(i));
  }
  // The brief's example: the −75 % point, impact 10 km/h, yellow, weight 1 of 6 → 0.75 / 6.
  EXPECT_EQ(t.speeds[0].grid[1].impact_kmh, 10.0);
  ASSERT_TRUE(p.total.has_value()) << p.no_total;
  EXPECT_DOUBLE_EQ(p.total->points, 0.125);
  EXPECT_EQ(p.total->max_points, 9.0);
  EXPECT_EQ(p.total->band, "Weak");
  EXPECT_EQ(p.total->missing, (std::vector<std::string>{"ccrm", "ccrb", "fcw"}));
  EXPECT_FALSE(p.total->assumptions.empty());
}

// 2026 (§1.6, ≥ 50 km/h on v_rel_impact: green 0, yellow ≤ 10, orange ≤ 20, brown ≤ 30, red
// above): green, yellow, orange, red, red. Budget 1.2 split over the 5 grid points (0.24 each, an
// assumption the record states): 0.24 × (1 + 0.75 + 0.5 + 0 + 0) = 0.54; no band.
TEST(NcapScoreInResults, Protocol2026ByHand) {
  const RunResults r = scored_and_read_back(hand_built_run(), {"euro-ncap-2026"});
  ASSERT_EQ(r.scores.size(), 1u);
  const ProtocolScore& p = r.scores[0];
  ASSERT_EQ(p.tests.size(), 1u);
  const ScoreTest& t = p.tests[0];
  EXPECT_NEAR(t.points, 0.54, 1e-12);
  EXPECT_NEAR(t.max_points, 1.2, 1e-12);
  const char* colours[] = {"green", "yellow", "orange", "red", "red"};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(t.speeds.at(0).grid.at(i).colour, colours[i]);
  EXPECT_NEAR(t.speeds[0].points, 0.54, 1e-12);
  ASSERT_EQ(t.assumptions.size(), 2u);
  EXPECT_NE(t.assumptions[0].find("split equally over the 5 grid points"), std::string::npos);
  EXPECT_NE(t.assumptions[1].find("not the 2026 impact locations"), std::string::npos);
  ASSERT_TRUE(p.total.has_value()) << p.no_total;
  EXPECT_NEAR(p.total->points, 0.54, 1e-12);
  EXPECT_EQ(p.total->band, "");
  EXPECT_EQ(p.total->missing, (std::vector<std::string>{"ccrm", "ccrb"}));
}

// The record equals what score_ncap_run computes, protocol by protocol, sorted and without
// repeats whatever order they were asked in.
TEST(NcapScoreInResults, RecordsWhatScoreNcapRunComputes) {
  RunResults run = hand_built_run();
  run.cases.push_back(ccrs_case(5, 45.0, 100.0, 0.0));
  const RunResults r =
      scored_and_read_back(run, {"euro-ncap-2026", "euro-ncap-2023", "euro-ncap-2026"});
  ASSERT_EQ(r.scores.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto protocol = i == 0 ? ncap::Protocol::k2023 : ncap::Protocol::k2026;
    auto direct = score_ncap_run(run, protocol);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(r.scores[i].protocol, ncap::protocol_name(protocol));
    const NcapTestOutcome& o = direct->tests.at(0);
    const ScoreTest& t = r.scores[i].tests.at(0);
    EXPECT_EQ(t.refused, o.refused);
    EXPECT_EQ(t.off_grid, o.off_grid);
    EXPECT_EQ(r.scores[i].no_total, direct->no_total);
    if (o.score) {
      EXPECT_EQ(t.points, o.score->points);
    }
  }
  // 2023 refuses the 45 km/h speed (unconfirmed thresholds) and so gives no total; 2026 counts
  // the 45 km/h case off its 10 km/h grid and still scores.
  EXPECT_NE(r.scores[0].tests[0].refused.find("unconfirmed"), std::string::npos);
  EXPECT_FALSE(r.scores[0].total.has_value());
  EXPECT_EQ(r.scores[1].tests[0].off_grid, 1u);
  EXPECT_TRUE(r.scores[1].total.has_value());
}

// A run without Euro NCAP cases still gets a record: no tests, the reason, no total.
TEST(NcapScoreInResults, RunWithoutEuroNcapCasesIsRecordedAsRefused) {
  RunResults run;
  CaseResult c = ccrs_case(0, 50.0, 100.0, 0.0);
  c.tags = {"radio"};
  run.cases.push_back(c);
  const RunResults r = scored_and_read_back(run, {"euro-ncap-2026"});
  ASSERT_EQ(r.scores.size(), 1u);
  EXPECT_TRUE(r.scores[0].tests.empty());
  EXPECT_FALSE(r.scores[0].total.has_value());
  EXPECT_NE(r.scores[0].no_total.find("no case belongs"), std::string::npos);
}

TEST(NcapScoreInResults, RequestChecking) {
  EXPECT_EQ(check_score_request({"euro-ncap-2023"}).value(),
            std::vector<std::string>{"euro-ncap-2023"});
  EXPECT_TRUE(check_score_request({"none"}).value().empty());
  EXPECT_FALSE(check_score_request({"none", "euro-ncap-2026"}).ok());
  auto bad = check_score_request({"euro-ncap-2026", "euro-ncap-2019"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("euro-ncap-2019"), std::string::npos);
  RunResults r;
  EXPECT_FALSE(add_ncap_scores(r, {"nhtsa"}).ok());
}

}  // namespace
}  // namespace assay::harness
