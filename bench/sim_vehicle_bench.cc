// One single-track step per iteration for each model kind (DESIGN.md targets: kinematic ≤ 50 ns,
// dynamic ≤ 200 ns per step in a Release build).
#include <cmath>

#include <benchmark/benchmark.h>

#include "sim/vehicle/single_track.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {
namespace {

// Steps a vehicle cruising at 20 m/s (above the low-speed blend, so the dynamic kinds run their
// full dynamic step) with a slowly varying steer and accel command so that nothing is constant
// across iterations. The command table is precomputed to keep sin/cos out of the timed loop.
void bm_step(benchmark::State& state, SingleTrackKind kind) {
  const VehicleParams& p = *find_vehicle("bmw-320i");
  constexpr int kCommands = 256;
  ActuatorCommand commands[kCommands];
  for (int i = 0; i < kCommands; ++i) {
    const double phase = 2.0 * 3.141592653589793 * i / kCommands;
    commands[i] = {.accel = 0.5 * std::sin(phase), .steer = 0.05 * std::cos(phase)};
  }
  VehicleState s;
  s.v = 20.0;
  int i = 0;
  for (auto _ : state) {
    step_single_track(kind, p, s, commands[i], 0.01);
    benchmark::DoNotOptimize(s);
    i = (i + 1) % kCommands;
  }
  state.counters["v_end"] = s.v;
}

BENCHMARK_CAPTURE(bm_step, kinematic, SingleTrackKind::kKinematic);
BENCHMARK_CAPTURE(bm_step, dynamic_linear, SingleTrackKind::kDynamicLinear);
BENCHMARK_CAPTURE(bm_step, dynamic_pacejka, SingleTrackKind::kDynamicPacejka);

}  // namespace
}  // namespace assay::sim
