// Throughput of the R157 preventable map (`assay preventable`): grid points per second, each a
// whole closed-loop case with the competent and careful driver (kinematic model, 100 Hz, up to
// 10 s), including planning, the executor, the journal and the three output files. Also the
// cost the r157_preventable oracle adds to one case (the counterfactual run).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>

#include "harness/counterfactual.h"
#include "harness/plan.h"
#include "harness/preventable.h"
#include "harness/run.h"

namespace {

using namespace assay;

const std::string kScenario = std::string(ASSAY_SOURCE_DIR) + "/tests/data/r157-cut-in.json";
constexpr std::int64_t kPoints = 180;  // 30 gaps × 6 lateral speeds at one pair of speeds

// The whole map at ego 60 km/h, cut-in 40 km/h, on state.range(0) threads.
void BM_PreventableMap(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / "assay-preventable-bench";
  harness::PreventableOptions o;
  o.scenario = kScenario;
  o.fixed = {{"ego_speed", "60"}, {"cut_in_speed", "40"}};
  o.out_dir = dir.string();
  o.jobs = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    std::ostringstream out, err;
    if (harness::preventable_command(o, out, err) != 0) throw std::runtime_error(err.str());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kPoints);
  std::filesystem::remove_all(dir);
}
// Workers do the work: CPU time is the whole process's, so items/s are grid points per CPU second.
BENCHMARK(BM_PreventableMap)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("jobs")
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// One counterfactual C&C run (a preventable cut-in: 31 m at 1 m/s, the driver stops short).
void BM_Counterfactual(benchmark::State& state) {
  auto loaded = harness::load_inputs({kScenario});
  if (!loaded) throw std::runtime_error(loaded.error().format());
  const auto& s = loaded->front().scenario;
  std::uint64_t index = 0;
  for (std::uint64_t i = 0; i < s.case_count(); ++i) {
    const auto v = harness::make_case(s, i, 1).values;
    if (v[0] == 60 && v[1] == 40 && v[2] == 31 && v[3] == 1.0) index = i;
  }
  auto world = harness::build_world(harness::make_case(s, index, 1));
  if (!world) throw std::runtime_error(world.error().format());
  for (auto _ : state) benchmark::DoNotOptimize(harness::run_cc_counterfactual(*world, false));
}
BENCHMARK(BM_Counterfactual)->Unit(benchmark::kMicrosecond);

}  // namespace
