// The rule catalogue: the rule-set parser's errors (a table of bad inputs, each with the exact
// file:line:col it must name), every rule on a hand-made table with nulls, NaN, empty strings
// and mixed types (expected counts and offending rows worked out by hand in the comments), the
// boundaries of `mostly`, exact quantiles with and without extra passes, and findings flowing
// into results.json, junit.xml and summary.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "data/check.h"
#include "data/findings.h"
#include "data/rules.h"
#include "reports/reports.h"

namespace assay::data {
namespace {

std::string rule_set(const std::string& rules, const std::string& extra = "") {
  return "{\"schema\": \"assay.rules/1\", \"id\": \"t\"" + extra + ", \"rules\": [" + rules + "]}";
}

std::string parse_error(const std::string& text) {
  auto r = parse_rules_text(text, "r.json");
  return r.ok() ? "(no error)" : r.error().format();
}

// Bad rule sets and the exact error each must give.
TEST(DataRules, ParserErrorsNameFileLineAndColumn) {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"{\"rules\": []}", "r.json:1:1: error: missing key \"schema\" in a rule set"},
      {"{\"schema\": \"assay.rules/9\", \"rules\": []}",
       "r.json:1:12: error: unsupported rule-set schema \"assay.rules/9\"; this build reads "
       "\"assay.rules/1\" (at /schema)"},
      {"{\"schema\": \"assay.rules/1\", \"rules\": [], \"extra\": 1}",
       "r.json:1:42: error: unknown key \"extra\" in a rule set (allowed: schema, id, title, "
       "description, data, examples, rules) (at /extra)"},
      {"{\"schema\": \"assay.rules/1\", \"rules\": {}}",
       "r.json:1:38: error: expected an array of rules, found object (at /rules)"},
      {rule_set("{\"rule\": \"not_nul\", \"column\": \"a\"}"),
       "r.json:1:59: error: unknown rule \"not_nul\" (known: column_exists, column_set, type, "
       "not_null, unique, compound_unique, between, in_set, not_in_set, regex, length_between, "
       "increasing, decreasing, row_count_between, mean_between, median_between, stdev_between, "
       "min_between, max_between, quantile_between, sum_between, pair_greater, expression, "
       "timestamps_monotonic, max_gap, sampling_rate) (at /rules/0/rule)"},
      {rule_set("{\"rule\": \"not_null\", \"colum\": \"a\"}"),
       "r.json:1:71: error: unknown key \"colum\" in a not_null rule (allowed: rule, id, "
       "description, severity, mostly, column) (at /rules/0/colum)"},
      {rule_set("{\"rule\": \"not_null\"}"),
       "r.json:1:50: error: missing key \"column\" in a not_null rule (at /rules/0)"},
      {rule_set("{\"rule\": \"not_null\", \"column\": \"a\", \"mostly\": 1.5}"),
       "r.json:1:96: error: mostly must be within [0, 1] (at /rules/0/mostly)"},
      {rule_set(
           "{\"rule\": \"mean_between\", \"column\": \"a\", \"min_value\": 0, \"mostly\": 0.5}"),
       "r.json:1:106: error: unknown key \"mostly\" in a mean_between rule (allowed: rule, id, "
       "description, severity, column, min_value, max_value, strict_min, strict_max) (at "
       "/rules/0/mostly)"},
      {rule_set("{\"rule\": \"between\", \"column\": \"a\", \"min_value\": 5, \"max_value\": 1}"),
       "r.json:1:98: error: min_value is above max_value (5 > 1) (at /rules/0/min_value)"},
      {rule_set("{\"rule\": \"between\", \"column\": \"a\"}"),
       "r.json:1:50: error: needs min_value, max_value or both (at /rules/0)"},
      {rule_set("{\"rule\": \"between\", \"column\": \"a\", \"min_value\": \"0\"}"),
       "r.json:1:98: error: expected a number, found string (at /rules/0/min_value)"},
      {rule_set("{\"rule\": \"regex\", \"column\": \"a\", \"regex\": \"^(ab\"}"),
       "r.json:1:92: error: invalid regex: '(' is not closed (at character 2) (at "
       "/rules/0/regex)"},
      {rule_set("{\"rule\": \"expression\", \"expression\": \"a >\"}"),
       "r.json:1:87: error: invalid expression: expected a value, a column or '(' (at character "
       "4) (at /rules/0/expression)"},
      {rule_set("{\"rule\": \"not_null\", \"column\": \"a\"},\n"
                "  {\"rule\": \"not_null\", \"column\": \"a\"}"),
       "r.json:2:3: error: rule id \"not_null:a\" is used twice; give one of the rules its own "
       "\"id\" (at /rules/1)"},
      {rule_set("{\"rule\": \"not_null\", \"column\": \"a\", \"severity\": \"fatal\"}"),
       "r.json:1:98: error: severity must be \"error\" or \"warn\", found \"fatal\" (at "
       "/rules/0/severity)"},
      {rule_set("{\"rule\": \"type\", \"column\": \"a\", \"type\": \"float\"}"),
       "r.json:1:90: error: unknown type \"float\" (string, integer, number, boolean, timestamp) "
       "(at /rules/0/type)"},
      {rule_set("{\"rule\": \"in_set\", \"column\": \"a\", \"value_set\": []}"),
       "r.json:1:97: error: value_set must not be empty (at /rules/0/value_set)"},
      {rule_set("{\"rule\": \"in_set\", \"column\": \"a\", \"value_set\": [1, null]}"),
       "r.json:1:101: error: expected a number, string or boolean, found null (at "
       "/rules/0/value_set/1)"},
      {rule_set("", ", \"data\": {\"delimiter\": \";;\"}"),
       "r.json:1:62: error: delimiter must be one character other than a quote or line break (or "
       "\"tab\") (at /data/delimiter)"},
      {rule_set("", ", \"data\": {\"types\": {\"a\": \"float\"}}"),
       "r.json:1:64: error: unknown type \"float\" (string, integer, number, boolean, timestamp) "
       "(at /data/types/a)"},
      {rule_set("", ", \"examples\": 5000"),
       "r.json:1:52: error: at most 1000 examples per rule (at /examples)"},
      {rule_set("{\"rule\": \"quantile_between\", \"column\": \"a\", \"quantile\": 2, "
                "\"min_value\": 0}"),
       "r.json:1:106: error: must be within [0, 1] (at /rules/0/quantile)"},
      {rule_set("{\"rule\": \"compound_unique\", \"column_list\": [\"a\"]}"),
       "r.json:1:93: error: needs at least 2 items (at /rules/0/column_list)"},
      {rule_set("{\"rule\": \"length_between\", \"column\": \"a\", \"min_value\": 1.5}"),
       "r.json:1:105: error: expected a non-negative integer (at /rules/0/min_value)"},
      {rule_set("{\"rule\": \"max_gap\", \"column\": \"t\", \"max_seconds\": 0}"),
       "r.json:1:100: error: must be above 0 (at /rules/0/max_seconds)"},
      {"{\"schema\": \"assay.rules/1\",\n \"rules\": [\n  {\"rule\": \"not_null\" \"column\": 1}]}",
       "r.json:3:30: error: invalid JSON: syntax error while parsing object - unexpected string "
       "literal; expected '}'"},
      {"{\"schema\": \"assay.rules/1\", \"schema\": \"x\", \"rules\": []}",
       "r.json:1:29: error: duplicate key \"schema\""},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_error(c.text), c.error) << c.text;
}

TEST(DataRules, GreatExpectationsNamesAndDefaults) {
  auto r = parse_rules_text(
      rule_set("{\"rule\": \"expect_column_values_to_not_be_null\", \"column\": \"a\"},"
               "{\"rule\": \"between\", \"column\": \"a\", \"min_value\": 0, \"severity\": "
               "\"warn\", \"mostly\": 0.9, \"id\": \"a-range\"}",
               ", \"data\": {\"delimiter\": \"tab\", \"header\": false, \"null_values\": [\"\"], "
               "\"types\": {\"a\": \"integer\"}}, \"examples\": 3"),
      "dir/rules.json");
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_EQ(r->id, "t");
  ASSERT_EQ(r->rules.size(), 2u);
  EXPECT_EQ(r->rules[0].kind, RuleKind::kNotNull);
  EXPECT_EQ(r->rules[0].id, "not_null:a");
  EXPECT_EQ(r->rules[0].mostly, 1.0);
  EXPECT_EQ(r->rules[0].severity, Severity::kError);
  EXPECT_EQ(r->rules[1].id, "a-range");
  EXPECT_EQ(r->rules[1].severity, Severity::kWarn);
  EXPECT_EQ(r->examples, 3u);
  ReadOptions o;
  r->apply_to(o);
  EXPECT_EQ(o.delimiter, '\t');
  EXPECT_FALSE(o.header);
  EXPECT_EQ(o.nulls.tokens, std::vector<std::string>{""});
  EXPECT_EQ(r->types.at("a"), ColumnType::kInteger);
  // Without an id, the rule set is named after its file.
  auto stem = parse_rules_text("{\"schema\": \"assay.rules/1\", \"rules\": []}", "x/speeds.json");
  ASSERT_TRUE(stem.ok());
  EXPECT_EQ(stem->id, "speeds");
}

// ---------------------------------------------------------------------------------------------
// Every rule on one hand-made table. Rows are numbered from 1 (line = row + 1).
//
//   row  id  speed  name   code  t                     a   b  grp  k
//   1    1   10     alice  AB-1  2024-01-01T00:00:00Z  5   3  x    1
//   2    2   ""     bob    AB-2  2024-01-01T00:00:01Z  4   4  y    2
//   3    3   NaN    ""     XY-3  2024-01-01T00:00:02Z  1   2  x    1
//   4    4   abc    carol  AB-4  2024-01-01T00:00:04Z  ""  1  z    2
//   5    5   30     dave   ab-5  2024-01-01T00:00:03Z  7   x  x    1
const char* const kTable =
    "id,speed,name,code,t,a,b,grp,k\n"
    "1,10,alice,AB-1,2024-01-01T00:00:00Z,5,3,x,1\n"
    "2,,bob,AB-2,2024-01-01T00:00:01Z,4,4,y,2\n"
    "3,NaN,,XY-3,2024-01-01T00:00:02Z,1,2,x,1\n"
    "4,abc,carol,AB-4,2024-01-01T00:00:04Z,,1,z,2\n"
    "5,30,dave,ab-5,2024-01-01T00:00:03Z,7,x,x,1\n";

Finding check_one(const std::string& rule, const std::string& table = kTable,
                  Format format = Format::kCsv, const std::string& extra = "") {
  auto rules = parse_rules_text(rule_set(rule, extra), "r.json");
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().format());
  if (!rules.ok()) return {};
  CheckOptions o;
  rules->apply_to(o.read);
  o.examples = rules->examples;
  auto report = check_text(*rules, table, format, o);
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().format());
  if (!report.ok()) return {};
  EXPECT_EQ(report->findings.size(), 2u);
  EXPECT_EQ(report->findings[0].outcome, Outcome::kHeld) << report->findings[0].message;
  return report->findings.back();
}

std::vector<std::uint64_t> rows_of(const Finding& f) {
  std::vector<std::uint64_t> out;
  for (const auto& e : f.examples) out.push_back(e.row);
  return out;
}

// evaluated, failed and the offending rows of a row-level rule.
void expect_rows(const Finding& f, std::uint64_t evaluated, std::uint64_t failed,
                 std::vector<std::uint64_t> rows) {
  EXPECT_TRUE(f.row_level) << f.kind;
  EXPECT_EQ(f.evaluated, evaluated) << f.message;
  EXPECT_EQ(f.failed, failed) << f.message;
  EXPECT_EQ(rows_of(f), rows) << f.message;
  EXPECT_EQ(f.outcome, failed == 0 ? Outcome::kHeld : Outcome::kViolated) << f.message;
}

TEST(DataRules, TableRules) {
  EXPECT_EQ(check_one("{\"rule\": \"column_exists\", \"column\": \"speed\"}").outcome,
            Outcome::kHeld);
  const Finding missing = check_one("{\"rule\": \"column_exists\", \"column\": \"zzz\"}");
  EXPECT_EQ(missing.outcome, Outcome::kViolated);
  EXPECT_EQ(missing.message,
            "column \"zzz\" is not in the data (columns: id, speed, name, code, t, a, b, grp, k)");
  EXPECT_EQ(check_one("{\"rule\": \"column_set\", \"column_set\": [\"k\", \"grp\", \"b\", \"a\", "
                      "\"t\", \"code\", \"name\", \"speed\", \"id\"]}")
                .outcome,
            Outcome::kHeld);
  const Finding set = check_one(
      "{\"rule\": \"column_set\", \"column_set\": [\"id\", \"speed\", \"name\", \"code\", \"t\", "
      "\"a\", \"grp\", \"k\", \"extra\"]}");
  EXPECT_EQ(set.message, "missing columns \"extra\"; unexpected columns \"b\"");
  EXPECT_EQ(check_one("{\"rule\": \"column_set\", \"column_set\": [\"id\", \"a\"], "
                      "\"exact_match\": false}")
                .outcome,
            Outcome::kHeld);
  const Finding rows = check_one("{\"rule\": \"row_count_between\", \"min_value\": 6}");
  EXPECT_EQ(rows.outcome, Outcome::kViolated);
  EXPECT_EQ(rows.observed, 5.0);
  EXPECT_EQ(rows.margin, -1.0);
  EXPECT_EQ(
      check_one("{\"rule\": \"row_count_between\", \"min_value\": 5, \"max_value\": 5}").outcome,
      Outcome::kHeld);
}

TEST(DataRules, TypeRule) {
  // speed: 10, abc, 30 are non-null ("" and NaN are missing): abc is not a number.
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"speed\", \"type\": \"number\"}"), 3, 1,
              {4});
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"a\", \"type\": \"integer\"}"), 4, 0,
              {});
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"b\", \"type\": \"integer\"}"), 5, 1,
              {5});
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"t\", \"type\": \"timestamp\"}"), 5, 0,
              {});
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"name\", \"type\": \"string\"}"), 4, 0,
              {});
  const Finding f = check_one("{\"rule\": \"type\", \"column\": \"speed\", \"type\": \"number\"}");
  EXPECT_EQ(f.examples[0].value, "abc");
  EXPECT_EQ(f.examples[0].line, 5u);
}

TEST(DataRules, NotNullCountsEmptyAndNaNAndMostlyBoundaries) {
  // speed: "" (row 2) and NaN (row 3) are missing: 2 of 5 fail, 60 % pass.
  const std::string rule = "{\"rule\": \"not_null\", \"column\": \"speed\"";
  const Finding f = check_one(rule + "}");
  expect_rows(f, 5, 2, {2, 3});
  EXPECT_EQ(f.examples[1].value, "NaN");
  EXPECT_EQ(f.message,
            "2 of 5 values (40 %) null; mostly 1 needs 100 % passing, have 60 %; first rows: 2 "
            "(\"\"), 3 (\"NaN\")");
  // Exactly at mostly holds; just above does not.
  EXPECT_EQ(check_one(rule + ", \"mostly\": 0.6}").outcome, Outcome::kHeld);
  EXPECT_EQ(check_one(rule + ", \"mostly\": 0.59}").outcome, Outcome::kHeld);
  EXPECT_EQ(check_one(rule + ", \"mostly\": 0.6000001}").outcome, Outcome::kViolated);
  EXPECT_NEAR(*check_one(rule + ", \"mostly\": 0.6}").margin, 0.0, 1e-15);
  EXPECT_EQ(check_one(rule + ", \"mostly\": 0}").outcome, Outcome::kHeld);
  // With no null tokens, the empty field is an empty string, and only NaN is missing.
  const Finding kept =
      check_one(rule + "}", kTable, Format::kCsv, ", \"data\": {\"null_values\": []}");
  expect_rows(kept, 5, 1, {3});
}

TEST(DataRules, UniqueAndCompoundUnique) {
  // grp: x, y, x, z, x: the three x rows are duplicates, the first included.
  expect_rows(check_one("{\"rule\": \"unique\", \"column\": \"grp\"}"), 5, 3, {1, 3, 5});
  // name: the empty value (row 3) is missing, the other four are distinct.
  expect_rows(check_one("{\"rule\": \"unique\", \"column\": \"name\"}"), 4, 0, {});
  // (grp, k): (x,1) at rows 1, 3, 5.
  expect_rows(check_one("{\"rule\": \"compound_unique\", \"column_list\": [\"grp\", \"k\"]}"), 5, 3,
              {1, 3, 5});
  // Declared numbers compare by value: "1.0" and "1" collide; as text they do not.
  const std::string table = "v\n1\n1.0\n2\n";
  expect_rows(check_one("{\"rule\": \"unique\", \"column\": \"v\"}", table), 3, 0, {});
  expect_rows(check_one("{\"rule\": \"unique\", \"column\": \"v\"}", table, Format::kCsv,
                        ", \"data\": {\"types\": {\"v\": \"number\"}}"),
              3, 2, {1, 2});
  // Only the first N offending rows are kept, the smallest row numbers.
  const Finding few = check_one("{\"rule\": \"unique\", \"column\": \"grp\"}", kTable, Format::kCsv,
                                ", \"examples\": 2");
  EXPECT_EQ(few.failed, 3u);
  EXPECT_EQ(rows_of(few), (std::vector<std::uint64_t>{1, 3}));
}

TEST(DataRules, Between) {
  // speed non-null: 10 (row 1), abc (row 4, not a number), 30 (row 5).
  expect_rows(check_one("{\"rule\": \"between\", \"column\": \"speed\", \"min_value\": 0, "
                        "\"max_value\": 20}"),
              3, 2, {4, 5});
  expect_rows(check_one("{\"rule\": \"between\", \"column\": \"speed\", \"min_value\": 10, "
                        "\"max_value\": 30}"),
              3, 1, {4});
  expect_rows(check_one("{\"rule\": \"between\", \"column\": \"speed\", \"min_value\": 10, "
                        "\"max_value\": 30, \"strict_min\": true, \"strict_max\": true}"),
              3, 3, {1, 4, 5});
  const Finding f = check_one("{\"rule\": \"between\", \"column\": \"speed\", \"max_value\": 20}");
  EXPECT_EQ(f.examples[1].number, 30.0);
  EXPECT_FALSE(f.examples[0].number.has_value());  // "abc" has no numeric value
}

TEST(DataRules, SetMembership) {
  // name non-null: alice, bob, carol, dave.
  expect_rows(check_one("{\"rule\": \"in_set\", \"column\": \"name\", \"value_set\": [\"alice\", "
                        "\"bob\", \"carol\"]}"),
              4, 1, {5});
  // Numbers compare by value: 10 and 30 are in {10, 30.0}; abc is not.
  expect_rows(check_one("{\"rule\": \"in_set\", \"column\": \"speed\", \"value_set\": [10, "
                        "30.0]}"),
              3, 1, {4});
  expect_rows(check_one("{\"rule\": \"not_in_set\", \"column\": \"grp\", \"value_set\": "
                        "[\"z\"]}"),
              5, 1, {4});
  expect_rows(check_one("{\"rule\": \"in_set\", \"column\": \"f\", \"value_set\": [true]}",
                        "f\nTrue\nfalse\ntrue\n"),
              3, 1, {2});
}

TEST(DataRules, RegexAndLength) {
  expect_rows(check_one("{\"rule\": \"regex\", \"column\": \"code\", \"regex\": "
                        "\"^[A-Z]{2}-\\\\d$\"}"),
              5, 1, {5});
  // Lengths in characters: alice 5, bob 3, carol 5, dave 4.
  expect_rows(check_one("{\"rule\": \"length_between\", \"column\": \"name\", \"min_value\": 4, "
                        "\"max_value\": 5}"),
              4, 1, {2});
  expect_rows(check_one("{\"rule\": \"length_between\", \"column\": \"s\", \"max_value\": 4}",
                        "s\ncaf\xC3\xA9\n"),
              1, 0, {});
}

TEST(DataRules, IncreasingAndDecreasing) {
  // a: 5, 4, 1, (missing), 7.
  expect_rows(check_one("{\"rule\": \"increasing\", \"column\": \"a\"}"), 4, 2, {2, 3});
  expect_rows(check_one("{\"rule\": \"decreasing\", \"column\": \"a\"}"), 4, 1, {5});
  const std::string flat = "v\n1\n1\n2\n";
  expect_rows(check_one("{\"rule\": \"increasing\", \"column\": \"v\"}", flat), 3, 0, {});
  expect_rows(check_one("{\"rule\": \"increasing\", \"column\": \"v\", \"strictly\": true}", flat),
              3, 1, {2});
}

TEST(DataRules, Statistics) {
  // speed numbers: 10 and 30; "abc" is ignored and counted.
  const auto stat = [](const std::string& rule, const std::string& params) {
    return check_one("{\"rule\": \"" + rule + "\", \"column\": \"speed\", " + params + "}");
  };
  const Finding mean = stat("mean_between", "\"min_value\": 19, \"max_value\": 21");
  EXPECT_EQ(mean.outcome, Outcome::kHeld);
  EXPECT_EQ(mean.observed, 20.0);
  EXPECT_EQ(mean.margin, 1.0);
  EXPECT_NE(std::find(mean.evidence.begin(), mean.evidence.end(),
                      std::pair<std::string, double>("non_numeric", 1.0)),
            mean.evidence.end());
  EXPECT_EQ(stat("median_between", "\"min_value\": 20, \"max_value\": 20").observed, 20.0);
  // Sample standard deviation of {10, 30}: sqrt((100 + 100) / 1).
  EXPECT_DOUBLE_EQ(*stat("stdev_between", "\"max_value\": 1").observed, std::sqrt(200.0));
  EXPECT_EQ(stat("stdev_between", "\"max_value\": 1").outcome, Outcome::kViolated);
  EXPECT_EQ(stat("min_between", "\"min_value\": 10").observed, 10.0);
  EXPECT_EQ(stat("max_between", "\"max_value\": 29").outcome, Outcome::kViolated);
  EXPECT_EQ(stat("sum_between", "\"min_value\": 40, \"max_value\": 40").observed, 40.0);
  // Quantile 0.25 of {10, 30}: h = 0.25, 10 + 0.25 (30 - 10) = 15.
  EXPECT_EQ(stat("quantile_between", "\"quantile\": 0.25, \"min_value\": 0").observed, 15.0);
  // Strict bounds at the observed value fail.
  EXPECT_EQ(stat("mean_between", "\"min_value\": 20, \"strict_min\": true").outcome,
            Outcome::kViolated);
}

// Mean and standard deviation stay accurate over long columns with a large offset, where a
// naive sum of squares loses every digit; the reference is a two-pass computation in long
// double.
TEST(DataRules, MomentsAreAccurateOverLongColumns) {
  Rng rng(5);
  std::string table = "v\n";
  std::vector<long double> values;
  for (int i = 0; i < 5000; ++i) {
    const double v = 1e9 + rng.normal(0.0, 0.01);
    values.push_back(v);
    table += format_double(v) + "\n";
  }
  long double mean = 0;
  for (auto v : values) mean += v;
  mean /= values.size();
  long double m2 = 0;
  for (auto v : values) m2 += (v - mean) * (v - mean);
  const double stdev = static_cast<double>(std::sqrt(m2 / (values.size() - 1)));
  const Finding m =
      check_one("{\"rule\": \"mean_between\", \"column\": \"v\", \"min_value\": 0}", table);
  const Finding s =
      check_one("{\"rule\": \"stdev_between\", \"column\": \"v\", \"min_value\": 0}", table);
  EXPECT_NEAR(*m.observed, static_cast<double>(mean), 1e-6);
  EXPECT_NEAR(*s.observed, stdev, stdev * 1e-6);
}

TEST(DataRules, StatisticsThatCannotBeEvaluated) {
  const std::string table = "e,one,inf\n,1,inf\nNA,,-inf\n";
  const Finding empty = check_one(
      "{\"rule\": \"mean_between\", \"column\": \"e\", "
      "\"min_value\": 0}",
      table);
  EXPECT_EQ(empty.outcome, Outcome::kNotEvaluable);
  EXPECT_EQ(empty.message, "could not be evaluated: no numeric values in column \"e\"");
  EXPECT_EQ(check_one("{\"rule\": \"stdev_between\", \"column\": \"one\", \"max_value\": 1}", table)
                .outcome,
            Outcome::kNotEvaluable);
  EXPECT_EQ(check_one("{\"rule\": \"mean_between\", \"column\": \"inf\", \"max_value\": 1}", table)
                .outcome,
            Outcome::kNotEvaluable);
  EXPECT_EQ(check_one("{\"rule\": \"max_between\", \"column\": \"inf\", \"max_value\": 1}", table)
                .observed,
            std::numeric_limits<double>::infinity());
  // A column the data lacks is a violation, not a crash.
  const Finding missing =
      check_one("{\"rule\": \"median_between\", \"column\": \"nope\", \"min_value\": 0}", table);
  EXPECT_EQ(missing.outcome, Outcome::kViolated);
  EXPECT_EQ(missing.message, "column \"nope\" is not in the data (columns: e, one, inf)");
}

TEST(DataRules, PairAndExpression) {
  // (a, b): (5,3) (4,4) (1,2) (missing,1) (7,x).
  expect_rows(check_one("{\"rule\": \"pair_greater\", \"column_A\": \"a\", \"column_B\": "
                        "\"b\"}"),
              4, 3, {2, 3, 5});
  expect_rows(check_one("{\"rule\": \"pair_greater\", \"column_A\": \"a\", \"column_B\": \"b\", "
                        "\"or_equal\": true}"),
              4, 2, {3, 5});
  // a + b > 5: 8 true, 8 true, 3 false, null (skipped), 7 + "x" an error (offending).
  const Finding e = check_one("{\"rule\": \"expression\", \"expression\": \"a + b > 5\"}");
  expect_rows(e, 4, 2, {3, 5});
  EXPECT_EQ(e.examples[1].value, "arithmetic needs numbers: a=7, b=x");
  const Finding strings =
      check_one("{\"rule\": \"expression\", \"expression\": \"grp == 'x' or k == 2\"}");
  expect_rows(strings, 5, 0, {});
  const Finding missing = check_one("{\"rule\": \"expression\", \"expression\": \"q > 1\"}");
  EXPECT_EQ(missing.outcome, Outcome::kViolated);
}

TEST(DataRules, TimeSeries) {
  // t: 0, 1, 2, 4, 3 seconds after midnight.
  expect_rows(check_one("{\"rule\": \"timestamps_monotonic\", \"column\": \"t\"}"), 5, 1, {5});
  expect_rows(check_one("{\"rule\": \"max_gap\", \"column\": \"t\", \"max_seconds\": 1.5}"), 5, 1,
              {4});
  // Intervals 1, 1, 2, -1: rates 1, 1, 0.5 (outside 1 Hz ± 10 %) and negative.
  const Finding rate =
      check_one("{\"rule\": \"sampling_rate\", \"column\": \"t\", \"hz\": 1, \"tolerance\": 0.1}");
  expect_rows(rate, 5, 2, {4, 5});
  // Mean rate over the span: 4 intervals in 3 s (first 0, last 3).
  EXPECT_NE(rate.message.find("mean rate 1.33333 Hz"), std::string::npos) << rate.message;
  // Plain numbers are seconds.
  expect_rows(check_one("{\"rule\": \"sampling_rate\", \"column\": \"t\", \"hz\": 10}",
                        "t\n0\n0.1\n0.2\n0.35\n"),
              4, 1, {4});
}

TEST(DataRules, JsonLinesKeepTheirTypes) {
  const std::string jsonl =
      "{\"x\": 1, \"s\": \"1\", \"f\": true}\n"
      "{\"x\": 2.5, \"s\": \"a\", \"f\": null}\n"
      "{\"x\": \"3\", \"f\": false}\n";
  // A JSON string is never a number, even when it looks like one.
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"x\", \"type\": \"number\"}", jsonl,
                        Format::kJsonLines),
              3, 1, {3});
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"x\", \"type\": \"integer\"}", jsonl,
                        Format::kJsonLines),
              3, 2, {2, 3});
  expect_rows(check_one("{\"rule\": \"not_null\", \"column\": \"s\"}", jsonl, Format::kJsonLines),
              3, 1, {3});
  expect_rows(check_one("{\"rule\": \"type\", \"column\": \"f\", \"type\": \"boolean\"}", jsonl,
                        Format::kJsonLines),
              2, 0, {});
}

TEST(DataRules, RaggedRowsAreAStructureFinding) {
  auto rules = parse_rules_text(rule_set("{\"rule\": \"not_null\", \"column\": \"b\"}"), "r.json");
  ASSERT_TRUE(rules.ok());
  auto report = check_text(*rules, "a,b\n1,2\n3\n4,5,6\n", Format::kCsv, {});
  ASSERT_TRUE(report.ok());
  const Finding& s = report->findings[0];
  EXPECT_EQ(s.rule_id, "structure");
  expect_rows(s, 3, 2, {2, 3});
  EXPECT_EQ(s.examples[0].value, "1 fields, expected 2");
  expect_rows(report->findings[1], 3, 1, {2});  // the short row's b is missing
}

// Quantiles are exact whether values fit in memory or need radix-selection passes.
RC_GTEST_PROP(DataRules, QuantilesAreExactWithBoundedMemory, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 400);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  Rng rng(seed);
  std::string table = "v\n";
  std::vector<double> values;
  const bool ties = *rc::gen::arbitrary<bool>();
  for (std::size_t i = 0; i < n; ++i) {
    const double v = ties ? std::floor(rng.uniform(-3, 3)) : rng.normal(0.0, 1e3);
    values.push_back(v);
    table += format_double(v) + "\n";
  }
  const double q = *rc::gen::element(0.0, 0.1, 0.25, 0.5, 0.9, 1.0);
  auto rules = parse_rules_text(
      rule_set("{\"rule\": \"quantile_between\", \"column\": \"v\", \"quantile\": " +
               format_double(q) + ", \"min_value\": -1e300}"),
      "r.json");
  RC_ASSERT(rules.ok());
  CheckOptions big, small;
  small.max_values_in_memory = *rc::gen::inRange<std::size_t>(1, 20);
  auto a = check_text(*rules, table, Format::kCsv, big);
  auto b = check_text(*rules, table, Format::kCsv, small);
  RC_ASSERT(a.ok() && b.ok());
  // Independent reference: sort and interpolate.
  std::sort(values.begin(), values.end());
  const double h = static_cast<double>(n - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double frac = h - std::floor(h);
  const double expected = frac > 0 ? values[lo] + frac * (values[lo + 1] - values[lo]) : values[lo];
  RC_ASSERT(*a->findings[1].observed == expected);
  RC_ASSERT(*b->findings[1].observed == expected);
  RC_ASSERT(n <= small.max_values_in_memory || b->table.passes > 1);
}

// A file that changes between the passes of exact quantiles is an error or, with the same row
// count, at worst a rule that cannot be evaluated; never a crash.
TEST(DataRules, DataChangingBetweenPassesIsCaught) {
  auto rules = parse_rules_text(
      rule_set("{\"rule\": \"median_between\", \"column\": \"v\", \"min_value\": 0}"), "r.json");
  ASSERT_TRUE(rules.ok());
  CheckOptions o;
  o.max_values_in_memory = 1;
  o.examples = 0;
  for (const std::string second : {"v\n1\n2\n", "v\n1e300\n-1e300\n7\n"}) {
    int opens = 0;
    const TableOpener changing = [&]() {
      return open_table_text(opens++ == 0 ? "v\n1\n2\n3\n" : second, "t", Format::kCsv, o.read);
    };
    auto report = check_table(*rules, changing, o, "t");
    if (second.size() < 8) {
      ASSERT_FALSE(report.ok());
      EXPECT_EQ(report.error().message, "the data changed while it was read (3 rows, then 2)");
    } else {
      ASSERT_TRUE(report.ok());
    }
  }
}

// The JSON Schema lists exactly the catalogue: every rule, its Great Expectations alias and the
// keys the parser accepts.
TEST(DataRules, JsonSchemaMatchesTheCatalogue) {
  std::ifstream in(std::string(ASSAY_SOURCE_DIR) + "/scenarios/schema/rules.schema.json");
  ASSERT_TRUE(in) << "scenarios/schema/rules.schema.json";
  const auto schema = nlohmann::json::parse(in);
  const auto& defs = schema.at("$defs");
  EXPECT_EQ(defs.size(), rule_catalogue().size());
  for (const RuleInfo& info : rule_catalogue()) {
    const std::string name(info.name);
    ASSERT_TRUE(defs.contains(name)) << name;
    const auto& def = defs.at(name);
    std::vector<std::string> names = {name};
    if (!info.great_expectations.empty()) names.emplace_back(info.great_expectations);
    EXPECT_EQ(def.at("properties").at("rule").at("enum").get<std::vector<std::string>>(), names);
    std::set<std::string> keys;
    for (const auto& [key, value] : def.at("properties").items()) keys.insert(key);
    std::set<std::string> expected = {"rule", "id", "description", "severity"};
    if (info.row_level) expected.insert("mostly");
    const RuleKeys k = rule_keys(info.kind);
    for (auto key : k.required) expected.emplace(key);
    for (auto key : k.optional) expected.emplace(key);
    EXPECT_EQ(keys, expected) << name;
    std::set<std::string> required;
    for (const auto& r : def.at("required")) required.insert(r.get<std::string>());
    std::set<std::string> expected_required = {"rule"};
    for (auto key : k.required) expected_required.emplace(key);
    EXPECT_EQ(required, expected_required) << name;
  }
}

// Findings become cases of the shared results model, and the report writers take it from there.
TEST(DataRules, FindingsFlowIntoResultsJson) {
  auto rules = parse_rules_text(
      rule_set("{\"rule\": \"not_null\", \"column\": \"speed\"},"
               "{\"rule\": \"between\", \"column\": \"speed\", \"max_value\": 20, \"severity\": "
               "\"warn\"},"
               "{\"rule\": \"mean_between\", \"column\": \"name\", \"min_value\": 0},"
               "{\"rule\": \"unique\", \"column\": \"id\"}",
               ", \"title\": \"hand-made\""),
      "rules/t.json");
  ASSERT_TRUE(rules.ok());
  auto report = check_text(*rules, kTable, Format::kCsv, {});
  ASSERT_TRUE(report.ok());
  RunContext context;
  context.dataset = "data.csv";
  context.replay = "assay data check rules/t.json data.csv";
  context.inputs = {{"rules", "rules/t.json", "ab"}, {"data", "data.csv", "cd"}};
  const RunResults results = check_results(*rules, *report, context);
  ASSERT_EQ(results.cases.size(), 5u);
  const RunSummary s = results.summary();
  EXPECT_EQ(s.passed, 3u);  // structure, the warning, unique
  EXPECT_EQ(s.failed, 1u);  // not_null
  EXPECT_EQ(s.errors, 1u);  // the mean of a text column cannot be evaluated
  EXPECT_EQ(exit_code_for(s), kExitInfra);

  const auto doc = nlohmann::json::parse(results_json(results));
  const auto& cases = doc.at("cases");
  EXPECT_EQ(cases[1].at("case_id"), "t#not_null:speed");
  EXPECT_EQ(cases[1].at("verdict"), "fail");
  const auto& evidence = cases[1].at("oracles")[0].at("evidence");
  EXPECT_EQ(evidence.at("failed").at("value"), 2);
  EXPECT_EQ(evidence.at("evaluated").at("value"), 5);
  EXPECT_EQ(evidence.at("failed_fraction").at("value"), 0.4);
  EXPECT_EQ(evidence.at("example_01_row").at("value"), 2);
  EXPECT_EQ(evidence.at("example_02_line").at("value"), 4);
  EXPECT_EQ(cases[2].at("verdict"), "pass");
  EXPECT_EQ(cases[2].at("reason").get<std::string>().rfind("warning: 2 of 3 values", 0), 0u);
  EXPECT_EQ(cases[2].at("oracles")[0].at("evidence").at("example_02_value").at("value"), 30);
  EXPECT_EQ(cases[3].at("verdict"), "error");
  EXPECT_EQ(doc.at("manifest").at("model").at("adapter"), "dataset");
  EXPECT_EQ(doc.at("manifest").at("inputs")[0].at("path"), "data.csv");  // sorted by path
  // The canonical file reads back, and the other views are written next to it.
  auto back = parse_results_json(results_json(results));
  ASSERT_TRUE(back.ok()) << back.error().format();
  const auto dir = std::filesystem::path(::testing::TempDir()) / "assay-data-reports";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(write_reports(results, dir.string()).ok());
  std::ifstream junit(dir / "junit.xml");
  std::stringstream xml;
  xml << junit.rdbuf();
  EXPECT_NE(xml.str().find("<failure message=\"2 of 5 values (40 %) null"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "summary.md"));
}

}  // namespace
}  // namespace assay::data
