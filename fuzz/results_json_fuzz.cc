// libFuzzer target: the results.json reader (used to read shard results back) must reject any
// input with an error value, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reports/reports.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = assay::parse_results_json(text);
  if (parsed.ok()) {
    // Whatever parses must serialise and parse again to the same text.
    const std::string once = assay::results_json(*parsed);
    auto again = assay::parse_results_json(once);
    if (!again.ok() || assay::results_json(*again) != once) __builtin_trap();
  }
  return 0;
}
