// Sensors end to end: the bundled example scenario (scenarios/examples/ccrs-noisy-sensor.json)
// run with the reference AEB. A perfect-timing sensor passes; a large latency makes the same
// case fail; the sensed sequence is a function of the case seed alone.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "harness/plan.h"
#include "harness/run.h"
#include "models/model.h"
#include "sim/vehicle/simulation.h"

namespace assay::harness {
namespace {

const LoadedScenario& noisy_ccrs() {
  static const auto loaded = [] {
    auto l =
        load_inputs({std::string(ASSAY_SOURCE_DIR) + "/scenarios/examples/ccrs-noisy-sensor.json"});
    if (!l || l->size() != 1) throw std::runtime_error("cannot load ccrs-noisy-sensor.json");
    return std::move(l).value();
  }();
  return loaded.front();
}

double param(const CasePlan& plan, const std::string& name) {
  for (std::size_t i = 0; i < plan.scenario->parameters.size(); ++i) {
    if (plan.scenario->parameters[i].name == name) return plan.values[i];
  }
  return std::nan("");
}

// The case index of (v_ego [km/h], latency [ms], dropout [%]) in the example's grid.
std::uint64_t find_case(double v, double latency, double dropout) {
  const auto& s = noisy_ccrs().scenario;
  for (std::uint64_t i = 0; i < s.case_count(); ++i) {
    const CasePlan p = make_case(s, i, 1);
    if (param(p, "v_ego") == v && param(p, "latency") == latency && param(p, "dropout") == dropout)
      return i;
  }
  throw std::runtime_error("no such case");
}

CaseResult run_one(std::uint64_t index) {
  auto model = models::make_model(*models::parse_model_spec("aeb-ttc"));
  const auto& l = noisy_ccrs();
  return run_case(l, make_case(l.scenario, index, 1), **model, {"aeb-ttc", 1, "", {}});
}

TEST(SensorsEndToEnd, LargeLatencyMakesTheReferenceAebFailACaseItPassesWithAPromptSensor) {
  const CaseResult prompt = run_one(find_case(50, 0, 0));
  EXPECT_EQ(prompt.verdict, Verdict::kPass) << prompt.reason;
  const CaseResult late = run_one(find_case(50, 1200, 0));
  EXPECT_EQ(late.verdict, Verdict::kFail) << late.reason;
  // At 20 km/h the same 1.2 s latency still leaves room to stop: the AEB needs v/(2a)
  // = 5.56/16 = 0.35 s of TTC to stop at 8 m/s², and it reacts at 2 s − 1.2 s − 0.1 s = 0.7 s.
  const CaseResult slow = run_one(find_case(20, 1200, 0));
  EXPECT_EQ(slow.verdict, Verdict::kPass) << slow.reason;
}

TEST(SensorsEndToEnd, DropoutBurstsMakeTheReferenceAebFailAtFiftyKmH) {
  const CaseResult lossy = run_one(find_case(50, 0, 30));
  EXPECT_EQ(lossy.verdict, Verdict::kFail) << lossy.reason;
}

// The sensed distance minus the truth at the same step (latency 0), first n steps.
std::vector<double> distance_errors(std::uint64_t index, std::uint64_t master_seed, int n) {
  const CasePlan plan = make_case(noisy_ccrs().scenario, index, master_seed);
  auto world = build_world(plan);
  if (!world) throw std::runtime_error(world.error().format());
  EXPECT_EQ(world->seed, plan.seed);
  EXPECT_TRUE(world->sensors.enabled);
  sim::Simulation sim(*world);
  for (int k = 0; k < n && !sim.finished(); ++k) sim.step({});
  const auto gap = sim.trace().column("gvt.gap");
  const auto sensed = sim.trace().column("gvt.sensed_distance");
  std::vector<double> e;
  for (std::size_t k = 0; k < gap.size(); ++k) e.push_back(sensed[k] - gap[k]);
  return e;
}

TEST(SensorsEndToEnd, SensedNoiseDependsOnTheCaseSeedAndReplaysExactly) {
  const std::uint64_t a = find_case(20, 0, 0), b = find_case(50, 0, 0);
  const auto first = distance_errors(a, 1, 100);
  ASSERT_EQ(first.size(), 101u);
  EXPECT_EQ(first, distance_errors(a, 1, 100));            // bit-identical replay
  EXPECT_NE(first, distance_errors(b, 1, 100));            // another case index: other noise
  EXPECT_NE(first, distance_errors(a, 2, 100));            // another master seed: other noise
  for (double e : first) EXPECT_LT(std::abs(e), 5 * 0.3);  // σ = 0.3 m, 5σ
}

}  // namespace
}  // namespace assay::harness
