// Vehicle oracles on hand-made traces, and the Euro NCAP 2026 colour bands against the table in
// the reference (driving-protocols.md §1.6, from Euro NCAP's rating code).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/units.h"
#include "oracles/vehicle_oracles.h"

namespace assay::oracles {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A trace with ego speed and acceleration and one target "gvt" with ttc / thw / clearance.
Trace make_trace(const std::vector<double>& v, const std::vector<double>& a,
                 const std::vector<double>& ttc, double dt = 0.1) {
  Trace t;
  t.add_signal("ego.v", "m/s");
  t.add_signal("ego.a", "m/s^2");
  t.add_signal("gvt.ttc", "s");
  t.add_signal("gvt.thw", "s");
  t.add_signal("gvt.clearance", "m");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double row[] = {v[i], a[i], ttc[i], ttc[i] * 0.5, 10.0 - static_cast<double>(i)};
    t.append(static_cast<double>(i) * dt, row);
  }
  return t;
}

OracleConfig config(std::string kind) {
  OracleConfig c;
  c.id = kind;
  c.kind = std::move(kind);
  c.target = "gvt";
  return c;
}

TEST(Collision, PassesWithClearanceMarginWithoutContact) {
  auto t = make_trace({10, 9, 8}, {0, -1, -1}, {5, 4, 3});
  auto r = evaluate(config("collision"), t);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  ASSERT_TRUE(r.margin);
  EXPECT_DOUBLE_EQ(*r.margin, 8.0);  // clearance column: 10, 9, 8
  EXPECT_EQ(r.margin_unit, "m");
}

TEST(Collision, FailsOnContactWithRelativeImpactSpeedAsNegativeMargin) {
  auto t = make_trace({10, 9}, {0, -1}, {1, 0});
  t.add_event({"contact", 0.15, {{"target", 0}, {"ego_speed", 9.5}, {"relative_speed", 9.5}}});
  auto r = evaluate(config("collision"), t);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_DOUBLE_EQ(*r.margin, -9.5);
  auto c = config("collision");
  c.max = 10.0;  // contact below 10 m/s relative is tolerated
  auto tolerated = evaluate(c, t);
  EXPECT_EQ(tolerated.verdict, Verdict::kPass);
  EXPECT_DOUBLE_EQ(*tolerated.margin, 0.5);
}

TEST(EuroNcap2026Bands, MatchTheProtocolTable) {
  // VUT 10 and 20 km/h: green only at v = 0, any impact is red.
  EXPECT_EQ(euro_ncap_2026_colour(10, 0), Colour::kGreen);
  EXPECT_EQ(euro_ncap_2026_colour(10, 0.5), Colour::kRed);
  EXPECT_EQ(euro_ncap_2026_colour(20, 3), Colour::kRed);
  // 30 km/h: green 0, brown <= 10, red > 10.
  EXPECT_EQ(euro_ncap_2026_colour(30, 10), Colour::kBrown);
  EXPECT_EQ(euro_ncap_2026_colour(30, 10.01), Colour::kRed);
  // 40 km/h: green 0, orange <= 10, brown <= 20, red > 20.
  EXPECT_EQ(euro_ncap_2026_colour(40, 5), Colour::kOrange);
  EXPECT_EQ(euro_ncap_2026_colour(40, 20), Colour::kBrown);
  EXPECT_EQ(euro_ncap_2026_colour(40, 21), Colour::kRed);
  // >= 50 km/h: green 0, yellow <= 10, orange <= 20, brown <= 30, red > 30.
  EXPECT_EQ(euro_ncap_2026_colour(50, 10), Colour::kYellow);
  EXPECT_EQ(euro_ncap_2026_colour(80, 15), Colour::kOrange);
  EXPECT_EQ(euro_ncap_2026_colour(130, 30), Colour::kBrown);
  EXPECT_EQ(euro_ncap_2026_colour(130, 31), Colour::kRed);
  // Between rows (the 2023 grid has 5 km/h steps) the lower, stricter row applies.
  EXPECT_EQ(euro_ncap_2026_colour(45, 5), Colour::kOrange);
  EXPECT_EQ(euro_ncap_2026_colour(35, 5), Colour::kBrown);
  EXPECT_FALSE(euro_ncap_2026_limit(40, Colour::kYellow));
  EXPECT_EQ(*euro_ncap_2026_limit(55, Colour::kOrange), 20.0);
}

TEST(ImpactSpeedBand, JudgesRelativeImpactSpeedAgainstThePassColour) {
  auto t = make_trace({22.2, 5}, {0, -8}, {1, 0});
  t.add_event({"contact",
               0.1,
               {{"target", 0},
                {"ego_speed", units::kmh_to_ms(28)},
                {"relative_speed", units::kmh_to_ms(8)}}});
  auto c = config("impact_speed_band");
  c.table = "euro-ncap-2026";
  c.test_speed = units::kmh_to_ms(80);
  c.pass_colour = "yellow";
  c.relative = true;
  auto r = evaluate(c, t);
  EXPECT_EQ(r.verdict, Verdict::kPass);  // 8 km/h relative at 80 km/h: yellow
  EXPECT_NEAR(*r.margin, 2.0, 1e-9);     // yellow limit 10 km/h − 8 km/h
  c.relative = false;                    // 28 km/h absolute: brown
  auto absolute = evaluate(c, t);
  EXPECT_EQ(absolute.verdict, Verdict::kFail);
  EXPECT_NEAR(*absolute.margin, -18.0, 1e-9);
}

TEST(ImpactSpeedBand, AvoidanceIsGreenAtAnySpeed) {
  auto t = make_trace({10, 0}, {0, -8}, {3, kInf});
  auto c = config("impact_speed_band");
  c.test_speed = units::kmh_to_ms(10);
  c.pass_colour = "green";
  auto r = evaluate(c, t);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_NE(r.message.find("green"), std::string::npos);
}

TEST(MinTtc, UsesSamplesBeforeContactOnly) {
  auto t = make_trace({10, 10, 10, 10}, {0, 0, 0, 0}, {3.0, 2.0, 1.2, 0.0});
  t.add_event({"contact", 0.25, {{"target", 0}, {"ego_speed", 10}, {"relative_speed", 10}}});
  auto c = config("min_ttc");
  c.min = 1.0;
  auto r = evaluate(c, t);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_NEAR(*r.margin, 0.2, 1e-12);  // samples at t <= 0.25: 3, 2, 1.2
  c.min = 1.5;
  EXPECT_EQ(evaluate(c, t).verdict, Verdict::kFail);
}

TEST(MinTimeHeadway, ReadsTheHeadwaySignal) {
  auto t = make_trace({10, 10, 10}, {0, 0, 0}, {4.0, 3.0, 2.0});  // thw = ttc / 2
  auto c = config("min_time_headway");
  c.min = 0.8;
  auto r = evaluate(c, t);
  EXPECT_NEAR(*r.margin, 0.2, 1e-12);
}

TEST(PeakJerkAndDeceleration, MatchFiniteDifferences) {
  // Acceleration 0 → −6 m/s² over 0.2 s in two 0.1 s steps: jerk 30 m/s³.
  auto t = make_trace({10, 10, 9.7, 9.1}, {0, -3, -6, -6}, {kInf, kInf, kInf, kInf});
  auto j = config("max_jerk");
  j.max = 25.0;
  auto rj = evaluate(j, t);
  EXPECT_EQ(rj.verdict, Verdict::kFail);
  EXPECT_NEAR(*rj.margin, -5.0, 1e-9);
  auto d = config("max_deceleration");
  d.max = 10.0;
  auto rd = evaluate(d, t);
  EXPECT_EQ(rd.verdict, Verdict::kPass);
  EXPECT_NEAR(*rd.margin, 4.0, 1e-12);
}

TEST(StoppedBeforeContact, FailsWhenMovingAtContact) {
  auto t = make_trace({1, 0.5}, {-8, -8}, {1, 0});
  EXPECT_EQ(evaluate(config("stopped_before_contact"), t).verdict, Verdict::kPass);
  t.add_event({"contact", 0.1, {{"target", 0}, {"ego_speed", 0.5}, {"relative_speed", 0.5}}});
  auto r = evaluate(config("stopped_before_contact"), t);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_DOUBLE_EQ(*r.margin, -0.5);
}

TEST(Metrics, SortedAndIncludeImpactFacts) {
  auto t = make_trace({10, 9}, {0, -1}, {2, 1});
  t.add_event({"contact", 0.1, {{"target", 0}, {"ego_speed", 9}, {"relative_speed", 9}}});
  auto m = vehicle_metrics(t, {"gvt"});
  ASSERT_FALSE(m.empty());
  EXPECT_TRUE(std::is_sorted(m.begin(), m.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
  auto find = [&](const std::string& n) {
    for (const auto& q : m) {
      if (q.name == n) return q.value;
    }
    return -1.0;
  };
  EXPECT_EQ(find("impact_speed"), 9.0);
  EXPECT_EQ(find("speed_reduction"), 1.0);
  EXPECT_EQ(find("gvt.min_ttc"), 1.0);
}

TEST(Evaluate, UnknownKindIsAnErrorNotAFailure) {
  auto t = make_trace({1}, {0}, {1});
  EXPECT_EQ(evaluate(config("nonsense"), t).verdict, Verdict::kError);
}

}  // namespace
}  // namespace assay::oracles
