// Tables read in batches: a reader (CSV or JSON Lines) fills a Batch with views of the fields of
// up to a few thousand rows, column by column, and the next call reuses the same memory. So a
// file of any size is read in bounded memory: the buffer holds one block of the file plus the
// longest record, never the whole file.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "data/values.h"

namespace assay::data {

/// What a field is, as far as the file format tells.
enum class FieldKind : std::uint8_t {
  kMissing,  // no value: a null token, JSON null, a missing key or a field a short row lacks
  kText,     // CSV field as written
  kQuoted,   // CSV quoted field (quotes already removed)
  kString,   // JSON string (escapes already decoded)
  kNumber,   // JSON number
  kBoolean,  // JSON true or false
  kNested,   // JSON object or array, kept as its text
};

/// A view of one field; valid until the reader's next call. Missing fields keep the text they
/// were written with (e.g. "NA") so findings can show it.
struct Field {
  const char* data = nullptr;
  std::uint32_t size = 0;
  FieldKind kind = FieldKind::kMissing;

  [[nodiscard]] std::string_view text() const { return {data, size}; }
  [[nodiscard]] bool missing() const { return kind == FieldKind::kMissing; }
};

/// Rows of a table, stored column by column.
struct Batch {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::size_t capacity = 0;                 // rows the cells have room for
  std::uint64_t first_row = 1;              // data-row number (1-based) of the first row
  std::vector<Field> cells;                 // cells[column * capacity + row]
  std::vector<std::uint64_t> lines;         // line (1-based) where each row starts
  std::vector<std::uint32_t> field_counts;  // fields each row had (before padding or cutting)

  /// The fields of one column.
  [[nodiscard]] const Field* column(std::size_t c) const { return cells.data() + c * capacity; }
  /// Mutable access for readers.
  Field& cell(std::size_t c, std::size_t row) { return cells[c * capacity + row]; }
  /// Prepares room for `rows` rows of `cols` columns and empties the batch.
  void reset(std::size_t cols, std::size_t rows_capacity);
};

/// File formats.
enum class Format { kAuto, kCsv, kJsonLines };

/// How to read a data file.
struct ReadOptions {
  Format format = Format::kAuto;  // auto: ".jsonl"/".ndjson" are JSON Lines, the rest CSV
  char delimiter = ',';
  bool header = true;                        // CSV: the first record names the columns
  NullTokens nulls;                          // CSV: field texts that count as missing
  std::size_t block_bytes = 1u << 20;        // bytes read per system call
  std::size_t max_record_bytes = 64u << 20;  // longest row accepted
  std::size_t batch_rows = 4096;             // rows per batch (fewer for very wide tables)
  std::size_t max_columns = 100000;
  bool hash = false;  // compute the SHA-256 of the bytes read
};

/// The format `options` ask for, resolved for `path`.
Format resolve_format(const std::string& path, Format requested);

/// A table being read.
class TableReader {
 public:
  virtual ~TableReader() = default;

  /// Column names, in file order.
  [[nodiscard]] virtual const std::vector<std::string>& columns() const = 0;
  /// Reads the next rows into `batch`; false at the end of the data.
  virtual Result<bool> next(Batch& batch) = 0;
  /// Lower-case hex SHA-256 of everything read so far (ReadOptions::hash), else empty.
  [[nodiscard]] virtual std::string sha256() const = 0;
  /// Bytes read so far.
  [[nodiscard]] virtual std::uint64_t bytes_read() const = 0;
};

/// Opens a table from the start; called again for every extra pass over the data.
using TableOpener = std::function<Result<std::unique_ptr<TableReader>>()>;

/// Opens a data file; format, header and delimiter problems are Errors naming file:line:col.
Result<std::unique_ptr<TableReader>> open_table(const std::string& path,
                                                const ReadOptions& options);

/// Reads a table from text in memory (tests, fuzzing); `name` stands for the file in messages.
Result<std::unique_ptr<TableReader>> open_table_text(std::string text, std::string name,
                                                     Format format, const ReadOptions& options);

}  // namespace assay::data
