// Seeded corruption: determinism (same seed, same bytes; another seed, other rows), exactly
// floor(rows × fraction) rows, Jenga's row sampling (car, ar, nar) and each corruption's effect
// on hand-made data, in CSV and JSON Lines.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "data/corrupt.h"
#include "data/values.h"

namespace assay::data {
namespace {

// 20 rows: id 1..20, x = 10 × id, name cycling a/b/c/d, y = 100 - id.
std::string sample_csv() {
  std::string out = "id,x,name,y\n";
  const char* names[] = {"apple", "banana", "cherry", "date"};
  for (int i = 1; i <= 20; ++i) {
    out += std::to_string(i) + "," + std::to_string(10 * i) + "," + names[(i - 1) % 4] + "," +
           std::to_string(100 - i) + "\n";
  }
  return out;
}

std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream l(line);
    std::string f;
    while (std::getline(l, f, ',')) fields.push_back(f);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

CorruptReport corrupt(const std::string& text, const CorruptOptions& o, std::string& out,
                      Format format = Format::kCsv) {
  auto r =
      corrupt_table([&] { return open_table_text(text, "in", format, o.read); }, format, o, out);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().format());
  return r.ok() ? *r : CorruptReport{};
}

TEST(DataCorrupt, SameSeedSameBytesOtherSeedOtherRows) {
  CorruptOptions o;
  o.kind = CorruptionKind::kMissing;
  o.column = "x";
  o.fraction = 0.25;
  o.seed = 7;
  std::string a, b, c;
  const CorruptReport ra = corrupt(sample_csv(), o, a);
  corrupt(sample_csv(), o, b);
  EXPECT_EQ(a, b);
  o.seed = 8;
  const CorruptReport rc = corrupt(sample_csv(), o, c);
  EXPECT_NE(a, c);
  EXPECT_NE(ra.first_rows, rc.first_rows);
  // floor(20 × 0.25) = 5 rows, all changed, each now missing.
  EXPECT_EQ(ra.selected, 5u);
  EXPECT_EQ(ra.changed, 5u);
  const auto rows = rows_of(a);
  int missing = 0;
  for (const auto& r : rows) missing += r[1].empty() ? 1 : 0;
  EXPECT_EQ(missing, 5);
  EXPECT_EQ(ra.description, "missing on column x, 0.25 of rows (car), seed 7");
}

TEST(DataCorrupt, UnchosenRowsAreUnchanged) {
  CorruptOptions o;
  o.kind = CorruptionKind::kScale;
  o.column = "x";
  o.fraction = 0.0;
  std::string out;
  corrupt(sample_csv(), o, out);
  EXPECT_EQ(out, sample_csv());  // fraction 0 rewrites the table as it was
}

RC_GTEST_PROP(DataCorrupt, ExactlyFloorOfRowsTimesFraction, ()) {
  const auto n = *rc::gen::inRange(1, 60);
  std::string csv = "a,b\n";
  for (int i = 0; i < n; ++i) csv += std::to_string(i % 7) + "," + std::to_string(n - i) + "\n";
  CorruptOptions o;
  o.kind = CorruptionKind::kMissing;
  o.column = "a";
  o.fraction = *rc::gen::inRange(0, 101) / 100.0;
  o.sampling = *rc::gen::element(Sampling::kCar, Sampling::kAr, Sampling::kNar);
  o.seed = *rc::gen::arbitrary<std::uint64_t>();
  std::string out;
  auto r = corrupt_table([&] { return open_table_text(csv, "in", Format::kCsv, o.read); },
                         Format::kCsv, o, out);
  RC_ASSERT(r.ok());
  RC_ASSERT(r->selected == static_cast<std::uint64_t>(std::floor(n * o.fraction)));
  RC_ASSERT(r->rows == static_cast<std::uint64_t>(n));
}

TEST(DataCorrupt, NotAtRandomTakesAWindowOfTheColumnsOwnRanks) {
  // x = 10 × id is sorted, so a window of its ranks is a run of consecutive rows.
  CorruptOptions o;
  o.kind = CorruptionKind::kMissing;
  o.column = "x";
  o.fraction = 0.3;
  o.sampling = Sampling::kNar;
  o.seed = 3;
  std::string out;
  const CorruptReport r = corrupt(sample_csv(), o, out);
  ASSERT_EQ(r.first_rows.size(), 6u);
  for (std::size_t i = 1; i < r.first_rows.size(); ++i)
    EXPECT_EQ(r.first_rows[i], r.first_rows[i - 1] + 1);
  // At random: ranks of y = 100 - id, which runs backwards, so again consecutive rows.
  o.sampling = Sampling::kAr;
  o.depends_on = "y";
  const CorruptReport ar = corrupt(sample_csv(), o, out);
  for (std::size_t i = 1; i < ar.first_rows.size(); ++i)
    EXPECT_EQ(ar.first_rows[i], ar.first_rows[i - 1] + 1);
  EXPECT_EQ(ar.description, "missing on column x, 0.3 of rows (ar by y), seed 3");
}

TEST(DataCorrupt, SwapScaleNoiseBrokenShift) {
  std::string out;
  CorruptOptions o;
  o.column = "x";
  o.fraction = 1.0;  // every row, so each effect is visible everywhere
  o.seed = 11;

  o.kind = CorruptionKind::kSwap;
  o.with = "y";
  corrupt(sample_csv(), o, out);
  EXPECT_EQ(rows_of(out)[0], (std::vector<std::string>{"1", "99", "apple", "10"}));

  o.kind = CorruptionKind::kScale;
  o.factor = 1000;
  corrupt(sample_csv(), o, out);
  EXPECT_EQ(rows_of(out)[2][1], "30000");
  o.factor.reset();
  const CorruptReport scaled = corrupt(sample_csv(), o, out);
  // Without --factor, Jenga's choice among 10, 100 and 1000, made by the seed.
  const double f = std::stod(rows_of(out)[0][1]) / 10.0;
  EXPECT_TRUE(f == 10 || f == 100 || f == 1000) << f;
  EXPECT_NE(scaled.description.find("factor " + format_double(f)), std::string::npos);

  o.kind = CorruptionKind::kNoise;
  o.sigma = 5.0;
  const CorruptReport noisy = corrupt(sample_csv(), o, out);
  int moved = 0;
  const auto noisy_rows = rows_of(out);
  for (std::size_t i = 0; i < 20; ++i) {
    const std::string& v = noisy_rows[i][1];
    EXPECT_EQ(v.find('.'), std::string::npos) << v;  // integers stay integers
    moved += std::stoi(v) != 10 * static_cast<int>(i + 1) ? 1 : 0;
  }
  EXPECT_GT(moved, 10);
  EXPECT_EQ(noisy.changed, static_cast<std::uint64_t>(moved));

  o.kind = CorruptionKind::kBroken;
  o.column = "name";
  corrupt(sample_csv(), o, out);
  EXPECT_EQ(rows_of(out)[0][2], "\xC3\xA1ppl\xC3\xA9");  // a→á, e→é
  EXPECT_EQ(rows_of(out)[1][2], "b\xC3\xA1n\xC3\xA1n\xC3\xA1");
  EXPECT_EQ(rows_of(out)[3][2], "d\xC3\xA1t\xC3\xA9");

  o.kind = CorruptionKind::kShift;
  const CorruptReport shifted = corrupt(sample_csv(), o, out);
  // A permutation of the four categories: the same values, each consistently remapped.
  std::map<std::string, std::string> mapping;
  const auto rows = rows_of(out);
  const char* names[] = {"apple", "banana", "cherry", "date"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string before = names[i % 4];
    auto [it, fresh] = mapping.emplace(before, rows[i][2]);
    EXPECT_EQ(it->second, rows[i][2]);
  }
  std::set<std::string> targets;
  for (const auto& [from, to] : mapping) targets.insert(to);
  EXPECT_EQ(targets, (std::set<std::string>{"apple", "banana", "cherry", "date"}));
  EXPECT_EQ(shifted.selected, 20u);
}

TEST(DataCorrupt, JsonLinesKeepTypes) {
  const std::string jsonl =
      "{\"v\": 1.5, \"s\": \"a\\\"b\", \"n\": {\"k\": [1]}}\n"
      "{\"v\": 2, \"s\": \"x\"}\n";
  CorruptOptions o;
  o.kind = CorruptionKind::kScale;
  o.column = "v";
  o.fraction = 1.0;
  o.factor = 2;
  std::string out;
  corrupt(jsonl, o, out, Format::kJsonLines);
  EXPECT_EQ(out,
            "{\"v\": 3, \"s\": \"a\\\"b\", \"n\": {\"k\": [1]}}\n"
            "{\"v\": 4, \"s\": \"x\"}\n");
  o.kind = CorruptionKind::kMissing;
  corrupt(jsonl, o, out, Format::kJsonLines);
  EXPECT_EQ(out.substr(0, 12), "{\"v\": null, ");
}

TEST(DataCorrupt, BadOptionsAreErrors) {
  CorruptOptions o;
  o.column = "nope";
  std::string out;
  auto r = corrupt_table([&] { return open_table_text(sample_csv(), "in", Format::kCsv, {}); },
                         Format::kCsv, o, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "--column: column \"nope\" is not in the data (columns: id, x, name, y)");
  o.column = "x";
  o.fraction = 1.5;
  EXPECT_FALSE(corrupt_table([&] { return open_table_text(sample_csv(), "in", Format::kCsv, {}); },
                             Format::kCsv, o, out)
                   .ok());
}

}  // namespace
}  // namespace assay::data
