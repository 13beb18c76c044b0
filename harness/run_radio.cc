#include "harness/run_radio.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>

#include "sim/radio/gaussian.h"

namespace assay::harness {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

Trace run_radio_link(const radio::RadioWorld& world, const RadioFeedback& feedback,
                     models::radio::RadioModel& model, std::uint64_t seed) {
  using namespace assay::radio;
  Trace trace;
  const std::array<std::pair<const char*, const char*>, 13> signals = {{
      {"esn0_true", "dB"},
      {"esn0_measured", "dB"},
      {"modcod", "1"},
      {"genie_modcod", "1"},
      {"threshold", "dB"},
      {"ack", "1"},
      {"throughput", "bit/s"},
      {"genie_throughput", "bit/s"},
      {"tx_power", "dBm"},
      {"distance", "m"},
      {"elevation", "deg"},
      {"doppler", "Hz"},
      {"fading", "dB"},
  }};
  for (const auto& [name, unit] : signals) trace.add_signal(name, unit);
  const long steps = link_steps(world);
  trace.reserve(static_cast<std::size_t>(steps));

  RadioState state = make_radio_state(world, seed);
  Rng measure = Rng(seed).split(0x5eed);
  model.reset(seed);
  struct Report {
    double measured;
    bool ack;
  };
  std::deque<Report> in_flight;  // reports not yet delivered, oldest first
  models::radio::RadioObservation obs;
  const auto& table = dvbs2_modcods();
  const int last = static_cast<int>(table.size()) - 1;
  for (long i = 0; i < steps; ++i) {
    const LinkSample x = step_link(world, state);
    obs.time = x.time;
    obs.ack.reset();
    if (static_cast<int>(in_flight.size()) > feedback.delay_steps) {
      obs.measured_esn0_db = in_flight.front().measured;
      obs.ack = in_flight.front().ack;
      in_flight.pop_front();
    }
    const models::radio::RadioAction a = model.act(obs);
    // Out-of-range actions are clamped, and recorded as chosen, so oracles judge what was sent.
    const int modcod = std::clamp(a.modcod, 0, last);
    const double offset = std::clamp(a.tx_power_offset_db, -20.0, 10.0);
    const double esn0 = x.esn0_db + offset;
    const Modcod& m = table[static_cast<std::size_t>(modcod)];
    const bool ack = esn0 >= m.esn0_db;
    const int genie = dvbs2_best_modcod(x.esn0_db, 0.0);
    const double rate = world.symbol_rate_bd;
    const double genie_tp =
        genie < 0 ? 0.0 : table[static_cast<std::size_t>(genie)].efficiency * rate;
    const double measured = esn0 + feedback.snr_noise_db * normal_zig(measure);
    in_flight.push_back({measured, ack});
    obs.current_modcod = modcod;
    obs.tx_power_offset_db = offset;
    const std::array<double, 13> row = {esn0,
                                        obs.measured_esn0_db.value_or(kNaN),
                                        static_cast<double>(modcod),
                                        static_cast<double>(genie),
                                        m.esn0_db,
                                        ack ? 1.0 : 0.0,
                                        ack ? m.efficiency * rate : 0.0,
                                        genie_tp,
                                        world.tx_power_dbm + offset,
                                        x.distance_m,
                                        x.elevation_deg,
                                        x.doppler_hz,
                                        x.fading_db};
    trace.append(x.time, row);
  }
  return trace;
}

}  // namespace assay::harness
