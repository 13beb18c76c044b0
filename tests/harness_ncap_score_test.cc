// Euro NCAP scoring of full runs of the bundled suite (scenarios/euro-ncap) with the built-in
// models `none` (no braking: everything red, score 0, Poor) and `aeb-ttc`.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "harness/ncap_score.h"
#include "harness/run.h"

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
// which at 30 km/h is the 10 km/h brown limit itself, so CCRm is not all red. The 2023 CCRb cases
// (12/40 m, 2/6 m/s²) are not on the 2026 grid (1 s headway, 4 m/s²), so CCRb is refused.
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
  EXPECT_FALSE(outcome(*s, ncap::Loadcase::kCcrb).score.has_value());
  EXPECT_FALSE(s->total.has_value());
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
