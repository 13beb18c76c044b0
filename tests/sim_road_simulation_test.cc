// The vehicle simulation on curved roads, against closed forms of circular motion derived here:
// targets keep their radius about the centre of curvature, a kinematic ego at the steer of its
// lane's curvature turns rigidly about that centre, and observed distances are arc lengths.
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "sim/vehicle/simulation.h"
#include "sim/vehicle/single_track.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kLaneWidth = 3.5;
constexpr int kLanes = 2;
constexpr double kCentreD = 0.5 * kLanes * kLaneWidth;

struct Curve {
  double radius;     // of the road's centre line
  double direction;  // +1 left, −1 right
  double lead_in;
};
constexpr Curve kCurves[] = {{250.0, 1.0, 0.0}, {250.0, -1.0, 30.0}, {1000.0, 1.0, 10.0}};

struct Point {
  double x, y;
};
Point centre_of(const Curve& c) {
  return {c.lead_in, kCentreD + c.direction * c.radius};
}
// Radius of the circle of lateral position d (d grows to the left).
double radius_of(const Curve& c, double d) {
  return c.radius - c.direction * (d - kCentreD);
}
// Angle of a point round the centre of curvature, measured in the direction of travel from the
// arc's first point, unwrapped near `near`.
double travelled_angle(const Curve& c, double x, double y, double near) {
  const Point o = centre_of(c);
  const double a = std::atan2(c.direction * (x - o.x), -c.direction * (y - o.y));
  const double alpha = c.direction * a;
  return alpha + 2.0 * kPi * std::round((near - alpha) / (2.0 * kPi));
}

World curved_world(const Curve& c) {
  World w;
  w.ego_dynamics = EgoDynamics::kKinematic;
  w.ego_params = *find_vehicle("ford-escort");
  w.road = Road(kLanes, kLaneWidth, c.direction / c.radius, c.lead_in);
  w.dt = 0.01;
  w.duration = 60.0;
  w.end_on_ego_stopped = false;
  w.end_on_collision = false;
  return w;
}

// Places the ego's footprint centre at (s, d), heading along the road (as harness/plan.cc does).
void place_ego(World& w, double s, double d, double v) {
  const Pose p = w.road.to_cartesian({s, d});
  const double offset = w.ego_params.cg_to_center();
  w.ego_initial.x = p.x - offset * std::cos(p.yaw);
  w.ego_initial.y = p.y - offset * std::sin(p.yaw);
  w.ego_initial.yaw = p.yaw;
  w.ego_initial.v = v;
  w.ego_initial_s = s;
}

TargetSpec target(double s, double d, double v) {
  TargetSpec t;
  t.id = "t";
  t.length = 4.5;
  t.width = 1.8;
  t.s = s;
  t.d = d;
  t.speed = v;
  return t;
}

TEST(CurvedRoad, TargetAtConstantSpeedKeepsItsRadiusAndTravelsVTimesT) {
  for (const Curve& c : kCurves) {
    World w = curved_world(c);
    w.duration = 200.0;  // more than one turn of the 250 m circles at 15 m/s
    place_ego(w, -50.0, 1.75, 0.0);
    w.targets.push_back(target(c.lead_in + 5.0, 1.75, 15.0));  // lane 0, on the arc
    w.targets.push_back(target(-20.0, 5.25, 15.0));            // lane 1, on the lead-in
    w.targets[1].id = "u";
    Simulation sim(w);
    const Point o = centre_of(c);
    const double r0 = radius_of(c, 1.75);
    double angle = 0.0;
    while (!sim.finished()) {
      sim.step({});
      for (std::size_t i = 0; i < 2; ++i) {
        const TargetState& t = sim.targets()[i];
        const Pose p = sim.target_pose(i);
        if (t.s <= c.lead_in) {
          EXPECT_EQ(p.y, t.d);
          continue;
        }
        ASSERT_NEAR(std::hypot(p.x - o.x, p.y - o.y), radius_of(c, t.d), 1e-9 * c.radius)
            << "t=" << sim.time();
      }
      // Target 0 started 5 m of s (5·r0/R along its lane) into the arc and has since covered
      // v·t along its lane.
      const Pose p0 = sim.target_pose(0);
      angle = travelled_angle(c, p0.x, p0.y, angle);
      ASSERT_NEAR(r0 * angle, 5.0 * r0 / c.radius + 15.0 * sim.time(), 1e-7 * c.radius)
          << "t=" << sim.time();
    }
    EXPECT_GT(angle, c.radius == 250.0 ? 2.0 * kPi : 1.0);
  }
}

// Kinematic single-track at constant steer δ: the body turns rigidly about the point on the
// rear-axle line L/tanδ from the rear axle. With tanδ = L·κ_lane and the rear axle on the lane
// centre, tangent to it, that point is the road's centre of curvature, so every body point keeps
// its radius: the footprint centre, a = L/2 ahead of the rear axle, stays at sqrt(R² + a²) from
// the centre, i.e. at the constant lateral offset R − sqrt(R² + a²) (outwards, about −a²/2R),
// and its heading relative to the road stays −atan(a/R) (turned towards the outside).
TEST(CurvedRoad, KinematicEgoAtTheLaneSteerKeepsAClosedFormOffset) {
  for (const Curve& c : kCurves) {
    World w = curved_world(c);
    w.duration = 120.0;
    const VehicleParams& p = w.ego_params;
    const double lane_d = 1.75;  // lane 0
    const double r = radius_of(c, lane_d);
    const double wheelbase = p.lf + p.lr;
    const double steer = c.direction * std::atan(wheelbase / r);
    // Rear axle on the lane centre at s0, tangent; the CoG lr ahead of it.
    const double s0 = c.lead_in + 20.0;
    const Pose rear = w.road.to_cartesian({s0, lane_d});
    w.ego_initial.x = rear.x + p.lr * std::cos(rear.yaw);
    w.ego_initial.y = rear.y + p.lr * std::sin(rear.yaw);
    w.ego_initial.yaw = rear.yaw;
    w.ego_initial.v = 20.0;
    w.ego_initial.steer = steer;
    w.ego_initial_s = s0;
    Simulation sim(w);
    const double a = 0.5 * wheelbase;
    const double offset = c.direction * (r - std::hypot(r, a));
    const double yaw = -c.direction * std::atan(a / r);
    double last_s = sim.ego_road().s;
    while (!sim.finished()) {
      const Observation& o = sim.observe();
      ASSERT_NEAR(o.ego_lateral_offset, offset, 1e-7) << "t=" << o.t;
      ASSERT_NEAR(o.ego_yaw, yaw, 1e-9) << "t=" << o.t;
      ASSERT_NEAR(o.road_curvature, c.direction / r, 1e-15);
      ASSERT_EQ(o.ego_lane, 0);
      ASSERT_LT(std::abs(o.ego_lateral_offset), 0.005);  // ≈ 0: about a²/2R, 3 mm
      sim.step({0.0, steer});
      // s grows smoothly, also across whole turns of the circle: the CoG, at sqrt(R² + lr²)
      // from the centre, moves at v, so the angle grows at v/sqrt(R² + lr²).
      ASSERT_NEAR(sim.ego_road().s - last_s, 20.0 * 0.01 * c.radius / std::hypot(r, p.lr), 1e-9);
      last_s = sim.ego_road().s;
    }
    EXPECT_GT(last_s - s0, c.radius == 250.0 ? 2.0 * kPi * c.radius : 1.0);
  }
}

// Distance is the arc length along the line through the ego's centre from the ego's front to the
// object's rear; on the same lane that is r·Δα − half lengths, Δα the angle between the two
// centres round the centre of curvature.
TEST(CurvedRoad, ObservedDistanceOnOneLaneIsTheArcLengthMinusHalfLengths) {
  for (const Curve& c : kCurves) {
    for (double ego_s : {c.lead_in - 10.0, c.lead_in + 100.0}) {
      World w = curved_world(c);
      const double lane_d = 5.25;  // lane 1
      place_ego(w, ego_s, lane_d, 20.0);
      w.targets.push_back(target(c.lead_in + 60.0 + (ego_s - c.lead_in), lane_d, 12.0));
      Simulation sim(w);
      const Observation& o = sim.observe();
      ASSERT_EQ(o.objects.size(), 1u);
      const double r = radius_of(c, lane_d);
      const Pose t = sim.target_pose(0);
      const double t_angle = travelled_angle(c, t.x, t.y, 1.0);
      double arc = r * t_angle;
      if (ego_s <= c.lead_in) {
        arc += c.lead_in - ego_s;  // the ego is on the lead-in, where x = s
      } else {
        const Pose e = w.road.to_cartesian({ego_s, lane_d});
        arc -= r * travelled_angle(c, e.x, e.y, 0.0);
      }
      const double expected = arc - 0.5 * w.ego_params.length - 0.5 * 4.5;
      EXPECT_NEAR(o.objects[0].distance, expected, 1e-9 * c.radius) << "ego_s=" << ego_s;
      EXPECT_NEAR(o.objects[0].relative_speed, 12.0 - 20.0, 1e-12);
      EXPECT_NEAR(o.objects[0].lateral_offset, 0.0, 1e-9);
      EXPECT_NEAR(o.ego_lateral_offset, 0.0, 1e-9);
      EXPECT_NEAR(o.ego_yaw, 0.0, 1e-12);
      // The trace's gap signal is the same road-aligned distance.
      EXPECT_NEAR(sim.trace().column("t.gap")[0], expected, 1e-9 * c.radius);
    }
  }
}

// A target in the other lane is compared along the ego's line: its speed along its own lane is
// scaled by the ratio of the radii, so two cars side by side at the same angular speed have a
// constant gap and zero relative speed.
TEST(CurvedRoad, SideBySideAtTheSameAngularSpeedHaveZeroRelativeSpeed) {
  const Curve c = kCurves[0];
  World w = curved_world(c);
  place_ego(w, 100.0, 1.75, 0.0);
  const double r_ego = radius_of(c, 1.75), r_target = radius_of(c, 5.25);
  const double omega = 0.05;  // rad/s
  w.targets.push_back(target(120.0, 5.25, omega * r_target));
  Simulation sim(w);
  const Observation& o = sim.observe();
  ASSERT_EQ(o.objects.size(), 1u);
  // Relative to a stationary ego, the object moves along the ego's line at ω·r_ego.
  EXPECT_NEAR(o.objects[0].relative_speed, omega * r_ego, 1e-12);
  EXPECT_NEAR(o.objects[0].lateral_offset, 3.5, 1e-9);
  EXPECT_NEAR(o.objects[0].distance,
              r_ego * 20.0 / c.radius - 0.5 * w.ego_params.length - 0.5 * 4.5, 1e-9);
}

TEST(CurvedRoad, SimulationIsDeterministic) {
  const Curve c = kCurves[1];
  auto run = [&]() {
    World w = curved_world(c);
    w.duration = 20.0;
    place_ego(w, 0.0, 1.75, 20.0);
    TargetSpec t = target(60.0, 1.75, 15.0);
    BehaviourSpec lane_change;
    lane_change.kind = BehaviourSpec::Kind::kLaneChange;
    lane_change.trigger = BehaviourSpec::Trigger::kTime;
    lane_change.trigger_value = 2.0;
    lane_change.offset = 3.5;
    lane_change.lateral_speed = 1.0;
    t.behaviours.push_back(lane_change);
    w.targets.push_back(t);
    Simulation sim(w);
    while (!sim.finished()) sim.step({0.1, c.direction * 0.01});
    return sim.take_trace();
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace assay::sim
