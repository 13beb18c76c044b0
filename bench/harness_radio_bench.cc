// A whole radio case from a scenario file: plan (case → RadioWorld), the closed loop with the
// default model (threshold-acm) and the radio oracles, for the bundled 10-minute LEO pass at
// 100 Hz (scenarios/radio/leo-s-band.json, 60,000 steps). Issue 4's target for the channel
// alone is under 50 ms per pass; this measures what `assay run` adds on top.
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "harness/plan_radio.h"
#include "harness/run.h"
#include "harness/run_radio_case.h"

namespace {

using namespace assay;
using namespace assay::harness;

const LoadedScenario& leo() {
  static const LoadedScenario loaded = [] {
    auto l = load_inputs({std::string(ASSAY_SOURCE_DIR) + "/scenarios/radio/leo-s-band.json"});
    if (!l || l->size() != 1) throw std::runtime_error("cannot load leo-s-band.json");
    return l->front();
  }();
  return loaded;
}

void BM_RadioCaseLeoPass10Min100Hz(benchmark::State& state) {
  const CasePlan plan = make_case(leo().scenario, 1, 1);
  CaseRunContext context;
  for (auto _ : state) {
    CaseResult r;
    const Trace trace = run_radio_case(plan, context, r);
    benchmark::DoNotOptimize(r.verdict);
    benchmark::DoNotOptimize(trace.size());
  }
  state.SetItemsProcessed(state.iterations() * 60'000);
}
BENCHMARK(BM_RadioCaseLeoPass10Min100Hz)->Unit(benchmark::kMillisecond);

void BM_RadioScenarioParse(benchmark::State& state) {
  const std::string path = std::string(ASSAY_SOURCE_DIR) + "/scenarios/radio/leo-s-band.json";
  for (auto _ : state) {
    auto s = scenario::load_scenario(path);
    benchmark::DoNotOptimize(s.ok());
  }
}
BENCHMARK(BM_RadioScenarioParse)->Unit(benchmark::kMicrosecond);

}  // namespace
