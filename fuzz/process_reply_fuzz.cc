// libFuzzer target: arbitrary bytes as one step reply of the process protocol. decode_step_reply
// must give a command or an error, never a crash; and since flat replies take a fast path, its
// result must equal what nlohmann::json alone makes of the line (accepted or not, same bits).
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "models/process_model.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto got = assay::models::decode_step_reply(line);
  const nlohmann::json reply = nlohmann::json::parse(line, nullptr, false);
  bool ok = !reply.is_discarded() && reply.is_object() && reply.contains("accel") &&
            reply["accel"].is_number() && (!reply.contains("steer") || reply["steer"].is_number());
  double accel = 0.0;
  double steer = 0.0;
  if (ok) {
    accel = reply["accel"].get<double>();
    steer = reply.contains("steer") ? reply["steer"].get<double>() : 0.0;
    ok = std::isfinite(accel) && std::isfinite(steer);
  }
  if (got.ok() != ok) std::abort();
  if (ok && (std::bit_cast<std::uint64_t>(got->accel) != std::bit_cast<std::uint64_t>(accel) ||
             std::bit_cast<std::uint64_t>(got->steer) != std::bit_cast<std::uint64_t>(steer))) {
    std::abort();
  }
  return 0;
}
