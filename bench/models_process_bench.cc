// External-process round trip: one step message out, one reply back, over the JSON-lines
// protocol. Target (DESIGN.md, issue 5): ≤ 50 µs per step. Real time, since most of the cost is
// the other process and the kernel, not this thread.
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "models/process_model.h"

namespace {

assay::sim::Observation observation() {
  assay::sim::Observation obs;
  obs.dt = 0.01;
  obs.ego_speed = 20.0;
  obs.ego_width = 1.8;
  obs.objects = {{0, 60.0, -5.0, 0.2, 1.7, 4.0, 15.0}, {1, 90.0, 0.0, 3.5, 1.7, 4.0, 20.0}};
  return obs;
}

void run(benchmark::State& state, std::vector<std::string> argv) {
  assay::models::ProcessConfig config;
  config.argv = std::move(argv);
  config.case_timeout = 1e5;
  auto model = assay::models::ProcessModel::start(config);
  if (!model) throw std::runtime_error(model.error().format());
  (*model)->reset({1, 0.01, 20.0});
  auto obs = observation();
  for (auto _ : state) {
    obs.t += 0.01;
    const auto cmd = (*model)->step(obs);
    if (cmd.accel != cmd.accel) state.SkipWithError((*model)->failure().c_str());
    benchmark::DoNotOptimize(cmd);
  }
}

// The protocol floor: a Python model that answers every step with a constant, without decoding.
void BM_ProcessRoundTripMinimalPython(benchmark::State& state) {
  run(state, {"python3", "-c",
              "import sys\n"
              "w = sys.stdout.write; f = sys.stdout.flush\n"
              "for line in sys.stdin:\n"
              "    if line.startswith('{\"type\":\"step\"'): w('{\"accel\":0}\\n')\n"
              "    elif '\"hello\"' in line: w('{\"type\":\"hello\",\"protocol\":1,\"name\":\"m\","
              "\"version\":\"1\"}\\n')\n"
              "    elif '\"reset\"' in line: w('{\"type\":\"ready\"}\\n')\n"
              "    else: break\n"
              "    f()\n"});
}
BENCHMARK(BM_ProcessRoundTripMinimalPython)->UseRealTime();

// The protocol's own floor: the same constant answers from a small C program
// (bench/helpers/process_responder.c), so the time is the harness, the kernel and two context
// switches, without an interpreter.
void BM_ProcessRoundTripMinimalC(benchmark::State& state) {
  run(state, {ASSAY_PROCESS_RESPONDER});
}
BENCHMARK(BM_ProcessRoundTripMinimalC)->UseRealTime();

// A realistic model: the plain-python AEB example (json.loads + logic + json.dumps per step).
void BM_ProcessRoundTripExampleAeb(benchmark::State& state) {
  run(state, {"python3", std::string(ASSAY_SOURCE_DIR) + "/examples/process/aeb_model.py"});
}
BENCHMARK(BM_ProcessRoundTripExampleAeb)->UseRealTime();

}  // namespace
