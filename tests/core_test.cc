#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "core/json_source.h"
#include "core/results.h"
#include "core/rng.h"
#include "core/sha256.h"
#include "core/trace.h"
#include "core/units.h"

namespace assay {
namespace {

TEST(Rng, SameSeedSameSequenceAndSplitsDiffer) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
  Rng c(42);
  Rng s1 = c.split(1), s2 = c.split(2);
  EXPECT_NE(s1.next_u64(), s2.next_u64());
}

TEST(Rng, UniformMomentsMatchTheory) {
  // Mean 1/2 and variance 1/12 of U(0,1); with n = 200k the standard error of the mean is
  // sqrt(1/12/n) ≈ 6.5e-4, so 5e-3 is a > 7-sigma bound.
  Rng r(7);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 5e-3);
  EXPECT_NEAR(sum2 / n - mean * mean, 1.0 / 12.0, 2e-3);
}

TEST(Rng, NormalMomentsAndTailMatchTheory) {
  Rng r(11);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  int beyond2 = 0;
  for (int i = 0; i < n; ++i) {
    double x = r.normal();
    sum += x;
    sum2 += x * x;
    if (std::abs(x) > 2.0) ++beyond2;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.015);
  // P(|Z| > 2) = 0.0455 (standard normal table); sd of the fraction ≈ 4.7e-4.
  EXPECT_NEAR(static_cast<double>(beyond2) / n, 0.0455, 0.003);
}

TEST(Rng, CaseSeedDependsOnEveryInput) {
  const auto s = case_seed(1, "a", 0);
  EXPECT_EQ(s, case_seed(1, "a", 0));
  EXPECT_NE(s, case_seed(2, "a", 0));
  EXPECT_NE(s, case_seed(1, "b", 0));
  EXPECT_NE(s, case_seed(1, "a", 1));
}

TEST(Units, ConversionsMatchDefinitions) {
  EXPECT_DOUBLE_EQ(units::kmh_to_ms(36.0), 10.0);
  EXPECT_DOUBLE_EQ(units::ms_to_kmh(20.0), 72.0);
  EXPECT_DOUBLE_EQ(units::g_to_ms2(1.0), 9.80665);
  auto u = units::find_unit("km/h");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->dimension, units::Dimension::kSpeed);
  EXPECT_DOUBLE_EQ(50.0 * u->to_si, 50.0 / 3.6);
  EXPECT_FALSE(units::find_unit("furlong"));
}

// Power levels are kept in dBm; dBW converts with an offset. Reference: the definitions
// P[dBW] = 10·log10(P / 1 W) and P[dBm] = 10·log10(P / 1 mW), evaluated for a few powers.
TEST(Units, DbwConvertsToDbmWithAnOffset) {
  const auto dbw = units::find_unit("dBW");
  const auto dbm = units::find_unit("dBm");
  ASSERT_TRUE(dbw);
  ASSERT_TRUE(dbm);
  EXPECT_EQ(dbw->dimension, units::Dimension::kPowerLevel);
  EXPECT_EQ(dbm->si(17.0), 17.0);
  EXPECT_EQ(dbw->si(0.0), 30.0);  // 1 W = 1000 mW
  for (const double watts : {1e-13, 0.002, 1.0, 20.0, 4e3}) {
    const double in_dbw = 10.0 * std::log10(watts);
    const double in_dbm = 10.0 * std::log10(watts * 1000.0);
    EXPECT_NEAR(dbw->si(in_dbw), in_dbm, 1e-12) << watts << " W";
  }
  EXPECT_NE(units::accepted_units(units::Dimension::kPowerLevel).find("dBW"), std::string::npos);
}

TEST(Trace, AppendAndLookup) {
  Trace t;
  auto v = t.add_signal("v", "m/s");
  t.add_signal("a", "m/s^2");
  const double r1[] = {10.0, -1.0};
  const double r2[] = {9.99, -1.0};
  t.append(0.0, r1);
  t.append(0.01, r2);
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.column(v)[1], 9.99);
  EXPECT_EQ(t.column("a")[0], -1.0);
  EXPECT_TRUE(t.column("missing").empty());
  EXPECT_THROW(t.add_signal("late", "m"), std::logic_error);
  // Traces compare by value (signals, samples and events), as determinism tests need.
  Trace copy = t;
  EXPECT_EQ(copy, t);
  copy.add_event({"contact", 0.01, {{"ego_speed", 9.99}}});
  EXPECT_NE(copy, t);
}

TEST(Sha256, KnownVectors) {
  // FIPS 180-2 appendix B.1 and the empty-string digest.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(JsonSource, LocatesValuesAndKeys) {
  auto doc = parse_json("{\n  // comment\n  \"a\": {\"b\": [1, 2,\n    3]},\n  \"c~/\": true\n}",
                        "x.json");
  ASSERT_TRUE(doc.ok()) << doc.error().format();
  auto loc = doc->locate("/a/b/2");
  EXPECT_EQ(loc.line, 4);
  EXPECT_EQ(loc.column, 5);
  auto key = doc->locate_key("/a");
  EXPECT_EQ(key.line, 3);
  EXPECT_EQ(key.column, 3);
  EXPECT_EQ(doc->locate("/c~0~1").line, 5);
  EXPECT_EQ(doc->error_at("/a/b/0", "bad").format(), "x.json:3:15: error: bad (at /a/b/0)");
}

TEST(JsonSource, RejectsBadInputWithLocation) {
  auto dup = parse_json("{\"a\": 1,\n \"a\": 2}", "d.json");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().where.line, 2);
  EXPECT_NE(dup.error().message.find("duplicate key"), std::string::npos);

  auto syntax = parse_json("{\"a\": 1,\n  }", "s.json");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().where.line, 2);

  auto inf = parse_json("{\"a\": 1e999}", "i.json");
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.error().where.line, 1);
  EXPECT_EQ(inf.error().where.column, 7);

  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto d = parse_json(deep, "n.json");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("nesting"), std::string::npos);

  JsonLimits small;
  small.max_bytes = 4;
  EXPECT_FALSE(parse_json("[1, 2, 3]", "big.json", small).ok());
}

RC_GTEST_PROP(JsonSource, NeverCrashesOnArbitraryText, (const std::string& text)) {
  auto r = parse_json(text, "fuzz.json");
  if (r.ok()) RC_ASSERT(r->file() == "fuzz.json");
}

TEST(Results, ExitCodes) {
  RunSummary s;
  EXPECT_EQ(exit_code_for(s), kExitNothingRun);
  s.total = 2;
  s.passed = 2;
  EXPECT_EQ(exit_code_for(s), kExitOk);
  s.failed = 1;
  EXPECT_EQ(exit_code_for(s), kExitFailed);
  s.errors = 1;
  EXPECT_EQ(exit_code_for(s), kExitInfra);
  EXPECT_EQ(combine(Verdict::kFail, Verdict::kPass), Verdict::kFail);
  EXPECT_EQ(combine(Verdict::kFail, Verdict::kError), Verdict::kError);
}

}  // namespace
}  // namespace assay
