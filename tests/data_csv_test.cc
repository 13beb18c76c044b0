// Table readers: RFC 4180 CSV edge cases (quotes, embedded delimiters and line breaks, CRLF,
// missing values, ragged rows, BOM, blank lines), errors with line and column, records cut by
// block boundaries (a property over random tables and block sizes), JSON Lines, and the value
// parsers the rules rely on.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "data/table.h"
#include "data/values.h"

namespace assay::data {
namespace {

using Cell = std::optional<std::string>;  // nullopt: missing
using Rows = std::vector<std::vector<Cell>>;

struct Table {
  std::vector<std::string> columns;
  Rows rows;
  std::vector<std::uint64_t> lines;
  std::vector<std::uint32_t> field_counts;
  std::vector<FieldKind> kinds;  // kinds of the first column, row by row
};

Result<Table> read_all(const std::string& text, ReadOptions options = {},
                       Format format = Format::kCsv) {
  auto reader = open_table_text(text, "t.csv", format, options);
  if (!reader.ok()) return reader.error();
  Table t;
  t.columns = (*reader)->columns();
  Batch batch;
  for (;;) {
    auto more = (*reader)->next(batch);
    if (!more.ok()) return more.error();
    if (!*more) break;
    for (std::size_t r = 0; r < batch.rows; ++r) {
      EXPECT_EQ(batch.first_row + r, t.rows.size() + 1);
      std::vector<Cell> row;
      for (std::size_t c = 0; c < batch.columns; ++c) {
        const Field& f = batch.column(c)[r];
        row.push_back(f.missing() ? Cell() : Cell(std::string(f.text())));
      }
      t.rows.push_back(row);
      t.lines.push_back(batch.lines[r]);
      t.field_counts.push_back(batch.field_counts[r]);
      if (batch.columns > 0) t.kinds.push_back(batch.column(0)[r].kind);
    }
  }
  return t;
}

Table must_read(const std::string& text, ReadOptions options = {}, Format format = Format::kCsv) {
  auto t = read_all(text, options, format);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().format());
  return t.ok() ? *t : Table{};
}

std::string error_of(const std::string& text, ReadOptions options = {},
                     Format format = Format::kCsv) {
  auto t = read_all(text, options, format);
  return t.ok() ? "(no error)" : t.error().format();
}

TEST(DataCsv, HeaderAndRows) {
  const Table t = must_read("a,b,c\n1,2,3\n4,5,6\n");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{"4", "5", "6"}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 3}));
}

TEST(DataCsv, QuotedFieldsWithDelimitersLineBreaksAndQuotes) {
  const Table t = must_read(
      "name,note\n"
      "\"Smith, J.\",\"said \"\"hi\"\"\"\n"
      "\"multi\nline\",x\n"
      "plain,\"\"\"\"\n"
      "last,after\n");
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{"Smith, J.", "said \"hi\""}));
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{"multi\nline", "x"}));
  EXPECT_EQ(t.rows[2], (std::vector<Cell>{"plain", "\""}));
  // The quoted line break moves the following rows down one line.
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 3, 5, 6}));
  EXPECT_EQ(t.kinds[0], FieldKind::kQuoted);
}

TEST(DataCsv, CrlfLineEndsAndNoFinalNewline) {
  const Table t = must_read("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n5,6");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{"3", "x\r\ny"}));
  EXPECT_EQ(t.rows[2], (std::vector<Cell>{"5", "6"}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 3, 5}));
}

TEST(DataCsv, EmptyFieldsAreMissingByDefaultAndValuesWithEmptyNullList) {
  const std::string text = "a,b,c\n,2,\n\"\",NA,x\n1,,\n";
  const Table t = must_read(text);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{Cell(), "2", Cell()}));
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{Cell(), Cell(), "x"}));  // quoted "" and NA too
  EXPECT_EQ(t.rows[2], (std::vector<Cell>{"1", Cell(), Cell()}));  // trailing empty field
  ReadOptions keep;
  keep.nulls.tokens.clear();
  const Table k = must_read(text, keep);
  EXPECT_EQ(k.rows[0], (std::vector<Cell>{"", "2", ""}));
  EXPECT_EQ(k.rows[1], (std::vector<Cell>{"", "NA", "x"}));
}

TEST(DataCsv, EmptyLastFieldAtEndOfFile) {
  const Table t = must_read("a,b\n1,", [] {
    ReadOptions o;
    o.nulls.tokens.clear();
    return o;
  }());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{"1", ""}));
  EXPECT_EQ(t.field_counts[0], 2u);
}

TEST(DataCsv, RaggedRowsArePaddedOrCutAndCounted) {
  const Table t = must_read("a,b,c\n1,2\n1,2,3,4\n1,2,3\n");
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{"1", "2", Cell()}));
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{"1", "2", "3"}));
  EXPECT_EQ(t.field_counts, (std::vector<std::uint32_t>{2, 4, 3}));
}

TEST(DataCsv, BlankLinesAreSkippedAndByteOrderMarkRemoved) {
  const Table t = must_read("\xEF\xBB\xBFid,v\n\n1,a\r\n\r\n\n2,b\n\n");
  EXPECT_EQ(t.columns[0], "id");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{3, 6}));
}

TEST(DataCsv, DelimitersAndNoHeader) {
  ReadOptions o;
  o.delimiter = ';';
  o.header = false;
  const Table t = must_read("1;\"a;b\"\n2;c\n", o);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"column_1", "column_2"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{"1", "a;b"}));
  EXPECT_EQ(t.lines[0], 1u);
  o.delimiter = '\t';
  o.header = true;
  const Table tab = must_read("x\ty\n1\t2\n", o);
  EXPECT_EQ(tab.columns, (std::vector<std::string>{"x", "y"}));
}

TEST(DataCsv, LongFieldsAcrossClassificationWindows) {
  // Fields longer than the 64-byte windows the scanner classifies at once, with a literal
  // quote inside an unquoted field right at a window boundary.
  ReadOptions o;
  o.nulls.tokens.clear();
  const std::string a(63, 'a'), b(64, 'b'), c = std::string(70, 'c') + "\"" + std::string(70, 'c');
  const Table t =
      must_read("x,y,z\n" + a + "," + b + "," + c + "\n" + b + ",\"" + a + ",\n\"," + a + "\n", o);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{a, b, c}));
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{b, a + ",\n", a}));
}

TEST(DataCsv, LenientQuotesLikePythonCsv) {
  ReadOptions o;
  o.nulls.tokens.clear();
  const Table t = must_read("a,b\nab\"c,\"q\"tail\n", o);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{"ab\"c", "qtail"}));
}

TEST(DataCsv, EmptyFileAndHeaderOnly) {
  EXPECT_TRUE(must_read("").columns.empty());
  EXPECT_TRUE(must_read("\n\n").rows.empty());
  const Table h = must_read("a,b\n");
  EXPECT_EQ(h.columns.size(), 2u);
  EXPECT_TRUE(h.rows.empty());
}

// Bad input: a table of texts and the exact error each gives (file:line:col).
TEST(DataCsv, ErrorsNameLineAndColumn) {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"a,b\n1,\"open\n2,3\n",
       "t.csv:2:3: error: quoted field is not closed before the end of "
       "the file"},
      {"\"a,b\n", "t.csv:1:1: error: quoted field is not closed before the end of the file"},
      {"a,a\n1,2\n", "t.csv:1:1: error: duplicate column name \"a\" (columns 1 and 2)"},
      {"a,b\n1,2\nx,\"y\n\nz",
       "t.csv:3:3: error: quoted field is not closed before the end of "
       "the file"},
  };
  for (const auto& c : cases) EXPECT_EQ(error_of(c.text), c.error) << c.text;
}

TEST(DataCsv, RecordLongerThanTheLimitIsAnError) {
  ReadOptions o;
  o.block_bytes = 64;
  o.max_record_bytes = 256;
  const std::string text = "a,b\n1,\"" + std::string(1000, 'x') + "\"\n";
  EXPECT_EQ(error_of(text, o),
            "t.csv:2:1: error: a row longer than 256 bytes starts here (see the data reading "
            "limits)");
}

TEST(DataCsv, MissingFileAndDirectoryAreErrors) {
  auto missing = open_table("/nonexistent/data.csv", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().format().find("/nonexistent/data.csv"), std::string::npos);
  auto dir = open_table(::testing::TempDir(), {});
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.error().message.find("directory"), std::string::npos);
}

TEST(DataCsv, FilesAreHashedWhileRead) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "assay-data-hash.csv";
  std::ofstream(path) << "a\n1\n";
  ReadOptions o;
  o.hash = true;
  auto reader = open_table(path.string(), o);
  ASSERT_TRUE(reader.ok());
  Batch b;
  while (*(*reader)->next(b)) {
  }
  // sha256("a\n1\n"), computed with sha256sum.
  EXPECT_EQ((*reader)->sha256(),
            "309b0e45a73d3fc5325e2b6ed0a01ef8b9cde6b05a5633c1f893f970d52bfddc");
  EXPECT_EQ((*reader)->bytes_read(), 4u);
}

// RFC 4180 writing: quote fields holding a delimiter, quote or line break; double quotes.
std::string write_csv(const std::vector<std::string>& header, const Rows& rows, bool crlf) {
  const auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos && !s.empty()) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  const std::string eol = crlf ? "\r\n" : "\n";
  for (std::size_t i = 0; i < header.size(); ++i)
    out += std::string(i ? "," : "") + field(header[i]);
  out += eol;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += std::string(i ? "," : "") + field(*row[i]);
    out += eol;
  }
  return out;
}

// Whatever the block size and batch size, reading a written table gives it back: records cut
// at any byte by a block boundary are scanned again once complete.
RC_GTEST_PROP(DataCsv, RoundTripAcrossBlockBoundaries, ()) {
  const auto columns = *rc::gen::inRange<std::size_t>(2, 6);
  const auto alphabet = rc::gen::elementOf(std::string("ab,\"\n\r x1"));
  const auto text_gen = rc::gen::container<std::string>(alphabet);
  const auto row_count = *rc::gen::inRange<std::size_t>(0, 30);
  std::vector<std::string> header;
  for (std::size_t c = 0; c < columns; ++c)
    header.push_back(std::string("c").append(std::to_string(c)));
  Rows rows;
  for (std::size_t r = 0; r < row_count; ++r) {
    std::vector<Cell> row;
    for (std::size_t c = 0; c < columns; ++c) row.push_back(*text_gen);
    rows.push_back(row);
  }
  ReadOptions o;
  o.nulls.tokens.clear();
  o.block_bytes = *rc::gen::inRange<std::size_t>(1, 400);
  o.batch_rows = *rc::gen::inRange<std::size_t>(1, 8);
  const bool crlf = *rc::gen::arbitrary<bool>();
  auto t = read_all(write_csv(header, rows, crlf), o);
  RC_ASSERT(t.ok());
  RC_ASSERT(t->columns == header);
  RC_ASSERT(t->rows == rows);
}

TEST(DataJsonLines, ColumnsAreKeysInOrderOfFirstAppearance) {
  const Table t = must_read(
      "{\"a\": 1, \"b\": \"x\"}\n"
      "\n"
      "{\"c\": true, \"a\": null}\n"
      "{\"b\": \"caf\\u00e9 \\ud83d\\ude00\", \"a\": -2.5e3, \"c\": {\"n\": [1, \"]\"]}}\r\n",
      {}, Format::kJsonLines);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (std::vector<Cell>{"1", "x", Cell()}));
  EXPECT_EQ(t.rows[1], (std::vector<Cell>{Cell(), Cell(), "true"}));
  EXPECT_EQ(t.rows[2],
            (std::vector<Cell>{"-2.5e3", "caf\xC3\xA9 \xF0\x9F\x98\x80", "{\"n\": [1, \"]\"]}"}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{1, 3, 4}));
  EXPECT_EQ(t.kinds[0], FieldKind::kNumber);
}

TEST(DataJsonLines, ErrorsNameLineAndColumn) {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"{\"a\": 1}\n[1]\n", "t.csv:2:1: error: expected '{': each line must be a JSON object"},
      {"{\"a\": 1,}\n", "t.csv:1:9: error: expected a string key"},
      {"{\"a\" 1}\n", "t.csv:1:6: error: expected ':' after the key"},
      {"{\"a\": 01}\n", "t.csv:1:8: error: expected ',' or '}'"},
      {"{\"a\": tru}\n",
       "t.csv:1:7: error: expected a value (string, number, true, false, null, "
       "object or array)"},
      {"{\"a\": \"x}\n", "t.csv:1:10: error: string is not closed before the end of the line"},
      {"{\"a\": 1, \"a\": 2}\n", "t.csv:1:1: error: duplicate key \"a\""},
      {"{\"a\": \"\\ud800\"}\n",
       "t.csv:1:14: error: a high surrogate must be followed by a low "
       "surrogate"},
      {"{\"a\": [1, 2}\n", "t.csv:1:12: error: mismatched bracket in a nested value"},
      {"{\"a\": 1} x\n", "t.csv:1:10: error: unexpected text after the object"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(error_of(c.text, {}, Format::kJsonLines), c.error) << c.text;
}

TEST(DataJsonLines, DeepNestingIsTextNotRecursion) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Table t = must_read("{\"a\": " + deep + "}\n", {}, Format::kJsonLines);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0]->size(), deep.size());
}

TEST(DataValues, NumbersIntegersBooleansAndNaN) {
  EXPECT_EQ(parse_number("1.5"), 1.5);
  EXPECT_EQ(parse_number(" +2e3 "), 2000.0);
  EXPECT_EQ(parse_number("-.5"), -0.5);
  EXPECT_TRUE(std::isinf(*parse_number("inf")));
  EXPECT_TRUE(std::isinf(*parse_number("1e999")));
  EXPECT_EQ(parse_number("1e-999"), 0.0);
  EXPECT_TRUE(std::isnan(*parse_number("NaN")));
  EXPECT_FALSE(parse_number("1.5x").has_value());
  EXPECT_FALSE(parse_number("").has_value());
  EXPECT_FALSE(parse_number("+-1").has_value());
  EXPECT_FALSE(parse_number("0x10").has_value());
  EXPECT_EQ(parse_integer("-42"), -42);
  EXPECT_FALSE(parse_integer("4.0").has_value());
  EXPECT_FALSE(parse_integer("99999999999999999999").has_value());
  EXPECT_EQ(parse_boolean("TRUE"), true);
  EXPECT_FALSE(parse_boolean("1").has_value());
  EXPECT_TRUE(is_nan_text("-nan"));
  EXPECT_FALSE(is_nan_text("nano"));
}

// Plain decimals parse exactly as std::from_chars reads them (the wrapper only adds a '+' sign
// and surrounding blanks).
RC_GTEST_PROP(DataValues, DecimalsParseBitForBitLikeFromChars, ()) {
  const auto digits =
      *rc::gen::container<std::string>(rc::gen::inRange('0', static_cast<char>('9' + 1)));
  const auto point = *rc::gen::inRange<std::size_t>(0, digits.size() + 2);
  std::string text(*rc::gen::arbitrary<bool>() ? "-" : "");
  for (std::size_t i = 0; i <= digits.size(); ++i) {
    if (i == point) text.push_back('.');
    if (i < digits.size()) text.push_back(digits[i]);
  }
  double expected = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
  const bool valid = ec == std::errc() && end == text.data() + text.size();
  const auto ours = parse_number(text);
  RC_ASSERT(ours.has_value() == valid);
  if (valid)
    RC_ASSERT(std::bit_cast<std::uint64_t>(*ours) == std::bit_cast<std::uint64_t>(expected));
}

TEST(DataValues, Timestamps) {
  // 2024-03-01 is day 19783 since 1970-01-01 (2024-01-01 is 19723; + 31 + 29).
  EXPECT_EQ(parse_iso8601("2024-03-01"), 19783.0 * 86400);
  EXPECT_EQ(parse_iso8601("2024-03-01T12:30:15.5Z"), 19783.0 * 86400 + 45015.5);
  EXPECT_EQ(parse_iso8601("2024-03-01 12:30:15+02:00"), 19783.0 * 86400 + 45015 - 7200);
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59Z"), -1.0);
  EXPECT_EQ(parse_iso8601("2000-02-29"), 11016.0 * 86400);
  EXPECT_FALSE(parse_iso8601("2023-02-29").has_value());
  EXPECT_FALSE(parse_iso8601("2024-13-01").has_value());
  EXPECT_FALSE(parse_iso8601("2024-03-01T25:00").has_value());
  EXPECT_EQ(parse_timestamp("12.5"), 12.5);
  EXPECT_FALSE(parse_timestamp("yesterday").has_value());
}

TEST(DataValues, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("caf\xC3\xA9"), 4u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(utf8_length("\xC3"), 1u);  // a cut sequence counts as one
  EXPECT_EQ(utf8_length("\xFF\xFE"), 2u);
}

}  // namespace
}  // namespace assay::data
