// Traces from CSV files: a header line of names (optionally "name [unit]", as Trace::to_csv
// writes), one row per sample, a time column. Real logs (docs/stl.md, ASSAY_REAL_LOGS) and traces
// written by `assay run --traces` both read this way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/trace.h"

namespace assay {

struct CsvTraceOptions {
  /// Name of the time column; empty: "t", "t_s", "time" or "time_s" if present, else the first.
  std::string time_column;
  std::size_t max_bytes = 256u << 20;
  std::size_t max_columns = 4096;
};

/// A trace read from CSV, and the columns left out because they are not numeric.
struct CsvTrace {
  Trace trace;
  std::vector<std::string> skipped;  // non-numeric columns, in file order
};

/// Parses CSV text; `file` names the source in errors (file:line:col). Empty fields and "nan"
/// are NaN; a column with any other non-number is skipped; the time column must be numeric,
/// finite and strictly increasing.
Result<CsvTrace> parse_csv_trace(std::string_view text, const std::string& file,
                                 const CsvTraceOptions& options = {});

/// Reads and parses a CSV trace file.
Result<CsvTrace> load_csv_trace(const std::string& path, const CsvTraceOptions& options = {});

}  // namespace assay
