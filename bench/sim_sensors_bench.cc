// Cost of the sensor models: one sense() of a two-object observation with every error source on,
// and one closed-loop step of the vehicle simulation with and without sensors.
#include <benchmark/benchmark.h>

#include "sim/vehicle/sensors.h"
#include "sim/vehicle/simulation.h"

namespace assay::sim {
namespace {

SensorSpec full_spec() {
  SensorSpec s;
  s.enabled = true;
  s.object.range = 150.0;
  s.object.fov = 1.0;
  s.object.noise = {0.3, 0.2, 0.1};
  s.object.bias = {0.1, 0.0, 0.0};
  s.object.dropout = 0.05;
  s.object.dropout_burst = 0.3;
  s.object.latency = 0.1;
  s.object.false_positive = 0.01;
  s.ego = {0.05, 0.0, 0.1, 0.0};
  return s;
}

void BM_SenseTwoObjects(benchmark::State& state) {
  const SensorSpec spec = full_spec();
  SensorState sensors(spec, 1, 2, 0.01);
  Observation truth;
  truth.ego_speed = 20.0;
  truth.objects = {{0, 30.0, -5.0, 0.2, 1.8, 4.0, 15.0}, {1, 60.0, -2.0, -3.5, 1.8, 4.0, 18.0}};
  Observation out;
  out.objects.reserve(3);
  for (auto _ : state) {
    sensors.sense(truth, out);
    benchmark::DoNotOptimize(out.objects.data());
  }
}
BENCHMARK(BM_SenseTwoObjects);

World world(bool sensors) {
  World w;
  w.ego_params = *find_vehicle("ford-escort");
  w.ego_initial.v = 20.0;
  w.duration = 2500.0;  // more steps than iterations; the trace is reserved for all of them
  TargetSpec t;
  t.id = "lead";
  t.length = 4.0;
  t.width = 1.8;
  t.s = 1e7;
  t.speed = 20.0;
  w.targets.push_back(t);
  w.seed = 7;
  if (sensors) w.sensors = full_spec();
  return w;
}

void BM_SimulationStep(benchmark::State& state) {
  const World w = world(state.range(0) != 0);
  Simulation sim(w);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sim.observe().objects.size());
    sim.step({0.0, 0.0});
  }
  state.SetLabel(state.range(0) ? "with sensors" : "ground truth");
}
BENCHMARK(BM_SimulationStep)->Arg(0)->Arg(1)->Iterations(200000);

}  // namespace
}  // namespace assay::sim
