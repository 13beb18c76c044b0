// The regex engine (against std::regex as an independent reference on small random patterns,
// plus linear time on patterns that make backtracking engines explode) and the expression
// language of the `expression` rule (values, three-valued logic, errors with their offsets).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "data/expression.h"
#include "data/regex.h"

namespace assay::data {
namespace {

bool search(const std::string& pattern, const std::string& text) {
  auto re = Regex::compile(pattern);
  EXPECT_TRUE(re.ok()) << pattern << ": " << (re.ok() ? "" : re.error().message);
  return re.ok() && re->search(text);
}

TEST(DataRegex, Matches) {
  struct Case {
    std::string pattern, text;
    bool match;
  };
  const std::vector<Case> cases = {
      {"abc", "xxabcxx", true},
      {"^abc$", "xxabcxx", false},
      {"^abc$", "abc", true},
      {"^[A-Z]{2}-\\d{3}$", "AB-123", true},
      {"^[A-Z]{2}-\\d{3}$", "AB-12", false},
      {"^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "me@example.org", true},
      {"^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "me at example.org", false},
      {"colou?r", "color", true},
      {"(cat|dog)s?$", "hotdogs", true},
      {"^(?:ab)+$", "ababab", true},
      {"^(?:ab)+$", "ababa", false},
      {"^a{2,3}$", "aaaa", false},
      {"^a{2,}$", "aaaa", true},
      {"^.$", "\xC3\xA9", true},  // one code point
      {"^[\xC3\xA0-\xC3\xBF]+$", "\xC3\xA9\xC3\xA8", true},
      {"^\\w+$", "snake_case9", true},
      {"^\\W$", "-", true},
      {"a.c", "a\nc", false},
      {"", "anything", true},
      {"x{", "x{", true},  // '{' without a valid repeat is a literal, as in Python
      {"\\.", "a.b", true},
      {"^\\$\\d+$", "$12", true},
  };
  for (const auto& c : cases) EXPECT_EQ(search(c.pattern, c.text), c.match) << c.pattern;
}

TEST(DataRegex, ErrorsGiveTheOffset) {
  struct Case {
    std::string pattern, message;
    int column;
  };
  const std::vector<Case> cases = {
      {"(ab", "'(' is not closed", 1},
      {"ab)", "unmatched ')'", 3},
      {"[a-", "'[' is not closed", 1},
      {"*a", "nothing to repeat", 1},
      {"a**", "multiple repeat", 3},
      {"a{3,1}", "repeat range {n,m} needs n <= m", 2},
      {"a{5000}", "repeat count above 1000", 2},
      {"(?=a)", "only (?:...) groups are supported (no lookaround or flags)", 1},
      {"(a)\\1", "unsupported escape \\1 (no backreferences, word boundaries or other escapes)", 4},
      {"[z-a]", "class range out of order", 2},
      {"a\\", "pattern ends with a backslash", 2},
  };
  for (const auto& c : cases) {
    auto re = Regex::compile(c.pattern);
    ASSERT_FALSE(re.ok()) << c.pattern;
    EXPECT_EQ(re.error().message, c.message) << c.pattern;
    EXPECT_EQ(re.error().where.column, c.column) << c.pattern;
  }
  EXPECT_FALSE(Regex::compile(std::string(200, '(') + std::string(200, ')')).ok());
  EXPECT_FALSE(Regex::compile("(a{1000}){1000}").ok());  // too large once expanded
}

// Patterns that take exponential time in a backtracking engine run in linear time here.
TEST(DataRegex, LinearTimeOnPathologicalPatterns) {
  const std::string text(20000, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(search("^(a*)*b$", text));
  EXPECT_FALSE(search("^(a|aa)+$", text + "b"));
  EXPECT_FALSE(search("(x+x+)+y", std::string(5000, 'x')));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);  // generous: a backtracking engine would not finish at all
}

// A small grammar of patterns both engines read the same way. Groups are never quantified:
// libstdc++'s backtracking std::regex can take exponential time on nested quantifiers such as
// "((a*)*)*", which once hung this property; quantified single atoms still cover the engine's
// loops, and groups cover alternation and nesting.
rc::Gen<std::string> pattern_gen(int depth) {
  auto atom = rc::gen::element<std::string>("a", "b", ".", "[ab]", "[^a]", "c");
  auto quantified = rc::gen::apply([](std::string a, std::string q) { return a + q; }, atom,
                                   rc::gen::element<std::string>("", "", "*", "+", "?", "{1,2}"));
  auto piece =
      depth > 0
          ? rc::gen::oneOf(quantified,
                           rc::gen::map(rc::gen::lazy([depth] { return pattern_gen(depth - 1); }),
                                        [](std::string s) { return "(" + s + ")"; }))
          : quantified;
  auto concat = rc::gen::mapcat(rc::gen::inRange(0, 4), [piece](int n) {
    return rc::gen::map(
        rc::gen::container<std::vector<std::string>>(static_cast<std::size_t>(n), piece),
        [](const std::vector<std::string>& parts) {
          std::string s;
          for (const auto& p : parts) s += p;
          return s;
        });
  });
  return rc::gen::oneOf(
      concat,
      rc::gen::apply([](std::string a, std::string b) { return a + "|" + b; }, concat, concat),
      rc::gen::map(concat, [](std::string s) { return "^" + s + "$"; }));
}

RC_GTEST_PROP(DataRegex, AgreesWithStdRegexOnSmallInputs, ()) {
  const std::string pattern = *pattern_gen(2);
  const auto length = *rc::gen::inRange<std::size_t>(0, 12);
  const std::string text =
      *rc::gen::container<std::string>(length, rc::gen::element('a', 'b', 'c'));
  auto ours = Regex::compile(pattern);
  RC_ASSERT(ours.ok());
  const bool expected = std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
  RC_ASSERT(ours->search(text) == expected);
}

ExprValue eval(const std::string& text, const std::vector<ExprValue>& values = {}) {
  auto e = Expression::parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << (e.ok() ? "" : e.error().message);
  if (!e.ok()) return ExprValue::error("parse");
  EXPECT_EQ(e->columns().size(), values.size()) << text;
  return e->evaluate(values);
}

bool is_true(const ExprValue& v) {
  return v.kind == ExprValue::kBool && v.boolean;
}
bool is_false(const ExprValue& v) {
  return v.kind == ExprValue::kBool && !v.boolean;
}

TEST(DataExpression, ArithmeticComparisonAndColumns) {
  const auto n = [](double x) { return ExprValue::of(x); };
  EXPECT_TRUE(is_true(eval("1 + 2 * 3 == 7")));
  EXPECT_TRUE(is_true(eval("(1 + 2) * 3 == 9")));
  EXPECT_TRUE(is_true(eval("-2 - -3 == 1")));
  EXPECT_TRUE(is_true(eval("7 % 4 == 3 and 7 / 2 == 3.5")));
  EXPECT_TRUE(is_true(eval("speed >= 0 and speed <= limit * 1.1", {n(50), n(50)})));
  EXPECT_TRUE(is_false(eval("speed >= 0 and speed <= limit * 1.1", {n(60), n(50)})));
  EXPECT_TRUE(is_true(eval("`gear ratio` > 0", {n(3.2)})));
  EXPECT_TRUE(is_true(eval("abs(x) <= 90 and sqrt(16) == 4 and pow(2, 10) == 1024", {n(-45)})));
  EXPECT_TRUE(is_true(eval("min(3, 1, 2) == 1 and max(3, 1, 2) == 3 and floor(2.7) == 2")));
  EXPECT_TRUE(is_true(eval("ceil(2.1) == 3 and exp(0) == 1 and log(1) == 0")));
  EXPECT_TRUE(
      is_true(eval("status != 'failed' and len(status) == 2", {ExprValue::of_string("ok")})));
  EXPECT_TRUE(is_true(eval("'it''s' == \"it's\"")));
  EXPECT_TRUE(is_true(eval("'abc' < 'abd'")));
  EXPECT_TRUE(is_true(eval("not (1 > 2) and !false")));
  EXPECT_TRUE(is_true(eval("1 = 1 and 1 <> 2")));
}

TEST(DataExpression, NullPropagatesAndLogicIsThreeValued) {
  const ExprValue null = ExprValue::null();
  const ExprValue t = ExprValue::of_bool(true), f = ExprValue::of_bool(false);
  EXPECT_EQ(eval("x + 1 > 0", {null}).kind, ExprValue::kNull);
  EXPECT_EQ(eval("x > 0 or true", {null}).kind, ExprValue::kBool);  // null or true = true
  EXPECT_TRUE(is_false(eval("x > 0 and false", {null})));           // null and false = false
  EXPECT_EQ(eval("x > 0 and true", {null}).kind, ExprValue::kNull);
  EXPECT_EQ(eval("x > 0 or false", {null}).kind, ExprValue::kNull);
  EXPECT_EQ(eval("not (x > 0)", {null}).kind, ExprValue::kNull);
  EXPECT_TRUE(is_true(eval("is_null(x)", {null})));
  EXPECT_TRUE(is_true(eval("a or b", {t, null})));
  EXPECT_TRUE(is_false(eval("a and b", {f, null})));
  // NaN is missing, as everywhere in data/.
  EXPECT_EQ(eval("0 / 0 > 1").kind, ExprValue::kNull);
}

TEST(DataExpression, TypeErrorsAreValuesNotCrashes) {
  const ExprValue s = ExprValue::of_string("x");
  EXPECT_EQ(eval("a + 1 > 0", {s}).kind, ExprValue::kError);
  EXPECT_EQ(eval("a < 1", {s}).kind, ExprValue::kError);
  EXPECT_TRUE(is_false(eval("a == 1", {s})));  // different types are simply unequal
  EXPECT_EQ(eval("a and true", {ExprValue::of(1)}).kind, ExprValue::kError);
  EXPECT_EQ(eval("len(a) > 0", {ExprValue::of(1)}).kind, ExprValue::kError);
}

TEST(DataExpression, ParseErrorsGiveTheOffset) {
  struct Case {
    std::string text, message;
    int column;
  };
  const std::vector<Case> cases = {
      {"a >", "expected a value, a column or '('", 4},
      {"(a > 1", "'(' is not closed", 1},
      {"a > 1 )", "unexpected text after the expression", 7},
      {"a + 1", "the expression must give true or false (add a comparison)", 1},
      {"1 < a < 3", "comparisons do not chain; write a < b and b < c", 7},
      {"foo(a) > 1",
       "unknown function \"foo\" (abs, sqrt, log, exp, floor, ceil, pow, min, max, "
       "len, is_null)",
       1},
      {"abs(a, b) > 1", "abs takes 1 argument", 1},
      {"'abc", "string is not closed", 1},
      {"a > 1 and 3", "and/or/not need true or false operands", 7},
      {"a # b", "unexpected text after the expression", 3},
      {"a > #", "unexpected character '#'", 5},
      {"`a > 1", "back-quoted column name is not closed", 1},
  };
  for (const auto& c : cases) {
    auto e = Expression::parse(c.text);
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_EQ(e.error().message, c.message) << c.text;
    EXPECT_EQ(e.error().where.column, c.column) << c.text;
  }
  EXPECT_FALSE(Expression::parse(std::string(1000, '(') + "1" + std::string(1000, ')')).ok());
  EXPECT_FALSE(Expression::parse(std::string(5000, 'a')).ok());
}

TEST(DataExpression, ColumnsAreListedOnceInOrderOfUse) {
  auto e = Expression::parse("b > a and a > `c d` and b > 0");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->columns(), (std::vector<std::string>{"b", "a", "c d"}));
  const Expression copy = *e;  // copies keep working (literals are not views into the parser)
  auto s = Expression::parse("x == 'literal'");
  ASSERT_TRUE(s.ok());
  const Expression moved = std::move(s).value();
  EXPECT_TRUE(is_true(moved.evaluate({ExprValue::of_string("literal")})));
  (void)copy;
}

}  // namespace
}  // namespace assay::data
