#include "data/command.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "core/atomic_file.h"
#include "core/results.h"
#include "core/sha256.h"
#include "data/check.h"
#include "data/corrupt.h"
#include "data/drift.h"
#include "data/findings.h"
#include "data/infer.h"
#include "data/rules.h"
#include "reports/reports.h"

namespace assay::data {

namespace {

const std::string kHelp = R"(assay data - data validation, drift and corruption

Usage:
  assay data infer DATA [options]               propose a rule set (stdout or --out FILE)
  assay data check RULES DATA [options]         check data against a rule set
  assay data drift REFERENCE CURRENT [options]  per-column and dataset drift
  assay data corrupt DATA --out FILE --kind KIND --column COL [options]
                                                write a seeded, corrupted copy

Reading (every verb):
  --format csv|jsonl     file format (default: .jsonl and .ndjson are JSON Lines, else CSV)
  --delimiter C          CSV delimiter: one character, or tab (default ,)
  --no-header            CSV without a header row (columns are column_1, column_2, ...)
  --null TOKEN           a CSV text that means missing; repeatable; replaces the defaults
                         "", NA, N/A, n/a, NULL, null, None, <NA>
check:
  --out DIR              report directory (default assay-out)              [ASSAY_OUT]
  --examples N           offending rows reported per rule (default: the rule set's, else 10)
  --memory-values N      values a quantile rule keeps in memory before it makes extra passes
                         (default 16777216)
infer:
  --out FILE             write the proposed rule set to FILE (default: stdout)
  --max-categories N     largest categorical domain proposed (default 100)
  --id ID                the rule set's id (default: the data file's stem)
drift:
  --out DIR              report directory (default assay-out)              [ASSAY_OUT]
  --columns A,B          columns to compare (default: every reference column)
  --test NAME            ks, chisquare, z, wasserstein, jensenshannon or psi for every column
  --test COL=NAME        the test for one column; repeatable
  --threshold X          threshold of every test (p-values drift below it, distances at or
                         above it; defaults 0.05 and 0.1)
  --drift-share X        dataset drift when at least this share of columns drifted (0.5)
  --correction C         none (default), bonferroni or fdr (Benjamini-Hochberg)
  --categorical A,B      treat these columns as categories even when numeric
  --numerical A,B        treat these columns as numbers (other values count as missing)
  --sample N             compare about N rows of each file, drawn with --seed (default: all)
  --seed N               seed of --sample (default 1)                      [ASSAY_SEED]
  --fail-on WHAT         dataset (default): exit 1 on dataset drift; column: on any column
corrupt:
  --out FILE             the corrupted copy (required; never the input)
  --kind KIND            missing, swap, scale, noise, broken or shift (required)
  --column COL           the column to corrupt (required)
  --fraction F           share of rows corrupted, 0..1 (default 0.1)
  --sampling S           car (default), ar or nar; also mcar, mar, mnar
  --depends-on COL       ar: the column whose ranks choose the rows (default: the next one)
  --with COL             swap: the other column (default: chosen by the seed)
  --factor F             scale: the factor (default: 10, 100 or 1000, chosen by the seed)
  --sigma S              noise: standard deviation (default: the column's times U[1, 5])
  --seed N               seed (default 1)                                  [ASSAY_SEED]

Exit codes:
  0  every rule held / no dataset drift / done
  1  a rule with severity error failed / drift detected
  2  usage or input error (file:line:col: error: ... is printed)
  3  nothing to check (a rule set without rules, files without columns)
  4  a rule could not be evaluated (e.g. the mean of a column without numbers), no column
     could be tested for drift, or the reports could not be written

Reports (check, drift): results.json, junit.xml and summary.md in --out DIR.
Documentation: docs/data-validation.md, docs/cli.md
)";

struct UsageError {
  std::string message;
};

// Arguments split into positionals, valued options (in order) and switches.
struct Args {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;
  std::set<std::string> switches;

  [[nodiscard]] std::optional<std::string> last(const std::string& name) const {
    std::optional<std::string> v;
    for (const auto& [k, value] : options) {
      if (k == name) v = value;
    }
    return v;
  }
  [[nodiscard]] std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, value] : options) {
      if (k == name) out.push_back(value);
    }
    return out;
  }
};

Args parse_args(const std::vector<std::string>& args, const std::set<std::string>& valued,
                const std::set<std::string>& switches, const std::string& verb) {
  Args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!a.starts_with("--") || a == "--") {
      if (a.starts_with("-") && a != "-") throw UsageError{"unknown option " + a};
      out.positional.push_back(a);
      continue;
    }
    std::string key = a.substr(2), value;
    const auto eq = key.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    }
    if (switches.count(key)) {
      if (inline_value) throw UsageError{"--" + key + " takes no value"};
      out.switches.insert(key);
      continue;
    }
    if (!valued.count(key)) {
      throw UsageError{"unknown option --" + key + " for assay data " + verb +
                       " (see assay data --help)"};
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) throw UsageError{"--" + key + " needs a value"};
      value = args[++i];
    }
    out.options.emplace_back(key, value);
  }
  return out;
}

std::uint64_t parse_count(const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw UsageError{"--" + flag + " expects a non-negative integer, got \"" + text + "\""};
  }
  return v;
}

double parse_real(const std::string& flag, const std::string& text, double lo, double hi) {
  const auto v = parse_number(text);
  if (!v || !std::isfinite(*v) || *v < lo || *v > hi) {
    throw UsageError{"--" + flag + " expects a number in [" + format_double(lo) + ", " +
                     format_double(hi) + "], got \"" + text + "\""};
  }
  return *v;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    std::string item = text.substr(start, comma - start);
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != 0) ? std::string(v) : fallback;
}

// A word safe to paste into a POSIX shell.
std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./=:,@+%").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += std::string(out.empty() ? "" : " ") + shell_quote(a);
  return out;
}

const std::set<std::string> kReadValued = {"format", "delimiter", "null"};
const std::set<std::string> kReadSwitches = {"no-header"};

std::set<std::string> with_read(std::set<std::string> flags) {
  flags.insert(kReadValued.begin(), kReadValued.end());
  return flags;
}

// Applies the reading flags over `options`; records them as settings.
void apply_read_flags(const Args& a, ReadOptions& options,
                      std::vector<std::pair<std::string, std::string>>& settings) {
  if (auto f = a.last("format")) {
    const auto format = parse_format_name(*f);
    if (!format) throw UsageError{"--format expects csv or jsonl, got \"" + *f + "\""};
    options.format = *format;
    settings.emplace_back("format", *f);
  }
  if (auto d = a.last("delimiter")) {
    const auto c = parse_delimiter(*d);
    if (!c)
      throw UsageError{"--delimiter expects one character (not a quote or line break) or tab"};
    options.delimiter = *c;
    settings.emplace_back("delimiter", *d);
  }
  if (a.switches.count("no-header")) {
    options.header = false;
    settings.emplace_back("header", "false");
  }
  const auto nulls = a.all("null");
  if (!nulls.empty()) {
    options.nulls.tokens = nulls;
    std::string joined;
    for (const auto& n : nulls) joined += std::string(joined.empty() ? "\"" : ",\"") + n + "\"";
    settings.emplace_back("null", joined);
  }
}

struct Clock {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string started_at = utc_now();
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

RunContext context_for(const std::vector<std::string>& argv, const Clock& clock,
                       std::vector<std::pair<std::string, std::string>> settings) {
  RunContext c;
  c.command_line = argv;
  c.settings = std::move(settings);
  std::sort(c.settings.begin(), c.settings.end());
  c.started_at = clock.started_at;
  c.finished_at = utc_now();
  c.wall_seconds = clock.seconds();
  c.replay = command_text(argv);
  return c;
}

int write_and_finish(const RunResults& results, const std::string& out_dir, std::ostream& out,
                     std::ostream& err) {
  if (Status s = write_reports(results, out_dir); !s.ok()) {
    err << "assay data: cannot write reports: " << s.error().format() << "\n";
    return kExitInfra;
  }
  const RunSummary s = results.summary();
  out << "reports: " << (std::filesystem::path(out_dir) / "results.json").string()
      << ", junit.xml, summary.md\n";
  return exit_code_for(s);
}

std::string status_word(const CaseResult& c) {
  if (c.verdict == Verdict::kFail) return "FAIL ";
  if (c.verdict == Verdict::kError) return "ERROR";
  if (c.verdict == Verdict::kSkipped) return "SKIP ";
  return c.reason.starts_with("warning: ") ? "WARN " : "pass ";
}

// One line per case: status, id and what was found.
void print_cases(const RunResults& results, std::ostream& out) {
  for (const auto& c : results.cases) {
    std::string message = c.oracles.empty() ? c.reason : c.oracles.front().message;
    if (message.starts_with("warning: ")) message.erase(0, 9);  // the status says WARN
    std::string id = c.case_id.substr(c.case_id.find('#') + 1);
    out << "  " << status_word(c) << "  " << id << ": " << clip(message, 400) << "\n";
  }
  const RunSummary s = results.summary();
  std::size_t warnings = 0;
  for (const auto& c : results.cases) warnings += c.reason.starts_with("warning: ") ? 1 : 0;
  out << s.total << " checks: " << s.passed << " passed (" << warnings << " with warnings), "
      << s.failed << " failed, " << s.errors << " not evaluable, " << s.skipped << " skipped\n";
}

int run_check(const std::vector<std::string>& rest, const std::vector<std::string>& argv,
              std::ostream& out, std::ostream& err) {
  const Args a =
      parse_args(rest, with_read({"out", "examples", "memory-values"}), kReadSwitches, "check");
  if (a.positional.size() != 2) throw UsageError{"assay data check needs RULES and DATA"};
  const Clock clock;
  const std::string& rules_path = a.positional[0];
  const std::string& data_path = a.positional[1];
  // Flags are checked before any file is read, so a usage error is reported as one.
  std::vector<std::pair<std::string, std::string>> settings;
  std::optional<std::size_t> examples;
  if (auto e = a.last("examples")) {
    examples = parse_count("examples", *e);
    if (*examples > 1000) throw UsageError{"--examples expects at most 1000"};
    settings.emplace_back("examples", *e);
  }
  CheckOptions options;
  if (auto m = a.last("memory-values")) {
    options.max_values_in_memory = std::max<std::uint64_t>(1, parse_count("memory-values", *m));
    settings.emplace_back("memory_values", *m);
  }
  ReadOptions flags_only;
  apply_read_flags(a, flags_only, settings);
  auto rules = load_rules(rules_path);
  if (!rules.ok()) {
    err << rules.error().format() << "\n";
    return kExitUsage;
  }
  rules->apply_to(options.read);
  std::vector<std::pair<std::string, std::string>> ignored;
  apply_read_flags(a, options.read, ignored);  // flags win over the rule set's "data"
  options.read.hash = true;
  options.examples = examples.value_or(rules->examples);
  const std::string out_dir = a.last("out").value_or(env_or("ASSAY_OUT", "assay-out"));
  if (out_dir != "assay-out") settings.emplace_back("out", out_dir);

  auto rules_digest = sha256_file(rules_path);
  if (!rules_digest.ok()) {
    err << rules_digest.error().format() << "\n";
    return kExitUsage;
  }
  if (rules->rules.empty()) {
    out << "assay data check: " << rules_path << " has no rules: nothing to check\n";
    RunContext context = context_for(argv, clock, settings);
    context.dataset = data_path;
    context.inputs = {{"rules", rules_path, *rules_digest}};
    RunResults empty;
    empty.manifest = data_manifest(context);
    return write_and_finish(empty, out_dir, out, err);
  }
  auto report = check_file(*rules, data_path, options);
  if (!report.ok()) {
    err << report.error().format() << "\n";
    return kExitUsage;
  }
  RunContext context = context_for(argv, clock, settings);
  context.dataset = data_path;
  context.inputs = {{"rules", rules_path, *rules_digest},
                    {"data", data_path, report->table.sha256}};
  const RunResults results = check_results(*rules, *report, context);
  out << "assay data check: " << rules_path << " (" << rules->rules.size() << " rules) on "
      << data_path << " (" << report->table.rows << " rows, " << report->table.columns.size()
      << " columns)\n";
  print_cases(results, out);
  return write_and_finish(results, out_dir, out, err);
}

int run_infer(const std::vector<std::string>& rest, std::ostream& out, std::ostream& err) {
  const Args a =
      parse_args(rest, with_read({"out", "max-categories", "id"}), kReadSwitches, "infer");
  if (a.positional.size() != 1) throw UsageError{"assay data infer needs one DATA file"};
  InferOptions options;
  std::vector<std::pair<std::string, std::string>> unused;
  apply_read_flags(a, options.read, unused);
  if (auto m = a.last("max-categories")) options.max_categories = parse_count("max-categories", *m);
  if (auto id = a.last("id")) options.id = *id;
  const std::string& path = a.positional[0];
  auto profile = profile_table([&] { return open_table(path, options.read); }, path, options);
  if (!profile.ok()) {
    err << profile.error().format() << "\n";
    return kExitUsage;
  }
  if (profile->table.columns.empty()) {
    err << "assay data infer: " << path << " has no columns: nothing to infer\n";
    return kExitNothingRun;
  }
  const std::string text = propose_rules(*profile, options);
  if (auto file = a.last("out")) {
    if (Status s = write_file_atomic(*file, text); !s.ok()) {
      err << s.error().format() << "\n";
      return kExitInfra;
    }
    out << "wrote " << *file << ": a proposed rule set for " << path << " (" << profile->table.rows
        << " rows, " << profile->table.columns.size()
        << " columns); review it, then run assay data check " << *file << " " << path << "\n";
  } else {
    out << text;
  }
  return kExitOk;
}

DriftTest drift_test_or_throw(const std::string& name) {
  const auto t = parse_drift_test(name);
  if (!t || *t == DriftTest::kAuto) {
    throw UsageError{"--test expects ks, chisquare, z, wasserstein, jensenshannon or psi, got \"" +
                     name + "\""};
  }
  return *t;
}

int run_drift(const std::vector<std::string>& rest, const std::vector<std::string>& argv,
              std::ostream& out, std::ostream& err) {
  const Args a =
      parse_args(rest,
                 with_read({"out", "columns", "test", "threshold", "drift-share", "correction",
                            "categorical", "numerical", "sample", "seed", "fail-on"}),
                 kReadSwitches, "drift");
  if (a.positional.size() != 2) throw UsageError{"assay data drift needs REFERENCE and CURRENT"};
  const Clock clock;
  DriftOptions options;
  std::vector<std::pair<std::string, std::string>> settings;
  apply_read_flags(a, options.read, settings);
  options.read.hash = true;
  for (const auto& c : a.all("columns")) {
    for (auto& name : split_commas(c)) options.columns.push_back(name);
  }
  if (!options.columns.empty()) settings.emplace_back("columns", a.all("columns").back());
  for (const auto& t : a.all("test")) {
    const auto eq = t.find('=');
    if (eq == std::string::npos) {
      options.test = drift_test_or_throw(t);
    } else {
      options.per_column[t.substr(0, eq)] = drift_test_or_throw(t.substr(eq + 1));
    }
    settings.emplace_back("test", t);
  }
  if (auto t = a.last("threshold")) {
    options.threshold = parse_real("threshold", *t, 0, 1e300);
    settings.emplace_back("threshold", *t);
  }
  if (auto s = a.last("drift-share")) {
    options.drift_share = parse_real("drift-share", *s, 0, 1);
    settings.emplace_back("drift_share", *s);
  }
  if (auto c = a.last("correction")) {
    if (*c == "none") {
      options.correction = Correction::kNone;
    } else if (*c == "bonferroni") {
      options.correction = Correction::kBonferroni;
    } else if (*c == "fdr" || *c == "bh") {
      options.correction = Correction::kFdr;
    } else {
      throw UsageError{"--correction expects none, bonferroni or fdr, got \"" + *c + "\""};
    }
    settings.emplace_back("correction", *c);
  }
  for (const auto& c : a.all("categorical")) {
    for (auto& name : split_commas(c)) options.categorical.insert(name);
  }
  for (const auto& c : a.all("numerical")) {
    for (auto& name : split_commas(c)) options.numerical.insert(name);
  }
  if (auto s = a.last("sample")) {
    options.sample = parse_count("sample", *s);
    settings.emplace_back("sample", *s);
  }
  const std::string seed = a.last("seed").value_or(env_or("ASSAY_SEED", "1"));
  options.seed = parse_count("seed", seed);
  bool fail_on_column = false;
  if (auto f = a.last("fail-on")) {
    if (*f != "dataset" && *f != "column")
      throw UsageError{"--fail-on expects dataset or column, got \"" + *f + "\""};
    fail_on_column = *f == "column";
    settings.emplace_back("fail_on", *f);
  }
  const std::string out_dir = a.last("out").value_or(env_or("ASSAY_OUT", "assay-out"));
  if (out_dir != "assay-out") settings.emplace_back("out", out_dir);

  auto report = drift_files(a.positional[0], a.positional[1], options);
  if (!report.ok()) {
    err << report.error().format() << "\n";
    return kExitUsage;
  }
  RunContext context = context_for(argv, clock, settings);
  context.seed = options.sample > 0 ? options.seed : 0;
  context.dataset = a.positional[1];
  context.inputs = {{"reference", a.positional[0], report->reference.sha256},
                    {"current", a.positional[1], report->current.sha256}};
  const RunResults results = drift_results(*report, context, fail_on_column);
  out << "assay data drift: " << a.positional[1] << " (" << report->current.rows
      << " rows) against " << a.positional[0] << " (" << report->reference.rows << " rows)\n";
  print_cases(results, out);
  return write_and_finish(results, out_dir, out, err);
}

int run_corrupt(const std::vector<std::string>& rest, std::ostream& out, std::ostream& err) {
  const Args a = parse_args(rest,
                            with_read({"out", "kind", "column", "fraction", "sampling",
                                       "depends-on", "with", "factor", "sigma", "seed"}),
                            kReadSwitches, "corrupt");
  if (a.positional.size() != 1) throw UsageError{"assay data corrupt needs one DATA file"};
  CorruptOptions options;
  std::vector<std::pair<std::string, std::string>> unused;
  apply_read_flags(a, options.read, unused);
  const auto file = a.last("out");
  const auto kind = a.last("kind");
  const auto column = a.last("column");
  if (!file || !kind || !column) {
    throw UsageError{"assay data corrupt needs --out FILE, --kind KIND and --column COL"};
  }
  const auto k = parse_corruption(*kind);
  if (!k) {
    throw UsageError{"--kind expects missing, swap, scale, noise, broken or shift, got \"" + *kind +
                     "\""};
  }
  options.kind = *k;
  options.column = *column;
  if (auto f = a.last("fraction")) options.fraction = parse_real("fraction", *f, 0, 1);
  if (auto s = a.last("sampling")) {
    const auto sampling = parse_sampling(*s);
    if (!sampling) throw UsageError{"--sampling expects car, ar or nar, got \"" + *s + "\""};
    options.sampling = *sampling;
  }
  options.depends_on = a.last("depends-on").value_or("");
  options.with = a.last("with").value_or("");
  if (auto f = a.last("factor")) options.factor = parse_real("factor", *f, -1e300, 1e300);
  if (auto s = a.last("sigma")) options.sigma = parse_real("sigma", *s, 0, 1e300);
  options.seed = parse_count("seed", a.last("seed").value_or(env_or("ASSAY_SEED", "1")));
  auto report = corrupt_file(a.positional[0], *file, options);
  if (!report.ok()) {
    err << report.error().format() << "\n";
    return kExitUsage;
  }
  out << "assay data corrupt: " << report->description << "\n"
      << "wrote " << *file << ": " << report->rows << " rows, " << report->selected << " chosen, "
      << report->changed << " changed";
  if (!report->first_rows.empty()) {
    out << "; first rows:";
    for (auto r : report->first_rows) out << " " << r;
  }
  out << "\n";
  return kExitOk;
}

}  // namespace

const std::string& data_help() {
  return kHelp;
}

int data_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> argv = {"assay", "data"};
  argv.insert(argv.end(), args.begin(), args.end());
  try {
    if (args.empty()) {
      err << kHelp;
      return kExitUsage;
    }
    for (const auto& a : args) {
      if (a == "--help" || a == "-h" || a == "help") {
        out << kHelp;
        return kExitOk;
      }
    }
    const std::string& verb = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (verb == "check") return run_check(rest, argv, out, err);
    if (verb == "infer") return run_infer(rest, out, err);
    if (verb == "drift") return run_drift(rest, argv, out, err);
    if (verb == "corrupt") return run_corrupt(rest, out, err);
    throw UsageError{"unknown verb \"" + verb + "\" (infer, check, drift or corrupt)"};
  } catch (const UsageError& e) {
    err << "assay data: " << e.message << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "assay data: internal error: " << e.what() << "\n";
    return kExitInfra;
  }
}

}  // namespace assay::data
