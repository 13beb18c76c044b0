// Safety metrics and RSS distances against hand calculations and the reference table
// (driving-protocols.md §3 "Worked values, equal speeds").
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/units.h"
#include "oracles/r157.h"
#include "oracles/safety_metrics.h"

namespace assay::oracles {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Rss, LongitudinalDistanceMatchesTheWorkedTable) {
  // Equal speeds; Intel accelerations with ρ = 1 s and 0.5 s, and the JRC set (§3 table, 0.1 m).
  const RssParams intel = *rss_parameters("intel-default");
  RssParams half = intel;
  half.response_time = 0.5;
  const RssParams jrc = *rss_parameters("r157-jrc");
  struct Row {
    double kmh, intel, half, jrc;
  };
  for (const Row& row :
       {Row{30, 23.2, 13.0, 10.6}, Row{60, 51.9, 33.8, 20.0}, Row{100, 103.6, 75.1, 32.5}}) {
    const double v = units::kmh_to_ms(row.kmh);
    EXPECT_NEAR(rss_longitudinal(intel, v, v), row.intel, 0.05) << row.kmh;
    EXPECT_NEAR(rss_longitudinal(half, v, v), row.half, 0.05) << row.kmh;
    EXPECT_NEAR(rss_longitudinal(jrc, v, v), row.jrc, 0.05) << row.kmh;
  }
  // A much faster front vehicle needs no distance: the bracket clips at 0.
  EXPECT_EQ(rss_longitudinal(intel, 0.0, 40.0), 0.0);
  EXPECT_FALSE(rss_parameters("nope").has_value());
}

TEST(Rss, LateralDistanceByHand) {
  // Intel set, both at rest: (0 + 0.2)·1/2 + 0.2²/1.6 − ((0 − 0.2)·1/2 − 0.2²/1.6) = 0.25 m.
  EXPECT_NEAR(rss_lateral(*rss_parameters("intel-default"), 0.0, 0.0), 0.25, 1e-12);
  // JRC set: μ 0.3 + (0.75)·0.75/2 + 0.75²/2 − ((−0.75)·0.75/2 − 0.75²/2) = 0.3 + 1.125.
  EXPECT_NEAR(rss_lateral(*rss_parameters("r157-jrc"), 0.0, 0.0), 0.3 + 1.125, 1e-12);
}

TEST(SafetyMetrics, DracMttcByHand) {
  EXPECT_DOUBLE_EQ(drac(20.0, 20.0, 10.0), 2.5);  // 10² / (2·20)
  EXPECT_EQ(drac(20.0, 10.0, 20.0), 0.0);
  EXPECT_EQ(drac(0.0, 12.0, 10.0), kInf);
  EXPECT_DOUBLE_EQ(mttc(10.0, 15.0, 10.0, 0.0, 0.0), 2.0);                // d / Δv
  EXPECT_NEAR(mttc(10.0, 10.0, 10.0, 2.0, 0.0), std::sqrt(10.0), 1e-12);  // ½·2·t² = 10
  // 10 = 10 t − 2 t²  →  t = (10 − √20) / 4
  EXPECT_NEAR(mttc(10.0, 20.0, 10.0, -4.0, 0.0), (10.0 - std::sqrt(20.0)) / 4.0, 1e-12);
  EXPECT_EQ(mttc(10.0, 10.0, 20.0, 0.0, 0.0), kInf);
  EXPECT_EQ(mttc(10.0, 12.0, 10.0, -4.0, 0.0), kInf);  // brakes to a stop relative before closing
}

TEST(SafetyMetrics, ExposureAndDeltaV) {
  const double t[] = {0, 1, 2, 3};
  const double ttc[] = {5, 1.5, 0.5, kInf};
  const Exposure e = ttc_exposure(t, ttc, 2.0);
  EXPECT_DOUBLE_EQ(e.tet, 2.0);        // samples 1 and 2, 1 s each
  EXPECT_DOUBLE_EQ(e.tit, 0.5 + 1.5);  // (2 − 1.5) + (2 − 0.5)
  const DeltaV dv = delta_v(1000.0, 3000.0, 10.0);
  EXPECT_DOUBLE_EQ(dv.first, 7.5);
  EXPECT_DOUBLE_EQ(dv.second, 2.5);
}

TEST(SafetyMetrics, DerivedSignals) {
  Trace in;
  for (const char* s : {"ego.x", "ego.y", "ego.yaw", "ego.v", "ego.a", "ego.yaw_rate", "lead.y",
                        "lead.v", "lead.gap"}) {
    in.add_signal(s, "");
  }
  // Ego in the middle of lane 0 (y = 1.75) at 20 m/s, braking harder each step; lead ahead.
  for (int i = 0; i < 3; ++i) {
    const double row[] = {20.0 * i, 1.75, 0.0, 20.0, -1.0 * i, 0.1, 1.75, 10.0, 20.0};
    in.append(0.1 * i, row);
  }
  SafetyGeometry g;
  g.ego_length = 4.5;
  g.ego_width = 1.8;
  g.lanes = 2;
  g.lane_width = 3.5;
  g.targets = {{"lead", 1.8}};
  const Trace out = with_safety_signals(in, g);
  EXPECT_NEAR(out.column("ego.jerk")[2], -10.0, 1e-9);  // Δa = −1 over 0.1 s
  EXPECT_DOUBLE_EQ(out.column("ego.lat_acc")[0], 2.0);  // 20 · 0.1
  EXPECT_NEAR(out.column("ego.road_right")[0], 0.85, 1e-12);
  EXPECT_NEAR(out.column("ego.road_left")[0], 7.0 - 1.75 - 0.9, 1e-12);
  EXPECT_NEAR(out.column("ego.lane_left")[0], 0.85, 1e-12);
  EXPECT_DOUBLE_EQ(out.column("lead.drac")[0], 2.5);
  const double d = rss_longitudinal(*rss_parameters("r157-jrc"), 20.0, 10.0);
  EXPECT_DOUBLE_EQ(out.column("lead.rss_lon_r157")[0], d);
  EXPECT_DOUBLE_EQ(out.column("lead.rss_margin_r157")[0], 20.0 - d);
  EXPECT_EQ(out.column("ego.v")[1], 20.0);  // original signals kept
  EXPECT_EQ(out.size(), 3u);
}

// driving-protocols.md §2.1: t_front and d_min rows (7.2 and 10 km/h confirmed, the others from
// esmini's unit test), and the derived cut-in TTC thresholds.
TEST(R157, FollowingDistanceTable) {
  struct Row {
    double kmh, time, distance, tolerance;
  };
  for (const Row& row :
       {Row{7.2, 1.0, 2.0, 0.01}, Row{10, 1.1, 3.1, 0.05}, Row{20, 1.2, 6.67, 0.01},
        Row{30, 1.3, 10.8, 0.05}, Row{40, 1.4, 15.56, 0.01}, Row{50, 1.5, 20.8, 0.05},
        Row{60, 1.6, 26.67, 0.01}}) {
    const double v = units::kmh_to_ms(row.kmh);
    EXPECT_NEAR(r157_following_time(v), row.time, 1e-3) << row.kmh;
    EXPECT_NEAR(r157_following_distance(v), row.distance, row.tolerance) << row.kmh;
  }
  EXPECT_EQ(r157_following_distance(0.0), 2.0);  // at least 2 m
}

TEST(R157, CutInTtcThresholds) {
  const double expected[] = {0.581, 0.813, 1.044, 1.276, 1.507, 1.739};
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(r157_cut_in_ttc(units::kmh_to_ms(10.0 * (i + 1))), expected[i], 5e-4) << i;
  }
}

}  // namespace
}  // namespace assay::oracles
