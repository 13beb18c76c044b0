// Where the bytes of a table come from: a file read block by block (hashed on the way, so a
// file larger than memory is read once), or a string in memory. Internal to data/.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "core/status.h"

namespace assay::data {

/// A sequential source of bytes.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `max` bytes into `out`; 0 means the end. Read errors are Errors.
  virtual Result<std::size_t> read(char* out, std::size_t max) = 0;
  /// The name used in messages (the path).
  [[nodiscard]] virtual const std::string& name() const = 0;
  /// Hex SHA-256 of the bytes read so far when hashing, else empty.
  [[nodiscard]] virtual std::string sha256() const = 0;
  /// Bytes read so far.
  [[nodiscard]] virtual std::uint64_t bytes_read() const = 0;
};

/// Opens a file; a missing or unreadable file is an Error naming it.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path, bool hash);

/// A source over text in memory.
std::unique_ptr<ByteSource> memory_source(std::string text, std::string name);

}  // namespace assay::data
