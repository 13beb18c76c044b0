// Drift statistics against independent computation: closed forms worked out by hand (in the
// comments), published tables (cited), brute-force enumeration for exact KS p-values, scipy's
// documented examples; then the drift engine's default test choice, dataset share, multiple-
// testing corrections, sampling determinism and the mapping into results.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "core/rng.h"
#include "data/drift.h"
#include "data/stats.h"

namespace assay::data {
namespace {

double binomial(int n, int k) {
  double r = 1;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

TEST(DataStats, KsExactClosedForms) {
  // Completely separated samples: only the two extreme orderings reach D = 1, so
  // p = 2 / C(m + n, m).
  const std::vector<double> a3 = {1, 2, 3}, b3 = {4, 5, 6};
  KsResult r = ks_two_sample(a3, b3);
  EXPECT_EQ(r.statistic, 1.0);
  EXPECT_TRUE(r.exact);
  EXPECT_NEAR(r.p_value, 2.0 / 20.0, 1e-15);
  EXPECT_NEAR(ks_two_sample({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}).p_value, 2.0 / 252.0, 1e-15);
  EXPECT_NEAR(ks_two_sample({1, 2, 3}, {4, 5, 6, 7}).p_value, 2.0 / binomial(7, 3), 1e-15);
  // Identical samples: D = 0 and p = 1.
  EXPECT_EQ(ks_two_sample(a3, a3).statistic, 0.0);
  EXPECT_EQ(ks_two_sample(a3, a3).p_value, 1.0);
}

TEST(DataStats, KsStatisticWithTies) {
  // a = {1, 2, 2, 3}, b = {2, 2, 2, 4}: F_a - F_b at 1: 1/4 - 0; at 2: 3/4 - 3/4; at 3:
  // 1 - 3/4; at 4: 0. D = 1/4.
  EXPECT_DOUBLE_EQ(ks_two_sample({1, 2, 2, 3}, {2, 2, 2, 4}).statistic, 0.25);
}

// The exact p-value equals the share of all C(m+n, m) equally likely orderings of the pooled
// sample whose KS statistic is at least the observed one, counted by brute force.
RC_GTEST_PROP(DataStats, KsExactEqualsEnumeration, ()) {
  const int m = *rc::gen::inRange(1, 7);
  const int n = *rc::gen::inRange(1, 7);
  const auto order = *rc::gen::container<std::vector<bool>>(static_cast<std::size_t>(m + n),
                                                            rc::gen::arbitrary<bool>());
  // Turn a random labelling into samples of the requested sizes (distinct values 0..m+n-1).
  std::vector<double> a, b;
  for (int v = 0; v < m + n; ++v) {
    const bool to_a = (order[static_cast<std::size_t>(v)] && static_cast<int>(a.size()) < m) ||
                      static_cast<int>(b.size()) >= n;
    (to_a ? a : b).push_back(v);
  }
  const auto scaled = [&](std::uint32_t mask) {  // max |i n - j m| of the labelling `mask`
    long i = 0, j = 0, best = 0;
    for (int v = 0; v < m + n; ++v) {
      if (mask >> v & 1u) {
        ++i;
      } else {
        ++j;
      }
      best = std::max(best, std::labs(i * n - j * m));
    }
    return best;
  };
  std::uint32_t observed_mask = 0;
  for (double x : a) observed_mask |= 1u << static_cast<int>(x);
  const long observed = scaled(observed_mask);
  double at_least = 0, total = 0;
  for (std::uint32_t mask = 0; mask < (1u << (m + n)); ++mask) {
    if (std::popcount(mask) != m) continue;
    ++total;
    if (scaled(mask) >= observed) ++at_least;
  }
  const KsResult r = ks_two_sample(a, b, KsMethod::kExact);
  RC_ASSERT(std::fabs(r.p_value - at_least / total) < 1e-12);
}

TEST(DataStats, KolmogorovDistributionMatchesPublishedCriticalValues) {
  // Critical values c(alpha) of the limiting distribution, P(K > c) = alpha (Smirnov 1948,
  // "Table for estimating the goodness of fit of empirical distributions", Ann. Math. Stat.
  // 19(2); reproduced e.g. in the Wikipedia article "Kolmogorov–Smirnov test").
  struct Row {
    double c, alpha;
  };
  for (const Row& row :
       {Row{1.0727, 0.20}, Row{1.2238, 0.10}, Row{1.3581, 0.05}, Row{1.4802, 0.025},
        Row{1.6276, 0.01}, Row{1.7308, 0.005}, Row{1.9495, 0.001}}) {
    EXPECT_NEAR(kolmogorov_q(row.c), row.alpha, row.alpha * 2e-3) << row.c;
  }
  // K(1) = 0.7300 (Kolmogorov 1933), at the switch between the two series.
  EXPECT_NEAR(kolmogorov_q(1.0), 0.27, 1e-4);
  // The two series meet at 1 without a jump: over 2e-6 Q falls by about 2e-6 times the
  // density there (about 1.07).
  EXPECT_NEAR(kolmogorov_q(0.999999) - kolmogorov_q(1.000001), 2e-6 * 1.07, 2e-7);
  EXPECT_EQ(kolmogorov_q(0.0), 1.0);
  EXPECT_LT(kolmogorov_q(10.0), 1e-80);
}

TEST(DataStats, KsAsymptoticApproachesExactForLargeSamples) {
  Rng rng(7);
  std::vector<double> a, b;
  for (int i = 0; i < 3000; ++i) a.push_back(rng.normal());
  for (int i = 0; i < 3000; ++i) b.push_back(rng.normal(0.08, 1.0));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  const KsResult exact = ks_two_sample(a, b, KsMethod::kExact);
  const KsResult asym = ks_two_sample(a, b, KsMethod::kAsymptotic);
  EXPECT_TRUE(exact.exact);
  EXPECT_FALSE(asym.exact);
  EXPECT_EQ(exact.statistic, asym.statistic);
  EXPECT_LT(exact.p_value, 0.01);  // a real but small shift is found
  EXPECT_NEAR(exact.p_value, asym.p_value, 0.02 * exact.p_value);
  // Above 10,000 values the automatic choice is asymptotic, as scipy's ks_2samp.
  std::vector<double> big(10001);
  std::iota(big.begin(), big.end(), 0.0);
  EXPECT_FALSE(ks_two_sample(big, a).exact);
}

TEST(DataStats, ChiSquareTailMatchesPublishedTable) {
  // Upper critical values of the chi-square distribution (NIST/SEMATECH e-Handbook of
  // Statistical Methods, section 1.3.6.7.4), given to 3 decimals.
  struct Row {
    double df, x, alpha;
  };
  for (const Row& row : {Row{1, 3.841, 0.05}, Row{1, 6.635, 0.01}, Row{2, 5.991, 0.05},
                         Row{2, 9.210, 0.01}, Row{5, 11.070, 0.05}, Row{10, 18.307, 0.05},
                         Row{10, 23.209, 0.01}, Row{30, 43.773, 0.05}, Row{100, 124.342, 0.05}}) {
    EXPECT_NEAR(chi_square_sf(row.x, row.df), row.alpha, 1e-4) << row.df << " " << row.x;
  }
  // Closed forms: df = 2 gives exp(-x / 2); df = 1 gives erfc(sqrt(x / 2)).
  for (double x : {0.1, 1.0, 3.0, 10.0, 40.0}) {
    EXPECT_NEAR(chi_square_sf(x, 2), std::exp(-x / 2), 1e-14 * std::max(1.0, std::exp(-x / 2)));
    EXPECT_NEAR(chi_square_sf(x, 1), std::erfc(std::sqrt(x / 2)), 1e-13);
  }
}

TEST(DataStats, ChiSquareTest) {
  // O = (10, 20, 30), E = (20, 20, 20): X^2 = (100 + 0 + 100) / 20 = 10, df 2, p = exp(-5).
  ChiSquareResult r = chi_square({10, 20, 30}, {20, 20, 20});
  EXPECT_DOUBLE_EQ(r.statistic, 10.0);
  EXPECT_EQ(r.df, 2.0);
  EXPECT_NEAR(r.p_value, std::exp(-5.0), 1e-15);
  // A category never seen in the reference makes the statistic infinite and p zero.
  r = chi_square({5, 5}, {10, 0});
  EXPECT_TRUE(std::isinf(r.statistic));
  EXPECT_EQ(r.p_value, 0.0);
  EXPECT_EQ(chi_square({7}, {7}).p_value, 1.0);
}

TEST(DataStats, TwoProportionZ) {
  // 40 of 100 against 60 of 100: pooled 0.5, se = sqrt(0.25 * 0.02), z = -0.2 / se = -2 sqrt 2,
  // p = 2 (1 - Phi(2 sqrt 2)) = erfc(2).
  const ZResult r = two_proportion_z(40, 100, 60, 100);
  EXPECT_NEAR(r.z, -2 * std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(r.p_value, std::erfc(2.0), 1e-15);
  EXPECT_EQ(two_proportion_z(100, 100, 50, 50).p_value, 1.0);  // one category everywhere
}

TEST(DataStats, Wasserstein) {
  // scipy.stats.wasserstein_distance's documented example: ([0, 1, 3], [5, 6, 8]) -> 5.
  EXPECT_DOUBLE_EQ(wasserstein1({0, 1, 3}, {5, 6, 8}), 5.0);
  // A shift by 1 moves every unit of mass by 1.
  EXPECT_DOUBLE_EQ(wasserstein1({0, 1, 2, 3}, {1, 2, 3, 4}), 1.0);
  // {0, 1} against {0}: half the mass moves by 1.
  EXPECT_DOUBLE_EQ(wasserstein1({0, 1}, {0}), 0.5);
  // Population standard deviation of {0, 1, 2, 3}: sqrt(1.25).
  EXPECT_DOUBLE_EQ(population_stdev({0, 1, 2, 3}), std::sqrt(1.25));
}

RC_GTEST_PROP(DataStats, WassersteinOfAShiftIsTheShift, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 50);
  Rng rng(*rc::gen::arbitrary<std::uint64_t>());
  std::vector<double> a, b;
  const double shift = rng.uniform(-10, 10);
  for (std::size_t i = 0; i < n; ++i) a.push_back(std::round(rng.uniform(-100, 100)));
  std::sort(a.begin(), a.end());
  for (double x : a) b.push_back(x + shift);
  RC_ASSERT(std::fabs(wasserstein1(a, b) - std::fabs(shift)) < 1e-9);
}

TEST(DataStats, JensenShannonAndPsi) {
  // scipy.spatial.distance.jensenshannon's documented example ([1, 0], [0.5, 0.5]) in nats.
  EXPECT_NEAR(jensen_shannon({1, 0}, {0.5, 0.5}), 0.46450140402245893, 1e-15);
  // Disjoint supports: JSD = ln 2, distance sqrt(ln 2).
  EXPECT_NEAR(jensen_shannon({1, 0, 0}, {0, 1, 0}), std::sqrt(std::log(2.0)), 1e-15);
  EXPECT_EQ(jensen_shannon({2, 3}, {4, 6}), 0.0);  // weights are normalised
  // PSI of (0.5, 0.5) against (0.25, 0.75): 0.25 ln 2 + 0.25 ln 1.5 = ln(3) / 4.
  EXPECT_NEAR(population_stability_index({0.5, 0.5}, {0.25, 0.75}), std::log(3.0) / 4, 1e-15);
  // A zero share becomes 1e-4 (the smallest non-zero share, 0.5, is above 1e-4).
  const double psi = 0.25 * std::log(2.0) + (1e-4 - 0.25) * std::log(1e-4 / 0.25);
  EXPECT_NEAR(population_stability_index({0.5, 0.5, 0}, {0.5, 0.25, 0.25}), psi, 1e-12);
}

RC_GTEST_PROP(DataStats, SortValuesAgreesWithStdSort, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(0, 20000);
  Rng rng(*rc::gen::arbitrary<std::uint64_t>());
  std::vector<double> v(n);
  const int kind = *rc::gen::inRange(0, 3);
  for (auto& x : v) {
    x = kind == 0   ? rng.normal(0, 1e6)
        : kind == 1 ? std::floor(rng.uniform(-5, 5))  // many ties, both signs, zeros
                    : std::ldexp(rng.uniform(-1, 1), static_cast<int>(rng.uniform(-1000, 1000)));
  }
  v.push_back(std::numeric_limits<double>::infinity());
  v.push_back(-std::numeric_limits<double>::infinity());
  std::vector<double> expected = v;
  std::sort(expected.begin(), expected.end());
  sort_values(v);
  RC_ASSERT(v == expected);
}

TEST(DataStats, SturgesBinsAsNumpy) {
  // numpy: 1000 values give ceil(log2(1000) + 1) = 11 bins; 8 values give 4.
  EXPECT_EQ(sturges_edges(0, 1, 1000).size(), 12u);
  EXPECT_EQ(sturges_edges(0, 8, 8), (std::vector<double>{0, 2, 4, 6, 8}));
  EXPECT_EQ(sturges_edges(3, 3, 10).front(), 2.5);
  // The last bin is closed: 8 lands in it.
  EXPECT_EQ(histogram({0, 1, 2, 2, 7.9, 8}, sturges_edges(0, 8, 8)),
            (std::vector<double>{2, 2, 0, 2}));
}

// ---------------------------------------------------------------------------------------------
// The drift engine.

TableOpener text_table(std::string text) {
  return [text] { return open_table_text(text, "t.csv", Format::kCsv, {}); };
}

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& columns) {
  std::string out;
  for (std::size_t c = 0; c < header.size(); ++c) out += std::string(c ? "," : "") + header[c];
  out += "\n";
  for (std::size_t r = 0; r < columns[0].size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c)
      out += std::string(c ? "," : "") + columns[c][r];
    out += "\n";
  }
  return out;
}

std::vector<std::string> normal_column(std::uint64_t seed, int n, double mean) {
  Rng rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(format_double(rng.normal(mean, 1.0)));
  return out;
}

std::vector<std::string> cycle(const std::vector<std::string>& values, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(values[static_cast<std::size_t>(i) % values.size()]);
  return out;
}

DriftReport drift(const std::string& ref, const std::string& cur, DriftOptions options = {}) {
  auto r = drift_tables(text_table(ref), "ref.csv", text_table(cur), "cur.csv", options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().format());
  return r.ok() ? *r : DriftReport{};
}

TEST(DataDrift, DefaultTestsFollowReferenceSizeTypeAndDistinctValues) {
  const std::vector<std::string> header = {"num", "few", "bin", "cat", "flag"};
  const auto small = [&](std::uint64_t seed, double mean) {
    return table(header,
                 {normal_column(seed, 200, mean), cycle({"1", "2", "3", "4"}, 200),
                  cycle({"0", "1"}, 200), cycle({"a", "b", "c"}, 200), cycle({"yes", "no"}, 200)});
  };
  const DriftReport s = drift(small(1, 0), small(2, 0));
  ASSERT_EQ(s.columns.size(), 5u);
  EXPECT_EQ(s.columns[0].test, DriftTest::kKs);
  EXPECT_EQ(s.columns[1].test, DriftTest::kChiSquare);
  EXPECT_EQ(s.columns[2].test, DriftTest::kZ);
  EXPECT_EQ(s.columns[3].test, DriftTest::kChiSquare);
  EXPECT_EQ(s.columns[4].test, DriftTest::kZ);
  EXPECT_EQ(s.columns[0].kind, "numerical");
  EXPECT_EQ(s.columns[3].kind, "categorical");
  EXPECT_EQ(s.columns[0].threshold, 0.05);
  EXPECT_EQ(s.drifted, 0u);
  EXPECT_FALSE(s.dataset_drift);

  const auto big = [&](std::uint64_t seed, double mean) {
    return table(header, {normal_column(seed, 1500, mean), cycle({"1", "2", "3", "4"}, 1500),
                          cycle({"0", "1"}, 1500), cycle({"a", "b", "c"}, 1500),
                          cycle({"yes", "no"}, 1500)});
  };
  const DriftReport b = drift(big(1, 0), big(2, 1.0));
  EXPECT_EQ(b.columns[0].test, DriftTest::kWasserstein);
  EXPECT_EQ(b.columns[1].test, DriftTest::kJensenShannon);
  EXPECT_EQ(b.columns[3].test, DriftTest::kJensenShannon);
  EXPECT_EQ(b.columns[0].threshold, 0.1);
  // A shift of one standard deviation: W1 / sd is about 1, far above 0.1.
  EXPECT_TRUE(b.columns[0].drifted);
  EXPECT_NEAR(b.columns[0].value, 1.0, 0.15);
  EXPECT_FALSE(b.columns[1].drifted);
  EXPECT_EQ(b.drifted, 1u);
  EXPECT_DOUBLE_EQ(b.share, 0.2);
  EXPECT_FALSE(b.dataset_drift);  // 1 of 5 < 0.5
}

TEST(DataDrift, DatasetDriftByShareOfColumns) {
  const std::vector<std::string> header = {"x", "y", "c"};
  const std::string ref = table(
      header, {normal_column(1, 300, 0), normal_column(2, 300, 0), cycle({"a", "b", "c"}, 300)});
  const std::string cur = table(header, {normal_column(3, 300, 2), normal_column(4, 300, 0),
                                         cycle({"a", "a", "a", "b", "c"}, 300)});
  const DriftReport r = drift(ref, cur);
  EXPECT_TRUE(r.columns[0].drifted);
  EXPECT_FALSE(r.columns[1].drifted);
  EXPECT_TRUE(r.columns[2].drifted);  // chi-square: a rises from 1/3 to 3/5
  EXPECT_EQ(r.drifted, 2u);
  EXPECT_TRUE(r.dataset_drift);  // 2 of 3 >= 0.5
  DriftOptions strict;
  strict.drift_share = 0.9;
  EXPECT_FALSE(drift(ref, cur, strict).dataset_drift);
  // Forcing a test and a threshold for every column.
  DriftOptions psi;
  psi.test = DriftTest::kPsi;
  psi.threshold = 0.2;
  const DriftReport p = drift(ref, cur, psi);
  EXPECT_EQ(p.columns[2].test, DriftTest::kPsi);
  EXPECT_EQ(p.columns[2].threshold, 0.2);
}

TEST(DataDrift, TimestampColumnsAreNotTestedUnlessAskedFor) {
  const std::string ref = "t,x\n2024-01-01T00:00:00Z,1\n2024-01-01T00:00:01Z,2\n";
  const std::string cur = "t,x\n2024-06-01T00:00:00Z,1\n2024-06-01T00:00:01Z,2\n";
  const DriftReport r = drift(ref, cur);
  EXPECT_TRUE(r.columns[0].skipped);
  EXPECT_EQ(r.columns[0].kind, "timestamp");
  EXPECT_EQ(r.tested, 1u);
  DriftOptions asked;
  asked.columns = {"t"};
  EXPECT_FALSE(drift(ref, cur, asked).columns[0].skipped);
}

TEST(DataDrift, NumbersOnOneSideOnlyAreComparedAsCategories) {
  // Reference: 1, 2, 1.0 (numbers, 1 and 1.0 alike); current: 1, x, 2 (one text value).
  const DriftReport r = drift("v\n1\n2\n1.0\n", "v\n1\nx\n2\n");
  ASSERT_EQ(r.columns.size(), 1u);
  EXPECT_EQ(r.columns[0].kind, "categorical");
  EXPECT_EQ(r.columns[0].distinct, 3u);  // "1", "2", "x"
  EXPECT_EQ(r.columns[0].test, DriftTest::kChiSquare);
}

TEST(DataDrift, MissingValuesColumnsAndKinds) {
  const std::string ref = "a,b,gone\n1,x,1\n2,y,2\nNA,z,3\n4,,4\n";
  const std::string cur = "a,b,new\n1,x,1\nnan,y,2\n3,z,3\n";
  const DriftReport r = drift(ref, cur);
  ASSERT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.columns[0].reference_values, 3u);
  EXPECT_EQ(r.columns[0].reference_missing, 1u);
  EXPECT_EQ(r.columns[0].current_missing, 1u);
  EXPECT_EQ(r.columns[2].kind, "schema");
  EXPECT_TRUE(r.columns[2].drifted);
  EXPECT_EQ(r.columns[2].message, "column \"gone\" is missing from the current data");
  DriftOptions only;
  only.columns = {"new"};
  EXPECT_TRUE(drift(ref, cur, only).columns[0].skipped);
  // A categorical column cannot take a numerical test.
  DriftOptions ks;
  ks.per_column["b"] = DriftTest::kKs;
  EXPECT_TRUE(drift(ref, cur, ks).columns[1].skipped);
  // Numbers forced to be categories.
  DriftOptions cat;
  cat.categorical = {"a"};
  EXPECT_EQ(drift(ref, cur, cat).columns[0].kind, "categorical");
}

TEST(DataDrift, CorrectionsBonferroniAndBenjaminiHochberg) {
  // p = 0.01, 0.02, 0.3 over m = 3 columns at alpha 0.05.
  // Bonferroni: 0.03, 0.06, 0.9: one column drifts.
  // BH q-values: q3 = 0.3, q2 = min(0.3, 0.02 * 3 / 2) = 0.03, q1 = min(0.03, 0.01 * 3) = 0.03:
  // two columns drift.
  const auto columns = [] {
    std::vector<ColumnDrift> out(3);
    const double p[] = {0.02, 0.3, 0.01};
    for (int i = 0; i < 3; ++i) {
      out[static_cast<std::size_t>(i)].test = DriftTest::kKs;
      out[static_cast<std::size_t>(i)].kind = "numerical";
      out[static_cast<std::size_t>(i)].value = p[i];
      out[static_cast<std::size_t>(i)].threshold = 0.05;
      out[static_cast<std::size_t>(i)].drifted = p[i] < 0.05;
    }
    return out;
  };
  auto bonferroni = columns();
  apply_correction(bonferroni, Correction::kBonferroni);
  EXPECT_NEAR(*bonferroni[0].adjusted_p, 0.06, 1e-15);
  EXPECT_NEAR(*bonferroni[1].adjusted_p, 0.9, 1e-15);
  EXPECT_NEAR(*bonferroni[2].adjusted_p, 0.03, 1e-15);
  EXPECT_FALSE(bonferroni[0].drifted);
  EXPECT_TRUE(bonferroni[2].drifted);
  auto fdr = columns();
  apply_correction(fdr, Correction::kFdr);
  EXPECT_NEAR(*fdr[0].adjusted_p, 0.03, 1e-15);
  EXPECT_NEAR(*fdr[1].adjusted_p, 0.3, 1e-15);
  EXPECT_NEAR(*fdr[2].adjusted_p, 0.03, 1e-15);
  EXPECT_TRUE(fdr[0].drifted);
  EXPECT_FALSE(fdr[1].drifted);
  EXPECT_TRUE(fdr[2].drifted);
}

TEST(DataDrift, SamplingIsDeterministicForASeed) {
  const std::string ref = table({"x"}, {normal_column(1, 5000, 0)});
  const std::string cur = table({"x"}, {normal_column(2, 5000, 0.05)});
  DriftOptions o;
  o.sample = 500;
  o.seed = 42;
  const DriftReport a = drift(ref, cur, o), b = drift(ref, cur, o);
  EXPECT_EQ(a.columns[0].value, b.columns[0].value);
  EXPECT_EQ(a.columns[0].reference_values, b.columns[0].reference_values);
  EXPECT_NEAR(static_cast<double>(a.columns[0].reference_values), 500, 100);
  EXPECT_EQ(a.columns[0].test, DriftTest::kKs);  // about 500 reference values: small data
  o.seed = 43;
  EXPECT_NE(drift(ref, cur, o).columns[0].value, a.columns[0].value);
}

TEST(DataDrift, ResultsHaveACasePerColumnAndADatasetCase) {
  const std::vector<std::string> header = {"x", "y"};
  const std::string ref = table(header, {normal_column(1, 300, 0), normal_column(2, 300, 0)});
  const std::string cur = table(header, {normal_column(3, 300, 3), normal_column(4, 300, 3)});
  const DriftReport r = drift(ref, cur);
  ASSERT_TRUE(r.dataset_drift);
  RunContext context;
  const RunResults warn = drift_results(r, context, false);
  ASSERT_EQ(warn.cases.size(), 3u);
  EXPECT_EQ(warn.cases[0].case_id, "drift#x");
  EXPECT_EQ(warn.cases[0].verdict, Verdict::kPass);
  EXPECT_EQ(warn.cases[0].reason.rfind("warning: ks p-value", 0), 0u) << warn.cases[0].reason;
  EXPECT_EQ(warn.cases[2].case_id, "drift#dataset");
  EXPECT_EQ(warn.cases[2].verdict, Verdict::kFail);
  EXPECT_EQ(exit_code_for(warn.summary()), kExitFailed);
  const RunResults strict = drift_results(r, context, true);
  EXPECT_EQ(strict.summary().failed, 3u);
  const auto& evidence = warn.cases[0].oracles[0].evidence;
  const auto has = [&](const std::string& name) {
    return std::any_of(evidence.begin(), evidence.end(),
                       [&](const Quantity& q) { return q.name == name; });
  };
  EXPECT_TRUE(has("p_value") && has("statistic") && has("threshold") && has("drift"));
  EXPECT_TRUE(std::is_sorted(evidence.begin(), evidence.end(),
                             [](const Quantity& a, const Quantity& b) { return a.name < b.name; }));
}

}  // namespace
}  // namespace assay::data
