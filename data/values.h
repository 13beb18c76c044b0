// Cell values of a data file: the column types, how a field's text is read as a number, an
// integer, a boolean or a timestamp, and how NaN and missing values are recognised. Every parser
// here reads the whole field (after trimming spaces and tabs) or fails; none allocates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assay::data {

/// Column types, declared in a rule set or inferred from the data.
enum class ColumnType { kString, kInteger, kNumber, kBoolean, kTimestamp };

/// "string", "integer", "number", "boolean", "timestamp".
std::string_view type_name(ColumnType type);

/// The type named `name`, or nullopt.
std::optional<ColumnType> parse_type_name(std::string_view name);

/// True for integer and number columns.
bool is_numeric(ColumnType type);

/// `text` without leading and trailing ASCII spaces and tabs.
std::string_view trim(std::string_view text);

/// A decimal number (std::from_chars syntax plus an optional leading '+'; "inf", "nan" accepted).
std::optional<double> parse_number(std::string_view text);

/// A 64-bit signed integer in decimal, optional sign.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// "true" or "false" in any letter case.
std::optional<bool> parse_boolean(std::string_view text);

/// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 date or date-time ("2024-03-01",
/// "2024-03-01T12:00:00.25Z", "2024-03-01 12:00:00+02:00"); no zone means UTC.
std::optional<double> parse_iso8601(std::string_view text);

/// A timestamp: ISO 8601 text, or a plain number taken as seconds.
std::optional<double> parse_timestamp(std::string_view text);

/// True when the text is a NaN spelling ("nan", "NaN", "-nan", ...), which counts as missing.
bool is_nan_text(std::string_view text);

/// Whether `text` is a value of `type` (strings accept everything).
bool matches_type(std::string_view text, ColumnType type);

/// Number of Unicode code points in UTF-8 text (an invalid byte counts as one).
std::size_t utf8_length(std::string_view text);

/// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

/// A double in the shortest form that reads back to the same value ("0.1", "1e+300", "nan").
std::string format_double(double value);

/// A double for people: at most `digits` significant digits ("3.14159", "1.2e-07").
std::string format_short(double value, int digits = 6);

/// At most `max_bytes` of `text` (cut at a UTF-8 boundary), with "..." when cut.
std::string clip(std::string_view text, std::size_t max_bytes);

/// Which values count as missing in CSV fields; the default follows pandas' common spellings.
struct NullTokens {
  std::vector<std::string> tokens{"", "NA", "N/A", "n/a", "NULL", "null", "None", "<NA>"};

  /// True when `text` is one of the tokens.
  [[nodiscard]] bool contains(std::string_view text) const;
};

}  // namespace assay::data
