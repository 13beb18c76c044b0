// `assay run` and `assay lint`: the glue between options, the executor and the reports.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "core/build_info.h"
#include "core/sha256.h"
#include "harness/ncap_score.h"
#include "harness/run.h"
#include "harness/run_radio_case.h"
#include "reports/reports.h"

namespace assay::harness {
namespace {

std::string iso_utc(std::chrono::system_clock::time_point tp) {
  const std::time_t t = std::chrono::system_clock::to_time_t(tp);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool stderr_is_tty() {
  return ::isatty(STDERR_FILENO) == 1;
}

// Prints progress: one rewritten line on a terminal, a plain line every 10% otherwise.
class ProgressPrinter {
 public:
  ProgressPrinter(std::ostream& err, Progress mode) : err_(err), mode_(mode) {
    if (mode_ == Progress::kAuto) mode_ = stderr_is_tty() ? Progress::kBar : Progress::kPlain;
  }

  void update(const CaseResult& r, std::size_t done, std::size_t total) {
    if (r.verdict == Verdict::kFail) ++failed_;
    if (r.verdict == Verdict::kError) ++errors_;
    if (mode_ == Progress::kBar) return bar(done, total);
    if (mode_ != Progress::kPlain) return;
    const std::size_t step = std::max<std::size_t>(1, total / 10);
    if (done % step == 0 || done == total) {
      err_ << "progress: " << done << "/" << total << " cases, " << failed_ << " failed, "
           << errors_ << " errors\n";
    }
  }

  void finish() {
    if (mode_ == Progress::kBar && drawn_) err_ << "\n";
  }

 private:
  void bar(std::size_t done, std::size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done != total && drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    constexpr std::size_t kWidth = 30;
    const std::size_t fill = total ? done * kWidth / total : kWidth;
    err_ << "\r[" << std::string(fill, '#') << std::string(kWidth - fill, ' ') << "] " << done
         << "/" << total << " cases  " << failed_ << " failed  " << errors_ << " errors"
         << std::flush;
  }

  std::ostream& err_;
  Progress mode_;
  std::size_t failed_ = 0, errors_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void fill_manifest(RunManifest& m, const RunOptions& o, const std::vector<LoadedScenario>& loaded) {
  m.tool_version = build::kVersion;
  m.git_commit = build::kGitCommit;
  m.compiler = build::kCompiler;
  m.build_type = build::kBuildType;
  m.build_flags = build::kFlags;
  m.master_seed = o.seed;
  m.command_line = o.command_line;
  m.settings = o.settings;
  for (const auto& l : loaded) m.inputs.push_back({"scenario", l.path, l.sha256});
  // Model files (native adapter) are inputs too; execute() has already validated the spec.
  if (auto spec = models::parse_model_spec(o.model); spec) {
    if (auto files = models::model_inputs(*spec); files) {
      for (auto& f : *files) m.inputs.push_back(std::move(f));
    }
  }
  std::sort(m.inputs.begin(), m.inputs.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
}

void print_start(std::ostream& err, const RunOptions& o, const RunManifest& m, std::size_t files,
                 std::size_t cases) {
  err << "assay " << build::kVersion << ": master seed " << o.seed << ", model " << o.model;
  if (!m.model.parameters.empty()) {
    err << " (";
    for (std::size_t i = 0; i < m.model.parameters.size(); ++i) {
      err << (i ? " " : "") << m.model.parameters[i].first << "=" << m.model.parameters[i].second;
    }
    err << ")";
  }
  err << ", " << files << " scenario file(s), " << cases << " case(s)\n";
  if (!o.settings.empty()) {
    err << "settings:";
    for (const auto& [k, v] : o.settings) err << " " << k << "=" << v;
    err << "\n";
  }
}

void list_cases(std::ostream& out, const std::vector<SelectedCase>& cases, std::uint64_t seed) {
  for (const auto& c : cases) {
    const CasePlan plan = make_case(c.loaded->scenario, c.index, seed);
    out << case_id(c.loaded->scenario, c.index);
    for (const auto& p : case_parameters(plan)) {
      out << " " << p.name << "=" << p.value << (p.unit.empty() ? "" : " " + p.unit);
    }
    out << "\n";
  }
}

bool given(const RunOptions& o, std::string_view key) {
  return std::any_of(o.settings.begin(), o.settings.end(),
                     [&](const auto& kv) { return kv.first == key; });
}

}  // namespace

Status apply_suite_defaults(const std::vector<Suite>& suites, RunOptions& o) {
  std::optional<std::string> model;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> filters;
  std::optional<std::vector<std::string>> scoring;
  for (const auto& s : suites) {
    if (s.model && model && *model != *s.model) {
      return make_error("suites " + suites.front().path + " and " + s.path +
                        " name different models; choose one with --model");
    }
    if (s.seed && seed && *seed != *s.seed) {
      return make_error("suites name different seeds; choose one with --seed");
    }
    if (s.model) model = s.model;
    if (s.seed) seed = s.seed;
    filters.insert(filters.end(), s.filters.begin(), s.filters.end());
    if (s.scoring) {
      if (!scoring) scoring.emplace();
      scoring->insert(scoring->end(), s.scoring->begin(), s.scoring->end());
    }
  }
  if (model && !given(o, "model")) {
    o.model = *model;
    o.settings.emplace_back("model", *model + " (suite)");
  }
  if (seed && !given(o, "seed")) {
    o.seed = *seed;
    o.settings.emplace_back("seed", std::to_string(*seed) + " (suite)");
  }
  if (!filters.empty() && !given(o, "filter")) o.filters = filters;
  if (scoring && !given(o, "score")) {
    std::sort(scoring->begin(), scoring->end());
    scoring->erase(std::unique(scoring->begin(), scoring->end()), scoring->end());
    o.scoring = *scoring;
    std::string shown;
    for (const auto& p : *scoring) shown += (shown.empty() ? "" : ",") + p;
    o.settings.emplace_back("score", (shown.empty() ? "none" : shown) + " (suite)");
  }
  std::sort(o.settings.begin(), o.settings.end());
  return {};
}

int run_command(const RunOptions& given_options, std::ostream& out, std::ostream& err) {
  const auto started = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();
  auto inputs = load_run_inputs(given_options.inputs);
  if (!inputs) {
    err << inputs.error().format() << "\n";
    return kExitUsage;
  }
  RunOptions options = given_options;
  if (auto st = apply_suite_defaults(inputs->suites, options); !st) {
    err << "assay: " << st.error().format() << "\n";
    return kExitUsage;
  }
  if (auto scoring = check_score_request(options.scoring); !scoring) {
    err << "assay: " << scoring.error().format() << "\n";
    return kExitUsage;
  }
  const auto* loaded = &inputs->scenarios;
  auto cases = select_cases(*loaded, options);
  if (!cases) {
    err << "assay: " << cases.error().format() << "\n";
    return kExitUsage;
  }
  if (cases->empty()) {
    err << "assay: nothing selected to run (" << loaded->size() << " scenario file(s) loaded"
        << (options.filters.empty() ? "" : ", none matching the filter") << ")\n";
    return kExitNothingRun;
  }
  if (options.list) {
    list_cases(out, *cases, options.seed);
    return kExitOk;
  }
  auto family_models = choose_models(options.model, *cases);  // harness/run_radio_case.h
  if (!family_models) {
    err << "assay: " << family_models.error().format() << "\n";
    return kExitUsage;
  }
  auto identity = run_model_identity(*family_models);
  if (!identity) {
    err << "assay: " << identity.error().format() << "\n";
    return kExitUsage;
  }
  RunManifest preview;
  preview.model = *identity;
  RunOptions shown = options;  // the start line names the model(s) that actually run
  shown.model = describe_models(*family_models, options.model);
  print_start(err, shown, preview, loaded->size(), cases->size());

  ProgressPrinter printer(err, options.progress);
  auto run = execute(*cases, options, [&](const CaseResult& r, std::size_t d, std::size_t n) {
    printer.update(r, d, n);
  });
  printer.finish();
  if (!run) {
    err << "assay: " << run.error().format() << "\n";
    return kExitUsage;
  }
  fill_manifest(run->manifest, options, *loaded);
  record_family_models(*family_models, options.model, run->manifest);
  run->manifest.inputs.insert(run->manifest.inputs.end(), inputs->inputs.begin(),
                              inputs->inputs.end());
  std::sort(run->manifest.inputs.begin(), run->manifest.inputs.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  run->manifest.started_at = iso_utc(started);
  run->manifest.finished_at = iso_utc(std::chrono::system_clock::now());
  run->manifest.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run->manifest.run_id = sha256_hex(std::to_string(options.seed) + run->manifest.started_at +
                                    std::to_string(::getpid()) + options.out_dir)
                             .substr(0, 16);

  // A refused score is recorded with its reason; it never fails the run (docs/ncap-scoring.md).
  // The names were checked before the run, so this cannot fail here.
  if (auto scored = add_ncap_scores(*run, options.scoring); !scored) {
    err << "assay: " << scored.error().format() << "\n";
  }
  out << console_summary(*run, options.colour);
  if (auto written = write_reports(*run, options.out_dir); !written) {
    err << "assay: " << written.error().format() << "\n";
    return kExitInfra;
  }
  out << "reports: " << options.out_dir << "/results.json, " << options.out_dir << "/junit.xml, "
      << options.out_dir << "/summary.md\n";
  return exit_code_for(run->summary());
}

int lint_command(const std::vector<std::string>& inputs, std::ostream& out, std::ostream& err) {
  auto loaded = load_inputs(inputs);
  if (!loaded) {
    err << loaded.error().format() << "\n";
    return kExitUsage;
  }
  int code = kExitOk;
  for (const auto& l : *loaded) {
    const std::uint64_t n = l.scenario.case_count();
    bool ok = true;
    // Placement rules depend on parameter values, so every case's world is built once.
    for (std::uint64_t i = 0; i < n && ok; ++i) {
      const CasePlan plan = make_case(l.scenario, i, 1);
      const Status world = check_case(plan);  // either family (harness/run_radio_case.h)
      if (!world.ok()) {
        err << world.error().format() << "\n";
        ok = false;
        code = kExitUsage;
      }
    }
    if (ok) out << "ok: " << l.path << " (" << l.scenario.id << ", " << n << " cases)\n";
  }
  if (loaded->empty()) {
    err << "assay lint: no scenario files found\n";
    return kExitNothingRun;
  }
  return code;
}

}  // namespace assay::harness
