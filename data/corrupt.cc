#include "data/corrupt.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>

#include "core/rng.h"

namespace assay::data {

namespace {

// Sub-streams of the seed, one per decision, so adding a decision never shifts another.
enum Stream : std::uint64_t {
  kRowsStream = 1,
  kWindowStream = 2,
  kFactorStream = 3,
  kNoiseScaleStream = 4,
  kSwapStream = 5,
  kShiftStream = 6,
  kNoiseStream = 7,
};

using Sink = std::function<Status(std::string_view)>;

// Buffers output and hands it to the sink in large pieces.
class Writer {
 public:
  explicit Writer(const Sink& sink) : sink_(sink) {}
  Status put(std::string_view s) {
    buffer_ += s;
    return buffer_.size() >= (1u << 20) ? flush() : Status{};
  }
  Status flush() {
    Status s = sink_(buffer_);
    buffer_.clear();
    return s;
  }

 private:
  const Sink& sink_;
  std::string buffer_;
};

std::string csv_field(std::string_view text, char delimiter) {
  const bool quote =
      text.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string_view::npos;
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// A value as it will be written.
struct Cell {
  std::string text;
  FieldKind kind = FieldKind::kMissing;
  bool absent = false;  // JSON Lines: the key is left out
};

Cell cell_of(const Field& f) {
  Cell c;
  c.kind = f.kind;
  c.absent = f.missing() && f.data == nullptr;
  c.text = std::string(f.text());
  return c;
}

bool same(const Cell& a, const Cell& b) {
  return a.kind == b.kind && a.text == b.text && a.absent == b.absent;
}

// A sort key for ranking rows by a column (pandas' sort_values: numbers ascending, missing
// last; text after numbers, by bytes; ties keep row order).
struct RankKey {
  int group = 0;  // 0 number, 1 text, 2 missing
  double number = 0.0;
  std::string text;
  std::uint64_t row = 0;
};

RankKey rank_key(const Field& f, std::uint64_t row) {
  RankKey k;
  k.row = row;
  if (f.missing() || (f.size <= 8 && is_nan_text(f.text()))) {
    k.group = 2;
  } else if (auto x = f.kind == FieldKind::kString ? std::nullopt : parse_number(f.text())) {
    k.number = *x;
  } else {
    k.group = 1;
    k.text = std::string(f.text());
  }
  return k;
}

std::string broken(std::string_view text) {
  // Jenga's BrokenCharacters replacements (text.py).
  std::string out;
  for (char c : text) {
    switch (c) {
      case 'a':
        out += "\xC3\xA1";  // á
        break;
      case 'A':
        out += "\xC3\x81";  // Á
        break;
      case 'e':
        out += "\xC3\xA9";  // é
        break;
      case 'E':
        out += "\xC3\x89";  // É
        break;
      case 'o':
        out += "\xE1\xBB\x9B";  // ớ
        break;
      case 'O':
        out += "\xE1\xBB\x9A";  // Ớ
        break;
      case 'u':
        out += "\xC3\xBA";  // ú
        break;
      case 'U':
        out += "\xC3\x9A";  // Ú
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::optional<std::size_t> find_column(const std::vector<std::string>& columns,
                                       const std::string& name) {
  const auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) return std::nullopt;
  return static_cast<std::size_t>(it - columns.begin());
}

Error column_error(const std::string& flag, const std::string& name,
                   const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& c : columns) list += std::string(list.empty() ? "" : ", ") + c;
  return make_error(flag + ": column \"" + name + "\" is not in the data (columns: " + list + ")");
}

// What the first pass learns.
struct FirstPass {
  std::uint64_t rows = 0;
  std::vector<RankKey> keys;  // ar / nar
  std::uint64_t numbers = 0;  // noise: Welford over the column
  double mean = 0.0, m2 = 0.0;
  std::map<std::string, std::uint64_t> categories;  // shift
};

// Chooses exactly k of n rows: Knuth's selection sampling (TAOCP vol. 2, 3.4.2, Algorithm S)
// for car; a window of ranks for ar and nar.
std::vector<bool> choose_rows(FirstPass& first, const CorruptOptions& o, const Rng& seed) {
  const std::uint64_t n = first.rows;
  const auto k = static_cast<std::uint64_t>(std::floor(static_cast<double>(n) * o.fraction));
  std::vector<bool> chosen(n, false);
  if (k == 0) return chosen;
  if (o.sampling == Sampling::kCar) {
    Rng rng = seed.split(kRowsStream);
    std::uint64_t picked = 0;
    for (std::uint64_t t = 0; t < n && picked < k; ++t) {
      if (rng.uniform() * static_cast<double>(n - t) < static_cast<double>(k - picked)) {
        chosen[t] = true;
        ++picked;
      }
    }
    return chosen;
  }
  std::stable_sort(first.keys.begin(), first.keys.end(), [](const RankKey& a, const RankKey& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.group == 0) return a.number < b.number;
    return a.text < b.text;
  });
  Rng rng = seed.split(kWindowStream);
  const auto start =
      static_cast<std::uint64_t>(std::floor(rng.uniform() * static_cast<double>(n - k + 1)));
  for (std::uint64_t i = start; i < start + k && i < n; ++i) chosen[first.keys[i].row] = true;
  return chosen;
}

std::string number_text(double v, bool integer) {
  if (integer && std::fabs(v) < 9.0e18) return std::to_string(std::llround(v));
  return format_double(v);
}

Result<CorruptReport> corrupt_into(const TableOpener& open, Format format, const CorruptOptions& o,
                                   const Sink& sink) {
  if (!(o.fraction >= 0 && o.fraction <= 1)) return make_error("--fraction must be within [0, 1]");
  auto reader = open();
  if (!reader.ok()) return reader.error();
  const std::vector<std::string> columns = (*reader)->columns();
  const auto target = find_column(columns, o.column);
  if (!target) return column_error("--column", o.column, columns);
  const Rng seed(o.seed);
  CorruptReport report;
  report.columns = columns;

  // The other column of a swap, or the column ranks come from.
  std::optional<std::size_t> other;
  if (o.kind == CorruptionKind::kSwap) {
    if (columns.size() < 2) return make_error("swap needs at least two columns");
    if (!o.with.empty()) {
      other = find_column(columns, o.with);
      if (!other) return column_error("--with", o.with, columns);
    } else {
      Rng rng = seed.split(kSwapStream);
      auto pick = static_cast<std::size_t>(rng.uniform() * static_cast<double>(columns.size() - 1));
      if (pick >= *target) ++pick;
      other = pick;
    }
    if (*other == *target) return make_error("--with must name a different column");
  }
  std::size_t rank_column = *target;
  if (o.sampling == Sampling::kAr) {
    if (!o.depends_on.empty()) {
      const auto d = find_column(columns, o.depends_on);
      if (!d) return column_error("--depends-on", o.depends_on, columns);
      rank_column = *d;
    } else if (columns.size() > 1) {
      rank_column = (*target + 1) % columns.size();
    }
  }

  FirstPass first;
  Batch batch;
  for (;;) {
    auto more = (*reader)->next(batch);
    if (!more.ok()) return more.error();
    if (!*more) break;
    for (std::size_t r = 0; r < batch.rows; ++r) {
      const std::uint64_t row = first.rows++;
      if (o.sampling != Sampling::kCar) {
        first.keys.push_back(rank_key(batch.column(rank_column)[r], row));
      }
      const Field& f = batch.column(*target)[r];
      if (o.kind == CorruptionKind::kNoise && f.kind != FieldKind::kString && !f.missing()) {
        if (auto x = parse_number(f.text()); x && std::isfinite(*x)) {
          ++first.numbers;
          const double d = *x - first.mean;
          first.mean += d / static_cast<double>(first.numbers);
          first.m2 += d * (*x - first.mean);
        }
      }
      if (o.kind == CorruptionKind::kShift && !f.missing()) {
        ++first.categories[std::string(f.text())];
        if (first.categories.size() > 100000) {
          return make_error("shift: column \"" + o.column +
                            "\" has more than 100000 distinct values; it is not categorical");
        }
      }
    }
  }
  report.rows = first.rows;
  const std::vector<bool> chosen = choose_rows(first, o, seed);

  // The effective parameters, drawn from the seed where not given (as Jenga draws them).
  std::string params;
  double factor = 0.0, sigma = 0.0;
  std::map<std::string, std::string> mapping;
  switch (o.kind) {
    case CorruptionKind::kScale: {
      Rng rng = seed.split(kFactorStream);
      const double choices[] = {10.0, 100.0, 1000.0};
      factor = o.factor.value_or(
          choices[std::min<std::size_t>(static_cast<std::size_t>(rng.uniform() * 3.0), 2)]);
      params = ", factor " + format_double(factor);
      break;
    }
    case CorruptionKind::kNoise: {
      if (o.sigma) {
        sigma = *o.sigma;
      } else {
        Rng rng = seed.split(kNoiseScaleStream);
        const double stdev =
            first.numbers > 0 ? std::sqrt(first.m2 / static_cast<double>(first.numbers)) : 0.0;
        sigma = rng.uniform(1.0, 5.0) * stdev;
      }
      params = ", sigma " + format_short(sigma, 6);
      break;
    }
    case CorruptionKind::kSwap:
      params = ", with " + columns[*other];
      break;
    case CorruptionKind::kShift: {
      // Categories by falling count (ties by value), then a seeded Fisher–Yates permutation.
      std::vector<std::pair<std::string, std::uint64_t>> order(first.categories.begin(),
                                                               first.categories.end());
      std::stable_sort(order.begin(), order.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      std::vector<std::string> shuffled;
      for (const auto& [value, count] : order) shuffled.push_back(value);
      Rng rng = seed.split(kShiftStream);
      for (std::size_t i = shuffled.size(); i > 1; --i) {
        const auto j = std::min<std::size_t>(
            static_cast<std::size_t>(rng.uniform() * static_cast<double>(i)), i - 1);
        std::swap(shuffled[i - 1], shuffled[j]);
      }
      for (std::size_t i = 0; i < order.size(); ++i) mapping[order[i].first] = shuffled[i];
      break;
    }
    default:
      break;
  }
  const char* sampling = o.sampling == Sampling::kCar  ? "car"
                         : o.sampling == Sampling::kAr ? "ar"
                                                       : "nar";
  report.description = std::string(corruption_name(o.kind)) + " on column " + o.column + ", " +
                       format_double(o.fraction) + " of rows (" + sampling +
                       (o.sampling == Sampling::kAr ? " by " + columns[rank_column] : "") + ")" +
                       params + ", seed " + std::to_string(o.seed);

  // The second pass writes every row, corrupting the chosen ones.
  auto again = open();
  if (!again.ok()) return again.error();
  Writer out(sink);
  const char delim = o.read.delimiter;
  const std::string null_token = o.read.nulls.tokens.empty() ? "" : o.read.nulls.tokens.front();
  if (format == Format::kCsv) {
    std::string header;
    for (std::size_t c = 0; c < columns.size(); ++c)
      header += (c ? std::string(1, delim) : "") + csv_field(columns[c], delim);
    if (Status s = out.put(header + "\n"); !s.ok()) return s.error();
  }
  const Rng noise_seed = seed.split(kNoiseStream);
  std::uint64_t row = 0;
  std::vector<Cell> cells(columns.size());
  for (;;) {
    auto more = (*again)->next(batch);
    if (!more.ok()) return more.error();
    if (!*more) break;
    for (std::size_t r = 0; r < batch.rows; ++r, ++row) {
      if (row >= chosen.size()) return make_error("the data changed while it was read");
      for (std::size_t c = 0; c < columns.size(); ++c) cells[c] = cell_of(batch.column(c)[r]);
      if (chosen[row]) {
        ++report.selected;
        if (report.first_rows.size() < 20) report.first_rows.push_back(row + 1);
        const Cell before = cells[*target];
        const Cell before_other = other ? cells[*other] : Cell{};
        Cell& t = cells[*target];
        const bool numeric_kind = t.kind == FieldKind::kText || t.kind == FieldKind::kQuoted ||
                                  t.kind == FieldKind::kNumber;
        // The value as a finite number, if it is one (NaN when not, which no branch uses).
        const std::optional<double> parsed = numeric_kind ? parse_number(t.text) : std::nullopt;
        const bool finite = parsed.has_value() && std::isfinite(parsed.value_or(0.0));
        const double x = finite ? parsed.value_or(0.0) : std::numeric_limits<double>::quiet_NaN();
        const bool integer = numeric_kind && parse_integer(t.text).has_value();
        switch (o.kind) {
          case CorruptionKind::kMissing:
            if (t.kind != FieldKind::kMissing) {
              t.kind = FieldKind::kMissing;
              t.text = format == Format::kCsv ? null_token : "null";
              t.absent = false;
            }
            break;
          case CorruptionKind::kSwap:
            std::swap(cells[*target], cells[*other]);
            break;
          case CorruptionKind::kScale:
            if (finite) {
              t.text = number_text(x * factor, integer && std::floor(factor) == factor);
            }
            break;
          case CorruptionKind::kNoise:
            if (finite) {
              Rng rng = noise_seed.split(row);
              t.text = number_text(x + sigma * rng.normal(), integer);
            }
            break;
          case CorruptionKind::kBroken:
            if (t.kind != FieldKind::kMissing && t.kind != FieldKind::kNumber &&
                t.kind != FieldKind::kBoolean)
              t.text = broken(t.text);
            break;
          case CorruptionKind::kShift:
            if (t.kind != FieldKind::kMissing) {
              const auto it = mapping.find(t.text);
              if (it != mapping.end()) t.text = it->second;
            }
            break;
        }
        if (!same(cells[*target], before) || (other && !same(cells[*other], before_other)))
          ++report.changed;
      }
      std::string line;
      if (format == Format::kCsv) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
          if (c) line += delim;
          line += csv_field(cells[c].text, delim);
        }
      } else {
        line = "{";
        bool any = false;
        for (std::size_t c = 0; c < columns.size(); ++c) {
          const Cell& cell = cells[c];
          if (cell.absent) continue;
          line += std::string(any ? ", " : "") + json_string(columns[c]) + ": ";
          any = true;
          switch (cell.kind) {
            case FieldKind::kMissing:
              line += "null";
              break;
            case FieldKind::kNumber:
            case FieldKind::kBoolean:
            case FieldKind::kNested:
              line += cell.text;
              break;
            default:
              line += json_string(cell.text);
          }
        }
        line += "}";
      }
      if (Status s = out.put(line + "\n"); !s.ok()) return s.error();
    }
  }
  if (row != report.rows) return make_error("the data changed while it was read");
  if (Status s = out.flush(); !s.ok()) return s.error();
  return report;
}

}  // namespace

std::string_view corruption_name(CorruptionKind kind) {
  switch (kind) {
    case CorruptionKind::kMissing:
      return "missing";
    case CorruptionKind::kSwap:
      return "swap";
    case CorruptionKind::kScale:
      return "scale";
    case CorruptionKind::kNoise:
      return "noise";
    case CorruptionKind::kBroken:
      return "broken";
    case CorruptionKind::kShift:
      return "shift";
  }
  return "missing";
}

std::optional<CorruptionKind> parse_corruption(std::string_view name) {
  for (auto k : {CorruptionKind::kMissing, CorruptionKind::kSwap, CorruptionKind::kScale,
                 CorruptionKind::kNoise, CorruptionKind::kBroken, CorruptionKind::kShift}) {
    if (corruption_name(k) == name) return k;
  }
  return std::nullopt;
}

std::optional<Sampling> parse_sampling(std::string_view name) {
  if (name == "car" || name == "mcar") return Sampling::kCar;
  if (name == "ar" || name == "mar") return Sampling::kAr;
  if (name == "nar" || name == "mnar") return Sampling::kNar;
  return std::nullopt;
}

Result<CorruptReport> corrupt_table(const TableOpener& open, Format format,
                                    const CorruptOptions& options, std::string& out) {
  out.clear();
  return corrupt_into(open, format, options, [&](std::string_view s) -> Status {
    out += s;
    return {};
  });
}

Result<CorruptReport> corrupt_file(const std::string& input, const std::string& output,
                                   const CorruptOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(output, ec) && fs::equivalent(input, output, ec)) {
    return make_error("--out must not be the input file");
  }
  const fs::path target(output);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = output + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Error{std::string("cannot write: ") + std::strerror(errno), {output, 0, 0, ""}};
  }
  auto report = corrupt_into(
      [&] { return open_table(input, options.read); }, resolve_format(input, options.read.format),
      options,
      [&](std::string_view s) -> Status {
        if (std::fwrite(s.data(), 1, s.size(), f) != s.size())
          return Error{std::string("write error: ") + std::strerror(errno), {output, 0, 0, ""}};
        return {};
      });
  const bool closed = std::fclose(f) == 0;
  if (!report.ok() || !closed) {
    fs::remove(tmp, ec);
    if (!report.ok()) return report.error();
    return Error{"write error", {output, 0, 0, ""}};
  }
  fs::rename(tmp, output, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{"cannot rename into place: " + ec.message(), {output, 0, 0, ""}};
  }
  return report;
}

}  // namespace assay::data
