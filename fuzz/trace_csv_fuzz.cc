// libFuzzer target: arbitrary bytes through the CSV trace reader. Any input must give a trace or
// a located error, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/trace_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = assay::parse_csv_trace(text, "fuzz.csv");
  if (!r) static_cast<void>(r.error().format());
  return 0;
}
