// JSON Lines (https://jsonlines.org): one JSON object per line, read in bounded memory. A first
// pass collects the keys (the columns, in order of first appearance) and checks the syntax; the
// second fills batches. Scalars become fields; nested objects and arrays are kept as their JSON
// text. Strings are decoded in place (an escape is never shorter than what it stands for). The
// scanner has no recursion, so deep nesting cannot exhaust the stack.
#include <algorithm>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "data/readers.h"

namespace assay::data {

namespace {

struct Member {
  std::string_view key;
  Field value;
};

// Parses one line (a JSON object) in place. Errors carry the 1-based byte column.
class LineParser {
 public:
  LineParser(char* text, std::size_t size) : p_(text), n_(size) {}

  /// Calls on_member(key, field) for each member; returns the error column (0 when fine).
  template <class OnMember>
  int parse(std::string& message, OnMember&& on_member) {
    skip_space();
    if (i_ == n_) return 0;  // a blank line
    if (p_[i_] != '{') return fail(message, "expected '{': each line must be a JSON object");
    ++i_;
    skip_space();
    if (i_ < n_ && p_[i_] == '}') {
      ++i_;
      return finish(message);
    }
    for (;;) {
      skip_space();
      if (i_ == n_ || p_[i_] != '"') return fail(message, "expected a string key");
      std::string_view key;
      if (!read_string(message, key)) return column_;
      skip_space();
      if (i_ == n_ || p_[i_] != ':') return fail(message, "expected ':' after the key");
      ++i_;
      skip_space();
      Field value;
      if (!read_value(message, value)) return column_;
      on_member(key, value);
      skip_space();
      if (i_ < n_ && p_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < n_ && p_[i_] == '}') {
        ++i_;
        return finish(message);
      }
      return fail(message, "expected ',' or '}'");
    }
  }

 private:
  int finish(std::string& message) {
    skip_space();
    if (i_ != n_) return fail(message, "unexpected text after the object");
    return 0;
  }

  int fail(std::string& message, std::string why) {
    message = std::move(why);
    column_ = static_cast<int>(std::min<std::size_t>(i_ + 1, 1u << 30));
    return column_;
  }

  void skip_space() {
    while (i_ < n_ && (p_[i_] == ' ' || p_[i_] == '\t' || p_[i_] == '\r')) ++i_;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(unsigned& out) {
    if (i_ + 4 > n_) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = hex(p_[i_ + k]);
      if (h < 0) return false;
      out = out * 16 + static_cast<unsigned>(h);
    }
    i_ += 4;
    return true;
  }

  void put_utf8(std::size_t& w, unsigned cp) {
    if (cp < 0x80) {
      p_[w++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      p_[w++] = static_cast<char>(0xC0 | (cp >> 6));
      p_[w++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      p_[w++] = static_cast<char>(0xE0 | (cp >> 12));
      p_[w++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      p_[w++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      p_[w++] = static_cast<char>(0xF0 | (cp >> 18));
      p_[w++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      p_[w++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      p_[w++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Decodes the string at p_[i_] (its opening quote) in place; `out` views the decoded text.
  bool read_string(std::string& message, std::string_view& out) {
    const std::size_t start = ++i_;
    std::size_t w = start;
    while (i_ < n_) {
      const char c = p_[i_];
      if (c == '"') {
        out = std::string_view(p_ + start, w - start);
        ++i_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail(message, "control character in a string (escape it)");
        return false;
      }
      if (c != '\\') {
        p_[w++] = c;
        ++i_;
        continue;
      }
      if (++i_ == n_) break;
      const char e = p_[i_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          p_[w++] = e;
          break;
        case 'b':
          p_[w++] = '\b';
          break;
        case 'f':
          p_[w++] = '\f';
          break;
        case 'n':
          p_[w++] = '\n';
          break;
        case 'r':
          p_[w++] = '\r';
          break;
        case 't':
          p_[w++] = '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          if (!read_hex4(cp)) {
            fail(message, "\\u must be followed by four hex digits");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (i_ + 1 < n_ && p_[i_] == '\\' && p_[i_ + 1] == 'u') {
              i_ += 2;
              if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) {
                fail(message, "a high surrogate must be followed by a low surrogate");
                return false;
              }
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              fail(message, "a high surrogate must be followed by a low surrogate");
              return false;
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(message, "lone low surrogate");
            return false;
          }
          put_utf8(w, cp);
          break;
        }
        default:
          --i_;
          fail(message, "invalid escape in a string");
          return false;
      }
    }
    fail(message, "string is not closed before the end of the line");
    return false;
  }

  bool literal(std::string_view word) {
    if (n_ - i_ < word.size() || std::memcmp(p_ + i_, word.data(), word.size()) != 0) return false;
    i_ += word.size();
    return true;
  }

  bool digits() {
    const std::size_t start = i_;
    while (i_ < n_ && p_[i_] >= '0' && p_[i_] <= '9') ++i_;
    return i_ > start;
  }

  // A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool read_number(std::string& message, Field& out) {
    const std::size_t start = i_;
    if (p_[i_] == '-') ++i_;
    if (i_ < n_ && p_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      fail(message, "invalid number");
      return false;
    }
    if (i_ < n_ && p_[i_] == '.') {
      ++i_;
      if (!digits()) {
        fail(message, "invalid number: digits must follow '.'");
        return false;
      }
    }
    if (i_ < n_ && (p_[i_] == 'e' || p_[i_] == 'E')) {
      ++i_;
      if (i_ < n_ && (p_[i_] == '+' || p_[i_] == '-')) ++i_;
      if (!digits()) {
        fail(message, "invalid number: digits must follow the exponent");
        return false;
      }
    }
    out = Field{p_ + start, static_cast<std::uint32_t>(i_ - start), FieldKind::kNumber};
    return true;
  }

  // An object or array kept as text: brackets must balance and strings must close.
  bool read_nested(std::string& message, Field& out) {
    const std::size_t start = i_;
    std::string open;
    while (i_ < n_) {
      const char c = p_[i_];
      if (c == '"') {
        ++i_;
        while (i_ < n_ && p_[i_] != '"') i_ += p_[i_] == '\\' ? 2 : 1;
        if (i_ >= n_) break;
      } else if (c == '{' || c == '[') {
        open.push_back(c);
      } else if (c == '}' || c == ']') {
        if (open.empty() || (c == '}') != (open.back() == '{')) {
          fail(message, "mismatched bracket in a nested value");
          return false;
        }
        open.pop_back();
        if (open.empty()) {
          ++i_;
          out = Field{p_ + start, static_cast<std::uint32_t>(i_ - start), FieldKind::kNested};
          return true;
        }
      }
      ++i_;
    }
    i_ = std::min(i_, n_);
    fail(message, "nested value is not closed before the end of the line");
    return false;
  }

  bool read_value(std::string& message, Field& out) {
    if (i_ == n_) {
      fail(message, "expected a value");
      return false;
    }
    const char c = p_[i_];
    if (c == '"') {
      std::string_view s;
      if (!read_string(message, s)) return false;
      out = Field{s.data(), static_cast<std::uint32_t>(s.size()), FieldKind::kString};
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return read_number(message, out);
    if (c == '{' || c == '[') return read_nested(message, out);
    const std::size_t start = i_;
    if (literal("true") || literal("false")) {
      out = Field{p_ + start, static_cast<std::uint32_t>(i_ - start), FieldKind::kBoolean};
      return true;
    }
    if (literal("null")) {
      out = Field{p_ + start, 4, FieldKind::kMissing};
      return true;
    }
    fail(message, "expected a value (string, number, true, false, null, object or array)");
    return false;
  }

  char* p_;
  std::size_t n_;
  std::size_t i_ = 0;
  int column_ = 0;
};

// Hands out complete lines of a byte source; a line is a view valid until the next refill.
class Lines {
 public:
  Lines(std::unique_ptr<ByteSource> source, const ReadOptions& options)
      : window_(std::move(source), options.block_bytes), limit_(options.max_record_bytes) {}

  /// The next line into `line` (without its '\n'); false at the end. `need_refill` is set
  /// instead when more input must be read and the caller still holds views.
  Result<bool> next(std::string_view& line, bool may_refill, bool& need_refill) {
    need_refill = false;
    for (;;) {
      char* b = window_.bytes();
      if (window_.begin == window_.end && window_.eof) return false;
      const void* hit = std::memchr(b + window_.begin, '\n', window_.end - window_.begin);
      if (hit != nullptr || window_.eof) {
        const std::size_t e =
            hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - b) : window_.end;
        line = std::string_view(b + window_.begin, e - window_.begin);
        window_.begin = hit ? e + 1 : e;
        ++line_;
        return true;
      }
      if (!may_refill) {
        need_refill = true;
        return false;
      }
      auto grew = window_.fill(limit_);
      if (!grew.ok()) return grew.error();
      if (!*grew) {
        return Error{"a line longer than " + std::to_string(limit_) + " bytes starts here",
                     {window_.source().name(), static_cast<int>(line_ + 1), 1, ""}};
      }
    }
  }

  [[nodiscard]] std::uint64_t line() const { return line_; }
  [[nodiscard]] const ByteSource& source() const { return window_.source(); }

 private:
  Window window_;
  std::size_t limit_;
  std::uint64_t line_ = 0;
};

// Lets the column index be searched with a string_view, without building a string per field.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

int clamp_line(std::uint64_t line) {
  return static_cast<int>(std::min<std::uint64_t>(line, std::numeric_limits<int>::max()));
}

class JsonlReader final : public TableReader {
 public:
  explicit JsonlReader(const ReadOptions& options) : options_(options) {}

  // The first pass: syntax and keys.
  Status discover(std::unique_ptr<ByteSource> source) {
    Lines lines(std::move(source), options_);
    for (;;) {
      std::string_view line;
      bool unused = false;
      auto more = lines.next(line, true, unused);
      if (!more.ok()) return more.error();
      if (!*more) return {};
      std::string message;
      seen_.clear();
      std::string duplicate;
      LineParser parser(const_cast<char*>(line.data()), line.size());
      const int column = parser.parse(message, [&](std::string_view key, const Field&) {
        if (!duplicate.empty()) return;
        std::string k(key);
        if (!seen_.insert(k).second) duplicate = k;
        if (index_.find(k) == index_.end()) {
          index_.emplace(k, columns_.size());
          columns_.push_back(std::move(k));
        }
      });
      if (column != 0) return error(lines, column, message);
      if (!duplicate.empty()) return error(lines, 1, "duplicate key \"" + duplicate + "\"");
      if (columns_.size() > options_.max_columns) {
        return error(lines, 1,
                     "more than " + std::to_string(options_.max_columns) + " distinct keys");
      }
    }
  }

  void begin(std::unique_ptr<ByteSource> source) {
    lines_ = std::make_unique<Lines>(std::move(source), options_);
    capacity_ =
        std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(columns_.size(), 1),
                                1, std::max<std::size_t>(options_.batch_rows, 1));
  }

  [[nodiscard]] const std::vector<std::string>& columns() const override { return columns_; }
  [[nodiscard]] std::string sha256() const override { return lines_->source().sha256(); }
  [[nodiscard]] std::uint64_t bytes_read() const override { return lines_->source().bytes_read(); }

  Result<bool> next(Batch& batch) override {
    batch.reset(columns_.size(), capacity_);
    batch.first_row = rows_ + 1;
    if (columns_.empty()) return false;
    while (batch.rows < batch.capacity) {
      std::string_view line;
      bool need_refill = false;
      auto more = lines_->next(line, batch.rows == 0, need_refill);
      if (!more.ok()) return more.error();
      if (!*more) break;
      const std::size_t row = batch.rows;
      for (std::size_t c = 0; c < columns_.size(); ++c) batch.cell(c, row) = Field{};
      std::string message;
      bool any = false;
      LineParser parser(const_cast<char*>(line.data()), line.size());
      const int column = parser.parse(message, [&](std::string_view key, const Field& value) {
        any = true;
        const auto it = index_.find(key);
        if (it != index_.end()) batch.cell(it->second, row) = value;
      });
      if (column != 0) return error(*lines_, column, message);
      if (!any && is_blank(line)) continue;
      batch.lines[row] = lines_->line();
      batch.field_counts[row] = static_cast<std::uint32_t>(columns_.size());
      ++batch.rows;
      ++rows_;
    }
    return batch.rows > 0;
  }

 private:
  static bool is_blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
  }

  Error error(const Lines& lines, int column, std::string message) const {
    return Error{std::move(message), {lines.source().name(), clamp_line(lines.line()), column, ""}};
  }

  ReadOptions options_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>> index_;
  std::unordered_set<std::string> seen_;
  std::unique_ptr<Lines> lines_;
  std::size_t capacity_ = 1;
  std::uint64_t rows_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableReader>> make_jsonl_reader(const SourceOpener& open,
                                                       const ReadOptions& options) {
  auto reader = std::make_unique<JsonlReader>(options);
  {
    auto source = open();
    if (!source.ok()) return source.error();
    if (Status s = reader->discover(std::move(source).value()); !s.ok()) return s.error();
  }
  auto source = open();
  if (!source.ok()) return source.error();
  reader->begin(std::move(source).value());
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace assay::data
