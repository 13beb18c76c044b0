// libFuzzer target: the first line is an STL formula, the rest a CSV trace. Any input must give
// a result or a located error, never a crash, hang or sanitizer report; when both parse and the
// trace is small, the O(n) evaluator must agree exactly with the brute-force one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/trace_csv.h"
#include "oracles/stl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = text.find('\n');
  auto formula = assay::stl::parse(text.substr(0, nl));
  if (!formula || nl == std::string_view::npos) return 0;
  auto csv = assay::parse_csv_trace(text.substr(nl + 1), "fuzz.csv");
  if (!csv || csv->trace.size() > 200 || formula->nodes.size() > 30) return 0;
  const assay::stl::Params params = {{"p", 1.5}};
  auto fast = assay::stl::evaluate(*formula, csv->trace, params);
  auto brute = assay::stl::evaluate_brute_force(*formula, csv->trace, params);
  if (fast.ok() != brute.ok()) std::abort();
  if (fast.ok() && fast->values != brute->values) std::abort();
  return 0;
}
