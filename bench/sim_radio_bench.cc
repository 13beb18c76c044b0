// Radio simulator speed (issue 4 targets): Monte Carlo BER ≥ 200 Mbit/s per core for BPSK/QPSK
// in AWGN; fading-channel samples per second; a 10-minute LEO pass at 100 Hz in < 50 ms.
#include <cmath>

#include <benchmark/benchmark.h>

#include "sim/radio/ber_kernels.h"
#include "sim/radio/gaussian.h"
#include "sim/radio/link_sim.h"
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

// The BPSK AWGN loop of simulate_ber on one instruction-set path of the kernels
// (sim/radio/ber_kernels.h): the portable build and, where the CPU has them, the AVX2 and
// AVX-512 builds.
// simulate_ber itself runs the best available path.
void ber_kernels_bpsk(benchmark::State& state, BerIsa isa) {
  if (!ber_isa_available(isa)) {
    state.SkipWithError("this CPU cannot run the path");
    return;
  }
  const ZigguratTables& t = ziggurat_tables();
  assay::Rng rng(1);
  const std::uint64_t bits = 1 << 20;
  const double a = std::sqrt(2.0 * from_db(4));
  std::uint64_t errors = 0;
  double noise[64];
  for (auto _ : state) {
    for (std::uint64_t done = 0; done < bits; done += 64) {
      const std::uint64_t word = rng.next_u64();
      fill_normal(isa, noise, 64, rng, t);
      errors += count_sign_errors(isa, word, noise, 64, a, 1.0);
    }
    benchmark::DoNotOptimize(errors);
  }
  state.counters["bits/s"] = benchmark::Counter(static_cast<double>(state.iterations() * bits),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(ber_kernels_bpsk, portable, BerIsa::kPortable);
BENCHMARK_CAPTURE(ber_kernels_bpsk, avx2, BerIsa::kAvx2);
BENCHMARK_CAPTURE(ber_kernels_bpsk, avx512, BerIsa::kAvx512);

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

namespace {

void BM_FadingSosSamples(benchmark::State& state) {
  assay::Rng rng(5);
  const SosFader f = make_sos_fader({100.0, 0.0, 32}, rng);
  SosStream s(f, 1e-4);
  std::complex<double> acc = 0;
  for (auto _ : state) acc += s.next();
  benchmark::DoNotOptimize(acc);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FadingSosSamples);

void BM_FadingIidRayleighSamples(benchmark::State& state) {
  assay::Rng rng(6);
  const Fading ray{Fading::Kind::kRayleigh, 0, 1};
  std::complex<double> acc = 0;
  for (auto _ : state) acc += draw_fading_gain(ray, rng);
  benchmark::DoNotOptimize(acc);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FadingIidRayleighSamples);

// A 10-minute LEO pass at 100 Hz (60,000 steps): geometry, FSPL, rain margin, Rician SoS fading,
// link budget and the DVB-S2 genie choice per step. Target: < 50 ms.
void BM_LeoPass10Min100Hz(benchmark::State& state) {
  RadioWorld w;
  w.dt = 0.01;
  w.duration = 600;
  w.freq_hz = 2.2e9;
  w.geometry.kind = Geometry::Kind::kLeoPass;
  w.fading = {Fading::Kind::kRician, 10, 1};
  w.doppler_hz = 5;
  w.extra_loss_db = 3;
  w.tx_power_dbm = 40;
  w.tx_gain_dbi = 6;
  w.rx_gain_dbi = 35;
  w.symbol_rate_bd = 5e6;
  w.noise_figure_db = 2;
  double sum = 0;
  for (auto _ : state) {
    RadioState s = make_radio_state(w, 42);
    const long n = link_steps(w);
    for (long i = 0; i < n; ++i) {
      const LinkSample x = step_link(w, s);
      sum += dvbs2_best_modcod(x.esn0_db, 1.0);
    }
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * link_steps(w));
}
BENCHMARK(BM_LeoPass10Min100Hz)->Unit(benchmark::kMillisecond);

}  // namespace
