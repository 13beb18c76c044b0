#include "data/stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/special.h"

namespace assay::data {

namespace {

constexpr std::uint64_t kExactLimit = 10000;  // scipy.stats.ks_2samp's MAX_AUTO_N

// The KS statistic of sorted samples as the integer max |i n - j m| over all cut points, where
// i and j count the values <= the cut in a and b. Ties advance both samples together.
std::uint64_t ks_scaled_statistic(const std::vector<double>& a, const std::vector<double>& b) {
  const auto m = static_cast<std::int64_t>(a.size());
  const auto n = static_cast<std::int64_t>(b.size());
  std::int64_t i = 0, j = 0, best = 0;
  while (i < m || j < n) {
    const double x = (j >= n || (i < m && a[i] <= b[j])) ? a[i] : b[j];
    while (i < m && a[i] <= x) ++i;
    while (j < n && b[j] <= x) ++j;
    const std::int64_t gap = i * n - j * m;
    best = std::max(best, gap < 0 ? -gap : gap);
  }
  return static_cast<std::uint64_t>(best);
}

}  // namespace

double ks_exact_p(std::uint64_t m, std::uint64_t n, std::uint64_t k) {
  // Counting lattice paths (Hodges 1957, "The significance probability of the Smirnov
  // two-sample test", Arkiv för Matematik 3; the recursion as in Kim and Jennrich 1973,
  // Selected Tables in Mathematical Statistics I). N(i, j) paths reach (i, j) inside the band;
  // U(i, j) = N(i, j) / C(i + n, n) obeys U(i, j) = U(i-1, j) i / (i + n) + U(i, j-1), stays
  // within [0, 1], and U(m, n) is the probability of staying inside.
  if (m == 0 || n == 0 || k == 0) return 1.0;
  if (m > n) std::swap(m, n);
  const auto mm = static_cast<std::int64_t>(m), nn = static_cast<std::int64_t>(n);
  const auto kk = static_cast<std::int64_t>(k);
  const auto inside = [&](std::int64_t i, std::int64_t j) {
    const std::int64_t gap = i * nn - j * mm;
    return (gap < 0 ? -gap : gap) < kk;
  };
  std::vector<double> u(n + 1, 0.0);
  u[0] = 1.0;
  for (std::int64_t j = 1; j <= nn; ++j) u[j] = inside(0, j) ? u[j - 1] : 0.0;
  // Intermediate values of U can fall below the smallest double for large samples (C(i + n, n)
  // grows faster than the paths near the diagonal), so rows are rescaled by powers of two and
  // the scale is carried as an exponent. The recursion is linear, so scaling a whole row
  // scales everything after it alike.
  long exponent = 0;
  for (std::int64_t i = 1; i <= mm; ++i) {
    const double w = static_cast<double>(i) / static_cast<double>(i + nn);
    u[0] = inside(i, 0) ? u[0] * w : 0.0;
    double largest = u[0];
    for (std::int64_t j = 1; j <= nn; ++j) {
      u[j] = inside(i, j) ? u[j] * w + u[j - 1] : 0.0;
      largest = std::max(largest, u[j]);
    }
    if (largest > 0 && (largest < 0x1p-500 || largest > 0x1p500)) {
      int e = 0;
      std::frexp(largest, &e);
      for (double& x : u) x = std::ldexp(x, -e);
      exponent += e;
    }
  }
  const double stay = std::ldexp(u[n], static_cast<int>(std::clamp(exponent, -100000L, 100000L)));
  return std::clamp(1.0 - stay, 0.0, 1.0);
}

double kolmogorov_q(double lambda) {
  // Kolmogorov (1933); two series for Q(lambda) = 1 - K(lambda) (e.g. Marsaglia, Tsang and
  // Wang 2003, J. Stat. Software 8(18)): the alternating one converges fast for large lambda,
  // the theta-function form sqrt(2 pi) / lambda sum exp(-(2k-1)^2 pi^2 / (8 lambda^2)) for
  // small lambda.
  if (!(lambda > 0)) return 1.0;
  if (lambda < 1.0) {
    const double pi2 = std::numbers::pi * std::numbers::pi;
    double sum = 0.0;
    for (int k = 1; k <= 20; ++k) {
      const double odd = 2.0 * k - 1.0;
      sum += std::exp(-odd * odd * pi2 / (8.0 * lambda * lambda));
    }
    return std::clamp(1.0 - std::sqrt(2.0 * std::numbers::pi) / lambda * sum, 0.0, 1.0);
  }
  double sum = 0.0;
  for (int j = 1; j <= 100; ++j) {
    const double term = std::exp(-2.0 * j * j * lambda * lambda);
    sum += (j % 2 == 1 ? 2.0 : -2.0) * term;
    if (term < 1e-300) break;
  }
  return std::clamp(sum, 0.0, 1.0);
}

KsResult ks_two_sample(const std::vector<double>& a, const std::vector<double>& b,
                       KsMethod method) {
  KsResult r;
  if (a.empty() || b.empty()) return r;
  const auto m = static_cast<std::uint64_t>(a.size());
  const auto n = static_cast<std::uint64_t>(b.size());
  const std::uint64_t k = ks_scaled_statistic(a, b);
  r.statistic = static_cast<double>(k) / (static_cast<double>(m) * static_cast<double>(n));
  const bool exact =
      method == KsMethod::kExact || (method == KsMethod::kAuto && std::max(m, n) <= kExactLimit);
  if (exact) {
    r.exact = true;
    r.p_value = ks_exact_p(m, n, k);
  } else {
    // Smirnov (1939): sqrt(m n / (m + n)) D tends to Kolmogorov's distribution.
    const double en = static_cast<double>(m) * static_cast<double>(n) /
                      (static_cast<double>(m) + static_cast<double>(n));
    r.p_value = kolmogorov_q(std::sqrt(en) * r.statistic);
  }
  return r;
}

double chi_square_sf(double x, double df) {
  if (!(x > 0)) return 1.0;
  return gamma_q(df / 2.0, x / 2.0);
}

ChiSquareResult chi_square(const std::vector<double>& observed,
                           const std::vector<double>& expected) {
  // Pearson (1900): X^2 = sum (O - E)^2 / E with k - 1 degrees of freedom.
  ChiSquareResult r;
  std::size_t categories = 0;
  for (std::size_t i = 0; i < observed.size() && i < expected.size(); ++i) {
    if (expected[i] == 0 && observed[i] == 0) continue;
    ++categories;
    if (expected[i] == 0) {
      r.statistic = std::numeric_limits<double>::infinity();
      continue;
    }
    const double d = observed[i] - expected[i];
    r.statistic += d * d / expected[i];
  }
  r.df = categories > 0 ? static_cast<double>(categories - 1) : 0.0;
  if (r.df == 0) {
    r.p_value = 1.0;  // one category: the samples cannot differ
  } else if (std::isinf(r.statistic)) {
    r.p_value = 0.0;
  } else {
    r.p_value = chi_square_sf(r.statistic, r.df);
  }
  return r;
}

ZResult two_proportion_z(double hits_a, double n_a, double hits_b, double n_b) {
  // z = (p_a - p_b) / sqrt(P (1 - P) (1/n_a + 1/n_b)), P the pooled proportion; two-sided p.
  ZResult r;
  if (!(n_a > 0) || !(n_b > 0)) return r;
  const double pa = hits_a / n_a, pb = hits_b / n_b;
  const double pooled = (hits_a + hits_b) / (n_a + n_b);
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b));
  if (!(se > 0)) return r;  // all values in one category in both samples: no difference
  r.z = (pa - pb) / se;
  r.p_value = std::clamp(2.0 * q_function(std::fabs(r.z)), 0.0, 1.0);
  return r;
}

double wasserstein1(const std::vector<double>& a, const std::vector<double>& b) {
  // W1 = integral of |F_a(x) - F_b(x)| dx for one-dimensional empirical distributions
  // (Vallender 1974), summed over the gaps between consecutive values of both samples.
  if (a.empty() || b.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double m = static_cast<double>(a.size()), n = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double total = 0.0, previous = std::min(a.front(), b.front());
  while (i < a.size() || j < b.size()) {
    const double x = (j >= b.size() || (i < a.size() && a[i] <= b[j])) ? a[i] : b[j];
    total += std::fabs(static_cast<double>(i) / m - static_cast<double>(j) / n) * (x - previous);
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    previous = x;
  }
  return total;
}

double population_stdev(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  double mean = 0.0, m2 = 0.0;
  std::size_t n = 0;
  for (double x : values) {
    ++n;
    const double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
  }
  return std::sqrt(m2 / static_cast<double>(n));
}

double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q) {
  // JSD(P, Q) = (KL(P || M) + KL(Q || M)) / 2 with M = (P + Q) / 2 (Lin 1991, IEEE Trans. Inf.
  // Theory 37(1)); the distance is its square root, as scipy.spatial.distance.jensenshannon.
  double sp = 0.0, sq = 0.0;
  for (double x : p) sp += x;
  for (double x : q) sq += x;
  if (!(sp > 0) || !(sq > 0)) return std::numeric_limits<double>::quiet_NaN();
  double divergence = 0.0;
  for (std::size_t i = 0; i < p.size() && i < q.size(); ++i) {
    const double a = p[i] / sp, b = q[i] / sq, mid = (a + b) / 2;
    if (a > 0) divergence += a * std::log(a / mid);
    if (b > 0) divergence += b * std::log(b / mid);
  }
  return std::sqrt(std::max(divergence / 2.0, 0.0));
}

double population_stability_index(std::vector<double> p, std::vector<double> q) {
  // Zero shares would make ln(p / q) infinite. As Evidently's get_binned_data(feel_zeroes):
  // each zero becomes the sample's smallest non-zero share / 10^6 when that share is at most
  // 1e-4, else 1e-4.
  const auto fill = [](std::vector<double>& shares) {
    double smallest = std::numeric_limits<double>::infinity();
    for (double s : shares) {
      if (s > 0) smallest = std::min(smallest, s);
    }
    if (std::isinf(smallest)) return;
    const double replacement = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
    for (double& s : shares) {
      if (s == 0) s = replacement;
    }
  };
  fill(p);
  fill(q);
  double psi = 0.0;
  for (std::size_t i = 0; i < p.size() && i < q.size(); ++i) {
    if (p[i] > 0 && q[i] > 0) psi += (p[i] - q[i]) * std::log(p[i] / q[i]);
  }
  return psi;
}

void sort_values(std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < 4096) {
    std::sort(values.begin(), values.end());
    return;
  }
  // Keys whose unsigned order is the numeric order: flip every bit of a negative double, the
  // sign bit of the rest.
  std::vector<std::uint64_t> keys(n), scratch(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<std::uint64_t>(values[i] == 0.0 ? 0.0 : values[i]);
    keys[i] = (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63);
  }
  std::vector<std::size_t> count(std::size_t{1} << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (std::uint64_t k : keys) ++count[(k >> shift) & 0xFFFF];
    if (count[(keys[0] >> shift) & 0xFFFF] == n) continue;  // one bucket: nothing to move
    std::size_t sum = 0;
    for (auto& c : count) {
      const std::size_t here = c;
      c = sum;
      sum += here;
    }
    for (std::uint64_t k : keys) scratch[count[(k >> shift) & 0xFFFF]++] = k;
    keys.swap(scratch);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t k = keys[i];
    values[i] = std::bit_cast<double>((k >> 63) ? k & ~(std::uint64_t{1} << 63) : ~k);
  }
}

std::vector<double> sturges_edges(double lo, double hi, std::uint64_t count) {
  // numpy.histogram_bin_edges(bins="sturges"): width = range / (log2 n + 1), bins = ceil(range /
  // width); an empty range is widened by 0.5 on each side.
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const double bins_real = std::log2(static_cast<double>(std::max<std::uint64_t>(count, 1))) + 1.0;
  const auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(bins_real)));
  std::vector<double> edges(bins + 1);
  const double step = (hi - lo) / static_cast<double>(bins);
  for (std::size_t i = 0; i < bins; ++i) edges[i] = lo + static_cast<double>(i) * step;
  edges[bins] = hi;
  return edges;
}

std::vector<double> histogram(const std::vector<double>& sorted, const std::vector<double>& edges) {
  std::vector<double> counts(edges.size() > 1 ? edges.size() - 1 : 0, 0.0);
  if (counts.empty()) return counts;
  for (double x : sorted) {
    if (x < edges.front() || x > edges.back()) continue;
    // The bin whose left edge is the last one <= x; the right-most edge closes the last bin.
    auto it = std::upper_bound(edges.begin(), edges.end(), x);
    std::size_t bin = static_cast<std::size_t>(it - edges.begin()) - 1;
    if (bin >= counts.size()) bin = counts.size() - 1;
    counts[bin] += 1.0;
  }
  return counts;
}

}  // namespace assay::data
