// Radio oracles. They judge a Trace produced by the radio closed loop (signals esn0_true,
// modcod, genie_modcod, threshold, ack, throughput, genie_throughput, tx_power), never the
// simulator: throughput against the genie, BLER and outage targets, link-margin violations,
// recovery time after a deep fade, MODCOD over-reach and energy per delivered bit. Each gives a
// verdict and a margin (negative means failed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/results.h"
#include "core/trace.h"

namespace assay::oracles {

/// One radio oracle's configuration.
struct RadioOracleConfig {
  std::string id;
  std::string kind;           // throughput_vs_genie | bler | outage | link_margin | recovery_time |
                              // max_overreach | energy_per_bit
  std::optional<double> min;  // throughput_vs_genie: min ratio; link_margin: required dB
  std::optional<double> max;  // bler, outage, link_margin (allowed fraction), recovery_time (s),
                              // max_overreach (dB), energy_per_bit (J/bit)
  std::vector<std::string> requirements;
};

/// Kinds of radio oracle.
const std::vector<std::string>& radio_oracle_kinds();

/// Judges one trace; a missing signal or NaN in the true Es/N0 is an `error` verdict.
OracleResult evaluate_radio(const RadioOracleConfig& config, const Trace& trace);

/// Metrics recorded for every radio case: mean throughput, genie throughput, ratio, BLER,
/// outage fraction, worst recovery time, energy per bit.
std::vector<Quantity> radio_metrics(const Trace& trace);

}  // namespace assay::oracles
