// Throughput of `assay data`: validating a 10-numeric-column CSV with 8 rules (the design
// target is >= 100 MB/s per core), parsing alone, and the drift statistics. The CSV is
// generated deterministically from our Rng: ASSAY_BENCH_MB megabytes (default 100) in a
// temporary file, or kept at ASSAY_BENCH_CSV when set, so bench/pandas_compare.py can run the
// same 8 checks on the same file.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/rng.h"
#include "data/check.h"
#include "data/drift.h"
#include "data/rules.h"
#include "data/stats.h"

namespace {

using namespace assay;
using namespace assay::data;

// The 8 rules; bench/pandas_compare.py runs the same checks.
const char* const kRules = R"({
  "schema": "assay.rules/1",
  "id": "bench",
  "rules": [
    {"rule": "not_null", "column": "c0"},
    {"rule": "not_null", "column": "c1"},
    {"rule": "between", "column": "c2", "min_value": -6, "max_value": 6},
    {"rule": "between", "column": "c3", "min_value": -6, "max_value": 6},
    {"rule": "mean_between", "column": "c4", "min_value": -0.1, "max_value": 0.1},
    {"rule": "stdev_between", "column": "c5", "min_value": 0.9, "max_value": 1.1},
    {"rule": "max_between", "column": "c6", "max_value": 10},
    {"rule": "row_count_between", "min_value": 1}
  ]
})";

// One row: 10 standard normal values with 6 decimals ("-0.123456"); every 1000th value of c0
// is missing so not_null has something to find.
std::string make_rows(std::uint64_t first_row, std::size_t rows) {
  std::string out;
  out.reserve(rows * 100);
  std::array<char, 32> buf{};
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint64_t row = first_row + r;
    Rng rng = Rng(2024).split(row);
    for (int c = 0; c < 10; ++c) {
      if (c) out += ',';
      const double v = rng.normal();
      if (c == 0 && row % 1000 == 999) continue;
      const auto [end, ec] =
          std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, 6);
      out.append(buf.data(), end);
    }
    out += '\n';
  }
  return out;
}

// The benchmark file, written once per process.
class BenchFile {
 public:
  static const BenchFile& get() {
    static const BenchFile file;
    return file;
  }
  const std::string& path() const { return path_; }
  std::uint64_t bytes() const { return bytes_; }
  ~BenchFile() {
    if (!keep_) std::filesystem::remove(path_);
  }

 private:
  BenchFile() {
    const char* mb = std::getenv("ASSAY_BENCH_MB");
    const double target = (mb ? std::atof(mb) : 100.0) * 1e6;
    const char* keep = std::getenv("ASSAY_BENCH_CSV");
    keep_ = keep != nullptr && *keep != 0;
    path_ = keep_ ? std::string(keep)
                  : (std::filesystem::temp_directory_path() /
                     ("assay-data-bench-" + std::to_string(::getpid()) + ".csv"))
                        .string();
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr) std::abort();
    const std::string header = "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n";
    std::fwrite(header.data(), 1, header.size(), f);
    bytes_ = header.size();
    for (std::uint64_t row = 0; static_cast<double>(bytes_) < target; row += 10000) {
      const std::string chunk = make_rows(row, 10000);
      std::fwrite(chunk.data(), 1, chunk.size(), f);
      bytes_ += chunk.size();
    }
    std::fclose(f);
  }
  std::string path_;
  std::uint64_t bytes_ = 0;
  bool keep_ = false;
};

void BM_Validate8Rules(benchmark::State& state) {
  const BenchFile& file = BenchFile::get();
  auto rules = parse_rules_text(kRules, "bench.json");
  if (!rules.ok()) state.SkipWithError(rules.error().format().c_str());
  CheckOptions options;
  options.read.hash = state.range(0) != 0;
  std::uint64_t failed = 0;
  for (auto _ : state) {
    auto report = check_file(*rules, file.path(), options);
    if (!report.ok()) state.SkipWithError(report.error().format().c_str());
    failed = report->findings[1].failed;
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(file.bytes()) * state.iterations());
  state.counters["rows_null_c0"] = static_cast<double>(failed);
  state.SetLabel(options.read.hash ? "with SHA-256 (as assay data check)" : "rules only");
}
// Throughput per core: bytes per CPU second (the wall-clock time is reported next to it; on a
// shared machine it is longer).
BENCHMARK(BM_Validate8Rules)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ParseCsv(benchmark::State& state) {
  const BenchFile& file = BenchFile::get();
  for (auto _ : state) {
    auto reader = open_table(file.path(), {});
    if (!reader.ok()) state.SkipWithError(reader.error().format().c_str());
    Batch batch;
    std::uint64_t rows = 0;
    for (;;) {
      auto more = (*reader)->next(batch);
      if (!more.ok() || !*more) break;
      rows += batch.rows;
    }
    benchmark::DoNotOptimize(rows);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(file.bytes()) * state.iterations());
}
BENCHMARK(BM_ParseCsv)->Unit(benchmark::kMillisecond);

std::vector<double> normal_sample(std::uint64_t seed, std::size_t n, double mean) {
  Rng rng(seed);
  std::vector<double> out(n);
  for (auto& x : out) x = rng.normal(mean, 1.0);
  std::sort(out.begin(), out.end());
  return out;
}

void BM_KsExact(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = normal_sample(1, n, 0.0), b = normal_sample(2, n, 0.05);
  for (auto _ : state) benchmark::DoNotOptimize(ks_two_sample(a, b, KsMethod::kExact));
  state.SetItemsProcessed(static_cast<std::int64_t>(2 * n) * state.iterations());
}
BENCHMARK(BM_KsExact)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_KsAsymptotic(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = normal_sample(1, n, 0.0), b = normal_sample(2, n, 0.05);
  for (auto _ : state) benchmark::DoNotOptimize(ks_two_sample(a, b, KsMethod::kAsymptotic));
  state.SetItemsProcessed(static_cast<std::int64_t>(2 * n) * state.iterations());
}
BENCHMARK(BM_KsAsymptotic)->Arg(1000000);

void BM_Wasserstein(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = normal_sample(1, n, 0.0), b = normal_sample(2, n, 0.05);
  for (auto _ : state) benchmark::DoNotOptimize(wasserstein1(a, b));
  state.SetItemsProcessed(static_cast<std::int64_t>(2 * n) * state.iterations());
}
BENCHMARK(BM_Wasserstein)->Arg(1000000);

void BM_JensenShannonSturges(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = normal_sample(1, n, 0.0), b = normal_sample(2, n, 0.05);
  for (auto _ : state) {
    const auto edges =
        sturges_edges(std::min(a.front(), b.front()), std::max(a.back(), b.back()), 2 * n);
    benchmark::DoNotOptimize(jensen_shannon(histogram(a, edges), histogram(b, edges)));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(2 * n) * state.iterations());
}
BENCHMARK(BM_JensenShannonSturges)->Arg(1000000);

// The whole drift command on two 10-column files of ASSAY_BENCH_MB / 10 megabytes each.
void BM_DriftFiles(benchmark::State& state) {
  const BenchFile& file = BenchFile::get();
  const std::uint64_t rows = std::max<std::uint64_t>(1000, file.bytes() / 10 / 100);
  const auto dir = std::filesystem::temp_directory_path();
  const std::string ref =
      (dir / ("assay-drift-ref-" + std::to_string(::getpid()) + ".csv")).string();
  const std::string cur =
      (dir / ("assay-drift-cur-" + std::to_string(::getpid()) + ".csv")).string();
  std::uint64_t bytes = 0;
  for (const auto& [path, first] : {std::pair{ref, std::uint64_t{0}}, std::pair{cur, rows}}) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    const std::string text = "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n" + make_rows(first, rows);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    bytes += text.size();
  }
  for (auto _ : state) {
    auto report = drift_files(ref, cur, {});
    if (!report.ok()) state.SkipWithError(report.error().format().c_str());
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  std::filesystem::remove(ref);
  std::filesystem::remove(cur);
}
BENCHMARK(BM_DriftFiles)->Unit(benchmark::kMillisecond);

}  // namespace
