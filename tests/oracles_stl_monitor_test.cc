// The streaming STL monitor against the offline evaluator (the reference): on random bounded
// formulas and traces its bounds contain the offline robustness at t = 0 of the whole trace and
// of every prefix, a decided verdict has the offline sign, and the final value equals the
// offline value exactly. Earliest decision times are checked against hand calculations.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/json_source.h"
#include "core/trace_csv.h"
#include "oracles/stl.h"
#include "oracles/stl_monitor.h"

namespace assay::stl {
namespace {

constexpr double kInf = kInfinity;

Monitor make_monitor(const std::string& text, const std::vector<std::string>& columns = {"x"},
                     const Params& params = {}) {
  auto f = parse(text);
  EXPECT_TRUE(f.ok()) << text;
  auto m = Monitor::create(*f, columns, params);
  EXPECT_TRUE(m.ok()) << text << ": " << (m.ok() ? "" : m.error().message);
  return std::move(m).value();
}

// Pushes x(t) at t = 0, 1, 2, ... and returns the time of the first sample after which the
// decision was not undecided (and that decision), or -1 if it never was.
struct Decided {
  double t = -1.0;
  Decision decision = Decision::kUndecided;
};
Decided first_decision(Monitor& m, const std::vector<double>& x) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double row[1] = {x[i]};
    EXPECT_TRUE(m.push(static_cast<double>(i), row).ok());
    if (m.decision() != Decision::kUndecided) return {static_cast<double>(i), m.decision()};
  }
  return {};
}

// always[0,5] x > 0 with x < 0 first at t = 2: violated at t = 2, and not before.
TEST(StlMonitor, AlwaysViolationDecidedWhenItHappens) {
  Monitor m = make_monitor("always[0,5] x > 0");
  const Decided d = first_decision(m, {1, 2, -1, 3, 3, 3, 3, 3});
  EXPECT_EQ(d.t, 2.0);
  EXPECT_EQ(d.decision, Decision::kViolated);
  // Not yet exact: a later sample in [0, 5] could be worse. The bound is min so far: -1 - 0.
  EXPECT_FALSE(m.bounds().exact);
  EXPECT_EQ(m.bounds().hi, -1.0);
  EXPECT_EQ(m.bounds().lo, -kInf);
}

// eventually[0,5] x > 3 with x = 4 at t = 1: satisfied at t = 1 with at least 4 - 3 = 1.
TEST(StlMonitor, EventuallySatisfactionDecidedWhenItHappens) {
  Monitor m = make_monitor("eventually[0,5] x > 3");
  const Decided d = first_decision(m, {0, 4, 0, 0, 0, 0, 0});
  EXPECT_EQ(d.t, 1.0);
  EXPECT_EQ(d.decision, Decision::kSatisfied);
  EXPECT_EQ(m.bounds().lo, 1.0);
  EXPECT_EQ(m.bounds().hi, kInf);
}

// A satisfied always needs the whole window: samples at t = 0..5 are in [0, 5], and only the
// sample at t = 6 shows that no further sample falls inside; then the value is exact, min = 1.
TEST(StlMonitor, AlwaysSatisfactionNeedsTheWindowClosed) {
  Monitor m = make_monitor("always[0,5] x > 0");
  const std::vector<double> x = {3, 2, 1.5, 4, 1, 2, 9};
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double row[1] = {x[i]};
    ASSERT_TRUE(m.push(static_cast<double>(i), row).ok());
    EXPECT_EQ(m.decision(), i < 6 ? Decision::kUndecided : Decision::kSatisfied) << i;
  }
  EXPECT_TRUE(m.bounds().exact);
  EXPECT_EQ(m.bounds().lo, 1.0);
  EXPECT_EQ(m.samples(), 7u);
  // Later samples cannot change the value and are not kept.
  const double row[1] = {-100};
  ASSERT_TRUE(m.push(7.0, row).ok());
  EXPECT_EQ(m.bounds().lo, 1.0);
  EXPECT_EQ(m.samples(), 7u);
}

// The end of the trace clips the window: after t = 0..2 and finish(), always[0,5] is the min
// of the three samples, exactly.
TEST(StlMonitor, FinishClipsWindows) {
  Monitor m = make_monitor("always[0,5] x > 0");
  for (double x : {3.0, 2.0, 5.0}) {
    const double row[1] = {x};
    ASSERT_TRUE(m.push(static_cast<double>(m.samples()), row).ok());
  }
  EXPECT_FALSE(m.bounds().exact);
  m.finish();
  EXPECT_TRUE(m.bounds().exact);
  EXPECT_EQ(m.bounds().lo, 2.0);
}

// A violation inside a nested window is seen through the first-seen bounds of the body:
// always[0,5] (x > 0 and eventually[0,1] x > 5) with x = -2 at t = 2 is violated at t = 2,
// although eventually[0,1] at t = 2 is only final at t = 4.
TEST(StlMonitor, NestedBodyViolationIsNotDelayed) {
  Monitor m = make_monitor("always[0,5] (x > 0 and eventually[0,1] x > 5)");
  const Decided d = first_decision(m, {9, 9, -2, 9, 9, 9, 9, 9});
  EXPECT_EQ(d.t, 2.0);
  EXPECT_EQ(d.decision, Decision::kViolated);
}

// (x > 0) until[1,2] (x > 5): at t = 0 the witness x = 6 at t = 1 with x = 1 > 0 before it
// gives min(6 - 5, 1 - 0) = 1. The monitor bounds until only by its final value, which is known
// once a sample after the window [1, 2] arrives: at t = 3.
TEST(StlMonitor, UntilExactAtWindowClose) {
  Monitor m = make_monitor("(x > 0) until[1,2] (x > 5)");
  const std::vector<double> x = {1, 6, 0, 0};
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double row[1] = {x[i]};
    ASSERT_TRUE(m.push(static_cast<double>(i), row).ok());
    EXPECT_EQ(m.bounds().exact, i == 3) << i;
  }
  EXPECT_EQ(m.bounds().lo, 1.0);
}

TEST(StlMonitor, Errors) {
  auto f = parse("x > 0 and always x > 1");
  ASSERT_TRUE(f.ok());
  auto m = Monitor::create(*f, {"x"});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().where.column, 11);
  EXPECT_NE(m.error().message.find("no finite upper bound"), std::string::npos);
  auto g = parse("always[0,1] y > 0");
  auto unknown = Monitor::create(*g, {"x"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().where.column, 13);
  // "t" is the sample time, as in the offline evaluator.
  Monitor clock = make_monitor("always[0,5] t < 2");
  EXPECT_EQ(first_decision(clock, {0, 0, 0, 0}).t, 3.0);  // 2 − t: 2, 1, 0, −1
  EXPECT_EQ(clock.bounds().hi, -1.0);
  auto h = parse("always[0,1] x > $lim");
  EXPECT_FALSE(Monitor::create(*h, {"x"}).ok());
  EXPECT_TRUE(Monitor::create(*h, {"x"}, {{"lim", 2.0}}).ok());
  // Past operators need no bound; NaN and time going backwards are errors.
  Monitor past = make_monitor("always[0,1] historically x > 0");
  const double nan_row[1] = {std::nan("")};
  auto s = past.push(0.0, nan_row);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where.column, 26);
  Monitor back = make_monitor("always[0,1] x > 0");
  const double row[1] = {1.0};
  ASSERT_TRUE(back.push(1.0, row).ok());
  EXPECT_FALSE(back.push(1.0, row).ok());
}

// Random formulas like the offline evaluator's property test, with every future interval
// bounded (past ones may be unbounded).
rc::Gen<std::string> bounded_formula(int depth) {
  const auto bound = rc::gen::element<std::string>("0", "0.1", "0.2", "0.3", "0.5", "1", "1.5");
  const auto atom = rc::gen::apply(
      [](const std::string& sig, const std::string& rel, int c) {
        return sig + " " + rel + " " + std::to_string(c);
      },
      rc::gen::element<std::string>("x", "y", "x - y", "abs(y)", "max(x, y)"),
      rc::gen::element<std::string>("<", ">", "<=", ">=", "==", "!="), rc::gen::inRange(-3, 4));
  if (depth == 0) return atom;
  const auto sub = bounded_formula(depth - 1);
  const auto interval = [&](bool may_be_unbounded) {
    return rc::gen::apply(
        [may_be_unbounded](const std::string& a, const std::string& b, bool inf) {
          const double lo = std::stod(a), hi = std::stod(b);
          const std::string l = lo <= hi ? a : b, h = lo <= hi ? b : a;
          return "[" + l + "," + (inf && may_be_unbounded ? std::string("inf") : h) + "]";
        },
        bound, bound, rc::gen::weightedElement<bool>({{5, false}, {1, true}}));
  };
  return rc::gen::oneOf(
      atom, rc::gen::apply([](const std::string& a) { return "not (" + a + ")"; }, sub),
      rc::gen::apply([](const std::string& op, const std::string& a,
                        const std::string& b) { return "(" + a + ") " + op + " (" + b + ")"; },
                     rc::gen::element<std::string>("and", "or", "implies"), sub, sub),
      rc::gen::apply([](const std::string& op, const std::string& iv,
                        const std::string& a) { return op + iv + " (" + a + ")"; },
                     rc::gen::element<std::string>("always", "eventually"), interval(false), sub),
      rc::gen::apply([](const std::string& op, const std::string& iv,
                        const std::string& a) { return op + iv + " (" + a + ")"; },
                     rc::gen::element<std::string>("historically", "once"), interval(true), sub),
      rc::gen::apply([](const std::string& iv, const std::string& a,
                        const std::string& b) { return "(" + a + ") until" + iv + " (" + b + ")"; },
                     interval(false), sub, sub));
}

Trace prefix(const Trace& trace, std::size_t n) {
  Trace out;
  for (std::size_t c = 1; c < trace.num_signals(); ++c) {
    out.add_signal(trace.info(c).name, trace.info(c).unit);
  }
  std::vector<double> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.clear();
    for (std::size_t c = 1; c < trace.num_signals(); ++c) row.push_back(trace.column(c)[i]);
    out.append(trace.time()[i], row);
  }
  return out;
}

RC_GTEST_PROP(StlMonitor, AgreesWithOfflineEvaluation, ()) {
  const std::string text = *bounded_formula(3);
  const int n = *rc::gen::inRange(1, 40);
  const bool uneven = *rc::gen::arbitrary<bool>();
  Trace trace;
  trace.add_signal("x", "m");
  trace.add_signal("y", "m");
  double now = 0.0;
  for (int i = 0; i < n; ++i) {
    // Small integers make ties, which is where a wedge's >= versus > matters.
    const double row[2] = {static_cast<double>(*rc::gen::inRange(-3, 4)),
                           *rc::gen::inRange(-3, 4) * 0.5};
    trace.append(now, row);
    now = uneven ? now + *rc::gen::inRange(1, 4) * 0.05 : (i + 1) * 0.1;
  }
  auto f = parse(text);
  RC_ASSERT(f.ok());
  RC_ASSERT(f->bounded());
  auto offline = evaluate(*f, trace);
  RC_ASSERT(offline.ok());
  const double whole = offline->values.front();
  auto monitor = Monitor::create(*f, {"x", "y"});
  RC_ASSERT(monitor.ok());
  bool was_exact = false;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const double row[2] = {trace.column(1)[i], trace.column(2)[i]};
    RC_ASSERT(monitor->push(trace.time()[i], row).ok());
    const MonitorBounds b = monitor->bounds();
    // The whole trace and the trace that ends here are both continuations of this prefix.
    auto clipped = evaluate(*f, prefix(trace, i + 1));
    RC_ASSERT(clipped.ok());
    const double here = clipped->values.front();
    RC_ASSERT(b.lo <= whole);
    RC_ASSERT(whole <= b.hi);
    RC_ASSERT(b.lo <= here);
    RC_ASSERT(here <= b.hi);
    if (monitor->decision() == Decision::kSatisfied) RC_ASSERT(whole >= 0.0);
    if (monitor->decision() == Decision::kViolated) RC_ASSERT(whole < 0.0);
    if (b.exact) {
      RC_ASSERT(b.lo == whole);
      was_exact = true;
    }
    RC_ASSERT(!was_exact || b.exact);  // an exact value stays exact
  }
  monitor->finish();
  RC_ASSERT(monitor->bounds().exact);
  RC_ASSERT(monitor->bounds().lo == whole);
  RC_ASSERT(monitor->bounds().hi == whole);
}

// The stl_fuzz seed corpus and its regressions (fuzz/regressions/stl_fuzz/), with the fuzz
// target's monitor check: bounds contain the offline value after every sample, exact at the end.
TEST(StlMonitor, FuzzRegressions) {
  namespace fs = std::filesystem;
  int checked = 0;
  for (const char* sub : {"fuzz/corpus/stl", "fuzz/regressions/stl_fuzz"}) {
    const fs::path dir = fs::path(ASSAY_SOURCE_DIR) / sub;
    ASSERT_TRUE(fs::is_directory(dir)) << dir;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().filename().string().starts_with(".")) continue;
      auto bytes = read_file(entry.path().string());
      ASSERT_TRUE(bytes.ok());
      const std::string_view text = *bytes;
      const std::size_t nl = text.find('\n');
      auto f = parse(text.substr(0, nl));
      if (!f || nl == std::string_view::npos || !f->bounded()) continue;
      auto csv = parse_csv_trace(text.substr(nl + 1), "fuzz.csv");
      if (!csv) continue;
      const Params params = {{"p", 1.5}};
      auto offline = evaluate(*f, csv->trace, params);
      if (!offline) continue;
      const Trace& tr = csv->trace;
      std::vector<std::string> columns;
      for (std::size_t c = 1; c < tr.num_signals(); ++c) columns.push_back(tr.info(c).name);
      auto m = Monitor::create(*f, columns, params);
      ASSERT_TRUE(m.ok()) << entry.path() << ": " << m.error().message;
      const double value = offline->values.front();
      std::vector<double> row;
      for (std::size_t i = 0; i < tr.size(); ++i) {
        row.clear();
        for (std::size_t c = 1; c < tr.num_signals(); ++c) row.push_back(tr.column(c)[i]);
        ASSERT_TRUE(m->push(tr.time()[i], row).ok()) << entry.path();
        EXPECT_LE(m->bounds().lo, value) << entry.path();
        EXPECT_GE(m->bounds().hi, value) << entry.path();
      }
      m->finish();
      EXPECT_EQ(m->bounds().lo, value) << entry.path();
      ++checked;
    }
  }
  EXPECT_GE(checked, 3);
}

}  // namespace
}  // namespace assay::stl
