// STL robustness throughput: offline always[0,b] over a 100 Hz trace for window widths from 1
// sample to the whole trace (target: ≥ 50 M samples/s whatever b), a nested formula, until; and
// the streaming monitor (oracles/stl_monitor.h) fed one sample at a time.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "core/rng.h"
#include "oracles/stl.h"
#include "oracles/stl_monitor.h"

namespace {

assay::Trace make_trace(std::size_t n) {
  assay::Trace t;
  t.add_signal("x", "m");
  t.reserve(n);
  assay::Rng rng(42);
  double x = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    x = 0.99 * x + rng.uniform(-1.0, 1.0);  // a random walk: the wedge does real work
    const double row[1] = {x};
    t.append(static_cast<double>(i) * 0.01, row);
  }
  return t;
}

void run(benchmark::State& state, const std::string& text) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const assay::Trace trace = make_trace(n);
  auto f = assay::stl::parse(text);
  if (!f) {
    state.SkipWithError(f.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    auto r = assay::stl::evaluate(*f, trace);
    benchmark::DoNotOptimize(r->values.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

// b in seconds at 100 Hz: 0.1 s = 10 samples ... 10,000 s = the whole 1 M-sample trace.
void BM_AlwaysWindow(benchmark::State& state) {
  const double b = static_cast<double>(state.range(1)) / 10.0;
  run(state, "always[0," + std::to_string(b) + "] x > -100");
}
BENCHMARK(BM_AlwaysWindow)
    ->ArgsProduct({{1 << 20}, {1, 10, 100, 1000, 10000, 100000}})
    ->Unit(benchmark::kMillisecond);

// b in samples at 100 Hz: 1, 10, ..., 10^4 samples (0.01 s to 100 s).
void BM_AlwaysWindowSamples(benchmark::State& state) {
  const double b = static_cast<double>(state.range(1)) * 0.01;
  run(state, "always[0," + std::to_string(b) + "] x > -100");
}
BENCHMARK(BM_AlwaysWindowSamples)
    ->ArgsProduct({{1 << 20}, {1, 10, 100, 1000, 10000}})
    ->Unit(benchmark::kMillisecond);

void BM_Nested(benchmark::State& state) {
  run(state,
      "always[0,10] (x > -5 implies eventually[0,2] abs(x) < 3) and historically[0,1] x < 50");
}
BENCHMARK(BM_Nested)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Until(benchmark::State& state) {
  run(state, "(x > -20) until[1,30] (x > 2)");
}
BENCHMARK(BM_Until)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// The streaming monitor: every sample pushed, one at a time, until the value at t = 0 is exact.
// The outer windows are as long as the trace, so every sample is consumed.
void stream(benchmark::State& state, const std::string& text) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const assay::Trace trace = make_trace(n);
  auto f = assay::stl::parse(text);
  if (!f) {
    state.SkipWithError(f.error().message.c_str());
    return;
  }
  const auto x = trace.column(1);
  const auto t = trace.time();
  std::int64_t consumed = 0;
  for (auto _ : state) {
    auto m = assay::stl::Monitor::create(*f, {"x"});
    for (std::size_t i = 0; i < n; ++i) {
      const double row[1] = {x[i]};
      if (!m->push(t[i], row).ok()) state.SkipWithError("push failed");
    }
    m->finish();
    benchmark::DoNotOptimize(m->bounds().lo);
    consumed += static_cast<std::int64_t>(m->samples());
  }
  state.SetItemsProcessed(consumed);
}

void BM_StreamAlways(benchmark::State& state) {
  stream(state, "always[0,20000] x > -100");
}
BENCHMARK(BM_StreamAlways)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_StreamNested(benchmark::State& state) {
  stream(state,
         "always[0,20000] (x > -5 implies eventually[0,2] abs(x) < 3) and historically[0,1] x < "
         "50");
}
BENCHMARK(BM_StreamNested)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_StreamUntil(benchmark::State& state) {
  stream(state, "always[0,20000] ((x > -20) until[1,30] (x > 2))");
}
BENCHMARK(BM_StreamUntil)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// One 10 s case at 100 Hz, as the harness feeds it: 1001 samples.
void BM_StreamCase(benchmark::State& state) {
  stream(state, "always[0,10] (x > -5 implies eventually[0,1] abs(x) < 3)");
}
BENCHMARK(BM_StreamCase)->Arg(1001)->Unit(benchmark::kMicrosecond);

}  // namespace
