// STL: parser (precedence, located errors), robustness against hand-computed values, and the
// O(n) evaluator against the brute-force one on random formulas and traces (RapidCheck).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/json_source.h"
#include "core/trace_csv.h"
#include "oracles/stl.h"

namespace assay::stl {
namespace {

constexpr double kInf = kInfinity;

Trace make_trace(const std::vector<double>& t, const std::vector<double>& x,
                 const std::vector<double>& y = {}) {
  Trace trace;
  trace.add_signal("ego.x", "m");
  trace.add_signal("y", "m");
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double row[2] = {x[i], y.empty() ? 0.0 : y[i]};
    trace.append(t[i], row);
  }
  return trace;
}

std::vector<double> robustness(const std::string& text, const Trace& trace) {
  auto f = parse(text);
  EXPECT_TRUE(f.ok()) << text << ": " << (f.ok() ? "" : f.error().message);
  if (!f.ok()) return {};
  auto r = evaluate(*f, trace);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  auto brute = evaluate_brute_force(*f, trace);
  EXPECT_TRUE(brute.ok());
  if (brute.ok()) {
    EXPECT_EQ(r->values, brute->values) << text;
  }
  return r->values;
}

const std::vector<double> kT = {0, 1, 2, 3, 4};
const std::vector<double> kX = {1, 3, 2, 5, 4};
const std::vector<double> kY = {0, 0, 3, 0, 5};

// Hand-computed from ρ(□[a,b]φ, t) = min over [t+a, t+b] etc. (falsification-and-pbt.md §3).
TEST(StlRobustness, PredicatesAndArithmetic) {
  const Trace tr = make_trace(kT, kX, kY);
  EXPECT_EQ(robustness("ego.x > 2", tr), (std::vector<double>{-1, 1, 0, 3, 2}));
  EXPECT_EQ(robustness("ego.x <= 2", tr), (std::vector<double>{1, -1, 0, -3, -2}));
  EXPECT_EQ(robustness("ego.x == 2", tr), (std::vector<double>{-1, -1, 0, -3, -2}));
  EXPECT_EQ(robustness("ego.x != 2", tr), (std::vector<double>{1, 1, 0, 3, 2}));
  EXPECT_EQ(robustness("2 * ego.x - y / 1 > abs(-1)", tr), (std::vector<double>{1, 5, 0, 9, 2}));
  EXPECT_EQ(robustness("min(ego.x, y, 4) >= max(0, -1)", tr), (std::vector<double>{0, 0, 2, 0, 4}));
  EXPECT_EQ(robustness("ego.x > 2 and y > 1", tr), (std::vector<double>{-1, -1, 0, -1, 2}));
  EXPECT_EQ(robustness("ego.x > 2 or y > 1", tr), (std::vector<double>{-1, 1, 2, 3, 4}));
  // i=3: max(-(5-2), 0-1) = -1.
  EXPECT_EQ(robustness("ego.x > 2 implies y > 1", tr), (std::vector<double>{1, -1, 2, -1, 4}));
  EXPECT_EQ(robustness("not ego.x > 2", tr), (std::vector<double>{1, -1, -0.0, -3, -2}));
  EXPECT_EQ(robustness("true", tr)[0], kInf);
  EXPECT_EQ(robustness("false", tr)[0], -kInf);
}

TEST(StlRobustness, FutureOperators) {
  const Trace tr = make_trace(kT, kX);
  EXPECT_EQ(robustness("always[0,2] ego.x > 0", tr), (std::vector<double>{1, 2, 2, 4, 4}));
  EXPECT_EQ(robustness("eventually[1,2] ego.x > 2", tr), (std::vector<double>{1, 3, 3, 2, -kInf}));
  EXPECT_EQ(robustness("always ego.x > 0", tr), (std::vector<double>{1, 2, 2, 4, 4}));
  EXPECT_EQ(robustness("always[5,inf] ego.x > 0", tr),
            (std::vector<double>{kInf, kInf, kInf, kInf, kInf}));
}

TEST(StlRobustness, PastOperators) {
  const Trace tr = make_trace(kT, kX);
  EXPECT_EQ(robustness("historically[0,1] ego.x > 0", tr), (std::vector<double>{1, 1, 2, 2, 4}));
  EXPECT_EQ(robustness("once[1,2] ego.x > 0", tr), (std::vector<double>{-kInf, 1, 3, 3, 5}));
}

TEST(StlRobustness, Until) {
  const Trace tr = make_trace(kT, kX, kY);
  // i=0: j=2 gives min(ψ2 = 1, φ0..1 = 1) = 1; i=3: j=4 gives min(ψ4 = 3, φ3 = 5) = 3.
  const auto r = robustness("ego.x > 0 until[0,3] y > 2", tr);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0], 1);
  EXPECT_EQ(r[3], 3);
  EXPECT_EQ(r[4], 3);
  // With a = 2 the witness must lie in [t+2, t+3]: at i=0, j ∈ {2, 3}, j=2 gives 1.
  EXPECT_EQ(robustness("ego.x > 0 until[2,3] y > 2", tr)[0], 1);
  // φ fails before ψ holds: ψ only at j=2, φ0 = x0 - 2 = -1, so the best is -1.
  EXPECT_EQ(robustness("ego.x > 2 until[1,3] y > 2", tr)[0], -1);
}

TEST(StlRobustness, UnevenSamplingUsesTimeNotIndex) {
  const Trace tr = make_trace({0, 0.1, 0.2, 1.5, 1.6}, {5, 4, 3, 2, 1});
  EXPECT_EQ(robustness("always[0,0.25] ego.x > 0", tr), (std::vector<double>{3, 3, 3, 1, 1}));
  // Float sums must still land on samples: 0.1 + 0.1 is 0.2.
  EXPECT_EQ(robustness("eventually[0.1,0.1] ego.x > 0", tr)[1], 3);
}

TEST(StlRobustness, UnitOfTheMargin) {
  const Trace tr = make_trace(kT, kX, kY);
  auto f = parse("always ego.x > 1");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(evaluate(*f, tr)->unit, "m");
  EXPECT_EQ(evaluate(*parse("ego.x * y > 1"), tr)->unit, "");
}

TEST(StlRobustness, Parameters) {
  const Trace tr = make_trace(kT, kX);
  auto f = parse("always ego.x > $min_gap");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->params(), std::vector<std::string>{"min_gap"});
  auto r = evaluate(*f, tr, {{"min_gap", 0.5}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0], 0.5);
  auto missing = evaluate(*f, tr);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().where.column, 16);
}

TEST(StlRobustness, ErrorsAreLocated) {
  const Trace tr = make_trace(kT, kX);
  auto f = parse("always ego.x > 0 and speed < 3");
  ASSERT_TRUE(f.ok());
  auto r = evaluate(*f, tr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.column, 22);
  EXPECT_NE(r.error().message.find("unknown signal \"speed\""), std::string::npos);
  EXPECT_NE(r.error().message.find("ego.x"), std::string::npos);

  Trace nan_trace = make_trace({0, 1}, {1, std::nan("")});
  auto n = evaluate(*parse("ego.x > 0"), nan_trace);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.error().message.find("t = 1 s"), std::string::npos);

  auto div = evaluate(*parse("y / y > 0"), tr);  // y is 0 everywhere: 0/0
  ASSERT_FALSE(div.ok());
  EXPECT_EQ(div.error().where.column, 3);

  Trace back = make_trace({0, 1, 1}, {1, 2, 3});
  EXPECT_FALSE(evaluate(*parse("ego.x > 0"), back).ok());
  EXPECT_FALSE(evaluate(*parse("ego.x > 0"), Trace()).ok());
}

TEST(StlParse, Precedence) {
  auto f = parse("not a > 1 and b < 2 or c > 0 implies d > 0 implies e > 0");
  ASSERT_TRUE(f.ok());
  // implies is right-associative and lowest; or below and; not binds tightest.
  const Node& root = f->root();
  EXPECT_EQ(root.op, Op::kImplies);
  const Node& left = f->nodes[static_cast<std::size_t>(root.args[0])];
  EXPECT_EQ(left.op, Op::kOr);
  EXPECT_EQ(f->nodes[static_cast<std::size_t>(left.args[0])].op, Op::kAnd);
  EXPECT_EQ(f->nodes[static_cast<std::size_t>(root.args[1])].op, Op::kImplies);

  auto g = parse("always[0,1] x > 0 and y > 0");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->root().op, Op::kAnd);
  auto h = parse("1 + 2 * 3 - -4 > (x)");
  ASSERT_TRUE(h.ok());
  Trace one;
  one.add_signal("x", "1");
  const double row[1] = {10};
  one.append(0, row);
  EXPECT_EQ(evaluate(*h, one)->values[0], 1.0);  // 1 + 6 + 4 - 10
  EXPECT_EQ(parse("`speed [m/s]` > 1")->signals(), std::vector<std::string>{"speed [m/s]"});
  EXPECT_EQ(parse("a.b.c_d > 1e-3")->signals(), std::vector<std::string>{"a.b.c_d"});
  EXPECT_TRUE(parse("x > 0 && y > 0 || !(z > 0) -> w > 0").ok());
}

struct BadFormula {
  const char* text;
  int column;
  const char* says;
};

TEST(StlParse, ErrorsPointAtTheColumn) {
  const BadFormula cases[] = {
      {"ego.v > ", 9, "expected a signal, a number"},
      {"always[2,1] x > 0", 10, "a <= b"},
      {"always[0 1] x > 0", 10, "\",\""},
      {"x + 1", 3, "a number, not a condition"},
      {"x > 1 + (y > 2)", 12, "needs a number"},
      {"not x", 5, "needs a condition"},
      {"x > 1 > 2", 7, "cannot be chained"},
      {"x > 1 )", 7, "end of the formula"},
      {"x > 3 km", 7, "signal \"km\""},
      {"x > 3km", 6, "units are not written"},
      {"x # 1", 3, "unexpected character"},
      {"abs(x, y) > 1", 1, "one argument"},
      {"min(x) > 1", 1, "two or more"},
      {"a until b > 1 until c > 1", 1, "needs a condition"},
      {"a > 0 until b > 1 until c > 1", 19, "cannot be chained"},
      {"`x > 1", 1, "unterminated"},
      {"$ > 1", 1, "parameter name"},
      {"", 1, "expected a signal"},
      {"always[-1,2] x > 0", 8, "a time in seconds"},
  };
  for (const auto& c : cases) {
    auto f = parse(c.text);
    ASSERT_FALSE(f.ok()) << c.text;
    EXPECT_EQ(f.error().where.column, c.column) << c.text << ": " << f.error().message;
    EXPECT_NE(f.error().message.find(c.says), std::string::npos)
        << c.text << ": " << f.error().message;
  }
}

TEST(StlParse, HostileInputIsAnErrorNotACrash) {
  EXPECT_FALSE(parse(std::string(100000, '(')).ok());
  EXPECT_FALSE(parse(std::string(5000, '(') + "x > 1" + std::string(5000, ')')).ok());
  EXPECT_FALSE(parse(std::string(1000, '-') + "x > 1").ok());
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "not ";
  EXPECT_FALSE(parse(nots + "x > 1").ok());
  EXPECT_FALSE(parse(std::string("x > \0", 5)).ok());
}

TEST(StlParse, Horizon) {
  EXPECT_EQ(parse("always[0,2] eventually[1,3] x > 0")->horizon(), 5.0);
  EXPECT_TRUE(parse("historically[0,9] x > 0")->bounded());
  EXPECT_FALSE(parse("always x > 0")->bounded());
}

// Random formulas over two signals, as text, so the parser is exercised too.
rc::Gen<std::string> formula_text(int depth) {
  const auto bound = rc::gen::element<std::string>("0", "0.1", "0.2", "0.3", "0.5", "1", "1.5");
  const auto atom = rc::gen::apply(
      [](const std::string& sig, const std::string& rel, int c) {
        return sig + " " + rel + " " + std::to_string(c);
      },
      rc::gen::element<std::string>("x", "y", "x - y", "abs(y)", "max(x, y)"),
      rc::gen::element<std::string>("<", ">", "<=", ">=", "==", "!="), rc::gen::inRange(-3, 4));
  if (depth == 0) return atom;
  const auto sub = formula_text(depth - 1);
  const auto interval = rc::gen::apply(
      [](const std::string& a, const std::string& b, bool inf) {
        const double lo = std::stod(a), hi = std::stod(b);
        const std::string l = lo <= hi ? a : b, h = lo <= hi ? b : a;
        return "[" + l + "," + (inf ? std::string("inf") : h) + "]";
      },
      bound, bound, rc::gen::weightedElement<bool>({{5, false}, {1, true}}));
  return rc::gen::oneOf(
      atom, rc::gen::apply([](const std::string& a) { return "not (" + a + ")"; }, sub),
      rc::gen::apply([](const std::string& op, const std::string& a,
                        const std::string& b) { return "(" + a + ") " + op + " (" + b + ")"; },
                     rc::gen::element<std::string>("and", "or", "implies"), sub, sub),
      rc::gen::apply([](const std::string& op, const std::string& iv,
                        const std::string& a) { return op + iv + " (" + a + ")"; },
                     rc::gen::element<std::string>("always", "eventually", "historically", "once"),
                     interval, sub),
      rc::gen::apply([](const std::string& iv, const std::string& a,
                        const std::string& b) { return "(" + a + ") until" + iv + " (" + b + ")"; },
                     interval, sub, sub));
}

RC_GTEST_PROP(StlRobustness, WedgeMatchesBruteForce, ()) {
  const std::string text = *formula_text(3);
  const int n = *rc::gen::inRange(1, 40);
  const bool uneven = *rc::gen::arbitrary<bool>();
  std::vector<double> t, x, y;
  double now = 0.0;
  for (int i = 0; i < n; ++i) {
    t.push_back(now);
    now = uneven ? now + *rc::gen::inRange(1, 4) * 0.05 : (i + 1) * 0.1;
    // Small integers make ties, which is where a wedge's >= versus > matters.
    x.push_back(*rc::gen::inRange(-3, 4));
    y.push_back(*rc::gen::inRange(-3, 4) * 0.5);
  }
  Trace trace;
  trace.add_signal("x", "m");
  trace.add_signal("y", "m");
  for (int i = 0; i < n; ++i) {
    const double row[2] = {x[static_cast<std::size_t>(i)], y[static_cast<std::size_t>(i)]};
    trace.append(t[static_cast<std::size_t>(i)], row);
  }
  auto f = parse(text);
  RC_ASSERT(f.ok());
  auto fast = evaluate(*f, trace);
  auto brute = evaluate_brute_force(*f, trace);
  RC_ASSERT(fast.ok());
  RC_ASSERT(brute.ok());
  RC_ASSERT(fast->values == brute->values);
}

// The stl_fuzz seed corpus and every input it ever failed on (fuzz/regressions/stl_fuzz/): the
// same differential check as the fuzz target, so findings stay fixed.
TEST(StlFuzzRegressions, FastAndBruteForceAgree) {
  namespace fs = std::filesystem;
  int replayed = 0;
  for (const char* sub : {"fuzz/corpus/stl", "fuzz/regressions/stl_fuzz"}) {
    const fs::path dir = fs::path(ASSAY_SOURCE_DIR) / sub;
    ASSERT_TRUE(fs::is_directory(dir)) << dir;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().filename().string().starts_with(".")) continue;
      auto bytes = read_file(entry.path().string());
      ASSERT_TRUE(bytes.ok());
      const std::string_view text = *bytes;
      const std::size_t nl = text.find('\n');
      ++replayed;
      auto f = parse(text.substr(0, nl));
      if (!f || nl == std::string_view::npos) continue;
      auto csv = parse_csv_trace(text.substr(nl + 1), "fuzz.csv");
      if (!csv) continue;
      const Params params = {{"p", 1.5}};
      auto fast = evaluate(*f, csv->trace, params);
      auto brute = evaluate_brute_force(*f, csv->trace, params);
      ASSERT_EQ(fast.ok(), brute.ok()) << entry.path();
      if (fast.ok()) {
        EXPECT_EQ(fast->values, brute->values) << entry.path();
      }
    }
  }
  EXPECT_GE(replayed, 3);
}

}  // namespace
}  // namespace assay::stl
