// The R157 competent and careful driver in closed loop, the r157_preventable oracle (the
// counterfactual run) and the preventable map (`assay preventable`).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "harness/counterfactual.h"
#include "harness/preventable.h"
#include "harness/run.h"
#include "models/model.h"
#include "models/r157_cc.h"
#include "sim/vehicle/simulation.h"

namespace assay::harness {
namespace {

namespace fs = std::filesystem;
constexpr double kV60 = 60.0 / 3.6;

std::string data(const std::string& name) {
  return std::string(ASSAY_SOURCE_DIR) + "/tests/data/" + name;
}

Result<scenario::Scenario> parse_text(const std::string& text) {
  auto doc = parse_json(text, "test.json");
  if (!doc) return doc.error();
  return scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(*doc)));
}

// The ego at 60 km/h behind a lead 30 m ahead (THW 1.8 s) that brakes at 8 m/s² from t = 1 s.
const char* kBrakingLead = R"({
  "format": "assay.scenario/1", "id": "test.cc-stop", "title": "lead brakes",
  "simulator": {"vehicle_model": "kinematic", "dt": "10 ms", "duration": "10 s"},
  "ego": {"vehicle": "bmw-320i", "speed": "60 km/h"},
  "targets": [{"id": "lead", "size": {"length": 4.5, "width": 1.8}, "speed": "60 km/h",
               "gap": "30 m",
               "behaviours": [{"type": "change_speed", "to": 0, "rate": "8 m/s^2",
                               "trigger": {"time": "1 s"}}]}]
})";

struct Stop {
  double trigger = 0.0;   // the driver's risk-perception trigger [s]
  double distance = 0.0;  // ego travel from the trigger to standstill [m]
  double first_coast = -1.0, first_brake_beyond_coast = -1.0;  // from ego.a_cmd
  bool contact = false;
};

Stop closed_loop_stop(double tau_accel) {
  auto s = parse_text(kBrakingLead);
  EXPECT_TRUE(s.ok()) << s.error().format();
  const CasePlan plan = make_case(*s, 0, 1);
  auto world = build_world(plan);
  EXPECT_TRUE(world.ok());
  world->ego_params.tau_accel = tau_accel;
  models::CcDriver driver{models::CcParams{}};
  driver.reset({plan.seed, world->dt, world->ego_initial.v});
  sim::Simulation sim(*world);
  Stop out;
  while (!sim.finished()) {
    sim.step(driver.step(sim.observe()));
    if (driver.phase() != models::CcPhase::kIdle) out.trigger = driver.trigger_time();
  }
  EXPECT_EQ(sim.end_reason(), "ego-stopped");
  const Trace& trace = sim.trace();
  const auto t = trace.time();
  const auto x = trace.column("ego.x");
  const auto cmd = trace.column("ego.a_cmd");
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (std::abs(t[i] - out.trigger) < 1e-9) out.distance = x.back() - x[i];
    // ego.a_cmd at row i is the command applied over the step that ended at t[i].
    if (out.first_coast < 0 && cmd[i] < 0.0) out.first_coast = t[i - 1];
    if (out.first_brake_beyond_coast < 0 && cmd[i] < -0.4 - 1e-9) {
      out.first_brake_beyond_coast = t[i - 1];
    }
  }
  out.contact = trace.find_event(sim::kContactEvent) != nullptr;
  return out;
}

// The worked number of driving-protocols.md §2.3 in closed loop. Without actuator lag the
// only difference from the closed form is the zero-order hold of the command over each 10 ms
// step: on the 0.6 s ramp the applied braking trails the ramp by at most one step, so the
// ego travels at most one step's distance more, v0·dt = 0.17 m.
TEST(CcClosedLoop, StopFrom60KmhMatchesTheClosedForm) {
  const double closed = models::cc_stopping_distance(models::CcParams{}, kV60);
  EXPECT_NEAR(closed, 42.0, 1.0);
  const Stop s = closed_loop_stop(0.0);
  EXPECT_FALSE(s.contact);
  EXPECT_NEAR(s.trigger, 1.01, 1e-9);  // the first sample showing the lead slower
  EXPECT_GE(s.distance, closed - 1e-6);
  EXPECT_LE(s.distance, closed + kV60 * 0.01);
  // Phase timings in the trace: coasting 0.4 s after the trigger; brake onset 0.75 s later,
  // where the ramp line 12.65 m/s³·τ passes the coasting 0.4 m/s² at τ = 0.032 s, so the first
  // command braking harder is the step at τ = 0.04 s.
  EXPECT_NEAR(s.first_coast - s.trigger, 0.4, 1e-9);
  EXPECT_NEAR(s.first_brake_beyond_coast - s.trigger, 0.4 + 0.75 + 0.04, 1e-9);
}

// With the vehicles' assumed 0.2 s first-order brake lag the stop is longer, by at most the
// distance travelled during one time constant at the initial speed.
TEST(CcClosedLoop, ActuatorLagLengthensTheStopByLessThanVTau) {
  const double closed = models::cc_stopping_distance(models::CcParams{}, kV60);
  const Stop s = closed_loop_stop(0.2);
  EXPECT_GT(s.distance, closed);
  EXPECT_LE(s.distance, closed + kV60 * (0.2 + 0.01));
}

// Lane keeping: started 0.5 m left of its lane centre, the driver returns to the centre without
// leaving the lane and without braking, on the kinematic and the dynamic model.
TEST(CcClosedLoop, KeepsItsLaneCentre) {
  for (const char* model : {"kinematic", "dynamic-linear"}) {
    auto s = parse_text(std::string(R"({
      "format": "assay.scenario/1", "id": "test.cc-lane", "title": "lane keeping",
      "simulator": {"vehicle_model": ")") +
                        model + R"(", "dt": "10 ms", "duration": "15 s"},
      "road": {"lanes": 2, "lane_width": "3.5 m"},
      "ego": {"vehicle": "bmw-320i", "speed": "60 km/h", "lateral_offset": "0.5 m"}})");
    ASSERT_TRUE(s.ok()) << s.error().format();
    const CasePlan plan = make_case(*s, 0, 1);
    auto world = build_world(plan);
    ASSERT_TRUE(world.ok());
    models::CcDriver driver{models::CcParams{}};
    driver.reset({plan.seed, world->dt, world->ego_initial.v});
    sim::Simulation sim(*world);
    while (!sim.finished()) sim.step(driver.step(sim.observe()));
    const auto y = sim.trace().column("ego.y");
    const auto v = sim.trace().column("ego.v");
    const double centre = 1.75;
    for (double yi : y) EXPECT_LT(std::abs(yi - centre), 0.5 + 1e-9) << model;  // no overshoot
    EXPECT_LT(std::abs(y.back() - centre), 0.02) << model;
    EXPECT_NEAR(v.back(), kV60, 1e-6) << model;
  }
}

// ---------------------------------------------------------------------------------------------
// The r157_preventable oracle

LoadedScenario load_cut_in() {
  auto l = load_inputs({data("r157-cut-in.json")});
  EXPECT_TRUE(l.ok()) << l.error().format();
  return l->front();
}

// The case index with these parameter values (ego, cut-in speed km/h, gap m, lateral m/s).
std::uint64_t find_case(const scenario::Scenario& s, double ego, double cut, double gap,
                        double lat) {
  for (std::uint64_t i = 0; i < s.case_count(); ++i) {
    const auto p = make_case(s, i, 1).values;
    if (p[0] == ego && p[1] == cut && std::abs(p[2] - gap) < 1e-9 && std::abs(p[3] - lat) < 1e-9) {
      return i;
    }
  }
  ADD_FAILURE() << "no such case";
  return 0;
}

CaseResult run_with(const LoadedScenario& l, std::uint64_t index, const std::string& model,
                    const CaseRunContext& context = {}) {
  auto m = models::make_model(*models::parse_model_spec(model));
  EXPECT_TRUE(m.ok());
  CaseRunContext c = context;
  c.model_spec = model;
  return run_case(l, make_case(l.scenario, index, 1), **m, c);
}

const OracleResult& oracle(const CaseResult& r, const std::string& id) {
  for (const auto& o : r.oracles) {
    if (o.id == id) return o;
  }
  static const OracleResult kNone;
  ADD_FAILURE() << "no oracle " << id;
  return kNone;
}

double evidence(const OracleResult& o, const std::string& name) {
  for (const auto& q : o.evidence) {
    if (q.name == name) return q.value;
  }
  ADD_FAILURE() << "no evidence " << name;
  return -1.0;
}

// 60 km/h behind a 40 km/h car cutting in at 1 m/s from 31 m: the C&C driver perceives it,
// waits until TTC < 2 s and stops short; "none" never brakes and hits it at Δv = 20 km/h.
TEST(PreventableOracle, PreventableAndCollidedFails) {
  const auto l = load_cut_in();
  const CaseResult r = run_with(l, find_case(l.scenario, 60, 40, 31, 1.0), "none");
  const OracleResult& o = oracle(r, "r157_preventable");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.margin_unit, "m/s");
  EXPECT_NEAR(*o.margin, -20.0 / 3.6, 0.01);  // −relative impact speed
  EXPECT_EQ(evidence(o, "cc_collided"), 0.0);
  EXPECT_GT(evidence(o, "cc_min_clearance"), 0.0);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(o.requirements, std::vector<std::string>{"R157-Annex4-App3"});
}

TEST(PreventableOracle, PreventableAndAvoidedPassesWithTheCollisionMargin) {
  const auto l = load_cut_in();
  const CaseResult r = run_with(l, find_case(l.scenario, 60, 40, 31, 1.0), "aeb-ttc");
  const OracleResult& o = oracle(r, "r157_preventable");
  const OracleResult& collision = oracle(r, "collision");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  ASSERT_TRUE(o.margin && collision.margin);
  EXPECT_EQ(*o.margin, *collision.margin);  // the minimum clearance, in metres
  EXPECT_EQ(o.margin_unit, "m");
  EXPECT_GT(*o.margin, 0.0);
}

// From 1 m at 3 m/s the cutter is in the ego's path within 0.6 s: nobody can stop.
TEST(PreventableOracle, NotPreventablePassesWithoutAMargin) {
  const auto l = load_cut_in();
  const CaseResult r = run_with(l, find_case(l.scenario, 60, 40, 1, 3.0), "none");
  const OracleResult& o = oracle(r, "r157_preventable");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_FALSE(o.margin.has_value());
  EXPECT_NE(o.message.find("not preventable by the C&C driver"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("collided too"), std::string::npos) << o.message;
  EXPECT_EQ(evidence(o, "cc_collided"), 1.0);
  EXPECT_GT(evidence(o, "cc_relative_impact_speed"), 0.0);
  EXPECT_EQ(oracle(r, "collision").verdict, Verdict::kFail);  // the model did collide
}

// The counterfactual is the C&C driver in the same world: its outcome equals running the
// r157-cc model as the model under test, and it is deterministic.
TEST(PreventableOracle, CounterfactualIsTheCcDriverAndDeterministic) {
  const auto l = load_cut_in();
  for (double gap : {1.0, 13.0, 31.0}) {
    const auto index = find_case(l.scenario, 60, 40, gap, 2.0);
    const CaseResult as_model = run_with(l, index, "r157-cc");
    auto world = build_world(make_case(l.scenario, index, 1));
    ASSERT_TRUE(world.ok());
    const auto cc = run_cc_counterfactual(*world, false);
    const auto cc_again = run_cc_counterfactual(*world, false);
    EXPECT_EQ(cc.collided, cc_again.collided);
    EXPECT_EQ(cc.min_clearance, cc_again.min_clearance);
    EXPECT_EQ(cc.relative_impact_speed, cc_again.relative_impact_speed);
    EXPECT_EQ(cc.collided, oracle(as_model, "collision").verdict == Verdict::kFail) << gap;
    // The model under test is the C&C driver: never "preventable but collided".
    EXPECT_EQ(oracle(as_model, "r157_preventable").verdict, Verdict::kPass) << gap;
    const CaseResult a = run_with(l, index, "none"), b = run_with(l, index, "none");
    EXPECT_EQ(a.oracles, b.oracles);  // the oracle's evidence includes the counterfactual's
    EXPECT_EQ(a.metrics, b.metrics);
  }
}

// The counterfactual run writes no trace of its own.
TEST(PreventableOracle, CounterfactualWritesNoTrace) {
  const auto l = load_cut_in();
  const fs::path dir = fs::path(::testing::TempDir()) / "cc-traces";
  fs::remove_all(dir);
  fs::create_directories(dir);
  CaseRunContext c;
  c.traces_dir = dir.string();
  c.traces = KeepTraces::kAll;
  run_with(l, find_case(l.scenario, 60, 40, 31, 1.0), "none", c);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(PreventableOracle, ReferenceAebOptionIsParsed) {
  auto s = parse_text(R"({"format": "assay.scenario/1", "id": "t", "title": "t",
    "simulator": {"duration": 1}, "ego": {"vehicle": "bmw-320i", "speed": 10},
    "oracles": [{"type": "r157_preventable", "aeb": true}]})");
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_TRUE(s->oracles[0].reference_aeb);
  auto bad = parse_text(R"({"format": "assay.scenario/1", "id": "t", "title": "t",
    "simulator": {"duration": 1}, "ego": {"vehicle": "bmw-320i", "speed": 10},
    "oracles": [{"type": "r157_preventable", "target": "a"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("unknown key \"target\""), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The preventable map

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct MapRun {
  int code = -1;
  std::string out, err;
  fs::path dir;
};

MapRun run_map(const std::string& name, unsigned jobs, std::vector<std::string> extra = {}) {
  MapRun m;
  m.dir = fs::path(::testing::TempDir()) / ("preventable-" + name);
  fs::remove_all(m.dir);
  std::vector<std::string> args = {data("r157-cut-in.json"), "--set", "ego_speed=60", "--set",
                                   "cut_in_speed=40",        "--out", m.dir.string(), "--jobs",
                                   std::to_string(jobs)};
  args.insert(args.end(), extra.begin(), extra.end());
  auto o = parse_preventable_args(args);
  EXPECT_TRUE(o.ok()) << o.error().message;
  std::ostringstream out, err;
  m.code = preventable_command(*o, out, err);
  m.out = out.str();
  m.err = err.str();
  return m;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
         start = comma + 1) {
      cells.push_back(line.substr(start, comma - start));
    }
    cells.push_back(line.substr(start));
    rows.push_back(cells);
  }
  return rows;
}

TEST(PreventableMap, CsvBoundaryAndSvg) {
  const MapRun m = run_map("a", 2);
  ASSERT_EQ(m.code, 0) << m.err;
  const auto points = csv_rows(read(m.dir / "preventable.csv"));
  ASSERT_EQ(points.size(), 1u + 30u * 6u);  // header + 30 gaps × 6 lateral speeds
  EXPECT_EQ(points[0],
            (std::vector<std::string>{"gap", "lateral_speed", "ego_speed", "cut_in_speed", "case",
                                      "collided", "relative_impact_speed", "min_gap"}));
  std::map<std::pair<double, double>, bool> collided;
  for (std::size_t i = 1; i < points.size(); ++i) {
    ASSERT_EQ(points[i].size(), 8u);
    EXPECT_EQ(points[i][2], "60");
    EXPECT_EQ(points[i][3], "40");
    ASSERT_TRUE(points[i][5] == "0" || points[i][5] == "1") << points[i][5];
    collided[{std::stod(points[i][1]), std::stod(points[i][0])}] = points[i][5] == "1";
    EXPECT_EQ(points[i][6].empty(), points[i][5] == "0");  // impact speed only on contact
  }
  // Hand points: at 3 m/s the cutter is in the path 0.6 s after it starts; from 1 m nobody
  // stops, from 59 m (TTC 10.6 s, the driver brakes at TTC 2 s and needs about 7 m relative)
  // everybody does.
  EXPECT_TRUE(collided.at({3.0, 1.0}));
  EXPECT_FALSE(collided.at({3.0, 59.0}));
  EXPECT_FALSE(collided.at({0.5, 59.0}));

  const auto boundary = csv_rows(read(m.dir / "boundary.csv"));
  ASSERT_EQ(boundary.size(), 7u);
  EXPECT_EQ(boundary[0], (std::vector<std::string>{"lateral_speed", "min_preventable_gap"}));
  // Monotone: the wandering threshold (0.375 m) is crossed sooner by a faster cut-in, so the
  // driver perceives it at a larger remaining gap: the boundary gap does not grow with the
  // lateral speed.
  double previous = 1e9;
  for (std::size_t i = 1; i < boundary.size(); ++i) {
    ASSERT_FALSE(boundary[i][1].empty()) << boundary[i][0];
    const double gap = std::stod(boundary[i][1]);
    EXPECT_LE(gap, previous) << "at lateral speed " << boundary[i][0];
    previous = gap;
    // The boundary is the start of the last avoided run: avoided from it on, collided just below.
    const double y = std::stod(boundary[i][0]);
    for (const auto& [key, hit] : collided) {
      if (key.first == y && key.second >= gap) {
        EXPECT_FALSE(hit) << y << " " << key.second;
      }
    }
    if (gap > 1.0) {
      EXPECT_TRUE(collided.at({y, gap - 2.0}));
    }
  }

  const std::string svg = read(m.dir / "preventable.svg");
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto p = svg.find(needle); p != std::string::npos; p = svg.find(needle, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<circle "), 180u + 2u);  // every point, and two in the legend
  std::size_t hits = 0;
  for (const auto& [key, hit] : collided) hits += hit;
  EXPECT_EQ(count("fill=\"#d62728\""), hits + 1);
  EXPECT_EQ(count("<polyline class=\"boundary\""), 1u);
  EXPECT_NE(svg.find(">gap [m]</text>"), std::string::npos);
  EXPECT_NE(svg.find(">lateral_speed [m/s]</text>"), std::string::npos);
  EXPECT_NE(svg.find("ego_speed = 60 km/h, cut_in_speed = 40 km/h"), std::string::npos);
  EXPECT_GE(count("<line "), 5u);  // ticks
}

TEST(PreventableMap, BytesDoNotDependOnThreads) {
  const MapRun one = run_map("one", 1);
  const MapRun two = run_map("two", 2);
  ASSERT_EQ(one.code, 0) << one.err;
  ASSERT_EQ(two.code, 0) << two.err;
  for (const char* f : {"preventable.csv", "boundary.csv", "preventable.svg"}) {
    EXPECT_EQ(read(one.dir / f), read(two.dir / f)) << f;
  }
}

TEST(PreventableMap, UsageErrors) {
  auto code = [](std::vector<std::string> args) {
    auto o = parse_preventable_args(args);
    if (!o) return -2;
    std::ostringstream out, err;
    return preventable_command(*o, out, err);
  };
  const std::string f = data("r157-cut-in.json");
  EXPECT_EQ(code({f, "--set", "ego_speed=60"}), kExitUsage);  // cut_in_speed not fixed
  EXPECT_EQ(code({f, "--set", "ego_speed=61", "--set", "cut_in_speed=40"}), kExitUsage);
  EXPECT_EQ(code({f, "--x", "nope", "--set", "ego_speed=60", "--set", "cut_in_speed=40"}),
            kExitUsage);
  EXPECT_EQ(code({f, "--set", "gap=3"}), kExitUsage);  // swept
  EXPECT_EQ(code({f, "--bogus"}), -2);
  EXPECT_EQ(code({}), -2);
}

}  // namespace
}  // namespace assay::harness
