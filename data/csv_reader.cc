// RFC 4180 CSV, read in bounded memory. Fields are views into the read buffer; a quoted field
// is unescaped in place ("" becomes ", which only ever shortens it) once its whole record is in
// the buffer, so a record cut by the end of a block can be scanned again after the next read.
// Lenient where pandas and Python's csv module are (a quote inside an unquoted field is kept,
// text after a closing quote is appended, blank lines are skipped); a quote still open at the
// end of the file is an error naming its line and column.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <filesystem>
#include <limits>

#include "data/readers.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace assay::data {

void Batch::reset(std::size_t cols, std::size_t rows_capacity) {
  columns = cols;
  rows = 0;
  if (capacity != rows_capacity || cells.size() != cols * rows_capacity) {
    capacity = rows_capacity;
    cells.assign(cols * rows_capacity, Field{});
    lines.assign(rows_capacity, 0);
    field_counts.assign(rows_capacity, 0);
  }
}

Format resolve_format(const std::string& path, Format requested) {
  if (requested != Format::kAuto) return requested;
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson" ? Format::kJsonLines : Format::kCsv;
}

Window::Window(std::unique_ptr<ByteSource> source, std::size_t block_bytes)
    : source_(std::move(source)), bytes_(std::max<std::size_t>(block_bytes, 64)) {}

Result<bool> Window::fill(std::size_t limit) {
  if (begin > 0) {
    std::memmove(bytes_.data(), bytes_.data() + begin, end - begin);
    end -= begin;
    begin = 0;
  }
  if (end == bytes_.size()) {
    if (bytes_.size() >= limit) return false;
    bytes_.resize(std::min(limit, bytes_.size() * 2));
  }
  while (!eof && end < bytes_.size()) {
    auto n = source_->read(bytes_.data() + end, bytes_.size() - end);
    if (!n.ok()) return n.error();
    if (*n == 0) eof = true;
    end += *n;
  }
  return true;
}

namespace {

enum class Scan { kRecord, kNeedMore, kEnd, kUnterminated };

// Finds the next byte that ends an unquoted field (the delimiter, '\n', '\r') or is a quote.
// It classifies 64 bytes at a time into a bit mask (SSE2 compares where available) and keeps
// the mask, so the ~10 fields of a 100-byte row cost about two classifications instead of a
// comparison chain per byte. The mask describes the buffer as it was: reset() after the buffer
// moves or grows.
class SpecialFinder {
 public:
  explicit SpecialFinder(char delimiter) : delimiter_(delimiter) {
    for (char c : {delimiter, '\n', '\r', '"'}) special_[static_cast<unsigned char>(c)] = true;
  }

  void reset() { valid_ = false; }

  /// The position of the first special byte in [pos, end), or end.
  std::size_t next(const char* buf, std::size_t pos, std::size_t end) {
    for (;;) {
      if (valid_ && pos >= base_ && pos < base_ + 64) {
        const std::uint64_t m = mask_ >> (pos - base_);
        if (m != 0) return pos + static_cast<std::size_t>(std::countr_zero(m));
        pos = base_ + 64;
      }
      if (pos >= end) return end;
      if (end - pos < 64) {
        while (pos < end && !special_[static_cast<unsigned char>(buf[pos])]) ++pos;
        return pos;
      }
      base_ = pos;
      mask_ = classify(buf + pos);
      valid_ = true;
    }
  }

 private:
  std::uint64_t classify(const char* p) const {
    std::uint64_t m = 0;
#if defined(__SSE2__)
    const __m128i delim = _mm_set1_epi8(delimiter_), nl = _mm_set1_epi8('\n'),
                  cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
    for (int i = 0; i < 4; ++i) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      const __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delim), _mm_cmpeq_epi8(v, nl)),
                       _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)));
      m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * i);
    }
#else
    for (int i = 0; i < 64; ++i) {
      if (special_[static_cast<unsigned char>(p[i])]) m |= std::uint64_t{1} << i;
    }
#endif
    return m;
  }

  char delimiter_;
  std::array<bool, 256> special_{};
  bool valid_ = false;
  std::size_t base_ = 0;
  std::uint64_t mask_ = 0;
};

class CsvReader final : public TableReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> source, const ReadOptions& options)
      : window_(std::move(source), options.block_bytes),
        options_(options),
        finder_(options.delimiter) {
    for (const auto& t : options_.nulls.tokens) {
      if (t.empty()) {
        empty_is_null_ = true;
      } else {
        null_first_[static_cast<unsigned char>(t[0])] = true;
        max_null_ = std::max(max_null_, t.size());
      }
    }
  }

  Status start() {
    std::vector<std::string> first;
    auto s = read_first_record(first);
    if (!s.ok()) return s;
    if (first.empty() && !has_first_) return {};  // an empty file: no columns, no rows
    if (first.size() > options_.max_columns) {
      return error_at(line_, 1,
                      "the first row has " + std::to_string(first.size()) + " fields; at most " +
                          std::to_string(options_.max_columns) + " columns are read");
    }
    if (options_.header) {
      for (std::size_t i = 0; i < first.size(); ++i) {
        if (first[i].empty()) first[i] = "column_" + std::to_string(i + 1);
        for (std::size_t j = 0; j < i; ++j) {
          if (first[j] == first[i]) {
            return error_at(1, 1,
                            "duplicate column name \"" + first[i] + "\" (columns " +
                                std::to_string(j + 1) + " and " + std::to_string(i + 1) + ")");
          }
        }
      }
      columns_ = std::move(first);
    } else {
      for (std::size_t i = 0; i < first.size(); ++i)
        columns_.push_back("column_" + std::to_string(i + 1));
    }
    // Wide tables get fewer rows per batch, so a batch stays near a million cells.
    capacity_ =
        std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(columns_.size(), 1),
                                1, std::max<std::size_t>(options_.batch_rows, 1));
    return {};
  }

  [[nodiscard]] const std::vector<std::string>& columns() const override { return columns_; }
  [[nodiscard]] std::string sha256() const override { return window_.source().sha256(); }
  [[nodiscard]] std::uint64_t bytes_read() const override { return window_.source().bytes_read(); }

  Result<bool> next(Batch& batch) override {
    batch.reset(columns_.size(), capacity_);
    batch.first_row = rows_ + 1;
    if (columns_.empty()) return false;
    while (batch.rows < batch.capacity) {
      std::size_t pos = window_.begin;
      std::uint64_t skipped_lines = 0, record_lines = 0;
      const std::size_t row = batch.rows;
      const Scan s = scan(pos, skipped_lines, record_lines,
                          [&](std::size_t index, std::size_t b, std::size_t e, bool quoted) {
                            if (index >= columns_.size()) return;
                            const char* p = window_.bytes() + b;
                            const auto n = static_cast<std::uint32_t>(e - b);
                            // Unquoted fields are checked for null tokens now, quoted ones
                            // once unescaped (finish_row).
                            const FieldKind kind = quoted          ? FieldKind::kQuoted
                                                   : is_null(p, n) ? FieldKind::kMissing
                                                                   : FieldKind::kText;
                            batch.cell(index, row) = Field{p, n, kind};
                            if (quoted) quoted_.push_back(index);
                          });
      if (s == Scan::kRecord) {
        finish_row(batch, row);
        batch.lines[row] = line_ + skipped_lines;
        line_ += skipped_lines + record_lines;
        window_.begin = pos;
        ++batch.rows;
        ++rows_;
        continue;
      }
      quoted_.clear();
      if (s == Scan::kEnd) {
        line_ += skipped_lines;
        window_.begin = window_.end;
        break;
      }
      if (s == Scan::kUnterminated) return unterminated(pos);
      if (batch.rows > 0) break;  // hand out what is complete; the next call reads more
      auto more = refill();
      if (!more.ok()) return more.error();
    }
    return batch.rows > 0;
  }

 private:
  // Reads the first record into `out` (unescaped copies). Without a header the record stays
  // unread, so it becomes the first data row.
  Status read_first_record(std::vector<std::string>& out) {
    finder_.reset();
    auto filled = window_.fill(options_.max_record_bytes);
    if (!filled.ok()) return filled.error();
    // A UTF-8 byte order mark is not part of the first column's name.
    if (window_.end >= 3 && std::memcmp(window_.bytes(), "\xEF\xBB\xBF", 3) == 0) window_.begin = 3;
    for (;;) {
      std::size_t pos = window_.begin;
      std::uint64_t skipped = 0, lines = 0;
      std::vector<std::pair<std::size_t, std::size_t>> spans;
      std::vector<bool> quoted;
      const Scan s =
          scan(pos, skipped, lines, [&](std::size_t, std::size_t b, std::size_t e, bool q) {
            spans.emplace_back(b, e);
            quoted.push_back(q);
          });
      if (s == Scan::kEnd) return {};
      if (s == Scan::kUnterminated) return unterminated(pos);
      if (s == Scan::kNeedMore) {
        auto more = refill();
        if (!more.ok()) return more.error();
        continue;
      }
      has_first_ = true;
      for (std::size_t i = 0; i < spans.size(); ++i) {
        std::string text(window_.bytes() + spans[i].first, spans[i].second - spans[i].first);
        if (quoted[i]) text.resize(unescape(text.data(), text.size()));
        out.push_back(std::move(text));
      }
      // Without a header the record stays unread: it is the first data row.
      if (options_.header) {
        line_ += skipped + lines;
        window_.begin = pos;
      }
      return {};
    }
  }

  // Reads more input; a record that fills the largest allowed buffer is an error.
  Status refill() {
    finder_.reset();  // the bytes move
    auto grew = window_.fill(options_.max_record_bytes);
    if (!grew.ok()) return grew.error();
    if (!*grew) {
      return error_at(line_, 1,
                      "a row longer than " + std::to_string(options_.max_record_bytes) +
                          " bytes starts here (see the data reading limits)");
    }
    return {};
  }

  bool is_null(const char* p, std::size_t n) const {
    if (n == 0) return empty_is_null_;
    if (n > max_null_ || !null_first_[static_cast<unsigned char>(p[0])]) return false;
    return options_.nulls.contains(std::string_view(p, n));
  }

  // Completes one scanned row: unescapes quoted fields, marks nulls, pads short rows.
  void finish_row(Batch& batch, std::size_t row) {
    for (std::size_t c : quoted_) {
      Field& f = batch.cell(c, row);
      f.size = static_cast<std::uint32_t>(unescape(const_cast<char*>(f.data), f.size));
      if (is_null(f.data, f.size)) f.kind = FieldKind::kMissing;
    }
    quoted_.clear();
    const std::size_t n = std::min<std::size_t>(fields_, columns_.size());
    for (std::size_t c = n; c < columns_.size(); ++c) batch.cell(c, row) = Field{};
    batch.field_counts[row] = static_cast<std::uint32_t>(
        std::min<std::size_t>(fields_, std::numeric_limits<std::uint32_t>::max()));
  }

  // Removes the quoting of a raw quoted field in place; returns the new length.
  static std::size_t unescape(char* p, std::size_t n) {
    std::size_t w = 0;
    bool in_quotes = false;
    for (std::size_t r = 0; r < n; ++r) {
      if (p[r] == '"') {
        if (in_quotes && r + 1 < n && p[r + 1] == '"') {
          p[w++] = '"';
          ++r;
        } else {
          in_quotes = !in_quotes;
        }
        continue;
      }
      p[w++] = p[r];
    }
    return w;
  }

  // Scans one record from `pos`, skipping blank lines first. Reports each field as raw byte
  // offsets [b, e) (quoted fields include their quotes). On kRecord `pos` is past the record's
  // line end; on kUnterminated it is the offset of the opening quote.
  template <class OnField>
  Scan scan(std::size_t& pos, std::uint64_t& skipped_lines, std::uint64_t& record_lines,
            OnField&& on_field) {
    const char* buf = window_.bytes();
    const std::size_t end = window_.end;
    const bool eof = window_.eof;
    const char delim = options_.delimiter;
    // Blank lines.
    while (pos < end && (buf[pos] == '\n' || buf[pos] == '\r')) {
      if (buf[pos] == '\r') {
        if (pos + 1 == end && !eof) return Scan::kNeedMore;
        if (pos + 1 < end && buf[pos + 1] == '\n') ++pos;
      }
      ++pos;
      ++skipped_lines;
    }
    if (pos == end) return eof ? Scan::kEnd : Scan::kNeedMore;
    fields_ = 0;
    for (;;) {
      const std::size_t b = pos;
      bool quoted = false;
      if (buf[pos] == '"') {
        quoted = true;
        std::size_t q = pos + 1;
        for (;;) {
          const void* hit = std::memchr(buf + q, '"', end - q);
          if (hit == nullptr) {
            if (!eof) return Scan::kNeedMore;
            pos = b;
            record_lines = 0;
            return Scan::kUnterminated;
          }
          q = static_cast<std::size_t>(static_cast<const char*>(hit) - buf);
          if (q + 1 == end && !eof) return Scan::kNeedMore;
          if (q + 1 < end && buf[q + 1] == '"') {
            q += 2;
            continue;
          }
          break;
        }
        record_lines += static_cast<std::uint64_t>(std::count(buf + b, buf + q, '\n'));
        pos = q + 1;
      }
      // To the end of the field; a quote inside an unquoted field (or after a closing quote)
      // is kept as text.
      pos = finder_.next(buf, pos, end);
      while (pos < end && buf[pos] == '"') pos = finder_.next(buf, pos + 1, end);
      if (pos == end && !eof) return Scan::kNeedMore;
      on_field(fields_++, b, pos, quoted);
      if (pos == end) return Scan::kRecord;  // the last record of a file without a final newline
      if (buf[pos] == delim) {
        ++pos;
        if (pos == end) {
          if (!eof) return Scan::kNeedMore;
          on_field(fields_++, pos, pos, false);  // "a," at the very end: an empty last field
          return Scan::kRecord;
        }
        continue;
      }
      if (buf[pos] == '\r') {
        if (pos + 1 == end && !eof) return Scan::kNeedMore;
        if (pos + 1 < end && buf[pos + 1] == '\n') ++pos;
      }
      ++pos;
      ++record_lines;
      return Scan::kRecord;
    }
  }

  // The error for a quote left open at the end of the file, at the quote's line and column.
  Error unterminated(std::size_t quote) {
    const char* buf = window_.bytes();
    // The record starts at a line start; count lines and find the column from there.
    std::size_t line_start = window_.begin;
    std::uint64_t line = line_;
    for (std::size_t i = window_.begin; i < quote; ++i) {
      if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= quote || buf[i + 1] != '\n'))) {
        ++line;
        line_start = i + 1;
      }
    }
    return error_at(line, static_cast<int>(quote - line_start + 1),
                    "quoted field is not closed before the end of the file");
  }

  Error error_at(std::uint64_t line, int column, std::string message) {
    return Error{std::move(message),
                 {window_.source().name(),
                  static_cast<int>(std::min<std::uint64_t>(line, std::numeric_limits<int>::max())),
                  column, ""}};
  }

  Window window_;
  ReadOptions options_;
  SpecialFinder finder_;
  std::vector<std::string> columns_;
  std::size_t capacity_ = 1;
  std::uint64_t line_ = 1;  // line of window_.begin
  std::uint64_t rows_ = 0;
  std::size_t fields_ = 0;  // fields of the record being scanned
  std::vector<std::size_t> quoted_;
  bool has_first_ = false;
  bool empty_is_null_ = false;
  std::array<bool, 256> null_first_{};
  std::size_t max_null_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableReader>> make_csv_reader(std::unique_ptr<ByteSource> source,
                                                     const ReadOptions& options) {
  auto reader = std::make_unique<CsvReader>(std::move(source), options);
  if (Status s = reader->start(); !s.ok()) return s.error();
  return std::unique_ptr<TableReader>(std::move(reader));
}

Result<std::unique_ptr<TableReader>> open_table(const std::string& path,
                                                const ReadOptions& options) {
  if (resolve_format(path, options.format) == Format::kJsonLines) {
    return make_jsonl_reader([path, options] { return open_file_source(path, options.hash); },
                             options);
  }
  auto source = open_file_source(path, options.hash);
  if (!source.ok()) return source.error();
  return make_csv_reader(std::move(source).value(), options);
}

Result<std::unique_ptr<TableReader>> open_table_text(std::string text, std::string name,
                                                     Format format, const ReadOptions& options) {
  if (format == Format::kJsonLines) {
    return make_jsonl_reader(
        [text, name]() -> Result<std::unique_ptr<ByteSource>> { return memory_source(text, name); },
        options);
  }
  return make_csv_reader(memory_source(std::move(text), std::move(name)), options);
}

}  // namespace assay::data
