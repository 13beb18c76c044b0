// Radio models under test: link-adaptation engines that choose a DVB-S2 MODCOD (and a transmit
// power offset) from delayed, noisy feedback. Their own small interface, in the shape of the
// vehicle Model: reset per case with the case seed, then one act() per step.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace assay::models::radio {

/// What a link-adaptation engine sees at one step.
struct RadioObservation {
  double time = 0;
  std::optional<double> measured_esn0_db;  // receiver report, delayed and noisy; none yet at start
  std::optional<bool> ack;                 // ACK (true) / NACK (false) of a frame sent earlier
  int current_modcod = 0;                  // index into the DVB-S2 table
  double tx_power_offset_db = 0;           // current offset from the nominal transmit power
};

/// What it decides.
struct RadioAction {
  int modcod = 0;                 // index into dvbs2_modcods()
  double tx_power_offset_db = 0;  // added to the nominal transmit power, within [−20, 10] dB
};

/// A link-adaptation model under test.
class RadioModel {
 public:
  virtual ~RadioModel() = default;
  /// Clears all state; learning models seed their own RNG from the case seed.
  virtual void reset(std::uint64_t case_seed) = 0;
  /// One decision per step.
  virtual RadioAction act(const RadioObservation& obs) = 0;
  /// The spec that recreates this model, e.g. "olla:target=0.1".
  [[nodiscard]] virtual std::string spec() const = 0;
};

/// A parameter of a built-in radio model.
struct RadioParam {
  std::string name;
  double default_value;
  double min, max;
  std::string help;
};

/// A built-in radio model and its parameters.
struct RadioModelInfo {
  std::string name;
  std::string summary;
  std::vector<RadioParam> params;
};

/// The built-ins: fixed, threshold-acm, olla, bandit.
const std::vector<RadioModelInfo>& radio_builtin_models();

/// True when NAME (the part before ':') names a radio built-in.
bool is_radio_model(std::string_view spec);

/// Builds a model from "NAME[:key=value,...]"; unknown names, keys and out-of-range values are
/// errors.
Result<std::unique_ptr<RadioModel>> make_radio_model(std::string_view spec);

}  // namespace assay::models::radio
