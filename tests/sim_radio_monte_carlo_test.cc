// Monte Carlo BER against the closed forms, judged with Clopper–Pearson intervals at z ≈ 4
// (radio.md §2.7: fixed seeds, non-flaky bounds). Bits of one symbol are correlated, so the
// per-bit interval is widened by √k (a symbol carries at most k bit errors).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

#include "sim/radio/ber_kernels.h"
#include "sim/radio/confidence.h"
#include "sim/radio/gaussian.h"
#include "sim/radio/monte_carlo.h"
#include "core/special.h"

namespace assay::radio {
namespace {

constexpr double kAlpha = 6.3e-5;  // two-sided, z = 4

// True when the closed form lies inside the conservative interval for the measurement.
void expect_agrees(const Modulation& mod, const Fading& fading, double db, std::uint64_t bits,
                   std::uint64_t seed) {
  Rng rng(seed);
  const BerCount c = simulate_ber(mod, fading, from_db(db), bits, rng);
  const double expected = ber_fading(mod, from_db(db), fading);
  const auto k = static_cast<std::uint64_t>(mod.bits());
  const Interval per_bit = clopper_pearson_interval(c.errors, c.bits, kAlpha);
  // Each symbol carries at most k bit errors, so the bit-level variance is at most k times the
  // independent-bit value: widen the per-bit interval by √k around the estimate.
  const double p = c.ber();
  const double lo = p - (p - per_bit.lo) * std::sqrt(static_cast<double>(k));
  const double hi = p + (per_bit.hi - p) * std::sqrt(static_cast<double>(k));
  EXPECT_TRUE(lo <= expected && expected <= hi)
      << mod.name() << " " << db << " dB: measured " << p << " (" << c.errors << "/" << c.bits
      << "), closed form " << expected << ", interval [" << lo << ", " << hi << "]";
  EXPECT_GT(c.errors, 100u) << "too few errors for a meaningful check";
}

TEST(RadioMonteCarlo, AwgnAgreesWithClosedForms) {
  const Fading awgn;
  expect_agrees({ModFamily::kPsk, 2}, awgn, 4, 4'000'000, 1);
  expect_agrees({ModFamily::kPsk, 2}, awgn, 8, 20'000'000, 2);
  expect_agrees({ModFamily::kPsk, 4}, awgn, 4, 4'000'000, 3);
  expect_agrees({ModFamily::kPsk, 8}, awgn, 8, 1'200'000, 4);
  expect_agrees({ModFamily::kPsk, 16}, awgn, 10, 1'200'000, 5);
  expect_agrees({ModFamily::kQam, 16}, awgn, 10, 2'000'000, 6);
  expect_agrees({ModFamily::kQam, 64}, awgn, 10, 1'200'000, 7);
  expect_agrees({ModFamily::kQam, 256}, awgn, 4, 400'000, 8);
}

TEST(RadioMonteCarlo, FadingAgreesWithClosedForms) {
  const Fading rayleigh{Fading::Kind::kRayleigh, 0, 1};
  const Fading rician{Fading::Kind::kRician, 5, 1};
  const Fading nakagami{Fading::Kind::kNakagami, 0, 2};
  expect_agrees({ModFamily::kPsk, 2}, rayleigh, 10, 1'000'000, 11);
  expect_agrees({ModFamily::kPsk, 4}, rayleigh, 10, 1'000'000, 12);
  expect_agrees({ModFamily::kQam, 16}, rayleigh, 10, 400'000, 13);
  expect_agrees({ModFamily::kPsk, 2}, rician, 10, 2'000'000, 14);
  expect_agrees({ModFamily::kPsk, 2}, nakagami, 10, 2'000'000, 15);
  expect_agrees({ModFamily::kPsk, 8}, rayleigh, 10, 600'000, 16);
}

TEST(RadioMonteCarlo, ZigguratMomentsAndTail) {
  // Mean 0, variance 1, kurtosis 3; tail mass beyond 2 and 4 against Q (standard errors from the
  // binomial variance; bounds at ≥ 5 σ).
  Rng rng(99);
  const int n = 4'000'000;
  double s1 = 0, s2 = 0, s4 = 0;
  int beyond2 = 0, beyond4 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = normal_zig(rng);
    s1 += x;
    s2 += x * x;
    s4 += x * x * x * x;
    beyond2 += std::fabs(x) > 2.0;
    beyond4 += std::fabs(x) > 4.0;
  }
  EXPECT_NEAR(s1 / n, 0.0, 5 * std::sqrt(1.0 / n));
  EXPECT_NEAR(s2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(s4 / n, 3.0, 5 * std::sqrt(96.0 / n));
  const double p2 = 2 * q_function(2.0), p4 = 2 * q_function(4.0);
  EXPECT_NEAR(beyond2 / double(n), p2, 5 * std::sqrt(p2 / n));
  EXPECT_NEAR(beyond4 / double(n), p4, 5 * std::sqrt(p4 / n));
  EXPECT_GT(ziggurat_tables().r, 3.65);
  EXPECT_LT(ziggurat_tables().r, 3.66);  // Marsaglia & Tsang: r = 3.6541528853610088
}

// A second, plain implementation of fill_normal's contract: n draws, the fast-path value for
// each, then the slow path for the draws that need it, in index order.
void reference_fill_normal(double* out, int n, Rng& rng, const ZigguratTables& t) {
  std::uint64_t draws[64];
  for (int i = 0; i < n; ++i) draws[i] = rng.next_u64();
  for (int i = 0; i < n; ++i) {
    const std::uint64_t layer = draws[i] & 0xff;
    const std::uint64_t u = draws[i] >> 11;
    const double sign = (draws[i] & 0x100) != 0 ? -1.0 : 1.0;
    out[i] = u < t.k[layer] ? sign * (static_cast<double>(u) * t.w[layer]) : 0.0;
  }
  for (int i = 0; i < n; ++i) {
    if ((draws[i] >> 11) >= t.k[draws[i] & 0xff]) out[i] = normal_zig_slow(rng, draws[i], t);
  }
}

// The received-value form of the decision: y = ±amp + scale·noise, decided 1 when y < 0.
std::uint64_t reference_sign_errors(std::uint64_t word, const double* noise, int n, double amp,
                                    double scale) {
  std::uint64_t errors = 0;
  for (int i = 0; i < n; ++i) {
    const bool bit = ((word >> i) & 1u) != 0;
    const double y = (bit ? -amp : amp) + scale * noise[i];
    errors += (y < 0.0) != bit ? 1u : 0u;
  }
  return errors;
}

// Both instruction-set paths against the plain reference, bit for bit, over many blocks of every
// length (the vector path has remainder loops), including blocks that take the slow path.
TEST(RadioMonteCarlo, KernelPathsAgreeBitForBit) {
  const ZigguratTables& t = ziggurat_tables();
  std::vector<BerIsa> paths{BerIsa::kPortable};
  for (const BerIsa isa : {BerIsa::kAvx2, BerIsa::kAvx512}) {
    if (ber_isa_available(isa)) paths.push_back(isa);
  }
  for (const BerIsa isa : paths) {
    Rng rng(2024);
    Rng ref_rng(2024);
    int slow_blocks = 0;
    for (int block = 0; block < 20000; ++block) {
      const int n = block % 65;
      double got[64];
      double want[64];
      fill_normal(isa, got, n, rng, t);
      const std::uint64_t before = ref_rng.counter();
      reference_fill_normal(want, n, ref_rng, t);
      slow_blocks += ref_rng.counter() > before + static_cast<std::uint64_t>(n) ? 1 : 0;
      ASSERT_EQ(rng, ref_rng) << "block " << block;
      for (int i = 0; i < n; ++i) {
        ASSERT_EQ(std::bit_cast<std::uint64_t>(got[i]), std::bit_cast<std::uint64_t>(want[i]))
            << "block " << block << " sample " << i;
      }
      const std::uint64_t word = rng.next_u64();
      ref_rng.next_u64();
      for (const auto& [amp, scale] : {std::pair{1.3, 1.0}, std::pair{0.7071, 0.41}}) {
        ASSERT_EQ(count_sign_errors(isa, word, got, n, amp, scale),
                  reference_sign_errors(word, want, n, amp, scale))
            << "block " << block;
      }
    }
    EXPECT_GT(slow_blocks, 1000) << "the slow path was hardly exercised";
  }
  if (paths.size() < 3) {
    GTEST_SKIP() << "this build or CPU runs " << paths.size()
                 << " of the 3 paths; only those were checked";
  }
}

// The BER does not depend on the path: the public entry point (best path) equals the portable
// kernels driven the same way.
TEST(RadioMonteCarlo, BpskResultIsThePortableResult) {
  const ZigguratTables& t = ziggurat_tables();
  const double ebn0 = from_db(3.0);
  const std::uint64_t bits = 64 * 5000 + 17;
  Rng rng(9);
  const BerCount best = simulate_ber({ModFamily::kPsk, 2}, {}, ebn0, bits, rng);
  Rng ref(9);
  std::uint64_t errors = 0;
  std::uint64_t done = 0;
  double noise[64];
  while (done < bits) {
    const std::uint64_t word = ref.next_u64();
    const int n = static_cast<int>(std::min<std::uint64_t>(64, bits - done));
    reference_fill_normal(noise, n, ref, t);
    errors += reference_sign_errors(word, noise, n, std::sqrt(2.0 * ebn0), 1.0);
    done += static_cast<std::uint64_t>(n);
  }
  EXPECT_EQ(best.bits, done);
  EXPECT_EQ(best.errors, errors);
  EXPECT_EQ(rng, ref);
}

TEST(RadioMonteCarlo, DeterministicAndIndependentOfJobs) {
  BerRequest req;
  req.mod = {ModFamily::kQam, 16};
  req.ebn0_db = 6;
  req.max_bits = 5 * kBerChunkBits + 123;
  req.seed = 77;
  req.jobs = 1;
  const BerCount one = run_ber(req);
  req.jobs = 3;
  const BerCount three = run_ber(req);
  EXPECT_EQ(one.bits, three.bits);
  EXPECT_EQ(one.errors, three.errors);
  // Early stop on the error count happens at the same chunk whatever the thread count.
  req.target_errors = 1000;
  req.max_bits = 100 * kBerChunkBits;
  const BerCount stop3 = run_ber(req);
  req.jobs = 1;
  const BerCount stop1 = run_ber(req);
  EXPECT_EQ(stop1.bits, stop3.bits);
  EXPECT_EQ(stop1.errors, stop3.errors);
  EXPECT_GE(stop1.errors, 1000u);
  EXPECT_EQ(stop1.bits % kBerChunkBits, 0u);
}

TEST(RadioModulation, GrayNeighboursDifferInOneBit) {
  for (const char* name : {"bpsk", "qpsk", "8psk", "16-qam", "64qam", "256QAM", "32psk"}) {
    const auto m = parse_modulation(name);
    ASSERT_TRUE(m) << name;
    const auto pts = constellation(*m);
    double energy = 0;
    double dmin = 1e9;
    for (const auto& p : pts) energy += std::norm(p);
    EXPECT_NEAR(energy / static_cast<double>(pts.size()), 1.0, 1e-12) << name;
    for (std::size_t a = 0; a < pts.size(); ++a) {
      EXPECT_EQ(detect(*m, pts[a]), a) << name;
      for (std::size_t b = 0; b < a; ++b) dmin = std::min(dmin, std::abs(pts[a] - pts[b]));
    }
    // Every pair at the minimum distance differs in exactly one bit (Gray property).
    for (std::size_t a = 0; a < pts.size(); ++a) {
      for (std::size_t b = 0; b < a; ++b) {
        if (std::abs(pts[a] - pts[b]) < dmin * 1.0001) {
          EXPECT_EQ(std::popcount(static_cast<unsigned>(a ^ b)), 1) << name;
        }
      }
    }
  }
  EXPECT_FALSE(parse_modulation("32qam"));
  EXPECT_FALSE(parse_modulation("3psk"));
  EXPECT_FALSE(parse_modulation("qam"));
  EXPECT_FALSE(parse_modulation("99999999999psk"));
}

}  // namespace
}  // namespace assay::radio
