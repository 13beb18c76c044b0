// The concrete table readers behind open_table(). Internal to data/.
#pragma once

#include <functional>
#include <memory>

#include "data/byte_source.h"
#include "data/table.h"

namespace assay::data {

/// Opens a byte source again from the start (JSON Lines reads its input twice).
using SourceOpener = std::function<Result<std::unique_ptr<ByteSource>>()>;

/// RFC 4180 CSV with a configurable delimiter, optional header, CRLF or LF line ends.
Result<std::unique_ptr<TableReader>> make_csv_reader(std::unique_ptr<ByteSource> source,
                                                     const ReadOptions& options);

/// JSON Lines: one flat JSON object per line; the columns are every key seen, in order of
/// first appearance (found by a first pass over the input).
Result<std::unique_ptr<TableReader>> make_jsonl_reader(const SourceOpener& open,
                                                       const ReadOptions& options);

/// A growable window over a byte source: bytes [begin, end) of `bytes` are unread; `fill()`
/// moves them to the front and reads more. Shared by both readers.
class Window {
 public:
  Window(std::unique_ptr<ByteSource> source, std::size_t block_bytes);

  /// Moves the unread bytes to the front, grows the buffer when it is full (up to `limit`
  /// bytes), and reads until it is full or the source ends. False when the buffer is full and
  /// may not grow.
  Result<bool> fill(std::size_t limit);

  char* bytes() { return bytes_.data(); }
  std::size_t begin = 0;
  std::size_t end = 0;
  bool eof = false;
  [[nodiscard]] const ByteSource& source() const { return *source_; }

 private:
  std::unique_ptr<ByteSource> source_;
  std::vector<char> bytes_;
};

}  // namespace assay::data
