// Closed-loop throughput: whole cases (simulation + model + contact checks + trace), the
// Bullet scenario step, and the bundled Euro NCAP suite. Targets in DESIGN.md: >= 5,000
// single-track cases (10 s at 100 Hz) per second per core; Bullet step (ego + 1 target) <= 10 µs.
#include <benchmark/benchmark.h>

#include <cmath>
#include <stdexcept>

#include "harness/run.h"
#include "models/builtin.h"
#include "oracles/vehicle_oracles.h"
#include "sim/vehicle/simulation.h"

namespace {

using namespace assay;

// Ego following a lead at the same speed 30 m ahead for 10 s: no end condition fires, so every
// case runs the full 1,000 steps.
sim::World following_world(sim::EgoDynamics dynamics) {
  sim::World w;
  w.ego_dynamics = dynamics;
  w.ego_params = *sim::find_vehicle("ford-escort");
  w.ego_initial.v = 20.0;
  w.ego_initial.y = 1.75;
  w.dt = 0.01;
  w.duration = 10.0;
  sim::TargetSpec lead;
  lead.id = "lead";
  lead.length = 4.5;
  lead.width = 1.8;
  lead.s = 40.0;
  lead.d = 1.75;
  lead.speed = 20.0;
  w.targets.push_back(lead);
  return w;
}

void run_case(const sim::World& w, models::Model& m) {
  sim::Simulation s(w);
  m.reset({1, w.dt, w.ego_initial.v});
  while (!s.finished()) s.step(m.step(s.observe()));
  benchmark::DoNotOptimize(s.trace().size());
}

void BM_SingleTrackCase(benchmark::State& state) {
  const auto w = following_world(static_cast<sim::EgoDynamics>(state.range(0)));
  models::IdmModel model({});
  for (auto _ : state) run_case(w, model);
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("cases; 10 s at 100 Hz, IDM follower");
}
BENCHMARK(BM_SingleTrackCase)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("kind")
    ->Unit(benchmark::kMicrosecond);

// The same case on a 250 m left curve: targets move in road coordinates, the ego is converted
// to them every step (two atan2 + hypot), the IDM follower steers with the road's curvature fed
// forward so it stays in its lane.
void BM_SingleTrackCaseOnCurve(benchmark::State& state) {
  auto w = following_world(static_cast<sim::EgoDynamics>(state.range(0)));
  w.road = sim::Road(2, 3.5, 1.0 / 250.0);
  const double wheelbase = w.ego_params.lf + w.ego_params.lr;
  models::IdmModel model({});
  for (auto _ : state) {
    sim::Simulation s(w);
    model.reset({1, w.dt, w.ego_initial.v});
    while (!s.finished()) {
      const sim::Observation& o = s.observe();
      sim::ActuatorCommand c = model.step(o);
      c.steer =
          std::atan(wheelbase * o.road_curvature) - 0.05 * o.ego_lateral_offset - 0.5 * o.ego_yaw;
      s.step(c);
    }
    benchmark::DoNotOptimize(s.trace().size());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("cases; 10 s at 100 Hz on a 250 m curve, IDM + lane keeping");
}
BENCHMARK(BM_SingleTrackCaseOnCurve)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("kind")
    ->Unit(benchmark::kMicrosecond);

void BM_SingleTrackCaseJudged(benchmark::State& state) {
  const auto w = following_world(sim::EgoDynamics::kKinematic);
  models::IdmModel model({});
  oracles::OracleConfig collision;
  collision.id = "collision";
  collision.kind = "collision";
  collision.target = "lead";
  for (auto _ : state) {
    sim::Simulation s(w);
    model.reset({1, w.dt, w.ego_initial.v});
    while (!s.finished()) s.step(model.step(s.observe()));
    benchmark::DoNotOptimize(oracles::evaluate(collision, s.trace()));
    benchmark::DoNotOptimize(oracles::vehicle_metrics(s.trace(), {"lead"}));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("cases incl. oracles and metrics");
}
BENCHMARK(BM_SingleTrackCaseJudged)->Unit(benchmark::kMicrosecond);

void BM_BulletScenarioStep(benchmark::State& state) {
  const auto w = following_world(sim::EgoDynamics::kBullet);
  models::IdmModel model({});
  std::int64_t steps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto s = std::make_unique<sim::Simulation>(w);
    model.reset({1, w.dt, w.ego_initial.v});
    state.ResumeTiming();
    while (!s->finished()) s->step(model.step(s->observe()));
    steps += static_cast<std::int64_t>(s->steps());
    state.PauseTiming();
    s.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(steps);
  state.SetLabel("steps; ego Bullet raycast vehicle + 1 target, 100 Hz");
}
BENCHMARK(BM_BulletScenarioStep)->Unit(benchmark::kMillisecond);

void BM_EuroNcapSuite(benchmark::State& state) {
  auto loaded = harness::load_inputs({std::string(ASSAY_SOURCE_DIR) + "/scenarios/euro-ncap"});
  if (!loaded) throw std::runtime_error(loaded.error().format());
  auto model = models::make_model(*models::parse_model_spec("aeb-ttc"));
  std::int64_t cases = 0;
  for (auto _ : state) {
    for (const auto& l : *loaded) {
      for (std::uint64_t i = 0; i < l.scenario.case_count(); ++i) {
        auto r = harness::run_case(l, harness::make_case(l.scenario, i, 1), **model,
                                   {"aeb-ttc", 1, "", {}});
        benchmark::DoNotOptimize(r.verdict);
        ++cases;
      }
    }
  }
  state.SetItemsProcessed(cases);
  state.SetLabel("cases of the Euro NCAP suite, judged, one thread");
}
BENCHMARK(BM_EuroNcapSuite)->Unit(benchmark::kMillisecond);

}  // namespace
