// Plugin call overhead: the example plugin (a C TTC AEB) against the same rule as the built-in
// aeb-ttc called directly. The difference is the cost of the C ABI (observation copy, indirect
// calls through the function table).
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "models/builtin.h"
#include "models/model.h"

namespace {

assay::sim::Observation observation() {
  assay::sim::Observation obs;
  obs.dt = 0.01;
  obs.ego_speed = 20.0;
  obs.ego_width = 1.8;
  obs.objects = {{0, 60.0, -5.0, 0.2, 1.7, 4.0, 15.0}, {1, 90.0, 0.0, 3.5, 1.7, 4.0, 20.0}};
  return obs;
}

void run(benchmark::State& state, assay::models::Model& model) {
  auto obs = observation();
  model.reset({1, 0.01, 20.0});
  for (auto _ : state) {
    obs.t += 1e-9;
    benchmark::DoNotOptimize(model.step(obs));
  }
}

void BM_PluginStep(benchmark::State& state) {
  auto spec = assay::models::parse_model_spec(std::string("plugin:") + ASSAY_EXAMPLE_PLUGIN);
  auto model = assay::models::make_model(*spec);
  if (!model) throw std::runtime_error(model.error().format());
  run(state, **model);
}
BENCHMARK(BM_PluginStep);

void BM_BuiltinAebStep(benchmark::State& state) {
  assay::models::AebTtcModel model({2.0, 8.0, 0.0});
  run(state, model);
}
BENCHMARK(BM_BuiltinAebStep);

}  // namespace
