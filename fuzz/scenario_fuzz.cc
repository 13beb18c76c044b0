// libFuzzer target: arbitrary bytes through the JSON reader and the scenario validator. Any
// input must give a scenario or a located error, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/json_source.h"
#include "harness/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = assay::parse_json(text, "fuzz.json");
  if (!doc) return 0;
  auto shared = std::make_shared<const assay::JsonDocument>(std::move(doc).value());
  auto scenario = assay::scenario::parse_scenario(shared);
  if (!scenario) {
    // Formatting exercises the location lookup of every error path.
    static_cast<void>(scenario.error().format());
  }
  return 0;
}
