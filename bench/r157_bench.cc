// Throughput of the UNECE R157 cut-in grid (scenarios/unece-r157/cut-in.json, 52,500 cases of
// up to 40 s at 100 Hz) with the in-process reference ALKS on the kinematic single-track model:
// whole cases (plan, world, simulation, derived signals, r157_cut_in oracle, metrics), one
// thread. A deterministic slice of the grid (every 53rd case: every parameter takes several
// values) keeps an iteration short; items are cases, so the rate is cases/s per core.
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "harness/run.h"
#include "models/model.h"

namespace {

using namespace assay;

const harness::LoadedScenario& cut_in() {
  static const auto loaded = [] {
    auto l =
        harness::load_inputs({std::string(ASSAY_SOURCE_DIR) + "/scenarios/unece-r157/cut-in.json"});
    if (!l || l->size() != 1) throw std::runtime_error("cannot load the R157 cut-in grid");
    return std::move(l->front());
  }();
  return loaded;
}

constexpr std::uint64_t kStride = 53;

void BM_R157CutInGrid(benchmark::State& state) {
  const auto& l = cut_in();
  auto model = models::make_model(*models::parse_model_spec("alks"));
  if (!model) throw std::runtime_error(model.error().format());
  std::int64_t cases = 0, steps = 0;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < l.scenario.case_count(); i += kStride) {
      auto r =
          harness::run_case(l, harness::make_case(l.scenario, i, 1), **model, {"alks", 1, "", {}});
      benchmark::DoNotOptimize(r.verdict);
      steps += static_cast<std::int64_t>(r.steps);
      ++cases;
    }
  }
  state.SetItemsProcessed(cases);
  state.counters["steps_per_case"] = benchmark::Counter(
      static_cast<double>(steps) / static_cast<double>(std::max<std::int64_t>(cases, 1)));
  state.SetLabel("cases of the R157 cut-in grid (every 53rd), alks, judged, one thread");
}
BENCHMARK(BM_R157CutInGrid)->Unit(benchmark::kMillisecond);

}  // namespace
