#include <filesystem>

#include "core/atomic_file.h"
#include "reports/reports.h"

namespace assay {

Status write_reports(const RunResults& results, const std::string& out_dir) {
  const std::filesystem::path dir(out_dir);
  // results.json first: it is the record the others are derived from, so if a later write
  // fails (disk full) the canonical file is the one that exists.
  const std::pair<const char*, std::string> files[] = {
      {"results.json", results_json(results)},
      {"junit.xml", junit_xml(results)},
      {"summary.md", summary_markdown(results)},
  };
  for (const auto& [name, contents] : files) {
    if (Status s = write_file_atomic((dir / name).string(), contents); !s.ok()) return s;
  }
  return {};
}

}  // namespace assay
