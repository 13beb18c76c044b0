// Two-sample statistics for drift: Kolmogorov–Smirnov (exact and asymptotic p-values),
// Pearson's chi-square, the two-proportion z-test, the first Wasserstein distance, the
// Jensen–Shannon distance and the population stability index, with the special functions they
// need. Formulas and sources are cited where each is defined (stats.cc).
#pragma once

#include <cstdint>
#include <vector>

namespace assay::data {

/// How the KS p-value is computed.
enum class KsMethod {
  kAuto,        // exact when both samples have at most 10,000 values (as scipy's ks_2samp)
  kExact,       // lattice-path count
  kAsymptotic,  // Kolmogorov's limiting distribution
};

/// The result of a two-sample KS test.
struct KsResult {
  double statistic = 0.0;  // D = sup |F_a - F_b|
  double p_value = 1.0;    // two-sided
  bool exact = false;
};

/// Two-sided two-sample KS test on samples sorted in ascending order (no NaN).
KsResult ks_two_sample(const std::vector<double>& a_sorted, const std::vector<double>& b_sorted,
                       KsMethod method = KsMethod::kAuto);

/// Exact P(D >= k / (m n)) for samples of sizes m and n without ties: 1 - the share of
/// lattice paths from (0,0) to (m,n) that stay strictly inside |i n - j m| < k.
double ks_exact_p(std::uint64_t m, std::uint64_t n, std::uint64_t k);

/// Kolmogorov's distribution: Q(lambda) = P(K > lambda) = 2 sum (-1)^(j-1) exp(-2 j^2 lambda^2).
double kolmogorov_q(double lambda);

/// Upper tail of the chi-square distribution with `df` degrees of freedom.
double chi_square_sf(double x, double df);

/// Pearson's chi-square test of observed counts against expected counts.
struct ChiSquareResult {
  double statistic = 0.0;
  double df = 0.0;
  double p_value = 1.0;
};
/// Categories with zero expected and zero observed are ignored; zero expected with a positive
/// observed count gives an infinite statistic and p = 0.
ChiSquareResult chi_square(const std::vector<double>& observed,
                           const std::vector<double>& expected);

/// The two-proportion z-test of `hits_a` of `n_a` against `hits_b` of `n_b` (pooled variance).
struct ZResult {
  double z = 0.0;
  double p_value = 1.0;  // two-sided
};
ZResult two_proportion_z(double hits_a, double n_a, double hits_b, double n_b);

/// First Wasserstein distance between the empirical distributions of two sorted samples.
double wasserstein1(const std::vector<double>& a_sorted, const std::vector<double>& b_sorted);

/// Population standard deviation (divides by n).
double population_stdev(const std::vector<double>& values);

/// Jensen–Shannon distance (square root of the divergence, natural logarithm) of two
/// distributions given as non-negative weights (normalised here).
double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q);

/// Population stability index sum (p - q) ln(p / q) of two distributions given as shares;
/// zero shares are replaced as Evidently does (see stats.cc).
double population_stability_index(std::vector<double> p, std::vector<double> q);

/// Sorts doubles (no NaN) ascending; large inputs by a least-significant-digit radix sort of
/// order-preserving keys, so sorting a column costs a few linear passes. -0 sorts as 0.
void sort_values(std::vector<double>& values);

/// Histogram bin edges of numpy's "sturges" rule over [lo, hi] for `count` values:
/// ceil(log2(count) + 1) equal bins ([lo - 0.5, hi + 0.5] when lo == hi).
std::vector<double> sturges_edges(double lo, double hi, std::uint64_t count);

/// Counts of sorted values per bin of `edges` (bins are [e_i, e_i+1), the last one closed).
std::vector<double> histogram(const std::vector<double>& sorted, const std::vector<double>& edges);

}  // namespace assay::data
