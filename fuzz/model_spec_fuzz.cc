// libFuzzer target: arbitrary bytes as a --model spec (built-in, native:, plugin:, process:).
// Parsing must give a spec or an error, never a crash; nothing is loaded or started.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/model.h"
#include "models/process_model.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = assay::models::parse_model_spec(text);
  if (!spec) return 0;
  if (spec->name == "process") {
    static_cast<void>(assay::models::process_config(*spec));
  } else if (spec->name != "native" && spec->name != "plugin") {
    static_cast<void>(assay::models::resolve_parameters(*spec));
  }
  return 0;
}
