// End-to-end tests of planning, simulation and judging on the bundled Euro NCAP suite and on
// worlds built by hand, against closed forms and invariants.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "core/rng.h"
#include "core/units.h"
#include "harness/run.h"
#include "models/builtin.h"
#include "reports/reports.h"
#include "sim/vehicle/simulation.h"

namespace assay::harness {
namespace {

std::string source(const std::string& rel) {
  return std::string(ASSAY_SOURCE_DIR) + "/" + rel;
}

const std::vector<LoadedScenario>& euro_ncap() {
  static const auto loaded = [] {
    auto l = load_inputs({source("scenarios/euro-ncap")});
    if (!l) throw std::runtime_error(l.error().format());
    return std::move(l).value();
  }();
  return loaded;
}

const LoadedScenario& by_tag(const std::string& tag) {
  for (const auto& l : euro_ncap()) {
    for (const auto& t : l.scenario.tags) {
      if (t == tag) return l;
    }
  }
  throw std::runtime_error("no scenario tagged " + tag);
}

double param(const CaseResult& r, const std::string& name) {
  for (const auto& p : r.parameters) {
    if (p.name == name) return p.value;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double metric(const CaseResult& r, const std::string& name) {
  for (const auto& m : r.metrics) {
    if (m.name == name) return m.value;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double param_value(const CasePlan& plan, const std::string& name) {
  for (std::size_t i = 0; i < plan.scenario->parameters.size(); ++i) {
    if (plan.scenario->parameters[i].name == name) return plan.values_si[i];
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::vector<CaseResult> run_all(const LoadedScenario& l, const std::string& model_spec) {
  auto model = models::make_model(*models::parse_model_spec(model_spec));
  std::vector<CaseResult> out;
  for (std::uint64_t i = 0; i < l.scenario.case_count(); ++i) {
    out.push_back(run_case(l, make_case(l.scenario, i, 1), **model, {model_spec, 1, "", {}}));
  }
  return out;
}

TEST(EuroNcap, NoneCollidesInEveryCcrsCaseAtTheTestSpeed) {
  const auto results = run_all(by_tag("ccrs"), "none");
  ASSERT_EQ(results.size(), 45u);  // 9 speeds (10..50 km/h by 5) × 5 overlaps, protocol §1.2
  for (const auto& r : results) {
    EXPECT_EQ(r.verdict, Verdict::kFail) << r.case_id;
    EXPECT_EQ(r.end_reason, "collision") << r.case_id;
    // Never braking, the ego hits at exactly its test speed.
    EXPECT_NEAR(metric(r, "impact_speed"), units::kmh_to_ms(param(r, "v_ego")), 1e-9) << r.case_id;
  }
}

TEST(EuroNcap, NoneHitsTheMovingTargetAtTheSpeedDifferenceInCcrm) {
  const auto results = run_all(by_tag("ccrm"), "none");
  ASSERT_EQ(results.size(), 55u);  // 11 speeds (30..80 km/h by 5) × 5 overlaps
  for (const auto& r : results) {
    EXPECT_EQ(r.verdict, Verdict::kFail) << r.case_id;
    EXPECT_NEAR(metric(r, "relative_impact_speed"), units::kmh_to_ms(param(r, "v_ego") - 20.0),
                1e-9)
        << r.case_id;
  }
}

TEST(EuroNcap, ReferenceAebPassesEveryCase) {
  for (const auto& l : euro_ncap()) {
    for (const auto& r : run_all(l, "aeb-ttc")) {
      EXPECT_EQ(r.verdict, Verdict::kPass) << r.case_id << ": " << r.reason;
    }
  }
}

RunResults run_suite(unsigned jobs) {
  RunOptions o;
  o.jobs = jobs;
  o.model = "aeb-ttc";
  o.out_dir = ::testing::TempDir() + "/det-" + std::to_string(jobs);
  o.traces = KeepTraces::kNone;
  auto cases = select_cases(euro_ncap(), o);
  auto run = execute(*cases, o, nullptr);
  if (!run) throw std::runtime_error(run.error().format());
  return std::move(run).value();
}

TEST(Determinism, SameResultsForOneAndTwoThreadsAndAcrossRuns) {
  const std::string one = normalise_results_json(results_json(run_suite(1)));
  const std::string two = normalise_results_json(results_json(run_suite(2)));
  const std::string again = normalise_results_json(results_json(run_suite(2)));
  EXPECT_EQ(one, two);
  EXPECT_EQ(two, again);
  EXPECT_GT(one.size(), 10000u);
}

TEST(Replay, ASingleSelectedCaseEqualsTheSameCaseInAFullRun) {
  const auto& l = by_tag("ccrm");
  const auto full = run_all(l, "none");
  RunOptions o;
  o.model = "none";
  o.cases = {full[17].case_id};
  o.out_dir = ::testing::TempDir() + "/replay";
  o.traces = KeepTraces::kNone;
  auto cases = select_cases(euro_ncap(), o);
  ASSERT_TRUE(cases.ok());
  ASSERT_EQ(cases->size(), 1u);
  auto run = execute(*cases, o, nullptr);
  ASSERT_TRUE(run.ok());
  RunResults a, b;
  a.cases = {full[17]};
  b.cases = {run->cases.at(0)};
  a.cases[0].wall_seconds = b.cases[0].wall_seconds = 0;
  EXPECT_EQ(results_json(a), results_json(b));
  EXPECT_NE(full[17].replay.find("--case " + full[17].case_id), std::string::npos);
}

TEST(Selection, FiltersMatchIdsAndTagsAndCaseSelectorsAreChecked) {
  RunOptions o;
  o.filters = {"ccrb"};
  auto only_ccrb = select_cases(euro_ncap(), o);
  ASSERT_TRUE(only_ccrb.ok());
  // 2023: 2 decelerations × 2 headways (protocol §1.2); 2026: 6 speeds (§1.6).
  EXPECT_EQ(only_ccrb->size(), 4u + 6u);
  o.filters = {"no-such-*"};
  EXPECT_TRUE(select_cases(euro_ncap(), o)->empty());
  o.filters.clear();
  o.cases = {by_tag("ccrb").scenario.id + "#4"};
  EXPECT_FALSE(select_cases(euro_ncap(), o).ok());
  o.cases = {"unknown#0"};
  EXPECT_FALSE(select_cases(euro_ncap(), o).ok());
}

// --- Worlds built by hand ---------------------------------------------------------------

sim::World straight_world(sim::EgoDynamics dynamics, double v, double gap) {
  sim::World w;
  w.ego_dynamics = dynamics;
  w.ego_params = *sim::find_vehicle("ford-escort");
  w.ego_initial.v = v;
  w.ego_initial.y = 1.75;
  w.dt = 0.01;
  w.duration = 30.0;
  w.road = sim::Road(1, 3.5);
  w.end_on_ego_stopped = true;
  const sim::Pose centre = sim::footprint_pose(w.ego_params, w.ego_initial);
  sim::TargetSpec t;
  t.id = "gvt";
  t.length = 4.0;
  t.width = 1.8;
  t.s = centre.x + 0.5 * w.ego_params.length + gap + 0.5 * t.length;
  t.d = 1.75;
  w.targets.push_back(t);
  return w;
}

TEST(Contact, FirstContactTimeAtConstantSpeedIsGapOverSpeed) {
  const auto w = straight_world(sim::EgoDynamics::kKinematic, 10.0, 20.0);
  sim::Simulation s(w);
  while (!s.finished()) s.step({});
  ASSERT_EQ(s.end_reason(), "collision");
  const auto* e = s.trace().find_event(sim::kContactEvent);
  ASSERT_NE(e, nullptr);
  EXPECT_NEAR(e->t, 2.0, 1e-5);  // 20 m / 10 m/s; bisection resolves 1e-4 of a 0.01 s step
  EXPECT_NEAR(*e->value("ego_speed"), 10.0, 1e-12);
}

// A braking ego with enough distance never hits a stationary target, and its speed never
// changes sign while it brakes to a stop, for every single-track model.
RC_GTEST_PROP(ClosedLoop, BrakingWithEnoughDistanceNeverHitsAndNeverReverses, ()) {
  const double v = *rc::gen::inRange(50, 400) / 10.0;     // 5..40 m/s
  const double decel = *rc::gen::inRange(30, 90) / 10.0;  // 3..9 m/s²
  const int kind = *rc::gen::inRange(0, 3);
  const auto dynamics = static_cast<sim::EgoDynamics>(kind);
  auto w = straight_world(dynamics, v, 0.0);
  // Stopping distance v²/2a plus the first-order actuator lag's v·τ, plus 0.5 m to spare.
  const double stopping = v * v / (2.0 * decel) + v * w.ego_params.tau_accel + 0.5;
  w.targets[0].s += stopping;
  sim::Simulation s(w);
  while (!s.finished()) s.step({-decel, 0.0});
  RC_ASSERT(s.trace().find_event(sim::kContactEvent) == nullptr);
  RC_ASSERT(s.end_reason() == std::string("ego-stopped"));
  for (double speed : s.trace().column("ego.v")) RC_ASSERT(speed >= 0.0);
}

TEST(Plan, LastParameterVariesFastestAndRandomDrawsAreReproducible) {
  const auto& ccrs = by_tag("ccrs").scenario;
  const auto c0 = make_case(ccrs, 0, 1), c1 = make_case(ccrs, 1, 1), c5 = make_case(ccrs, 5, 1);
  ASSERT_EQ(ccrs.parameters.size(), 2u);
  EXPECT_EQ(c0.values[0], c1.values[0]);  // first parameter unchanged between 0 and 1
  EXPECT_NE(c0.values[1], c1.values[1]);  // last parameter changed
  EXPECT_NE(c0.values[0], c5.values[0]);  // after 5 overlaps the speed moves on
  EXPECT_EQ(c0.seed, case_seed(1, ccrs.id, 0));
  EXPECT_NE(make_case(ccrs, 0, 2).seed, c0.seed);
}

}  // namespace
}  // namespace assay::harness

namespace assay::harness {
namespace {

TEST(Plan, RandomParametersComeFromTheCaseSeedWithinTheirBounds) {
  auto loaded = load_inputs({source("tests/data/random-lead.json")});
  ASSERT_TRUE(loaded.ok()) << loaded.error().format();
  const auto& s = loaded->at(0).scenario;
  ASSERT_EQ(s.case_count(), 6u);  // 2 grid points × 3 samples
  for (std::uint64_t i = 0; i < 6; ++i) {
    const auto a = make_case(s, i, 7), b = make_case(s, i, 7);
    EXPECT_EQ(a.values, b.values);  // reproducible from (seed, id, index) alone
    EXPECT_EQ(a.values[0], i < 3 ? 40.0 : 60.0);
    EXPECT_GE(a.values[1], 2.0);
    EXPECT_LT(a.values[1], 8.0);
    EXPECT_GE(a.values[2], 12.0);
    EXPECT_LE(a.values[2], 40.0);
    EXPECT_DOUBLE_EQ(a.values_si[0], units::kmh_to_ms(a.values[0]));
  }
  EXPECT_NE(make_case(s, 0, 7).values[1], make_case(s, 1, 7).values[1]);
  EXPECT_NE(make_case(s, 0, 7).values[1], make_case(s, 0, 8).values[1]);
}

TEST(Plan, BuildWorldPlacesTargetsByGapTtcAndOverlap) {
  const auto& l = by_tag("ccrs");
  const auto plan = make_case(l.scenario, 0, 1);
  auto w = build_world(plan);
  ASSERT_TRUE(w.ok()) << w.error().format();
  const auto ego = sim::footprint_pose(w->ego_params, w->ego_initial);
  const auto& t = w->targets.at(0);
  const double gap = (t.s - 0.5 * t.length) - (ego.x + 0.5 * w->ego_params.length);
  // CCRs starts at TTC 5 s against a stationary target: gap = 5 s · v_ego.
  EXPECT_NEAR(gap, 5.0 * w->ego_initial.v, 1e-9);
  // Overlap -50 %: the target covers the right half of the ego, so its left edge lies on the
  // ego's centreline: centre offset = -(w_target / 2).
  ASSERT_DOUBLE_EQ(param_value(plan, "overlap"), -0.5);
  EXPECT_NEAR(t.d - ego.y, -0.5 * t.width, 1e-9);
  // Overlap 75 % (case 3): the target covers 75 % of the ego from its left side.
  auto w75 = build_world(make_case(l.scenario, 3, 1));
  ASSERT_TRUE(w75.ok());
  const auto& t75 = w75->targets.at(0);
  const double left_edge_ego = ego.y + 0.5 * w75->ego_params.width;
  const double right_edge_target = t75.d - 0.5 * t75.width;
  EXPECT_NEAR(left_edge_ego - right_edge_target, 0.75 * w75->ego_params.width, 1e-9);
}

}  // namespace
}  // namespace assay::harness

namespace assay::harness {
namespace {

// The scenario parser keeps its own list of vehicle names (it cannot link the simulator); every
// name it accepts must be a parameter set the simulator knows.
TEST(Vehicles, EveryNameTheParserAcceptsExistsInTheSimulator) {
  for (const auto& name : sim::vehicle_names()) {
    const std::string text = R"({"format": "assay.scenario/1", "id": "v", "title": "t",
      "simulator": {"vehicle_model": "kinematic", "dt": 0.01, "duration": 1},
      "road": {"lanes": 1, "lane_width": 3.5},
      "ego": {"vehicle": ")" +
                             name +
                             R"(", "speed": 10}, "oracles": [{"type": "max_jerk", "max": 50}]})";
    auto doc = parse_json(text, "v.json");
    ASSERT_TRUE(doc.ok());
    auto s = scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
    EXPECT_TRUE(s.ok()) << name << ": " << s.error().format();
  }
}

}  // namespace
}  // namespace assay::harness
