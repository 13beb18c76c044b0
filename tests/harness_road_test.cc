// Curved roads from scenario file to world and trace: the parser's curve section, planning
// (actors on their lanes, tangent to the road, gaps along the arc, the centre-of-curvature
// check) and the derived lane-edge signals, which must come from d, not from Cartesian y.
#include <cmath>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "harness/judge_signals.h"
#include "harness/plan.h"
#include "harness/run.h"
#include "harness/scenario.h"
#include "sim/vehicle/simulation.h"
#include "sim/vehicle/single_track.h"

namespace assay::harness {
namespace {

Result<scenario::Scenario> parse(const std::string& road, const std::string& extra = "",
                                 const std::string& target = R"("gap": "30 m")",
                                 const std::string& vehicle_model = "kinematic") {
  const std::string text = R"({"format": "assay.scenario/1", "id": "curve", "title": "t",
    "simulator": {"vehicle_model": ")" +
                           vehicle_model +
                           R"(", "duration": "20 s"},
    "road": )" + road + R"(,
    "parameters": {"radius": {"unit": "m", "set": [250, 1000]}, "side": {"set": [1, -1]})" +
                           extra + R"(},
    "ego": {"vehicle": "ford-escort", "lane": 1, "speed": "20 m/s", "s": "$s0"},
    "targets": [{"id": "lead", "vehicle": "bmw-320i", "lane": 1, "speed": "15 m/s", )" +
                           target + R"(}],
    "oracles": [{"type": "stl", "formula": "always ego.lane_left > -10"}]})";
  auto doc = parse_json(text, "curve.json");
  if (!doc.ok()) return doc.error();
  return scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
}

constexpr const char* kSweptRoad =
    R"({"lanes": 2, "curve": {"radius": "$radius", "direction": "$side", "lead_in": "20 m"}})";
constexpr const char* kStartPositions = R"(, "s0": {"unit": "m", "set": [0, 100]})";

TEST(CurvedRoadPlan, CurveIsParsedWithParameters) {
  auto s = parse(kSweptRoad, kStartPositions);
  ASSERT_TRUE(s.ok()) << s.error().format();
  ASSERT_TRUE(s->road.curve.has_value());
  EXPECT_EQ(s->road.curve->radius.param, "radius");
  EXPECT_EQ(s->road.curve->direction.param, "side");
  EXPECT_DOUBLE_EQ(s->road.curve->lead_in.si, 20.0);
  EXPECT_EQ(s->case_count(), 8u);
  auto literal = parse(R"({"lanes": 2, "curve": {"radius": "0.25 km", "direction": "right"}})",
                       kStartPositions);
  ASSERT_TRUE(literal.ok()) << literal.error().format();
  EXPECT_DOUBLE_EQ(literal->road.curve->radius.si, 250.0);
  EXPECT_DOUBLE_EQ(literal->road.curve->direction.si, -1.0);
  EXPECT_DOUBLE_EQ(literal->road.curve->lead_in.si, 0.0);
}

TEST(CurvedRoadPlan, ActorsStartOnTheirLaneTangentWithTheGapAlongTheArc) {
  auto s = parse(kSweptRoad, kStartPositions);
  ASSERT_TRUE(s.ok()) << s.error().format();
  for (std::uint64_t i = 0; i < s->case_count(); ++i) {
    const CasePlan plan = make_case(*s, i, 7);
    auto w = build_world(plan);
    ASSERT_TRUE(w.ok()) << w.error().format();
    const double radius = plan.values_si[0], side = plan.values_si[1];
    EXPECT_DOUBLE_EQ(w->road.curvature(), side / radius);
    EXPECT_DOUBLE_EQ(w->road.lead_in(), 20.0);
    sim::Simulation sim(*w);
    const sim::Observation& o = sim.observe();
    EXPECT_NEAR(o.ego_lateral_offset, 0.0, 1e-9);
    EXPECT_NEAR(o.ego_yaw, 0.0, 1e-12);
    EXPECT_EQ(o.ego_lane, 1);
    ASSERT_EQ(o.objects.size(), 1u);
    EXPECT_NEAR(o.objects[0].distance, 30.0, 1e-9);
    EXPECT_NEAR(o.objects[0].lateral_offset, 0.0, 1e-9);
    // The ego's footprint centre is on lane 1's circle (radius R ∓ 1.75 m) or, before the arc,
    // on the straight at y = 5.25 m.
    const sim::Pose e = sim::footprint_pose(w->ego_params, w->ego_initial);
    const double s0 = plan.values_si[2];
    if (s0 <= 20.0) {
      EXPECT_NEAR(e.y, 5.25, 1e-12);
      EXPECT_NEAR(e.x, s0, 1e-12);
    } else {
      const double cy = 3.5 + side * radius;
      EXPECT_NEAR(std::hypot(e.x - 20.0, e.y - cy), radius - side * 1.75, 1e-9);
    }
  }
}

// The Bullet ego is placed the same way: on its lane, along the road.
TEST(CurvedRoadPlan, BulletEgoStartsOnItsLaneAlongTheRoad) {
  auto s = parse(kSweptRoad, kStartPositions, R"("gap": "30 m")", "bullet");
  ASSERT_TRUE(s.ok()) << s.error().format();
  for (std::uint64_t i = 0; i < s->case_count(); ++i) {
    auto w = build_world(make_case(*s, i, 7));
    ASSERT_TRUE(w.ok()) << w.error().format();
    sim::Simulation sim(*w);
    const sim::Observation& o = sim.observe();
    EXPECT_NEAR(o.ego_lateral_offset, 0.0, 1e-6);
    EXPECT_NEAR(o.ego_yaw, 0.0, 1e-6);
    ASSERT_EQ(o.objects.size(), 1u);
    EXPECT_NEAR(o.objects[0].distance, 30.0, 1e-6);
  }
}

TEST(CurvedRoadPlan, AnActorBeyondTheCentreOfCurvatureIsALocatedPlanError) {
  // A 20 m radius (centre line, d = 3.5 m) puts the centre of curvature at d = 23.5 m; a lane
  // change of 20 m to the left takes the lead from d = 5.25 m to 25.25 m, past it.
  auto s = parse(R"({"lanes": 2, "curve": {"radius": "20 m", "direction": "left"}})",
                 R"(, "s0": {"unit": "m", "set": [30]})",
                 R"("gap": "5 m", "behaviours": [{"type": "lane_change", "offset": "20 m",
                     "lateral_speed": "1 m/s", "trigger": {"time": "1 s"}}])");
  ASSERT_TRUE(s.ok()) << s.error().format();
  auto w = build_world(make_case(*s, 0, 1));
  ASSERT_FALSE(w.ok());
  const Error& e = w.error();
  EXPECT_EQ(e.where.file, "curve.json");
  EXPECT_EQ(e.where.pointer, "/targets/0/behaviours/0") << e.format();
  EXPECT_NE(e.message.find("lead is 25.25 m across the road after this lane change, -1.75 m from "
                           "the centre of curvature of the 20 m curve"),
            std::string::npos)
      << e.format();
  // A right curve has its centre on the other side: the same lane change is fine there.
  auto right = parse(R"({"lanes": 2, "curve": {"radius": "20 m", "direction": "right"}})",
                     R"(, "s0": {"unit": "m", "set": [30]})",
                     R"("gap": "5 m", "behaviours": [{"type": "lane_change", "offset": "20 m",
                         "lateral_speed": "1 m/s", "trigger": {"time": "1 s"}}])");
  ASSERT_TRUE(right.ok());
  EXPECT_TRUE(build_world(make_case(*right, 0, 1)).ok());
  // The ego on lane 1 of a 3.6 m curve: 1.85 m from the centre, less than half its length.
  auto ego = parse(R"({"lanes": 2, "curve": {"radius": "3.6 m", "direction": "left"}})",
                   R"(, "s0": {"unit": "m", "set": [30]})");
  ASSERT_TRUE(ego.ok()) << ego.error().format();
  auto tight = build_world(make_case(*ego, 0, 1));
  ASSERT_FALSE(tight.ok());
  EXPECT_EQ(tight.error().where.pointer, "/ego") << tight.error().format();
  EXPECT_NE(tight.error().message.find("ego is 5.25 m across the road, 1.85 m from the centre of "
                                       "curvature of the 3.6 m curve"),
            std::string::npos)
      << tight.error().format();
}

// Lane-edge distances come from d: an ego that follows its lane on the arc keeps the same edge
// distances as on a straight road, although its Cartesian y sweeps through hundreds of metres.
TEST(CurvedRoadPlan, LaneEdgeSignalsUseTheLateralRoadCoordinate) {
  auto s = parse(R"({"lanes": 2, "curve": {"radius": "250 m", "direction": "left"}})",
                 R"(, "s0": {"unit": "m", "set": [10]})");
  ASSERT_TRUE(s.ok()) << s.error().format();
  const CasePlan plan = make_case(*s, 0, 1);
  auto w = build_world(plan);
  ASSERT_TRUE(w.ok()) << w.error().format();
  w->targets.clear();  // the ego alone
  sim::Simulation sim(*w);
  // A lane keeper: the lane's curvature fed forward, plus offset and heading feedback.
  const double wheelbase = w->ego_params.lf + w->ego_params.lr;
  while (!sim.finished()) {
    const sim::Observation& o = sim.observe();
    const double steer =
        std::atan(wheelbase * o.road_curvature) - 0.05 * o.ego_lateral_offset - 0.5 * o.ego_yaw;
    sim.step({0.0, steer});
  }
  const Trace& trace = sim.trace();
  const auto y = trace.column("ego.y");
  const auto x = trace.column("ego.x");
  ASSERT_GT(x.back(), 350.0);     // 20 s at 20 m/s along the road
  ASSERT_GT(sim.ego().y, 200.0);  // while the Cartesian y went far round the curve
  for (double d : y) ASSERT_NEAR(d, 5.25, 0.1);
  scenario::Scenario alone = *s;
  alone.targets.clear();
  CasePlan alone_plan = plan;
  alone_plan.scenario = &alone;
  auto derived = with_derived_signals(alone_plan, *w, trace);
  ASSERT_TRUE(derived.has_value());
  const auto left = derived->column("ego.lane_left");
  const auto right = derived->column("ego.lane_right");
  const auto yaw = derived->column("ego.yaw");
  ASSERT_EQ(left.size(), y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    // Lane 1 spans d = 3.5 … 7 m; half the footprint's lateral extent at the relative yaw.
    const double half = 0.5 * (w->ego_params.length * std::abs(std::sin(yaw[i])) +
                               w->ego_params.width * std::abs(std::cos(yaw[i])));
    EXPECT_NEAR(left[i], 7.0 - y[i] - half, 1e-12);
    EXPECT_NEAR(right[i], y[i] - half - 3.5, 1e-12);
    ASSERT_GT(left[i], 0.5);
    ASSERT_GT(right[i], 0.5);
  }
}

// The bundled example: lint accepts it, a lane keeper fed with road_curvature (the example
// process model) passes all four curves, a model that never steers leaves the lane on each.
TEST(CurvedRoadExample, LintsRunsAndSeparatesALaneKeeperFromNoSteering) {
  const std::string source = ASSAY_SOURCE_DIR;
  const std::string file = source + "/scenarios/examples/follow-on-curve.json";
  std::ostringstream out, err;
  ASSERT_EQ(lint_command({file}, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("4 cases"), std::string::npos) << out.str();
  auto run = [&](const std::string& model, const std::string& name) {
    RunOptions o;
    o.inputs = {file};
    o.model = model;
    o.jobs = 2;
    o.progress = Progress::kNone;
    o.out_dir = (std::filesystem::path(::testing::TempDir()) / ("assay-road-" + name)).string();
    std::ostringstream run_out, run_err;
    const int code = run_command(o, run_out, run_err);
    return std::pair{code, run_out.str() + run_err.str()};
  };
  const auto [kept, kept_text] =
      run("process:[\"python3\",\"" + source + "/examples/process/curve_follower.py\"]", "keeper");
  EXPECT_EQ(kept, 0) << kept_text;
  EXPECT_NE(kept_text.find("4 passed"), std::string::npos) << kept_text;
  const auto [none, none_text] = run("none", "none");
  EXPECT_EQ(none, 1) << none_text;
  EXPECT_NE(none_text.find("0 passed, 4 failed"), std::string::npos) << none_text;
  EXPECT_NE(none_text.find("keeps-lane: violated"), std::string::npos) << none_text;
}

}  // namespace
}  // namespace assay::harness
