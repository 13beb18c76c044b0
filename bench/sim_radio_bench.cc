// Radio simulator speed (issue 4 targets): Monte Carlo BER ≥ 200 Mbit/s per core for BPSK/QPSK
// in AWGN; fading-channel samples per second; a 10-minute LEO pass at 100 Hz in < 50 ms.
#include <benchmark/benchmark.h>

#include "sim/radio/gaussian.h"
#include "sim/radio/monte_carlo.h"

namespace {

using namespace assay::radio;

void mc_ber(benchmark::State& state, Modulation mod, Fading fading, double db) {
  assay::Rng rng(1);
  const std::uint64_t bits = 1 << 20;
  std::uint64_t errors = 0;
  for (auto _ : state) {
    const BerCount c = simulate_ber(mod, fading, from_db(db), bits, rng);
    errors += c.errors;
    benchmark::DoNotOptimize(errors);
  }
  // Bits per second, reported as "bits/s" (the target is ≥ 200 Mbit/s per core).
  state.counters["bits/s"] = benchmark::Counter(static_cast<double>(state.iterations() * bits),
                                                benchmark::Counter::kIsRate);
}

void BM_BerBpskAwgn(benchmark::State& s) {
  mc_ber(s, {ModFamily::kPsk, 2}, {}, 4);
}
void BM_BerQpskAwgn(benchmark::State& s) {
  mc_ber(s, {ModFamily::kPsk, 4}, {}, 4);
}
void BM_Ber16QamAwgn(benchmark::State& s) {
  mc_ber(s, {ModFamily::kQam, 16}, {}, 10);
}
void BM_BerBpskRayleigh(benchmark::State& s) {
  mc_ber(s, {ModFamily::kPsk, 2}, {Fading::Kind::kRayleigh, 0, 1}, 10);
}
BENCHMARK(BM_BerBpskAwgn);
BENCHMARK(BM_BerQpskAwgn);
BENCHMARK(BM_Ber16QamAwgn);
BENCHMARK(BM_BerBpskRayleigh);

void BM_NormalZiggurat(benchmark::State& state) {
  assay::Rng rng(3);
  const ZigguratTables& t = ziggurat_tables();
  double sum = 0;
  for (auto _ : state) {
    sum += normal_zig(rng, t);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalZiggurat);

}  // namespace
