// Radio closed loop (harness/run_radio), link-adaptation models and radio oracles.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "harness/run_radio.h"
#include "models/radio/radio_model.h"
#include "oracles/radio_oracles.h"
#include "sim/radio/link.h"

namespace assay {
namespace {

using models::radio::make_radio_model;
using oracles::evaluate_radio;
using oracles::RadioOracleConfig;

// A hand-made trace: 10 steps of 0.1 s.
Trace hand_trace() {
  Trace t;
  for (const char* s : {"esn0_true", "modcod", "genie_modcod", "threshold", "ack", "throughput",
                        "genie_throughput", "tx_power"}) {
    t.add_signal(s, "1");
  }
  // esn0, modcod, genie, thr, ack, tp, genie_tp, power (dBm)
  const double rows[10][8] = {
      {5, 3, 8, 1.0, 1, 1e6, 2e6, 30}, {5, 3, 8, 1.0, 1, 1e6, 2e6, 30},
      {-5, 3, -1, 1.0, 0, 0, 0, 30},   {-5, 3, -1, 1.0, 0, 0, 0, 30},
      {5, 9, 8, 6.2, 0, 0, 2e6, 30},   {5, 9, 8, 6.2, 0, 0, 2e6, 30},
      {5, 3, 8, 1.0, 1, 1e6, 2e6, 30}, {5, 3, 8, 1.0, 1, 1e6, 2e6, 30},
      {5, 3, 8, 1.0, 1, 1e6, 2e6, 30}, {5, 3, 8, 1.0, 1, 1e6, 2e6, 30},
  };
  for (int i = 0; i < 10; ++i) t.append(i * 0.1, std::span<const double>(rows[i], 8));
  return t;
}

TEST(RadioOracles, HandCalculatedTrace) {
  const Trace t = hand_trace();
  auto run = [&](const char* kind, std::optional<double> min, std::optional<double> max) {
    return evaluate_radio(RadioOracleConfig{kind, kind, min, max, {}}, t);
  };
  // Delivered 6e6 of a genie 16e6 → 0.375.
  auto r = run("throughput_vs_genie", 0.5, std::nullopt);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NEAR(*r.margin, 0.375 - 0.5, 1e-12);
  // 4 NACKs of 10.
  r = run("bler", std::nullopt, 0.4);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_NEAR(*r.margin, 0.0, 1e-12);
  EXPECT_EQ(run("outage", std::nullopt, 0.3).verdict, Verdict::kFail);
  // Deep fade ends at t = 0.4; first ACK at t = 0.6 → 0.2 s.
  r = run("recovery_time", std::nullopt, 0.15);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NEAR(*r.margin, 0.15 - 0.2, 1e-9);
  // Over-reach: threshold 6.2 with Es/N0 5 → 1.2 dB; threshold 1 at −5 dB → 6 dB.
  r = run("max_overreach", std::nullopt, 3.0);
  EXPECT_NEAR(*r.margin, 3.0 - 6.0, 1e-12);
  // Margin below 1 dB in 4 steps of 10.
  r = run("link_margin", 1.0, 0.5);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_NEAR(*r.margin, 0.1, 1e-12);
  // 1 W for 1 s over 6e5 delivered bits.
  r = run("energy_per_bit", std::nullopt, 1e-5);
  EXPECT_NEAR(r.evidence[0].value, 1.0 / 6e5, 1e-15);
  EXPECT_EQ(run("nonsense", std::nullopt, std::nullopt).verdict, Verdict::kError);
  EXPECT_EQ(evaluate_radio({"x", "bler", {}, 0.1, {}}, Trace()).verdict, Verdict::kError);
}

// Bit-identical signals (NaN compared as NaN).
bool same_signals(const Trace& a, const Trace& b) {
  if (a.num_signals() != b.num_signals() || a.size() != b.size()) return false;
  for (std::size_t c = 0; c < a.num_signals(); ++c) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const double x = a.column(c)[i], y = b.column(c)[i];
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    }
  }
  return true;
}

radio::RadioWorld static_world(double distance_m) {
  radio::RadioWorld w;
  w.dt = 0.01;
  w.duration = 20;
  w.freq_hz = 2.2e9;
  w.geometry.distance_m = distance_m;
  w.tx_power_dbm = 10;
  w.symbol_rate_bd = 1e6;
  return w;
}

TEST(RadioClosedLoop, ThresholdAcmTracksAStaticLink) {
  const radio::RadioWorld w =
      static_world(3000);  // Es/N0 ≈ 10.2 dB (10 dBm − 108.8 dB FSPL, noise −109 dBm)
  auto model = make_radio_model("threshold-acm:margin=1,hysteresis=0.5");
  ASSERT_TRUE(model.ok());
  const Trace t = harness::run_radio_link(w, {1, 0.2}, **model, 7);
  const double ratio =
      evaluate_radio({"r", "throughput_vs_genie", 0.8, {}, {}}, t).evidence[0].value;
  EXPECT_GT(ratio, 0.8);
  EXPECT_LE(ratio, 1.0 + 1e-12);
  EXPECT_EQ(evaluate_radio({"b", "bler", {}, 0.01, {}}, t).verdict, Verdict::kPass);
}

TEST(RadioClosedLoop, FixedTooHighModcodFailsEveryFrame) {
  const radio::RadioWorld w = static_world(3000);
  auto model = make_radio_model("fixed:modcod=27");  // 32APSK 9/10 needs 16.05 dB
  ASSERT_TRUE(model.ok());
  const Trace t = harness::run_radio_link(w, {}, **model, 7);
  const auto r = evaluate_radio({"b", "bler", {}, 0.1, {}}, t);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NEAR(r.evidence[0].value, 1.0, 1e-12);
}

TEST(RadioClosedLoop, OllaConvergesToItsBlerTarget) {
  // Rayleigh block fading per step (fast fading) with an honest but delayed report: OLLA's
  // offset settles where the NACK ratio equals the target. 200 s at 100 Hz = 20,000 frames; the
  // binomial standard error at 0.1 is 0.002, and the loop adds correlation, so allow ±0.03.
  radio::RadioWorld w = static_world(3000);
  w.duration = 200;
  w.fading = {radio::Fading::Kind::kRayleigh, 0, 1};
  w.block_s = 0.01;
  auto model = make_radio_model("olla:target=0.1,step=0.5");
  ASSERT_TRUE(model.ok());
  const Trace t = harness::run_radio_link(w, {0, 0.0}, **model, 3);
  const double bler = evaluate_radio({"b", "bler", {}, 1.0, {}}, t).evidence[0].value;
  EXPECT_NEAR(bler, 0.1, 0.03);
}

TEST(RadioClosedLoop, DeterministicAndSeedDependentBandit) {
  radio::RadioWorld w = static_world(3000);
  w.fading = {radio::Fading::Kind::kRician, 5, 1};
  w.doppler_hz = 5;
  auto a = make_radio_model("bandit-egreedy:epsilon=0.2");
  auto b = make_radio_model("bandit-egreedy:epsilon=0.2");
  ASSERT_TRUE(a.ok() && b.ok());
  const Trace ta = harness::run_radio_link(w, {}, **a, 11);
  const Trace tb = harness::run_radio_link(w, {}, **b, 11);
  EXPECT_TRUE(same_signals(ta, tb));
  const Trace tc = harness::run_radio_link(w, {}, **b, 12);
  EXPECT_FALSE(same_signals(ta, tc));
  // UCB learns something: better than the most robust MODCOD's share of the genie.
  auto ucb = make_radio_model("bandit-ucb");
  ASSERT_TRUE(ucb.ok());
  w.duration = 100;
  const Trace tu = harness::run_radio_link(w, {}, **ucb, 1);
  const double ratio = oracles::radio_metrics(tu)[2].value;
  EXPECT_GT(ratio, 0.490243 / 2.228124);  // QPSK 1/4 over 8PSK 3/4 (genie near 10 dB)
}

TEST(RadioModels, SpecsAreStrict) {
  EXPECT_TRUE(make_radio_model("olla").ok());
  EXPECT_FALSE(make_radio_model("olla:target=0.9").ok());
  EXPECT_FALSE(make_radio_model("olla:targets=0.1").ok());
  EXPECT_FALSE(make_radio_model("fixed:modcod=2.5").ok());
  EXPECT_FALSE(make_radio_model("fixed:modcod").ok());
  EXPECT_FALSE(make_radio_model("aeb-ttc").ok());
  EXPECT_TRUE(models::radio::is_radio_model("bandit-ucb:c=2"));
  EXPECT_FALSE(models::radio::is_radio_model("aeb-ttc"));
  auto m = make_radio_model("threshold-acm:margin=2");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->spec(), "threshold-acm:hysteresis=0.5,margin=2");
}

}  // namespace
}  // namespace assay
