// Closed loop for radio links: the channel (sim/radio) drives a link-adaptation model under test
// (models/radio) through delayed, noisy feedback; the result is a Trace for the radio oracles.
#pragma once

#include <cstdint>

#include "core/trace.h"
#include "models/radio/radio_model.h"
#include "sim/radio/link_sim.h"

namespace assay::harness {

/// How reports reach the transmitter.
struct RadioFeedback {
  int delay_steps = 1;        // the report and ACK of step i arrive at step i + delay_steps
  double snr_noise_db = 0.5;  // standard deviation of the Es/N0 measurement error (dB)
};

/// Runs one case: reset(model, seed), then one act() per step. Frames succeed when the true
/// Es/N0 (with the chosen power offset) reaches the MODCOD's threshold (DVB-S2 quasi-error-free
/// abstraction, radio.md §3.3). Signals: esn0_true, esn0_measured (NaN until the first report),
/// modcod, genie_modcod (−1 when none fits), threshold, ack, throughput, genie_throughput,
/// tx_power, distance, elevation, doppler, fading.
Trace run_radio_link(const radio::RadioWorld& world, const RadioFeedback& feedback,
                     models::radio::RadioModel& model, std::uint64_t seed);

}  // namespace assay::harness
