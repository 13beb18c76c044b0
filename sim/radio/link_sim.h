// A time-stepped radio link: geometry and mobility (static, linear, route, LEO pass), path loss
// (free space, log-distance, Hata, TR 38.901 with LOS probability), correlated shadowing,
// atmospheric/rain margin, blockage events, small-scale fading (Clarke/Jakes sum of sinusoids,
// or block fading), link budget and thermal noise → true Es/N0 per step. The description is
// immutable (RadioWorld); everything that changes lives in RadioState.
#pragma once

#include <complex>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "sim/radio/ber_theory.h"
#include "sim/radio/fading.h"
#include "sim/radio/link.h"
#include "sim/radio/path_loss.h"

namespace assay::radio {

/// Where the terminal is relative to the base station or ground station.
struct Geometry {
  enum class Kind { kStatic, kLinear, kRoute, kLeoPass } kind = Kind::kStatic;
  double distance_m = 100;                       // static: 2-D distance
  double start_m = 10;                           // linear: signed along-track start position (m)
  double offset_m = 10;                          // linear: closest-approach distance (m)
  double speed_mps = 0;                          // linear and route speed
  std::vector<std::pair<double, double>> route;  // route waypoints (x, y) in m, BS at origin
  LeoPass leo;  // leo-pass: orbit and frequency (freq is overwritten by the link)
};

/// Large-scale path loss.
struct PathLoss {
  enum class Kind { kFreeSpace, kLogDistance, kHata, kTr38901 } kind = Kind::kFreeSpace;
  double d0_m = 1, pl_d0_db = 40, exponent = 3;  // log-distance
  HataEnv hata_env = HataEnv::kSmallMediumCity;
  double h_bs_m = 30, h_ut_m = 1.5;  // Hata and TR 38.901 heights
  Tr38901Scenario scenario = Tr38901Scenario::kUMa;
  enum class Condition { kLos, kNlos, kAuto } condition = Condition::kAuto;  // TR 38.901
};

/// An interval with extra attenuation (building, structure, rain cell).
struct Blockage {
  double start_s = 0, end_s = 0, loss_db = 0;
};

/// The immutable description of a radio link scenario.
struct RadioWorld {
  double dt = 0.01;
  double duration = 10;
  double freq_hz = 2.2e9;
  Geometry geometry;
  PathLoss path_loss;
  double shadow_sigma_db = 0;        // 0 = no shadowing
  double shadow_correlation_m = 50;  // exponential decorrelation distance
  double extra_loss_db = 0;          // atmospheric / rain / implementation margin
  std::vector<Blockage> blockages;
  Fading fading;           // kind and K / m
  double doppler_hz = -1;  // < 0: from speed (or range rate for LEO) and frequency
  double block_s = 0;      // > 0: block fading, a new gain every block_s
  int oscillators = 32;
  double tx_power_dbm = 30, tx_gain_dbi = 0, rx_gain_dbi = 0;
  double symbol_rate_bd = 1e6;
  double noise_figure_db = 5;
  double interference_dbm = -1e9;  // added to the noise (power sum)
};

/// One step of the channel.
struct LinkSample {
  double time = 0;
  double distance_m = 0;      // 2-D distance, or slant range for LEO
  double elevation_deg = 90;  // LEO only
  double doppler_hz = 0;      // carrier Doppler (LEO) or maximum Doppler of the fading
  bool los = true;
  double path_loss_db = 0;
  double shadow_db = 0;
  double blockage_db = 0;
  double fading_db = 0;  // 10·log10 |h|²
  double esn0_db = 0;    // true Es/N0 at the receiver
};

/// Everything that changes along a run.
struct RadioState {
  Rng rng{1};
  long step = 0;
  double last_distance = 0;
  Shadowing shadowing;
  bool los = true;
  std::vector<SosStream> streams;  // zero or one continuous fader
  std::complex<double> block_gain{1.0, 0.0};
  long block_index = -1;
  double leo_half_s = 0;  // half the visible pass duration (LEO), computed once
};

/// Maximum Doppler used for the fading (explicit, or speed·f/c; LEO: |range rate|·f/c of the
/// scatterers is not physical, so LEO fading needs an explicit doppler_hz, default 0 → 1 Hz).
double fading_doppler_hz(const RadioWorld& world);

/// Validates ranges a scenario parser may not catch; empty string when fine.
std::string check_world(const RadioWorld& world);

/// Starts a run: draws the fading realisation and the LOS state from the seed.
RadioState make_radio_state(const RadioWorld& world, std::uint64_t seed);

/// The channel at the current step, then advances the state by dt.
LinkSample step_link(const RadioWorld& world, RadioState& state);

/// Number of steps in the run (duration / dt, rounded).
long link_steps(const RadioWorld& world);

}  // namespace assay::radio
