// The time-stepped link: link budget by hand, geometry kinds, blockage, determinism.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/radio/link_sim.h"

namespace assay::radio {
namespace {

TEST(RadioLinkSim, StaticFreeSpaceLinkBudgetByHand) {
  RadioWorld w;
  w.dt = 0.1;
  w.duration = 1;
  w.freq_hz = 2.4e9;
  w.geometry.distance_m = 100;
  w.tx_power_dbm = 20;
  w.tx_gain_dbi = 3;
  w.rx_gain_dbi = 2;
  w.symbol_rate_bd = 1e6;
  w.noise_figure_db = 5;
  w.extra_loss_db = 1;
  RadioState s = make_radio_state(w, 1);
  const LinkSample x = step_link(w, s);
  // 20 + 3 + 2 − 80.05 − 1 = −56.05 dBm; noise −173.98 + 60 + 5 = −108.98 dBm → 52.93 dB.
  EXPECT_NEAR(x.path_loss_db, 80.05, 0.01);
  EXPECT_NEAR(x.esn0_db, 52.93, 0.02);
  EXPECT_EQ(link_steps(w), 10);
}

TEST(RadioLinkSim, BlockageAndInterference) {
  RadioWorld w;
  w.dt = 0.1;
  w.duration = 3;
  w.blockages = {{1.0, 2.0, 20.0}};
  RadioState s = make_radio_state(w, 1);
  double before = 0, during = 0;
  for (long i = 0; i < link_steps(w); ++i) {
    const LinkSample x = step_link(w, s);
    if (i == 5) before = x.esn0_db;
    if (i == 15) during = x.esn0_db;
  }
  EXPECT_NEAR(before - during, 20.0, 1e-9);
  // Interference equal to the noise floor costs 3.01 dB.
  RadioWorld wi = w;
  wi.blockages.clear();
  wi.interference_dbm = thermal_noise_dbm(w.symbol_rate_bd, w.noise_figure_db);
  RadioState a = make_radio_state(w, 1), b = make_radio_state(wi, 1);
  EXPECT_NEAR(step_link(w, a).esn0_db - step_link(wi, b).esn0_db, 3.0103, 1e-3);
}

TEST(RadioLinkSim, LeoPassRisesAndSets) {
  RadioWorld w;
  w.dt = 1;
  w.geometry.kind = Geometry::Kind::kLeoPass;
  LeoPass p;
  w.duration = 2 * leo_half_duration(p, 0);
  RadioState s = make_radio_state(w, 1);
  double max_el = -90, first = 0, mid_pl = 0;
  const long n = link_steps(w);
  for (long i = 0; i < n; ++i) {
    const LinkSample x = step_link(w, s);
    if (i == 0) first = x.elevation_deg;
    if (i == n / 2) mid_pl = x.path_loss_db;
    max_el = std::max(max_el, x.elevation_deg);
  }
  EXPECT_NEAR(first, 0.0, 0.1);
  EXPECT_NEAR(max_el, 90.0, 0.5);
  EXPECT_NEAR(mid_pl, 151.3, 0.1);  // radio.md §3.2: zenith FSPL at 2.2 GHz
}

TEST(RadioLinkSim, DeterministicPerSeedAndFadingHasUnitPower) {
  RadioWorld w;
  w.dt = 0.001;
  w.duration = 200;
  w.fading = {Fading::Kind::kRayleigh, 0, 1};
  w.doppler_hz = 20;
  w.geometry.kind = Geometry::Kind::kRoute;
  w.geometry.speed_mps = 10;
  w.geometry.route = {{50, 0}, {500, 0}, {500, 400}};
  w.path_loss.kind = PathLoss::Kind::kTr38901;
  w.path_loss.h_bs_m = 25;
  w.shadow_sigma_db = 6;
  w.freq_hz = 3.5e9;
  RadioState a = make_radio_state(w, 9), b = make_radio_state(w, 9), c = make_radio_state(w, 10);
  double mean_power = 0;
  bool differs = false;
  const long n = link_steps(w);
  for (long i = 0; i < n; ++i) {
    const LinkSample x = step_link(w, a), y = step_link(w, b), z = step_link(w, c);
    EXPECT_EQ(x.esn0_db, y.esn0_db);
    differs = differs || x.esn0_db != z.esn0_db;
    mean_power += std::pow(10.0, x.fading_db / 10.0);
  }
  EXPECT_TRUE(differs);
  // 200 s at f_d = 20 Hz: ~4000 coherence times; the SoS power averages to 1 within a few %.
  EXPECT_NEAR(mean_power / static_cast<double>(n), 1.0, 0.1);
  EXPECT_EQ(check_world(w), "");
}

TEST(RadioLinkSim, ChecksBadWorlds) {
  RadioWorld w;
  w.dt = 0;
  EXPECT_NE(check_world(w), "");
  w.dt = 0.01;
  w.geometry.kind = Geometry::Kind::kRoute;
  EXPECT_NE(check_world(w), "");
}

}  // namespace
}  // namespace assay::radio

namespace assay::radio {
namespace {

TEST(RadioLinkSim, CopiedStateReplaysTheSameChannel) {
  RadioWorld w;
  w.dt = 0.01;
  w.duration = 5;
  w.fading = {Fading::Kind::kRician, 4, 1};
  w.doppler_hz = 30;
  w.shadow_sigma_db = 3;
  w.geometry.kind = Geometry::Kind::kLinear;
  w.geometry.speed_mps = 20;
  RadioState a = make_radio_state(w, 5);
  for (int i = 0; i < 100; ++i) (void)step_link(w, a);
  RadioState b = a;  // snapshot
  for (int i = 0; i < 200; ++i) EXPECT_EQ(step_link(w, a).esn0_db, step_link(w, b).esn0_db);
}

}  // namespace
}  // namespace assay::radio
