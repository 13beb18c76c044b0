#include "data/values.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace assay::data {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at text[pos...]; advances pos.
std::optional<unsigned> read_digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  unsigned value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  pos += count;
  return value;
}

bool leap_year(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  return month == 2 && leap_year(year) ? 29 : kDays[month - 1];
}

// The zone suffix at text[pos...]: "Z", "+HH:MM", "+HHMM" or "+HH"; offset in seconds east.
std::optional<int> read_zone(std::string_view text, std::size_t pos) {
  if (pos == text.size()) return 0;
  if (text[pos] == 'Z' || text[pos] == 'z')
    return pos + 1 == text.size() ? std::optional<int>(0) : std::nullopt;
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  const auto hours = read_digits(text, pos, 2);
  if (!hours || *hours > 23) return std::nullopt;
  unsigned minutes = 0;
  if (pos < text.size()) {
    if (text[pos] == ':') ++pos;
    const auto m = read_digits(text, pos, 2);
    if (!m || *m > 59) return std::nullopt;
    minutes = *m;
  }
  if (pos != text.size()) return std::nullopt;
  return sign * static_cast<int>(*hours * 3600 + minutes * 60);
}

}  // namespace

std::string_view type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "string";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kNumber:
      return "number";
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kTimestamp:
      return "timestamp";
  }
  return "string";
}

std::optional<ColumnType> parse_type_name(std::string_view name) {
  for (auto t : {ColumnType::kString, ColumnType::kInteger, ColumnType::kNumber,
                 ColumnType::kBoolean, ColumnType::kTimestamp}) {
    if (type_name(t) == name) return t;
  }
  return std::nullopt;
}

bool is_numeric(ColumnType type) {
  return type == ColumnType::kInteger || type == ColumnType::kNumber;
}

std::string_view trim(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  return text.substr(b, e - b);
}

std::optional<double> parse_number(std::string_view text) {
  // The fast path: most numeric fields have no surrounding blanks.
  if (!text.empty() &&
      (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' || text.back() == '\t')) {
    text = trim(text);
  }
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value unset on overflow and underflow; say what the text meant.
    const bool negative = text.front() == '-';
    const auto e = text.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < text.size() && text[e + 1] == '-';
    if (tiny) return negative ? -0.0 : 0.0;
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (ec != std::errc()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> parse_boolean(std::string_view text) {
  text = trim(text);
  if (equal_ignoring_case(text, "true")) return true;
  if (equal_ignoring_case(text, "false")) return false;
  return std::nullopt;
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  // The era-based formula for the proleptic Gregorian calendar (H. Hinnant, "chrono-Compatible
  // Low-Level Date Algorithms"): years start in March so the leap day comes last.
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

std::optional<double> parse_iso8601(std::string_view text) {
  text = trim(text);
  std::size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || pos >= text.size() || text[pos] != '-') return std::nullopt;
  ++pos;
  const auto month = read_digits(text, pos, 2);
  if (!month || *month < 1 || *month > 12 || pos >= text.size() || text[pos] != '-')
    return std::nullopt;
  ++pos;
  const auto day = read_digits(text, pos, 2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  const double days = static_cast<double>(days_from_civil(*year, *month, *day));
  if (pos == text.size()) return days * 86400.0;
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  const auto hour = read_digits(text, pos, 2);
  if (!hour || *hour > 23 || pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  const auto minute = read_digits(text, pos, 2);
  if (!minute || *minute > 59) return std::nullopt;
  double seconds = 0.0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto whole = read_digits(text, pos, 2);
    if (!whole || *whole > 60) return std::nullopt;  // 60: a leap second
    seconds = *whole;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      double scale = 0.1;
      const std::size_t start = pos;
      while (pos < text.size() && is_digit(text[pos])) {
        seconds += scale * (text[pos] - '0');
        scale *= 0.1;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  const auto zone = read_zone(text, pos);
  if (!zone) return std::nullopt;
  return days * 86400.0 + *hour * 3600.0 + *minute * 60.0 + seconds - *zone;
}

std::optional<double> parse_timestamp(std::string_view text) {
  if (auto iso = parse_iso8601(text)) return iso;
  auto number = parse_number(text);
  if (number && std::isnan(*number)) return std::nullopt;
  return number;
}

bool is_nan_text(std::string_view text) {
  text = trim(text);
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  return equal_ignoring_case(text, "nan");
}

bool matches_type(std::string_view text, ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return true;
    case ColumnType::kInteger:
      return parse_integer(text).has_value();
    case ColumnType::kNumber:
      return parse_number(text).has_value();
    case ColumnType::kBoolean:
      return parse_boolean(text).has_value();
    case ColumnType::kTimestamp:
      return parse_timestamp(text).has_value();
  }
  return false;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 1;
    if (c >= 0xF0 && c <= 0xF4)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    // A sequence counts as one character only when all its continuation bytes are there.
    bool valid = len == 1 || i + len <= text.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    i += valid ? len : 1;
    ++count;
  }
  return count;
}

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("?");
}

std::string format_short(double value, int digits) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  std::array<char, 40> buf{};
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::general, digits);
  return ec == std::errc() ? std::string(buf.data(), end) : format_double(value);
}

std::string clip(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

bool NullTokens::contains(std::string_view text) const {
  for (const auto& t : tokens) {
    if (t == text) return true;
  }
  return false;
}

}  // namespace assay::data
