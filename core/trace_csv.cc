#include "core/trace_csv.h"

#include <charconv>
#include <cmath>
#include <set>

#include "core/json_source.h"

namespace assay {
namespace {

Error located(const std::string& file, int line, int column, std::string message) {
  Error e = make_error(std::move(message));
  e.where.file = file;
  e.where.line = line;
  e.where.column = column;
  return e;
}

struct Field {
  std::string_view text;
  int column;  // 1-based
};

// Splits one line at commas (the format has no quoting); a trailing '\r' is dropped.
std::vector<Field> split(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<Field> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    out.push_back({line.substr(start, end - start), static_cast<int>(start) + 1});
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A number, NaN for empty fields and "nan", nullopt for text.
std::optional<double> number(std::string_view s) {
  s = trim(s);
  if (s.empty() || s == "nan" || s == "NaN" || s == "NAN") return std::nan("");
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// "name [unit]" → name, unit; "name" → name, "".
std::pair<std::string, std::string> name_and_unit(std::string_view h) {
  h = trim(h);
  if (!h.empty() && h.back() == ']') {
    const std::size_t open = h.rfind(" [");
    if (open != std::string_view::npos) {
      return {std::string(trim(h.substr(0, open))),
              std::string(h.substr(open + 2, h.size() - open - 3))};
    }
  }
  return {std::string(h), ""};
}

}  // namespace

Result<CsvTrace> parse_csv_trace(std::string_view text, const std::string& file,
                                 const CsvTraceOptions& options) {
  if (text.size() > options.max_bytes) {
    return located(file, 0, 0, "file larger than " + std::to_string(options.max_bytes) + " bytes");
  }
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) return located(file, 1, 1, "empty file: expected a header line");

  const auto header = split(lines[0]);
  if (header.size() > options.max_columns) {
    return located(file, 1, 1, "more than " + std::to_string(options.max_columns) + " columns");
  }
  std::vector<std::pair<std::string, std::string>> names;
  std::set<std::string, std::less<>> seen;
  for (const auto& h : header) {
    auto nu = name_and_unit(h.text);
    if (nu.first.empty()) return located(file, 1, h.column, "empty column name");
    if (!seen.insert(nu.first).second) {
      return located(file, 1, h.column, "duplicate column \"" + nu.first + "\"");
    }
    names.push_back(std::move(nu));
  }
  std::size_t time = names.size();
  if (!options.time_column.empty()) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (names[c].first == options.time_column) time = c;
    }
    if (time == names.size()) {
      return located(file, 1, 1, "no time column \"" + options.time_column + "\" in the header");
    }
  } else {
    for (const char* candidate : {"t", "t_s", "time", "time_s"}) {
      for (std::size_t c = 0; c < names.size() && time == names.size(); ++c) {
        if (names[c].first == candidate) time = c;
      }
    }
    if (time == names.size()) time = 0;
  }

  // Read every row first: a column is numeric only if every one of its fields is.
  const std::size_t width = names.size();
  std::vector<std::vector<double>> columns(width);
  std::vector<bool> numeric(width, true);
  for (std::size_t r = 1; r < lines.size(); ++r) {
    const int line = static_cast<int>(r) + 1;
    const auto fields = split(lines[r]);
    if (fields.size() != width) {
      return located(file, line, 1,
                     "row has " + std::to_string(fields.size()) + " fields; the header has " +
                         std::to_string(width));
    }
    for (std::size_t c = 0; c < width; ++c) {
      const auto v = number(fields[c].text);
      if (!v) {
        if (c == time) {
          return located(file, line, fields[c].column,
                         "time column \"" + names[c].first + "\" must be a number; got \"" +
                             std::string(trim(fields[c].text)).substr(0, 40) + "\"");
        }
        numeric[c] = false;
        continue;
      }
      if (c == time) {
        if (!std::isfinite(*v)) {
          return located(file, line, fields[c].column, "time must be a finite number");
        }
        if (!columns[c].empty() && !(*v > columns[c].back())) {
          return located(file, line, fields[c].column, "time must increase from row to row");
        }
      }
      columns[c].push_back(*v);
    }
  }
  if (columns[time].empty()) return located(file, 2, 1, "no data rows after the header");

  CsvTrace out;
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < width; ++c) {
    if (c == time) continue;
    if (!numeric[c]) {
      out.skipped.push_back(names[c].first);
      continue;
    }
    if (names[c].first == "t") {
      return located(file, 1, header[c].column,
                     "column \"t\" is not the time column; \"t\" is reserved for time");
    }
    out.trace.add_signal(names[c].first, names[c].second);
    kept.push_back(c);
  }
  const std::size_t rows = columns[time].size();
  out.trace.reserve(rows);
  std::vector<double> row(kept.size());
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t k = 0; k < kept.size(); ++k) row[k] = columns[kept[k]][r];
    out.trace.append(columns[time][r], row);
  }
  return out;
}

Result<CsvTrace> load_csv_trace(const std::string& path, const CsvTraceOptions& options) {
  auto text = read_file(path, options.max_bytes);
  if (!text) return text.error();
  return parse_csv_trace(*text, path, options);
}

}  // namespace assay
