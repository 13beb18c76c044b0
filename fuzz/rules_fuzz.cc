// libFuzzer target for the rule-set parser of `assay data check`, including the regex and
// expression compilers it calls. A rule set that parses is run over a small fixed table, so
// fuzzed patterns and expressions are also evaluated. Bad input must give an Error, never a
// crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/check.h"
#include "data/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto rules = assay::data::parse_rules_text(text, "fuzz.json");
  if (!rules.ok()) return 0;
  static const std::string kTable =
      "a,b,c\n1,x,2024-01-01T00:00:00Z\n2,,2024-01-01T00:00:01Z\nNaN,yy,bad\n-3,zzz,\n";
  assay::data::CheckOptions options;
  rules->apply_to(options.read);
  options.read.max_record_bytes = 1 << 16;
  auto report = assay::data::check_text(*rules, kTable, assay::data::Format::kCsv, options);
  (void)report;
  return 0;
}
