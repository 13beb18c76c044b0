// Closed forms against the checkpoints of ../shared/reference/radio.md §2.2-2.3 (recomputed
// there with SciPy), special functions against known values, and confidence intervals against
// their definitions.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/radio/ber_theory.h"
#include "sim/radio/confidence.h"
#include "core/special.h"

namespace assay::radio {
namespace {

// Relative closeness; the checkpoints carry 5 significant digits.
void expect_rel(double actual, double expected, double rtol) {
  EXPECT_NEAR(actual, expected, std::fabs(expected) * rtol) << "expected " << expected;
}

TEST(RadioTheory, BpskAwgnCheckpoints) {
  expect_rel(ber_bpsk_awgn(from_db(0)), 7.8650e-2, 1e-4);
  expect_rel(ber_bpsk_awgn(from_db(4)), 1.2501e-2, 1e-4);
  expect_rel(ber_bpsk_awgn(from_db(10)), 3.8721e-6, 1e-4);
}

TEST(RadioTheory, QamAwgnChoYoonCheckpoints) {
  expect_rel(ber_qam_awgn(16, from_db(10)), 1.7542e-3, 1e-4);
  expect_rel(ber_qam_awgn(64, from_db(10)), 2.6533e-2, 1e-4);
  expect_rel(ber_qam_awgn(256, from_db(4)), 1.7832e-1, 1e-4);
  // 4-QAM is QPSK: the Cho–Yoon sum reduces to ½·erfc(√γb).
  expect_rel(ber_qam_awgn(4, from_db(6)), ber_bpsk_awgn(from_db(6)), 1e-12);
}

TEST(RadioTheory, SymbolErrorCheckpoints) {
  // 16-QAM SER, Es/N0 = k·Eb/N0 with the checkpoint's Eb/N0 (radio.md §2.2).
  expect_rel(ser_qam_awgn(16, 4 * from_db(4)), 2.2073e-1, 1e-4);
  expect_rel(ser_qam_awgn(16, 4 * from_db(8)), 3.6647e-2, 1e-4);
  expect_rel(ser_qam_awgn(16, 4 * from_db(12)), 5.5456e-4, 1e-4);
  // QPSK SER = 1 − (1 − p)² with p = Q(√(2γb)).
  expect_rel(ser_psk_awgn(4, 2 * from_db(0)), 1.5111e-1, 1e-4);
  expect_rel(ser_psk_awgn(4, 2 * from_db(4)), 2.4845e-2, 1e-4);
  expect_rel(ser_psk_awgn(4, 2 * from_db(10)), 7.7442e-6, 1e-4);
}

TEST(RadioTheory, PskSymbolErrorCraigCheckpoints) {
  // radio.md gives M-PSK SER checkpoints "in Eb/N0 dB": Es/N0 = k·Eb/N0.
  expect_rel(ser_psk_awgn(8, 3 * from_db(10)), 3.0342e-3, 1e-3);
  expect_rel(ser_psk_awgn(8, 3 * from_db(14)), 2.6269e-6, 1e-3);
  expect_rel(ser_psk_awgn(16, 4 * from_db(10)), 8.0995e-2, 1e-3);
}

TEST(RadioTheory, PskExactBerIsConsistent) {
  // Sector probabilities from the phase density must add up to the Craig SER; the Gray BER lies
  // between SER/k (one bit per symbol error) and SER.
  for (int order : {8, 16, 32}) {
    const Modulation m{ModFamily::kPsk, order};
    const double k = m.bits();
    for (double db : {0.0, 6.0, 12.0}) {
      const double ser = ser_psk_awgn(order, k * from_db(db));
      const double ber = ber_awgn(m, from_db(db));
      EXPECT_GE(ber, ser / k * (1 - 1e-6)) << order << " " << db;
      EXPECT_LE(ber, ser);
      // At high SNR nearly every symbol error is to a Gray neighbour: BER → SER/k.
      if (db == 12.0 && order == 8) expect_rel(ber, ser / k, 2e-2);
    }
  }
}

TEST(RadioTheory, FadingCheckpoints) {
  expect_rel(ber_bpsk_rayleigh(from_db(0)), 1.4645e-1, 1e-4);
  expect_rel(ber_bpsk_rayleigh(from_db(10)), 2.3269e-2, 1e-4);
  expect_rel(ber_bpsk_rayleigh(from_db(30)), 2.4981e-4, 1e-4);
  expect_rel(ber_bpsk_rician(from_db(10), 1), 1.8210e-2, 1e-4);
  expect_rel(ber_bpsk_rician(from_db(10), 5), 3.2991e-3, 1e-4);
  expect_rel(ber_bpsk_rician(from_db(10), 10), 7.0144e-4, 1e-4);
  expect_rel(ber_bpsk_nakagami(from_db(10), 2), 5.5282e-3, 1e-4);
  expect_rel(ber_bpsk_nakagami(from_db(10), 4), 1.0387e-3, 1e-4);
  expect_rel(ber_bpsk_nakagami(from_db(20), 2), 7.2564e-5, 1e-4);
  expect_rel(ber_qam_rayleigh(16, from_db(10)), 4.2371e-2, 1e-4);
  expect_rel(ber_qam_rayleigh(16, from_db(20)), 4.8854e-3, 1e-4);
  expect_rel(ber_qam_rayleigh(64, from_db(20)), 1.0620e-2, 1e-4);
}

TEST(RadioTheory, FadingSelfConsistency) {
  // Rician K = 0 and Nakagami m = 1 are Rayleigh (radio.md §2.3); the non-integer-m MGF path
  // agrees with the integer closed form at m = 2.
  const double g = from_db(10);
  expect_rel(ber_bpsk_rician(g, 0), ber_bpsk_rayleigh(g), 1e-8);
  expect_rel(ber_bpsk_nakagami(g, 1), ber_bpsk_rayleigh(g), 1e-12);
  expect_rel(ber_bpsk_nakagami(g, 2.0000001), ber_bpsk_nakagami(g, 2), 1e-5);
  // The numerical fading average reproduces the closed forms it replaces.
  const Modulation qam16{ModFamily::kQam, 16};
  for (const Fading& f :
       {Fading{Fading::Kind::kRician, 5, 1}, Fading{Fading::Kind::kNakagami, 0, 2}}) {
    EXPECT_GT(ber_fading(qam16, g, f), ber_qam_awgn(16, g));
    EXPECT_LT(ber_fading(qam16, g, f), ber_qam_rayleigh(16, g));
  }
  Fading ray{Fading::Kind::kRayleigh, 0, 1};
  Fading rician0{Fading::Kind::kRician, 0, 1};
  const Modulation psk8{ModFamily::kPsk, 8};
  // 8-PSK has no closed form in fading: the Rician K = 0 average equals the Rayleigh one.
  expect_rel(ber_fading(psk8, g, rician0), ber_fading(psk8, g, ray), 1e-6);
  // And the numeric Rayleigh average of 16-QAM matches the Cho–Yoon closed form.
  Fading nak1{Fading::Kind::kNakagami, 0, 1};
  expect_rel(ber_fading(qam16, g, nak1), ber_qam_rayleigh(16, g), 1e-5);
}

TEST(RadioTheory, OutageCheckpoints) {
  const double g = from_db(10);
  expect_rel(outage_probability({Fading::Kind::kRayleigh, 0, 1}, g, from_db(0)), 0.095163, 1e-5);
  expect_rel(outage_probability({Fading::Kind::kRayleigh, 0, 1}, g, from_db(5)), 0.271107, 1e-5);
  expect_rel(outage_probability({Fading::Kind::kRician, 5, 1}, g, from_db(0)), 9.6417e-3, 1e-4);
  // Nakagami m = 1 is Rayleigh.
  expect_rel(outage_probability({Fading::Kind::kNakagami, 0, 1}, g, from_db(5)), 0.271107, 1e-5);
}

TEST(RadioSpecial, KnownValues) {
  EXPECT_NEAR(bessel_j0(2.404825557695773), 0.0, 1e-12);  // first zero of J0
  EXPECT_NEAR(bessel_j0(2 * M_PI * 0.1), 0.90371, 1e-5);  // radio.md §2.6
  EXPECT_NEAR(gamma_p(1.0, 2.0), 1.0 - std::exp(-2.0), 1e-14);
  EXPECT_NEAR(gamma_p(3.0, 30.0), 1.0, 1e-10);
  EXPECT_NEAR(beta_i(0.3, 1.0, 1.0), 0.3, 1e-14);
  EXPECT_NEAR(beta_i(0.3, 2.0, 1.0), 0.09, 1e-14);                  // I_x(a,1) = x^a
  EXPECT_NEAR(beta_i(0.3, 1.0, 3.0), 1 - std::pow(0.7, 3), 1e-14);  // I_x(1,b) = 1-(1-x)^b
  // Q1(0, b) = exp(−b²/2).
  EXPECT_NEAR(marcum_q1(0.0, 1.5), std::exp(-1.125), 1e-10);
}

TEST(RadioConfidence, WilsonAndClopperPearson) {
  // Clopper–Pearson with 0 errors: upper bound 1 − (α/2)^{1/n} in closed form.
  const Interval z = clopper_pearson_interval(0, 1000, 0.05);
  EXPECT_EQ(z.lo, 0.0);
  EXPECT_NEAR(z.hi, 1.0 - std::pow(0.025, 1.0 / 1000), 1e-12);
  // n errors out of n: lower bound (α/2)^{1/n}.
  const Interval all = clopper_pearson_interval(50, 50, 0.05);
  EXPECT_NEAR(all.lo, std::pow(0.025, 1.0 / 50), 1e-12);
  // The bounds satisfy their defining tail equations: P(X ≥ k | lo) = P(X ≤ k | hi) = α/2.
  const Interval cp = clopper_pearson_interval(12, 100, 0.05);
  EXPECT_NEAR(beta_i(cp.lo, 12, 89), 0.025, 1e-9);
  EXPECT_NEAR(beta_i(cp.hi, 13, 88), 0.975, 1e-9);
  // Wilson bounds are the roots of (p̂ − p)² = z²·p(1 − p)/n (Wilson 1927).
  const Interval w = wilson_interval(12, 100, 1.96);
  for (double p : {w.lo, w.hi}) {
    EXPECT_NEAR((0.12 - p) * (0.12 - p), 1.96 * 1.96 * p * (1 - p) / 100, 1e-12);
  }
  EXPECT_LT(w.lo, 0.12);
  EXPECT_GT(w.hi, 0.12);
  EXPECT_NEAR(normal_quantile_two_sided(0.95), 1.959964, 1e-6);
  // Large n stays finite and brackets the estimate.
  const Interval big = clopper_pearson_interval(10000, 1'000'000'000, 1e-4);
  EXPECT_LT(big.lo, 1e-5);
  EXPECT_GT(big.hi, 1e-5);
}

}  // namespace
}  // namespace assay::radio
