// Strict JSON input with source locations. nlohmann_json parses (comments allowed); a small
// scanner over the same text records the line and column of every key and value by JSON pointer,
// so every later error can name file:line:col and the pointer. Duplicate keys, non-finite
// numbers, oversize input and deep nesting are rejected here, once, for every parser.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace assay {

/// Limits that protect every JSON parser from hostile input.
struct JsonLimits {
  std::size_t max_bytes = 16u << 20;  // 16 MiB
  int max_depth = 64;
};

/// A parsed JSON document with the positions of its keys and values.
class JsonDocument {
 public:
  JsonDocument() = default;

  [[nodiscard]] const nlohmann::json& root() const { return root_; }
  [[nodiscard]] const std::string& file() const { return file_; }

  /// Location of the value at pointer (or of its nearest located ancestor).
  [[nodiscard]] SourceLocation locate(std::string_view pointer) const;
  /// Location of the key that names the member at pointer (falls back to locate()).
  [[nodiscard]] SourceLocation locate_key(std::string_view pointer) const;

  /// An error located at the value at pointer.
  [[nodiscard]] Error error_at(std::string_view pointer, std::string message) const;
  /// An error located at the key of the member at pointer.
  [[nodiscard]] Error error_at_key(std::string_view pointer, std::string message) const;

 private:
  friend Result<JsonDocument> parse_json(std::string_view, std::string, const JsonLimits&);
  struct Pos {
    int line = 0;
    int column = 0;
  };
  nlohmann::json root_;
  std::string file_;
  std::map<std::string, Pos, std::less<>> values_;
  std::map<std::string, Pos, std::less<>> keys_;
};

/// Parses JSON text (comments allowed). `file` names the source in messages.
Result<JsonDocument> parse_json(std::string_view text, std::string file,
                                const JsonLimits& limits = {});

/// Reads and parses a file; a missing or unreadable file is an Error naming it.
Result<JsonDocument> load_json_file(const std::string& path, const JsonLimits& limits = {});

/// Reads a whole file into a string; nullopt-like Error when it cannot be read.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = 256u << 20);

/// Appends a key to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string pointer_append(std::string_view pointer, std::string_view key);
/// Appends an array index to a JSON pointer.
std::string pointer_append(std::string_view pointer, std::size_t index);

/// The JSON type name used in messages ("object", "array", "string", "number", ...).
std::string_view json_type_name(const nlohmann::json& j);

}  // namespace assay
