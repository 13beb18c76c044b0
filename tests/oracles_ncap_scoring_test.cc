// Euro NCAP AEB C2C scoring against the tables in ../shared/reference/driving-protocols.md §1.5
// (2023, assessment protocol v10.4.1) and §1.6 (2026), hand-listed here, and scores by hand.
#include "oracles/ncap_scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace assay::oracles::ncap {
namespace {

// §1.5 colour factors.
TEST(NcapScoring, ColourFactors) {
  EXPECT_EQ(colour_factor(Colour::kGreen), 1.0);
  EXPECT_EQ(colour_factor(Colour::kYellow), 0.75);
  EXPECT_EQ(colour_factor(Colour::kOrange), 0.5);
  EXPECT_EQ(colour_factor(Colour::kBrown), 0.25);
  EXPECT_EQ(colour_factor(Colour::kRed), 0.0);
}

// §1.5 50 km/h bands: green < 5, yellow 5–15, orange 15–30, brown 30–40, red ≥ 40.
TEST(NcapScoring, Colours2023At50) {
  struct Row {
    double v;
    Colour c;
  };
  const std::vector<Row> rows = {{0.0, Colour::kGreen},   {4.99, Colour::kGreen},
                                 {5.0, Colour::kYellow},  {14.99, Colour::kYellow},
                                 {15.0, Colour::kOrange}, {29.99, Colour::kOrange},
                                 {30.0, Colour::kBrown},  {39.99, Colour::kBrown},
                                 {40.0, Colour::kRed},    {50.0, Colour::kRed}};
  for (const auto& r : rows) {
    for (Loadcase t : {Loadcase::kCcrs, Loadcase::kCcrb}) {
      auto c = colour_2023(t, 50.0, r.v);
      ASSERT_TRUE(c.ok()) << c.error().message;
      EXPECT_EQ(c.value(), r.c) << "v_impact " << r.v;
    }
  }
}

// Thresholds other than 50 km/h are unconfirmed charts: refused, never guessed.
TEST(NcapScoring, Colours2023RefusedWhereUnconfirmed) {
  for (double v : {10.0, 20.0, 35.0, 45.0}) {
    auto c = colour_2023(Loadcase::kCcrs, v, 0.0);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("unconfirmed"), std::string::npos);
  }
  EXPECT_FALSE(colour_2023(Loadcase::kCcrm, 50.0, 0.0).ok());
  EXPECT_FALSE(colour_2023(Loadcase::kCcrs, 50.0, std::nan("")).ok());
  EXPECT_FALSE(colour_2023(Loadcase::kCcrs, 50.0, -1.0).ok());
}

// §1.5 points tables, listed speed by speed, and their totals 14 / 15 / 4.
TEST(NcapScoring, Points2023) {
  const std::vector<std::pair<double, double>> ccrs = {{10, 1}, {15, 2}, {20, 2}, {25, 2}, {30, 2},
                                                       {35, 2}, {40, 1}, {45, 1}, {50, 1}};
  double total = 0.0;
  for (auto [v, p] : ccrs) {
    auto r = points_2023(Loadcase::kCcrs, v);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), p) << v;
    total += r.value();
  }
  EXPECT_EQ(total, 14.0);
  const std::vector<std::pair<double, double>> ccrm = {{30, 1}, {35, 1}, {40, 1}, {45, 1},
                                                       {50, 1}, {55, 1}, {60, 1}, {65, 2},
                                                       {70, 2}, {75, 2}, {80, 2}};
  total = 0.0;
  for (auto [v, p] : ccrm) {
    auto r = points_2023(Loadcase::kCcrm, v);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), p) << v;
    total += r.value();
  }
  EXPECT_EQ(total, 15.0);
  EXPECT_EQ(points_2023(Loadcase::kCcrb, 50.0).value(), 1.0);
  for (double v : {5.0, 55.0, 12.0}) EXPECT_FALSE(points_2023(Loadcase::kCcrs, v).ok()) << v;
  for (double v : {25.0, 85.0}) EXPECT_FALSE(points_2023(Loadcase::kCcrm, v).ok()) << v;
  EXPECT_FALSE(points_2023(Loadcase::kCcrb, 40.0).ok());
}

TEST(NcapScoring, OverlapWeights) {
  EXPECT_EQ(overlap_weight_2023(100).value(), 2.0);
  for (double o : {-50.0, -75.0, 75.0, 50.0}) EXPECT_EQ(overlap_weight_2023(o).value(), 1.0);
  EXPECT_FALSE(overlap_weight_2023(25).ok());
}

// Per-speed formula by hand at 50 km/h CCRs (1 point):
// s[−50]=green 1, s[−75]=yellow 0.75, s[100]=orange 0.5 (×2), s[75]=brown 0.25, s[50]=red 0
// → (1 + 0.75 + 1.0 + 0.25 + 0) / 6 = 0.5 points.
TEST(NcapScoring, PerSpeedFormulaByHand) {
  const std::vector<GridPoint> pts = {{50, -50, 0.0, "", ""},
                                      {50, -75, 10.0, "", ""},
                                      {50, 100, 20.0, "", ""},
                                      {50, 75, 35.0, "", ""},
                                      {50, 50, 45.0, "", ""}};
  auto s = score_test(Protocol::k2023, Loadcase::kCcrs, pts);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s.value().speeds.size(), 1u);
  EXPECT_DOUBLE_EQ(s.value().speeds[0].fraction, 3.0 / 6.0);
  EXPECT_DOUBLE_EQ(s.value().points, 0.5);
  EXPECT_EQ(s.value().max_points, 1.0);
}

TEST(NcapScoring, PerSpeedNeedsEachOverlapOnce) {
  std::vector<GridPoint> pts = {{50, -50, 0, "", ""},
                                {50, -50, 0, "", ""},
                                {50, -50, 0, "", ""},
                                {50, -50, 0, "", ""},
                                {50, 100, 0, "", ""}};
  EXPECT_FALSE(score_test(Protocol::k2023, Loadcase::kCcrs, pts).ok());
  pts.pop_back();
  EXPECT_FALSE(score_test(Protocol::k2023, Loadcase::kCcrs, pts).ok());
}

// CCRb: 4 cases × 1 point: green + yellow + red + brown = 1 + 0.75 + 0 + 0.25 = 2 points.
TEST(NcapScoring, CcrbByHand) {
  const std::vector<GridPoint> pts = {{50, 100, 0.0, "gap=12 decel=2", ""},
                                      {50, 100, 6.0, "gap=12 decel=6", ""},
                                      {50, 100, 41.0, "gap=40 decel=2", ""},
                                      {50, 100, 31.0, "gap=40 decel=6", ""}};
  auto s = score_test(Protocol::k2023, Loadcase::kCcrb, pts);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_DOUBLE_EQ(s.value().points, 2.0);
  EXPECT_EQ(s.value().max_points, 4.0);
  EXPECT_EQ(s.value().speeds[1].label, "gap=12 decel=6");
  const std::vector<GridPoint> three(pts.begin(), pts.begin() + 3);
  EXPECT_FALSE(score_test(Protocol::k2023, Loadcase::kCcrb, three).ok());
}

// §1.5 verdict bands: Good 6.751–9, Adequate 4.501–6.75, Marginal 2.251–4.5, Weak 0.001–2.25,
// Poor 0.
TEST(NcapScoring, BandBoundaries) {
  EXPECT_EQ(band_2023(9.0), Band::kGood);
  EXPECT_EQ(band_2023(6.751), Band::kGood);
  EXPECT_EQ(band_2023(6.75), Band::kAdequate);
  EXPECT_EQ(band_2023(4.501), Band::kAdequate);
  EXPECT_EQ(band_2023(4.5), Band::kMarginal);
  EXPECT_EQ(band_2023(2.251), Band::kMarginal);
  EXPECT_EQ(band_2023(2.25), Band::kWeak);
  EXPECT_EQ(band_2023(0.001), Band::kWeak);
  EXPECT_EQ(band_2023(0.0), Band::kPoor);
  EXPECT_EQ(band_name(Band::kMarginal), "Marginal");
}

// CCRb alone, all green: 4 points → 9 × 4 / 36 = 1.0 → Weak; all red → 0 → Poor.
TEST(NcapScoring, C2CTotal2023) {
  std::vector<GridPoint> pts(4, GridPoint{50, 100, 0.0, "", ""});
  auto green = score_test(Protocol::k2023, Loadcase::kCcrb, pts);
  ASSERT_TRUE(green.ok());
  auto total = score_c2c(std::vector<TestScore>{green.value()});
  ASSERT_TRUE(total.ok()) << total.error().message;
  EXPECT_DOUBLE_EQ(total.value().total, 1.0);
  EXPECT_EQ(total.value().band, Band::kWeak);
  EXPECT_FALSE(total.value().assumptions.empty());
  // A partial total says which tests counted 0: a perfect CCRb alone is only "Weak".
  EXPECT_EQ(total.value().missing, (std::vector<std::string>{"ccrs", "ccrm", "fcw"}));
  for (auto& p : pts) p.impact_kmh = 50.0;
  auto red = score_test(Protocol::k2023, Loadcase::kCcrb, pts);
  ASSERT_TRUE(red.ok());
  auto zero = score_c2c(std::vector<TestScore>{red.value()});
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero.value().total, 0.0);
  EXPECT_EQ(zero.value().band, Band::kPoor);
  EXPECT_FALSE(score_c2c(std::vector<TestScore>{red.value(), red.value()}).ok());
}

// 2026: §1.6 bands through euro_ncap_2026_colour; CCRs budget 1.2 over the grid points.
// 10 km/h green, 30 km/h v_rel 5 → brown (0.25), 50 km/h v_rel 10 → yellow (0.75):
// 1.2 × (1 + 0.25 + 0.75) / 3 = 0.8.
TEST(NcapScoring, Score2026ByHand) {
  const std::vector<GridPoint> pts = {
      {10, 100, 0, "", ""}, {30, 100, 5, "", ""}, {50, 100, 10, "", ""}};
  auto s = score_test(Protocol::k2026, Loadcase::kCcrs, pts);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_NEAR(s.value().points, 0.8, 1e-12);
  EXPECT_DOUBLE_EQ(s.value().max_points, 1.2);
  EXPECT_EQ(s.value().speeds[1].colours[0], Colour::kBrown);
  EXPECT_FALSE(s.value().assumptions.empty());
  const std::vector<GridPoint> off = {{15, 100, 0, "", ""}};
  EXPECT_FALSE(score_test(Protocol::k2026, Loadcase::kCcrs, off).ok());
  EXPECT_DOUBLE_EQ(budget_2026(Loadcase::kCcrm), 2.4);
  EXPECT_DOUBLE_EQ(budget_2026(Loadcase::kCcrb), 1.6);
  auto total = score_c2c(std::vector<TestScore>{s.value()});
  ASSERT_TRUE(total.ok());
  EXPECT_FALSE(total.value().band.has_value());
}

TEST(NcapScoring, Names) {
  EXPECT_EQ(parse_protocol("euro-ncap-2023"), Protocol::k2023);
  EXPECT_EQ(parse_protocol("euro-ncap-2026"), Protocol::k2026);
  EXPECT_FALSE(parse_protocol("euro-ncap-2020").has_value());
  EXPECT_EQ(parse_test("ccrm"), Loadcase::kCcrm);
  EXPECT_FALSE(parse_test("ccft").has_value());
  EXPECT_EQ(test_name(Loadcase::kCcrb), "ccrb");
  EXPECT_EQ(protocol_name(Protocol::k2026), "euro-ncap-2026");
}

}  // namespace
}  // namespace assay::oracles::ncap
