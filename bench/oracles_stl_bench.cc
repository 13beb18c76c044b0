// STL robustness throughput: offline always[0,b] over a 100 Hz trace for window widths from 10
// samples to the whole trace (target: ≥ 50 M samples/s whatever b), and a nested formula.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "core/rng.h"
#include "oracles/stl.h"

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

void BM_Nested(benchmark::State& state) {
  run(state,
      "always[0,10] (x > -5 implies eventually[0,2] abs(x) < 3) and historically[0,1] x < 50");
}
BENCHMARK(BM_Nested)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Until(benchmark::State& state) {
  run(state, "(x > -20) until[1,30] (x > 2)");
}
BENCHMARK(BM_Until)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
