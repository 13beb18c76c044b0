#include "data/drift.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"
#include "data/stats.h"

namespace assay::data {

namespace {

// What one file holds for one column.
struct ColumnSample {
  std::vector<double> numbers;  // finite numeric values, while every value is a number; sorted
                                // once reading is done
  bool all_numbers = true;      // every present value parsed as a number
  std::map<std::string, std::uint64_t> categories;  // text of present values
  bool too_many_categories = false;
  std::uint64_t present = 0, missing = 0, non_finite = 0;
  std::uint64_t timestamps = 0;  // present values that are ISO 8601 dates or times
};

struct Sample {
  TableSummary table;
  std::vector<ColumnSample> columns;
};

bool missing_field(const Field& f) {
  return f.missing() || ((f.kind == FieldKind::kText || f.kind == FieldKind::kQuoted ||
                          f.kind == FieldKind::kString) &&
                         f.size <= 8 && is_nan_text(f.text()));
}

void count_category(ColumnSample& s, const std::string& key, std::uint64_t n,
                    std::size_t max_categories) {
  if (s.too_many_categories) return;
  auto it = s.categories.find(key);
  if (it != s.categories.end()) {
    it->second += n;
  } else if (s.categories.size() < max_categories) {
    s.categories.emplace(key, n);
  } else {
    s.too_many_categories = true;
    s.categories = {};
  }
}

// A column that held only numbers so far becomes categorical: its numbers become categories
// named by their shortest text ("1.0" and "1" are one category).
void to_categories(ColumnSample& s, std::size_t max_categories) {
  if (!s.all_numbers) return;
  s.all_numbers = false;
  sort_values(s.numbers);
  for (std::size_t i = 0; i < s.numbers.size();) {
    std::size_t j = i;
    while (j < s.numbers.size() && s.numbers[j] == s.numbers[i]) ++j;
    count_category(s, format_double(s.numbers[i]), j - i, max_categories);
    i = j;
  }
  s.numbers = {};
}

void add_value(ColumnSample& s, const Field& f, bool force_numerical, std::size_t max_categories) {
  if (missing_field(f)) {
    ++s.missing;
    return;
  }
  std::optional<double> x;
  if (f.kind == FieldKind::kText || f.kind == FieldKind::kQuoted || f.kind == FieldKind::kNumber)
    x = parse_number(f.text());
  if (x && std::isnan(*x)) {
    ++s.missing;
    return;
  }
  if (!x && force_numerical) {
    ++s.missing;  // declared numerical: a non-number cannot be compared
    return;
  }
  if (x && std::isinf(*x)) {
    ++s.non_finite;  // excluded, as Evidently replaces inf by NaN before testing
    return;
  }
  ++s.present;
  // Numbers are kept as numbers while the column holds nothing else; categories are counted
  // only once it does, so numeric columns cost no map.
  if (x && s.all_numbers) {
    s.numbers.push_back(*x == 0.0 ? 0.0 : *x);
    return;
  }
  if (!x) {
    to_categories(s, max_categories);
    if (f.kind != FieldKind::kNested && parse_iso8601(f.text())) ++s.timestamps;
  }
  count_category(s, x ? format_double(*x == 0.0 ? 0.0 : *x) : std::string(f.text()), 1,
                 max_categories);
}

// Reads a table (twice when sampling: once to count rows, once to keep about `sample` of them,
// each row with probability sample / rows from the seeded generator).
Result<Sample> read_sample(const TableOpener& open, const std::string& path,
                           const DriftOptions& options, std::uint64_t stream) {
  Sample s;
  s.table.path = path;
  double keep = 1.0;
  Batch batch;
  if (options.sample > 0) {
    auto counting = open();
    if (!counting.ok()) return counting.error();
    std::uint64_t rows = 0;
    for (;;) {
      auto more = (*counting)->next(batch);
      if (!more.ok()) return more.error();
      if (!*more) break;
      rows += batch.rows;
    }
    if (rows > options.sample)
      keep = static_cast<double>(options.sample) / static_cast<double>(rows);
    ++s.table.passes;
  }
  auto reader = open();
  if (!reader.ok()) return reader.error();
  s.table.columns = (*reader)->columns();
  s.columns.resize(s.table.columns.size());
  std::vector<bool> forced(s.table.columns.size());
  for (std::size_t c = 0; c < forced.size(); ++c)
    forced[c] = options.numerical.count(s.table.columns[c]) > 0;
  const Rng rng = Rng(options.seed).split(stream);
  for (;;) {
    auto more = (*reader)->next(batch);
    if (!more.ok()) return more.error();
    if (!*more) break;
    for (std::size_t r = 0; r < batch.rows; ++r) {
      const std::uint64_t row = batch.first_row + r;
      if (keep < 1.0) {
        Rng row_rng = rng.split(row);  // one draw per row, independent of batch boundaries
        if (row_rng.uniform() >= keep) continue;
      }
      ++s.table.rows;
      for (std::size_t c = 0; c < batch.columns; ++c) {
        add_value(s.columns[c], batch.column(c)[r], forced[c], options.max_categories);
      }
    }
  }
  s.table.bytes = (*reader)->bytes_read();
  s.table.sha256 = (*reader)->sha256();
  for (auto& c : s.columns) sort_values(c.numbers);
  return s;
}

// Categories and their counts in both samples, over the union of keys (sorted).
struct CategoryCounts {
  std::vector<std::string> keys;
  std::vector<double> reference, current;
};

CategoryCounts category_counts(const ColumnSample& ref, const ColumnSample& cur, bool numeric) {
  CategoryCounts out;
  if (numeric) {
    // Numbers as categories: the distinct values of both sorted samples, compared by value.
    const auto& a = ref.numbers;
    const auto& b = cur.numbers;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      const double x = (j >= b.size() || (i < a.size() && a[i] <= b[j])) ? a[i] : b[j];
      double in_a = 0, in_b = 0;
      for (; i < a.size() && a[i] == x; ++i) in_a += 1;
      for (; j < b.size() && b[j] == x; ++j) in_b += 1;
      out.keys.push_back(format_double(x));
      out.reference.push_back(in_a);
      out.current.push_back(in_b);
    }
    return out;
  }
  std::map<std::string, std::pair<double, double>> counts;
  for (const auto& [k, n] : ref.categories) counts[k].first += static_cast<double>(n);
  for (const auto& [k, n] : cur.categories) counts[k].second += static_cast<double>(n);
  for (const auto& [k, c] : counts) {
    out.keys.push_back(k);
    out.reference.push_back(c.first);
    out.current.push_back(c.second);
  }
  return out;
}

// Distinct values over two sorted samples, by merging.
std::uint64_t distinct_numbers(const std::vector<double>& a, const std::vector<double>& b) {
  std::uint64_t count = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const double x = (j >= b.size() || (i < a.size() && a[i] <= b[j])) ? a[i] : b[j];
    while (i < a.size() && a[i] == x) ++i;
    while (j < b.size() && b[j] == x) ++j;
    ++count;
  }
  return count;
}

DriftTest default_test(bool numerical, std::uint64_t reference_values, std::uint64_t distinct) {
  if (reference_values <= 1000) {
    if (numerical && distinct > 5) return DriftTest::kKs;
    return distinct > 2 ? DriftTest::kChiSquare : DriftTest::kZ;
  }
  return numerical && distinct > 5 ? DriftTest::kWasserstein : DriftTest::kJensenShannon;
}

// Binned shares as Evidently's get_binned_data: a numerical column with more than 20 distinct
// reference values is binned by Sturges' rule over both samples; otherwise each value is a bin.
void binned(const ColumnSample& ref, const ColumnSample& cur, bool numerical,
            std::vector<double>& p, std::vector<double>& q) {
  const std::vector<double>& rs = ref.numbers;
  const std::vector<double>& cs = cur.numbers;
  const auto ref_distinct = numerical ? distinct_numbers(rs, {}) : 0;
  if (numerical && ref_distinct > 20) {
    const double lo = std::min(rs.front(), cs.front()), hi = std::max(rs.back(), cs.back());
    const auto edges = sturges_edges(lo, hi, rs.size() + cs.size());
    p = histogram(rs, edges);
    q = histogram(cs, edges);
  } else {
    const CategoryCounts counts = category_counts(ref, cur, ref.all_numbers && cur.all_numbers);
    p = counts.reference;
    q = counts.current;
  }
  const double n_ref = static_cast<double>(ref.present), n_cur = static_cast<double>(cur.present);
  for (double& x : p) x /= n_ref;
  for (double& x : q) x /= n_cur;
}

void run_test(ColumnDrift& d, const ColumnSample& ref, const ColumnSample& cur, bool numerical) {
  switch (d.test) {
    case DriftTest::kKs: {
      const KsResult r = ks_two_sample(ref.numbers, cur.numbers);
      d.statistic = r.statistic;
      d.value = r.p_value;
      d.exact = r.exact;
      break;
    }
    case DriftTest::kChiSquare: {
      // Evidently's chisquare: expected = reference counts scaled to the current size.
      const CategoryCounts c = category_counts(ref, cur, ref.all_numbers && cur.all_numbers);
      const double scale = static_cast<double>(cur.present) / static_cast<double>(ref.present);
      std::vector<double> expected = c.reference;
      for (double& e : expected) e *= scale;
      const ChiSquareResult r = chi_square(c.current, expected);
      d.statistic = r.statistic;
      d.value = r.p_value;
      break;
    }
    case DriftTest::kZ: {
      // Share of the first category (sorted) in each sample.
      const CategoryCounts c = category_counts(ref, cur, ref.all_numbers && cur.all_numbers);
      const ZResult r = two_proportion_z(
          c.reference.empty() ? 0 : c.reference[0], static_cast<double>(ref.present),
          c.current.empty() ? 0 : c.current[0], static_cast<double>(cur.present));
      d.statistic = r.z;
      d.value = r.p_value;
      break;
    }
    case DriftTest::kWasserstein: {
      // Normed by the reference's (population) standard deviation, at least 0.001.
      d.value =
          wasserstein1(ref.numbers, cur.numbers) / std::max(population_stdev(ref.numbers), 0.001);
      break;
    }
    case DriftTest::kJensenShannon:
    case DriftTest::kPsi: {
      std::vector<double> p, q;
      binned(ref, cur, numerical, p, q);
      d.value = d.test == DriftTest::kPsi ? population_stability_index(p, q) : jensen_shannon(p, q);
      break;
    }
    case DriftTest::kAuto:
      break;
  }
}

std::string decision_text(const ColumnDrift& d) {
  const bool p_test = is_p_value_test(d.test);
  std::string out = std::string(drift_test_name(d.test)) + std::string(p_test ? " p-value " : " ") +
                    format_short(d.adjusted_p.value_or(d.value), 6);
  if (d.adjusted_p) out += " (adjusted; raw " + format_short(d.value, 6) + ")";
  out += p_test ? (d.drifted ? " < " : " >= ") : (d.drifted ? " >= " : " < ");
  out += format_double(d.threshold) + ": " + (d.drifted ? "drift detected" : "no drift");
  out += " (" + std::to_string(d.reference_values) + " reference and " +
         std::to_string(d.current_values) + " current values, " + d.kind;
  if (d.test == DriftTest::kKs) out += d.exact ? ", exact" : ", asymptotic";
  return out + ")";
}

}  // namespace

std::string_view drift_test_name(DriftTest test) {
  switch (test) {
    case DriftTest::kAuto:
      return "auto";
    case DriftTest::kKs:
      return "ks";
    case DriftTest::kChiSquare:
      return "chisquare";
    case DriftTest::kZ:
      return "z";
    case DriftTest::kWasserstein:
      return "wasserstein";
    case DriftTest::kJensenShannon:
      return "jensenshannon";
    case DriftTest::kPsi:
      return "psi";
  }
  return "auto";
}

std::optional<DriftTest> parse_drift_test(std::string_view name) {
  for (auto t : {DriftTest::kAuto, DriftTest::kKs, DriftTest::kChiSquare, DriftTest::kZ,
                 DriftTest::kWasserstein, DriftTest::kJensenShannon, DriftTest::kPsi}) {
    if (drift_test_name(t) == name) return t;
  }
  return std::nullopt;
}

bool is_p_value_test(DriftTest test) {
  return test == DriftTest::kKs || test == DriftTest::kChiSquare || test == DriftTest::kZ;
}

double default_threshold(DriftTest test) {
  return is_p_value_test(test) ? 0.05 : 0.1;
}

// Bonferroni: compare m p against alpha. Benjamini–Hochberg (J. R. Stat. Soc. B 57(1), 1995):
// q_(i) = min over j >= i of m p_(j) / j; a column drifts when q < alpha, which is the step-up
// rule p_(i) < i alpha / m for all i up to the largest such i.
void apply_correction(std::vector<ColumnDrift>& columns, Correction correction) {
  std::vector<ColumnDrift*> tests;
  for (auto& c : columns) {
    if (!c.skipped && is_p_value_test(c.test) && c.kind != "schema") tests.push_back(&c);
  }
  const double m = static_cast<double>(tests.size());
  if (correction == Correction::kNone || tests.empty()) return;
  if (correction == Correction::kBonferroni) {
    for (auto* c : tests) c->adjusted_p = std::min(1.0, c->value * m);
  } else {
    std::stable_sort(tests.begin(), tests.end(), [](const ColumnDrift* a, const ColumnDrift* b) {
      return a->value < b->value;
    });
    double running = 1.0;
    for (std::size_t k = tests.size(); k-- > 0;) {
      running = std::min(running, tests[k]->value * m / static_cast<double>(k + 1));
      tests[k]->adjusted_p = std::min(1.0, running);
    }
  }
  for (auto* c : tests) c->drifted = *c->adjusted_p < c->threshold;
}

Result<DriftReport> drift_tables(const TableOpener& reference, const std::string& reference_path,
                                 const TableOpener& current, const std::string& current_path,
                                 const DriftOptions& options) {
  auto ref = read_sample(reference, reference_path, options, 1);
  if (!ref.ok()) return ref.error();
  auto cur = read_sample(current, current_path, options, 2);
  if (!cur.ok()) return cur.error();
  DriftReport report;
  report.reference = ref->table;
  report.current = cur->table;
  report.drift_share = options.drift_share;
  report.correction = options.correction;

  std::vector<std::string> names = options.columns;
  if (names.empty()) names = ref->table.columns;
  const auto index_of = [](const std::vector<std::string>& cols, const std::string& name) {
    const auto it = std::find(cols.begin(), cols.end(), name);
    return it == cols.end() ? std::optional<std::size_t>()
                            : std::optional<std::size_t>(it - cols.begin());
  };
  for (const auto& name : names) {
    ColumnDrift d;
    d.column = name;
    const auto ri = index_of(ref->table.columns, name);
    const auto ci = index_of(cur->table.columns, name);
    if (!ri || !ci) {
      d.kind = "schema";
      if (!ri && !ci) {
        d.skipped = true;
        d.message = "column \"" + name + "\" is in neither file";
      } else if (!ci) {
        d.drifted = true;  // a column that disappeared has drifted as far as it can
        d.message = "column \"" + name + "\" is missing from the current data";
      } else {
        d.skipped = true;
        d.message = "column \"" + name + "\" is not in the reference data";
      }
      report.columns.push_back(std::move(d));
      continue;
    }
    ColumnSample& rs = ref->columns[*ri];
    ColumnSample& cs = cur->columns[*ci];
    if (rs.all_numbers != cs.all_numbers) {
      // Numbers on one side only: both sides are compared as categories.
      to_categories(rs, options.max_categories);
      to_categories(cs, options.max_categories);
    }
    d.reference_values = rs.present;
    d.current_values = cs.present;
    d.reference_missing = rs.missing + rs.non_finite;
    d.current_missing = cs.missing + cs.non_finite;
    const bool numerical = !options.categorical.count(name) && rs.all_numbers && cs.all_numbers;
    d.kind = numerical ? "numerical" : "categorical";
    const bool chosen = options.categorical.count(name) || options.per_column.count(name) ||
                        !options.columns.empty();
    if (!numerical && !chosen && rs.present > 0 && rs.timestamps == rs.present &&
        cs.timestamps == cs.present) {
      // Timestamps move with time by nature; as Evidently, date-time columns are not tested
      // unless asked for.
      d.kind = "timestamp";
      d.skipped = true;
      d.message =
          "not tested: a timestamp column (name it in --columns, --categorical or --test "
          "to compare it)";
      report.columns.push_back(std::move(d));
      continue;
    }
    if (rs.present == 0 || cs.present == 0) {
      d.skipped = true;
      d.message = std::string("not tested: no values in the ") +
                  std::string(rs.present == 0 ? "reference" : "current") + " data";
      report.columns.push_back(std::move(d));
      continue;
    }
    const bool numbers = rs.all_numbers && cs.all_numbers;  // both sides kept as numbers
    d.distinct = numbers ? distinct_numbers(rs.numbers, cs.numbers)
                         : category_counts(rs, cs, false).keys.size();
    if (!numerical &&
        (rs.too_many_categories || cs.too_many_categories || d.distinct > options.max_categories)) {
      d.skipped = true;
      d.message = "not tested: more than " + std::to_string(options.max_categories) +
                  " distinct values (a text column? use --columns to leave it out)";
      report.columns.push_back(std::move(d));
      continue;
    }
    const auto per = options.per_column.find(name);
    d.test = per != options.per_column.end() ? per->second : options.test;
    if (d.test == DriftTest::kAuto) d.test = default_test(numerical, rs.present, d.distinct);
    if (!numerical && (d.test == DriftTest::kKs || d.test == DriftTest::kWasserstein)) {
      d.skipped = true;
      d.message = "not tested: " + std::string(drift_test_name(d.test)) +
                  " needs numbers and the column is categorical";
      report.columns.push_back(std::move(d));
      continue;
    }
    d.threshold = options.threshold.value_or(default_threshold(d.test));
    run_test(d, rs, cs, numerical);
    d.drifted = is_p_value_test(d.test) ? d.value < d.threshold : d.value >= d.threshold;
    if (std::isnan(d.value)) {
      d.skipped = true;
      d.drifted = false;
      d.message = "not tested: the statistic is undefined for these samples";
    }
    report.columns.push_back(std::move(d));
  }
  apply_correction(report.columns, options.correction);
  for (auto& d : report.columns) {
    if (d.skipped) continue;
    if (d.kind != "schema") d.message = decision_text(d);
    ++report.tested;
    if (d.drifted) ++report.drifted;
  }
  report.share = report.tested == 0
                     ? 0.0
                     : static_cast<double>(report.drifted) / static_cast<double>(report.tested);
  report.dataset_drift = report.drifted > 0 && report.share >= options.drift_share;
  return report;
}

Result<DriftReport> drift_files(const std::string& reference, const std::string& current,
                                const DriftOptions& options) {
  // Only the pass that reads everything hashes (the counting pass of sampling does not).
  std::size_t ref_opens = 0, cur_opens = 0;
  const std::size_t hashing_open = options.sample > 0 ? 2 : 1;
  return drift_tables(
      [&]() {
        ReadOptions read = options.read;
        read.hash = read.hash && ++ref_opens == hashing_open;
        return open_table(reference, read);
      },
      reference,
      [&]() {
        ReadOptions read = options.read;
        read.hash = read.hash && ++cur_opens == hashing_open;
        return open_table(current, read);
      },
      current, options);
}

RunResults drift_results(const DriftReport& report, const RunContext& context,
                         bool fail_on_column) {
  RunResults results;
  results.manifest = data_manifest(context);
  const std::string scenario = "drift";
  const auto base = [&](CaseResult& c) {
    c.scenario_id = scenario;
    c.scenario_title = "drift of " + report.current.path + " against " + report.reference.path;
    c.scenario_file = report.current.path;
    c.replay = context.replay;
    c.end_reason = "checked";
    c.metrics = {{"current_rows", static_cast<double>(report.current.rows), "rows"},
                 {"reference_rows", static_cast<double>(report.reference.rows), "rows"}};
  };
  std::uint64_t index = 0;
  for (const auto& d : report.columns) {
    CaseResult c;
    base(c);
    c.index = index++;
    c.case_id = scenario + "#" + d.column;
    c.tags = {d.kind};
    if (!d.skipped && d.kind != "schema") c.tags.push_back(std::string(drift_test_name(d.test)));
    OracleResult o;
    o.id = d.column;
    o.kind = d.kind == "schema" ? "schema"
             : d.skipped        ? "not-tested"
                                : std::string(drift_test_name(d.test));
    o.message = d.message;
    if (d.skipped) {
      c.verdict = o.verdict = Verdict::kSkipped;
      c.reason = d.message;
      c.end_reason = "skipped";
    } else if (d.drifted) {
      c.tags.push_back("drifted");
      c.verdict = o.verdict = fail_on_column ? Verdict::kFail : Verdict::kPass;
      c.reason = fail_on_column ? d.message : "warning: " + d.message;
      if (!fail_on_column) o.message = "warning: " + o.message;
    }
    std::sort(c.tags.begin(), c.tags.end());
    if (!d.skipped && d.kind != "schema") {
      const double score = d.adjusted_p.value_or(d.value);
      o.margin = is_p_value_test(d.test) ? score - d.threshold : d.threshold - score;
      o.margin_unit = is_p_value_test(d.test) ? "p" : "";
      std::vector<Quantity>& e = o.evidence;
      e.push_back({is_p_value_test(d.test) ? "p_value" : "distance", d.value, ""});
      if (d.adjusted_p) e.push_back({"adjusted_p_value", *d.adjusted_p, ""});
      if (d.statistic) e.push_back({"statistic", *d.statistic, ""});
      e.push_back({"threshold", d.threshold, ""});
      e.push_back({"drift", d.drifted ? 1.0 : 0.0, ""});
      e.push_back({"distinct_values", static_cast<double>(d.distinct), ""});
      c.parameters.push_back({"threshold", d.threshold, ""});
    }
    o.evidence.push_back({"reference_values", static_cast<double>(d.reference_values), ""});
    o.evidence.push_back({"current_values", static_cast<double>(d.current_values), ""});
    o.evidence.push_back({"reference_missing", static_cast<double>(d.reference_missing), ""});
    o.evidence.push_back({"current_missing", static_cast<double>(d.current_missing), ""});
    std::sort(o.evidence.begin(), o.evidence.end(),
              [](const Quantity& a, const Quantity& b) { return a.name < b.name; });
    c.steps = d.current_values;
    c.oracles.push_back(std::move(o));
    results.cases.push_back(std::move(c));
  }
  if (report.columns.empty()) return results;  // no columns at all: nothing to check (exit 3)
  CaseResult dataset;
  base(dataset);
  dataset.index = index;
  dataset.case_id = scenario + "#dataset";
  dataset.tags = {"dataset"};
  OracleResult o;
  o.id = "dataset";
  o.kind = "drift_share";
  const std::string correction = report.correction == Correction::kBonferroni ? ", Bonferroni"
                                 : report.correction == Correction::kFdr      ? ", FDR (BH)"
                                                                              : "";
  o.message = std::to_string(report.drifted) + " of " + std::to_string(report.tested) +
              " columns drifted (share " + format_short(report.share, 4) + ", drift_share " +
              format_double(report.drift_share) + correction +
              "): " + (report.dataset_drift ? "dataset drift detected" : "no dataset drift");
  o.margin = report.drift_share - report.share;
  if (report.drifted == 0) o.margin = report.drift_share;
  o.evidence = {{"drift_share", report.drift_share, ""},
                {"drifted_columns", static_cast<double>(report.drifted), ""},
                {"share", report.share, ""},
                {"tested_columns", static_cast<double>(report.tested), ""}};
  dataset.parameters = {{"drift_share", report.drift_share, ""}};
  dataset.verdict = o.verdict = report.dataset_drift ? Verdict::kFail : Verdict::kPass;
  if (report.tested == 0) {
    // Columns exist but none could be tested: the dataset cannot be judged.
    dataset.verdict = o.verdict = Verdict::kError;
    o.message = "no column could be tested (see the skipped columns)";
    o.margin.reset();
  }
  if (dataset.verdict != Verdict::kPass) dataset.reason = o.message;
  dataset.oracles.push_back(std::move(o));
  results.cases.push_back(std::move(dataset));
  return results;
}

}  // namespace assay::data
