#include "core/json_source.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace assay {
namespace {

// Line and column (1-based, columns count bytes) of a byte offset.
struct LineIndex {
  explicit LineIndex(std::string_view text) {
    starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts.push_back(i + 1);
    }
  }
  std::pair<int, int> at(std::size_t offset) const {
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - starts.begin());
    return {static_cast<int>(line), static_cast<int>(offset - starts[line - 1] + 1)};
  }
  std::vector<std::size_t> starts;
};

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Walks the text once, recording where each key and value starts. It never reads out of bounds
// and stops quietly on anything malformed: nlohmann's parser reports syntax errors afterwards.
class LocationScanner {
 public:
  LocationScanner(std::string_view text, const JsonLimits& limits) : s_(text), limits_(limits) {}

  struct Frame {
    bool object = false;
    bool expect_key = false;
    std::string key;
    std::size_t index = 0;
    std::set<std::string> seen;
  };

  std::map<std::string, std::size_t, std::less<>> values, keys;
  std::size_t problem_offset = std::string_view::npos;
  std::string problem;

  void run() {
    while (i_ < s_.size() && problem.empty()) step();
  }

 private:
  std::string pointer() const {
    std::string p;
    for (const auto& f : stack_) {
      p = f.object ? pointer_append(p, f.key) : pointer_append(p, f.index);
    }
    return p;
  }

  void fail(std::size_t at, std::string why) {
    if (problem.empty()) {
      problem_offset = at;
      problem = std::move(why);
    }
  }

  void record_value(std::size_t at) {
    if (!stack_.empty() && stack_.back().object && stack_.back().expect_key) return;
    values.emplace(pointer(), at);
  }

  void skip_comment() {
    if (i_ + 1 >= s_.size()) {
      ++i_;
      return;
    }
    if (s_[i_ + 1] == '/') {
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
    } else if (s_[i_ + 1] == '*') {
      auto end = s_.find("*/", i_ + 2);
      i_ = end == std::string_view::npos ? s_.size() : end + 2;
    } else {
      ++i_;
    }
  }

  std::string read_string() {
    std::string out;
    ++i_;  // opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) break;
      char e = s_[i_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          unsigned cp = read_hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            i_ += 2;
            unsigned lo = read_hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          out += e;
      }
    }
    ++i_;  // closing quote
    return out;
  }

  unsigned read_hex4() {
    unsigned v = 0;
    for (int k = 0; k < 4 && i_ < s_.size(); ++k, ++i_) {
      char c = s_[i_];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
    }
    return v;
  }

  void after_value() {
    if (!stack_.empty() && stack_.back().object) stack_.back().expect_key = false;
  }

  void step() {
    const char c = s_[i_];
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case ':':
        ++i_;
        return;
      case '/':
        skip_comment();
        return;
      case '{':
      case '[': {
        record_value(i_);
        if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
          fail(i_, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
          return;
        }
        Frame f;
        f.object = c == '{';
        f.expect_key = f.object;
        stack_.push_back(std::move(f));
        ++i_;
        return;
      }
      case '}':
      case ']':
        if (!stack_.empty()) stack_.pop_back();
        after_value();
        ++i_;
        return;
      case ',':
        if (!stack_.empty()) {
          if (stack_.back().object)
            stack_.back().expect_key = true;
          else
            ++stack_.back().index;
        }
        ++i_;
        return;
      case '"': {
        const std::size_t at = i_;
        if (!stack_.empty() && stack_.back().object && stack_.back().expect_key) {
          Frame& f = stack_.back();
          f.key = read_string();
          if (!f.seen.insert(f.key).second) {
            fail(at, "duplicate key \"" + f.key + "\"");
            return;
          }
          f.expect_key = false;
          keys.emplace(pointer(), at);
          skip_to_value();
          return;
        }
        record_value(at);
        read_string();
        after_value();
        return;
      }
      default:
        record_value(i_);
        while (i_ < s_.size() &&
               std::string_view(",}] \t\r\n/").find(s_[i_]) == std::string_view::npos)
          ++i_;
        after_value();
        return;
    }
  }

  // After a key: the value follows a ':'; mark the frame so the value is recorded under the key.
  void skip_to_value() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ':') {
        ++i_;
        break;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
        continue;
      }
      if (c == '/') {
        skip_comment();
        continue;
      }
      break;
    }
  }

  std::string_view s_;
  const JsonLimits& limits_;
  std::size_t i_ = 0;
  std::vector<Frame> stack_;
};

// Finds the first non-finite number (nlohmann turns 1e999 into infinity) and returns its pointer.
bool find_non_finite(const nlohmann::json& j, const std::string& at, std::string& where) {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) {
    where = at;
    return true;
  }
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (find_non_finite(v, pointer_append(at, k), where)) return true;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (find_non_finite(j[i], pointer_append(at, i), where)) return true;
    }
  }
  return false;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 2: "; keep what follows, since the location is given by us.
std::string clean_parse_message(const std::string& what) {
  auto pos = what.find(": ");
  auto column = what.find("column");
  if (column != std::string::npos) pos = what.find(": ", column);
  std::string msg = pos == std::string::npos ? what : what.substr(pos + 2);
  return "invalid JSON: " + msg;
}

}  // namespace

std::string pointer_append(std::string_view pointer, std::string_view key) {
  std::string out(pointer);
  out += '/';
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

std::string_view json_type_name(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

SourceLocation JsonDocument::locate(std::string_view pointer) const {
  std::string p(pointer);
  while (true) {
    if (auto it = values_.find(p); it != values_.end()) {
      return {file_, it->second.line, it->second.column, std::string(pointer)};
    }
    if (p.empty()) break;
    p.resize(p.rfind('/'));
  }
  return {file_, 0, 0, std::string(pointer)};
}

SourceLocation JsonDocument::locate_key(std::string_view pointer) const {
  if (auto it = keys_.find(pointer); it != keys_.end()) {
    return {file_, it->second.line, it->second.column, std::string(pointer)};
  }
  return locate(pointer);
}

Error JsonDocument::error_at(std::string_view pointer, std::string message) const {
  return Error{std::move(message), locate(pointer)};
}

Error JsonDocument::error_at_key(std::string_view pointer, std::string message) const {
  return Error{std::move(message), locate_key(pointer)};
}

Result<JsonDocument> parse_json(std::string_view text, std::string file, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{"input is " + std::to_string(text.size()) + " bytes; the limit is " +
                     std::to_string(limits.max_bytes),
                 {file, 0, 0, ""}};
  }
  const LineIndex lines(text);
  auto located = [&](std::size_t offset, std::string msg) {
    auto [l, c] = lines.at(std::min(offset, text.empty() ? 0 : text.size() - 1));
    return Error{std::move(msg), {file, l, c, ""}};
  };

  LocationScanner scan(text, limits);
  scan.run();
  if (!scan.problem.empty()) return located(scan.problem_offset, scan.problem);

  JsonDocument doc;
  try {
    doc.root_ = nlohmann::json::parse(text.begin(), text.end(), nullptr, true, true);
  } catch (const nlohmann::json::parse_error& e) {
    return located(e.byte > 0 ? e.byte - 1 : 0, clean_parse_message(e.what()));
  } catch (const nlohmann::json::exception& e) {
    // Number overflow ("number overflow parsing '1e999'") carries no position: find the token.
    std::string what = e.what();
    std::size_t at = 0;
    if (auto q = what.find("parsing '"); q != std::string::npos) {
      auto token = what.substr(q + 9, what.find('\'', q + 9) - (q + 9));
      if (auto pos = text.find(token); pos != std::string_view::npos) at = pos;
    }
    return located(at, "number out of range");
  }
  doc.file_ = std::move(file);
  for (const auto& [p, off] : scan.values) {
    auto [l, c] = lines.at(off);
    doc.values_.emplace(p, JsonDocument::Pos{l, c});
  }
  for (const auto& [p, off] : scan.keys) {
    auto [l, c] = lines.at(off);
    doc.keys_.emplace(p, JsonDocument::Pos{l, c});
  }
  std::string where;
  if (find_non_finite(doc.root_, "", where)) {
    return doc.error_at(where, "number out of range (not a finite double)");
  }
  return doc;
}

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open file", {path, 0, 0, ""}};
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > max_bytes) {
    return Error{"file is larger than " + std::to_string(max_bytes) + " bytes", {path, 0, 0, ""}};
  }
  return text;
}

Result<JsonDocument> load_json_file(const std::string& path, const JsonLimits& limits) {
  auto text = read_file(path, limits.max_bytes + 1);
  if (!text) return text.error();
  return parse_json(*text, path, limits);
}

}  // namespace assay
