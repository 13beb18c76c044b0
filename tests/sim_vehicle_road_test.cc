// Road geometry (sim/vehicle/road.h) against closed forms of circles and lines derived here:
// points of the line at lateral position d lie on a circle of radius R ∓ u about the centre of
// curvature, chords of that circle are 2r·sin(Δα/2), and Frenet → Cartesian → Frenet returns
// the start.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "sim/vehicle/road.h"

namespace assay::sim {
namespace {

constexpr double kPi = std::numbers::pi;

struct Arc {
  double radius;     // of the centre line
  double direction;  // +1 left, −1 right
};
constexpr Arc kArcs[] = {{250.0, 1.0}, {250.0, -1.0}, {1000.0, 1.0}, {1000.0, -1.0}};
constexpr int kLanes = 3;
constexpr double kLaneWidth = 3.5;
constexpr double kLeadIn = 40.0;
constexpr double kCentreD = 0.5 * kLanes * kLaneWidth;  // the reference line

Road road_for(const Arc& a) {
  return Road(kLanes, kLaneWidth, a.direction / a.radius, kLeadIn);
}

// The centre of curvature: R to the left (or right) of the arc's first point (lead_in, d_c).
struct Point {
  double x, y;
};
Point centre(const Arc& a) {
  return {kLeadIn, kCentreD + a.direction * a.radius};
}

// Radius of the circle the line at lateral position d follows: d grows to the left, so a left
// curve's lines get tighter with d and a right curve's wider.
double line_radius(const Arc& a, double d) {
  return a.radius - a.direction * (d - kCentreD);
}

// Lateral positions across the road, edges included, and s from the lead-in to three turns.
std::vector<double> lateral_positions() {
  std::vector<double> d;
  for (int i = 0; i <= 2 * kLanes; ++i) d.push_back(0.5 * kLaneWidth * i);
  d.push_back(-0.7);  // just off the road on the right
  return d;
}
std::vector<double> positions_along(const Arc& a) {
  std::vector<double> s = {-100.0, 0.0, kLeadIn - 1e-9, kLeadIn};
  const double turn = 2.0 * kPi * a.radius;
  for (double f : {1e-9, 0.01, 0.25, 0.5, 0.5 + 1e-6, 0.75, 0.99, 1.0, 1.3, 2.6, 3.0}) {
    s.push_back(kLeadIn + f * turn);
  }
  return s;
}

TEST(Road, StraightRoadIsTheIdentityBitForBit) {
  const Road road(2, 3.5);
  ASSERT_TRUE(road.straight());
  for (double s : {-12.5, 0.0, 1e-300, 37.25, 1e7}) {
    for (double d : {-1.0, 0.0, 1.75, 5.25}) {
      const Pose p = road.to_cartesian({s, d});
      EXPECT_EQ(p.x, s);
      EXPECT_EQ(p.y, d);
      EXPECT_EQ(p.yaw, 0.0);
      EXPECT_EQ(road.to_frenet(s, d, 1e6), (Frenet{s, d}));
      EXPECT_EQ(road.along(s, d), s);
      EXPECT_EQ(road.from_along(s, d), s);
      EXPECT_EQ(road.scale(s, d), 1.0);
      EXPECT_EQ(road.curvature_at(s, d), 0.0);
      EXPECT_EQ(road.advance(s, d, 0.3), s + 0.3);
    }
  }
  EXPECT_TRUE(std::isinf(road.radius_at(1.0)));
}

TEST(Road, LanesAreOffsetsFromTheRightEdge) {
  const Road road(3, 3.5, 1.0 / 250.0);
  EXPECT_DOUBLE_EQ(road.width(), 10.5);
  EXPECT_DOUBLE_EQ(road.lane_centre(0), 1.75);
  EXPECT_DOUBLE_EQ(road.lane_centre(2), 8.75);
  EXPECT_EQ(road.lane_at(-0.5), 0);  // clamped
  EXPECT_EQ(road.lane_at(3.6), 1);
  EXPECT_EQ(road.lane_at(99.0), 2);  // clamped
}

TEST(Road, LeadInIsStraightAlongX) {
  for (const Arc& a : kArcs) {
    const Road road = road_for(a);
    for (double s : {-100.0, 0.0, 12.0, kLeadIn}) {
      const Pose p = road.to_cartesian({s, 2.0});
      EXPECT_EQ(p.x, s);
      EXPECT_EQ(p.y, 2.0);
      EXPECT_EQ(p.yaw, 0.0);
    }
  }
}

TEST(Road, PointsOfALineLieOnTheirCircleWithTheTangentHeading) {
  for (const Arc& a : kArcs) {
    const Road road = road_for(a);
    const Point c = centre(a);
    for (double d : lateral_positions()) {
      const double r = line_radius(a, d);
      for (double s : positions_along(a)) {
        if (s <= kLeadIn) continue;
        const Pose p = road.to_cartesian({s, d});
        EXPECT_NEAR(std::hypot(p.x - c.x, p.y - c.y), r, 1e-9 * a.radius) << s << " " << d;
        // The heading is the turning angle from +x, and the radius vector is normal to it.
        EXPECT_NEAR(p.yaw, a.direction * (s - kLeadIn) / a.radius, 1e-15 * (1.0 + std::abs(s)));
        const double radial_along_heading =
            (p.x - c.x) * std::cos(p.yaw) + (p.y - c.y) * std::sin(p.yaw);
        EXPECT_NEAR(radial_along_heading, 0.0, 1e-9 * a.radius);
        EXPECT_NEAR(road.radius_at(d), r, 1e-12 * a.radius);
        EXPECT_NEAR(road.curvature_at(s, d), a.direction / r, 1e-15);
        EXPECT_NEAR(road.scale(s, d), r / a.radius, 1e-15);
      }
    }
  }
}

TEST(Road, ChordsAreThoseOfTheCircleAndAlongIsTheArcLength) {
  for (const Arc& a : kArcs) {
    const Road road = road_for(a);
    for (double d : lateral_positions()) {
      const double r = line_radius(a, d);
      for (double s0 : {kLeadIn + 3.0, kLeadIn + 500.0}) {
        for (double ds : {0.5, 10.0, 300.0}) {
          const Pose p0 = road.to_cartesian({s0, d});
          const Pose p1 = road.to_cartesian({s0 + ds, d});
          const double turned = ds / a.radius;  // angle round the centre
          EXPECT_NEAR(std::hypot(p1.x - p0.x, p1.y - p0.y), 2.0 * r * std::sin(0.5 * turned),
                      1e-9 * a.radius);
          // The arc length along the line at d is r·Δα.
          EXPECT_NEAR(road.along(s0 + ds, d) - road.along(s0, d), r * turned, 1e-9 * a.radius);
          EXPECT_NEAR(road.from_along(road.along(s0 + ds, d), d), s0 + ds, 1e-9 * a.radius);
          EXPECT_NEAR(road.advance(s0, d, r * turned), s0 + ds, 1e-9 * a.radius);
        }
      }
      // Across the joint: the straight part counts 1:1, the arc r/R per metre of s.
      const double s0 = kLeadIn - 7.0, s1 = kLeadIn + 20.0;
      const double expected = 7.0 + r * 20.0 / a.radius;
      EXPECT_NEAR(road.along(s1, d) - road.along(s0, d), expected, 1e-9);
      EXPECT_NEAR(road.advance(s0, d, expected), s1, 1e-9);
      EXPECT_NEAR(road.advance(s0, d, 5.0), s0 + 5.0, 1e-12);  // still on the lead-in
    }
  }
}

TEST(Road, TheJointIsContinuousInPositionAndHeading) {
  for (const Arc& a : kArcs) {
    const Road road = road_for(a);
    for (double d : lateral_positions()) {
      const Pose before = road.to_cartesian({kLeadIn, d});
      const Pose after = road.to_cartesian({kLeadIn + 1e-6, d});
      EXPECT_NEAR(after.x - before.x, 1e-6 * line_radius(a, d) / a.radius, 1e-12);
      EXPECT_NEAR(after.y - before.y, 0.0, 1e-12);
      EXPECT_NEAR(after.yaw - before.yaw, 0.0, 1e-8);
    }
  }
}

TEST(Road, FrenetCartesianRoundTripsOverSeveralTurns) {
  for (const Arc& a : kArcs) {
    const Road road = road_for(a);
    const double turn = 2.0 * kPi * a.radius;
    for (double d : lateral_positions()) {
      for (double s : positions_along(a)) {
        const Pose p = road.to_cartesian({s, d});
        // Any hint within less than half a turn picks the same turn.
        for (double hint : {s, s - 0.3 * turn, s + 0.3 * turn}) {
          const Frenet f = road.to_frenet(p.x, p.y, hint);
          EXPECT_NEAR(f.s, s, 1e-9 * a.radius) << "s=" << s << " d=" << d << " hint=" << hint;
          EXPECT_NEAR(f.d, d, 1e-9 * a.radius) << "s=" << s << " d=" << d << " hint=" << hint;
        }
      }
    }
  }
}

TEST(Road, TheCentreOfCurvatureGivesFiniteCoordinates) {
  for (const Arc& a : kArcs) {
    const Road road = road_for(a);
    const Point c = centre(a);
    const Frenet f = road.to_frenet(c.x, c.y, kLeadIn + 10.0);
    EXPECT_TRUE(std::isfinite(f.s));
    EXPECT_NEAR(f.d, kCentreD + a.direction * a.radius, 1e-9);
    EXPECT_NEAR(road.radius_at(f.d), 0.0, 1e-9);
  }
}

}  // namespace
}  // namespace assay::sim
