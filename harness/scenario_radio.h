// Radio scenario sections ("simulator": {"family": "radio"}): the link budget, geometry and
// mobility, path loss, shadowing, fading, blockages, feedback and radio oracles, as parsed from
// a scenario file. Fields are Numbers (SI, dB or dBm literals, or "$param" references); the
// planner (harness/plan_radio.h) resolves them per case into a radio::RadioWorld. The format is
// documented in docs/scenario-format.md ("Radio scenarios") and docs/radio.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/scenario.h"

namespace assay::scenario {

/// Where the terminal is relative to the base station (or ground station) and how it moves.
struct RadioGeometry {
  std::string type = "static";                   // static | linear | route | leo_pass
  Number distance;                               // static: 2-D distance [m]
  Number start;                                  // linear: signed along-track start position [m]
  Number offset;                                 // linear: closest-approach distance [m]
  Number speed;                                  // linear, route [m/s]
  std::vector<std::pair<Number, Number>> route;  // route: waypoints (x, y) [m], station at 0,0
  Number altitude;                               // leo_pass: orbit altitude [m]
  Number max_elevation;                          // leo_pass: culmination elevation [rad]
};

/// Large-scale path loss (radio.md §4).
struct RadioPathLoss {
  std::string model = "free_space";  // free_space | log_distance | hata | tr38901
  Number d0, pl_d0, exponent;        // log_distance: reference distance [m], loss there [dB], n
  std::string environment = "small_medium_city";  // hata: small_medium_city | large_city |
                                                  // suburban | open
  std::string scenario = "uma";                   // tr38901: rma | uma | umi | inh
  std::string condition = "auto";                 // tr38901: los | nlos | auto (LOS probability)
  Number bs_height, ut_height;                    // hata, tr38901 [m]
};

/// Small-scale fading and its time correlation (radio.md §2, §5).
struct RadioFading {
  std::string type = "none";      // none | rayleigh | rician | nakagami
  Number k_factor;                // rician: K [dB]
  Number m;                       // nakagami: m (≥ 0.5)
  std::optional<Number> doppler;  // maximum Doppler [Hz]; absent: from speed and carrier
  Number block;                   // > 0: block fading with a new gain every `block` [s]
  int oscillators = 32;           // sum-of-sinusoids size
};

/// An interval of extra attenuation (a building, a structure, a rain cell).
struct RadioBlockage {
  Number start, end, loss;  // [s], [s], [dB]
  std::string pointer;
};

/// A radio scenario's link description; Scenario::radio points to one for the radio family.
struct RadioScenario {
  // Link budget ("link").
  Number carrier;                      // [Hz]
  Number symbol_rate;                  // [Bd]
  Number tx_power;                     // [dBm]
  Number tx_gain;                      // [dBi]
  Number rx_gain;                      // [dBi]
  Number noise_figure;                 // [dB]
  Number extra_loss;                   // atmospheric / rain / implementation margin [dB]
  std::optional<Number> interference;  // [dBm], power-summed with the thermal noise
  RadioGeometry geometry;
  RadioPathLoss path_loss;
  Number shadow_sigma;        // [dB]; 0: no shadowing
  Number shadow_correlation;  // exponential decorrelation distance [m]
  RadioFading fading;
  std::vector<RadioBlockage> blockages;
  Number feedback_delay;           // [s], rounded to whole steps
  Number feedback_snr_noise;       // standard deviation of the Es/N0 report [dB]
  std::string modcods = "dvb-s2";  // MODCOD table
  // Radio oracles (types of oracles/radio_oracles.h); `min`/`max` as documented there.
  std::vector<OracleSpec> oracles;
};

/// Radio oracle types, as in oracles/radio_oracles.h (repeated: this library must not depend on
/// the oracles).
const std::vector<std::string_view>& radio_oracle_types();

}  // namespace assay::scenario
