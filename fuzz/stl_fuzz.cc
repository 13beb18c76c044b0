// libFuzzer target: the first line is an STL formula, the rest a CSV trace. Any input must give
// a result or a located error, never a crash, hang or sanitizer report; when both parse and the
// trace is small, the O(n) evaluator must agree exactly with the brute-force one, and for a
// bounded formula the streaming monitor's bounds must contain that value after every sample
// and equal it at the end.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace_csv.h"
#include "oracles/stl.h"
#include "oracles/stl_monitor.h"

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
  if (!fast.ok() || !formula->bounded()) return 0;
  const assay::Trace& trace = csv->trace;
  std::vector<std::string> columns;
  for (std::size_t c = 1; c < trace.num_signals(); ++c) columns.push_back(trace.info(c).name);
  auto monitor = assay::stl::Monitor::create(*formula, columns, params);
  if (!monitor) std::abort();  // the offline evaluation found every signal and parameter
  const double value = fast->values.front();
  std::vector<double> row;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    row.clear();
    for (std::size_t c = 1; c < trace.num_signals(); ++c) row.push_back(trace.column(c)[i]);
    if (!monitor->push(trace.time()[i], row).ok()) std::abort();
    const auto b = monitor->bounds();
    if (!(b.lo <= value && value <= b.hi)) std::abort();
  }
  monitor->finish();
  if (!(monitor->bounds().exact && monitor->bounds().lo == value)) std::abort();
  return 0;
}
