#include "harness/run.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/sha256.h"
#include "harness/counterfactual.h"
#include "harness/early_stop.h"
#include "harness/judge_signals.h"
#include "harness/run_radio_case.h"
#include "harness/suite.h"
#include "oracles/vehicle_oracles.h"
#include "sim/vehicle/simulation.h"

namespace assay::harness {
namespace fs = std::filesystem;
namespace {

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./:=,#@%+").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

bool selected_by_filter(const scenario::Scenario& s, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  for (const auto& f : filters) {
    if (glob_match(f, s.id)) return true;
    for (const auto& tag : s.tags) {
      if (glob_match(f, tag)) return true;
    }
  }
  return false;
}

bool finite_command(const sim::ActuatorCommand& c) {
  return std::isfinite(c.accel) && std::isfinite(c.steer);
}

CaseResult skeleton(const LoadedScenario& loaded, const CasePlan& plan,
                    const CaseRunContext& context) {
  const auto& s = loaded.scenario;
  CaseResult r;
  r.scenario_id = s.id;
  r.scenario_title = s.title;
  r.scenario_file = loaded.path;
  r.tags = s.tags;
  r.requirements = s.requirements;
  r.index = plan.index;
  r.case_id = case_id(s, plan.index);
  r.seed = plan.seed;
  r.parameters = case_parameters(plan);
  r.replay = replay_command(loaded.path, context.model_spec, context.master_seed, r.case_id);
  return r;
}

void set_error(CaseResult& r, std::string message) {
  r.verdict = Verdict::kError;
  r.reason = std::move(message);
}

void write_trace(const CaseResult& r, const Trace& trace, const CaseRunContext& context) {
  if (context.traces_dir.empty() || context.traces == KeepTraces::kNone) return;
  if (context.traces == KeepTraces::kFailing && r.verdict == Verdict::kPass) return;
  std::string name = r.case_id;
  std::replace(name.begin(), name.end(), '#', '_');
  (void)write_file_atomic(context.traces_dir + "/" + name + ".csv", trace.to_csv());
}

void judge(CaseResult& r, const CasePlan& plan, const Trace& trace, const sim::World& world) {
  std::vector<std::string> target_ids;
  for (const auto& t : plan.scenario->targets) target_ids.push_back(t.id);
  auto configs = build_oracles(plan);
  const Masses masses = case_masses(*plan.scenario);
  r.metrics = oracles::vehicle_metrics(trace, target_ids, masses.ego, masses.targets);
  r.verdict = plan.scenario->oracles.empty() ? Verdict::kSkipped : Verdict::kPass;
  if (r.verdict == Verdict::kSkipped) r.reason = "scenario has no oracles";
  // The counterfactual C&C runs only for scenarios with an r157_preventable oracle, once per
  // AEB setting.
  std::optional<oracles::CounterfactualOutcome> cc[2];
  for (auto& config : configs) {
    if (config.kind == "r157_preventable") {
      auto& outcome = cc[config.reference_aeb ? 1 : 0];
      if (!outcome) outcome = run_cc_counterfactual(world, config.reference_aeb);
      config.counterfactual = outcome;
    }
    OracleResult o = oracles::evaluate(config, trace);
    r.verdict = combine(r.verdict, o.verdict);
    if (r.reason.empty() && (o.verdict == Verdict::kFail || o.verdict == Verdict::kError)) {
      r.reason = o.id + ": " + o.message;
    }
    r.oracles.push_back(std::move(o));
  }
}

// The oracle whose monitor ended the case says so, with the time of the deciding sample.
void note_early_stop(CaseResult& r, const EarlyStop& early) {
  for (auto& o : r.oracles) {
    if (o.id != early.oracle_id()) continue;
    o.evidence.push_back({"decided_at", early.decided_at(), "s"});
    char when[32];
    std::snprintf(when, sizeof when, "%.6g", early.decided_at());
    o.message += "; the case ended early, at t = " + std::string(when) +
                 " s, when the violation was decided";
  }
}

}  // namespace

std::string replay_command(const std::string& path, const std::string& model_spec,
                           std::uint64_t seed, const std::string& case_id) {
  return "assay run " + shell_quote(path) + " --model " + shell_quote(model_spec) + " --seed " +
         std::to_string(seed) + " --case " + shell_quote(case_id);
}

namespace {

// Files named on the command line (suites expand to their scenarios) and found in directories
// (recursively; *.json except *.schema.json; suite files there are skipped).
struct FileList {
  std::vector<std::string> explicit_files;
  std::vector<std::string> found_files;
};

Status collect(const std::string& in, bool from_suite, FileList& list) {
  std::error_code ec;
  if (fs::is_directory(in, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(in, ec)) {
      const std::string p = e.path().string();
      if (e.is_regular_file() && p.ends_with(".json") && !p.ends_with(".schema.json")) {
        list.found_files.push_back(p);
      }
    }
    return {};
  }
  if (!fs::exists(in, ec)) return Error{"no such file or directory", {in, 0, 0, ""}};
  (from_suite ? list.found_files : list.explicit_files).push_back(in);
  return {};
}

Status add_scenario(std::shared_ptr<const JsonDocument> doc, std::vector<LoadedScenario>& out,
                    std::map<std::string, std::string>& ids) {
  const std::string path = doc->file();
  auto s = scenario::parse_scenario(std::move(doc));
  if (!s) return s.error();
  auto digest = sha256_file(path);
  if (!digest) return digest.error();
  if (auto [it, fresh] = ids.emplace(s->id, path); !fresh) {
    if (it->second == path) return {};  // the same file reached twice
    return Error{"scenario id \"" + s->id + "\" is also used by " + it->second,
                 {path, 0, 0, "/id"}};
  }
  out.push_back({std::move(s).value(), path, std::move(digest).value()});
  return {};
}

}  // namespace

Result<RunInputs> load_run_inputs(const std::vector<std::string>& inputs) {
  FileList list;
  for (const auto& in : inputs) {
    if (auto st = collect(in, false, list); !st) return st.error();
  }
  RunInputs result;
  std::vector<std::shared_ptr<const JsonDocument>> docs;
  for (const auto& f : list.explicit_files) {
    auto doc = load_json_file(f);
    if (!doc) return doc.error();
    if (!is_suite(*doc)) {
      docs.push_back(std::make_shared<const JsonDocument>(std::move(doc).value()));
      continue;
    }
    auto suite = parse_suite(*doc);
    if (!suite) return suite.error();
    auto digest = sha256_file(f);
    if (!digest) return digest.error();
    result.inputs.push_back({"suite", f, *digest});
    for (const auto& p : suite->scenarios) {
      if (auto st = collect(p, true, list); !st) return st.error();
    }
    result.suites.push_back(std::move(suite).value());
  }
  std::sort(list.found_files.begin(), list.found_files.end());
  list.found_files.erase(std::unique(list.found_files.begin(), list.found_files.end()),
                         list.found_files.end());
  for (const auto& f : list.found_files) {
    auto doc = load_json_file(f);
    if (!doc) return doc.error();
    if (is_suite(*doc)) continue;  // suites run only when named on the command line
    docs.push_back(std::make_shared<const JsonDocument>(std::move(doc).value()));
  }
  std::map<std::string, std::string> ids;
  for (auto& d : docs) {
    if (auto st = add_scenario(std::move(d), result.scenarios, ids); !st) return st.error();
  }
  std::sort(result.scenarios.begin(), result.scenarios.end(),
            [](const auto& a, const auto& b) { return a.scenario.id < b.scenario.id; });
  return result;
}

Result<std::vector<LoadedScenario>> load_inputs(const std::vector<std::string>& inputs) {
  auto all = load_run_inputs(inputs);
  if (!all) return all.error();
  return std::move(all->scenarios);
}

Result<std::vector<SelectedCase>> select_cases(const std::vector<LoadedScenario>& scenarios,
                                               const RunOptions& options) {
  std::vector<SelectedCase> out;
  if (!options.cases.empty()) {
    for (const auto& sel : options.cases) {
      const auto hash = sel.rfind('#');
      const std::string id = sel.substr(0, hash);
      auto it = std::find_if(scenarios.begin(), scenarios.end(),
                             [&](const auto& l) { return l.scenario.id == id; });
      if (hash == std::string::npos || it == scenarios.end()) {
        return make_error("--case " + sel +
                          ": expected <scenario id>#<index> of a loaded scenario");
      }
      std::uint64_t index = 0;
      try {
        std::size_t used = 0;
        index = std::stoull(sel.substr(hash + 1), &used);
        if (used != sel.size() - hash - 1) throw std::invalid_argument("trailing");
      } catch (const std::exception&) {
        return make_error("--case " + sel + ": the index after '#' must be a number");
      }
      if (index >= it->scenario.case_count()) {
        return make_error("--case " + sel + ": " + id + " has " +
                          std::to_string(it->scenario.case_count()) + " cases (0.." +
                          std::to_string(it->scenario.case_count() - 1) + ")");
      }
      out.push_back({&*it, index});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.loaded->scenario.id, a.index) < std::tie(b.loaded->scenario.id, b.index);
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const auto& a, const auto& b) {
                            return a.loaded == b.loaded && a.index == b.index;
                          }),
              out.end());
    return out;
  }
  for (const auto& l : scenarios) {
    if (!selected_by_filter(l.scenario, options.filters)) continue;
    const std::uint64_t n = l.scenario.case_count();
    for (std::uint64_t i = 0; i < n; ++i) out.push_back({&l, i});
  }
  return out;
}

CaseResult run_case(const LoadedScenario& loaded, const CasePlan& plan, models::Model& model,
                    const CaseRunContext& context) {
  CaseResult r = skeleton(loaded, plan, context);
  if (plan.scenario->radio) {  // radio family: harness/run_radio_case.cc
    r.replay =
        replay_command(loaded.path, context.radio_model_spec, context.master_seed, r.case_id);
    const Trace trace = run_radio_case(plan, context, r);
    write_trace(r, trace, context);
    return r;
  }
  try {
    auto world = build_world(plan);
    if (!world) {
      set_error(r, world.error().format());
      return r;
    }
    sim::Simulation sim(*world);
    model.reset({plan.seed, world->dt, world->ego_initial.v});
    bool model_failed = false;
    EarlyStop early(plan, *world, sim.trace());
    bool stopped_early = false;
    while (!sim.finished()) {
      const sim::ActuatorCommand cmd = model.step(sim.observe());
      if (!finite_command(cmd)) {
        model_failed = true;
        break;
      }
      sim.step(cmd);
      // An end condition of the simulator that holds at the same step takes precedence.
      if (early.active() && !sim.finished() && early.feed(sim.trace())) {
        stopped_early = true;
        break;
      }
    }
    r.end_reason = model_failed ? "model-error" : stopped_early ? "stl-violated" : sim.end_reason();
    r.sim_time = sim.time();
    r.steps = sim.steps();
    std::optional<Trace> derived;
    if (sim.diverged()) {
      set_error(r, "simulation diverged at t=" + std::to_string(sim.time()) +
                       " s (non-finite vehicle state)");
    } else if (model_failed) {
      r.verdict = Verdict::kFail;
      r.reason = "model returned a non-finite command at t=" + std::to_string(sim.time()) + " s";
      if (const std::string why = model.failure(); !why.empty()) r.reason += ": " + why;
    } else {
      derived = with_derived_signals(plan, *world, sim.trace());
      judge(r, plan, derived ? *derived : sim.trace(), *world);
      if (stopped_early) note_early_stop(r, early);
    }
    // The trace written is the one judged (with the derived signals when the oracles read
    // them), so `assay stl` on it reproduces the oracles' margins.
    write_trace(r, derived ? *derived : sim.trace(), context);
  } catch (const std::exception& e) {
    set_error(r, std::string("harness error: ") + e.what());
  }
  return r;
}

Result<RunResults> execute(const std::vector<SelectedCase>& cases, const RunOptions& options,
                           const ProgressFn& progress) {
  auto family_models = choose_models(options.model, cases);  // harness/run_radio_case.h
  if (!family_models) return family_models.error();
  auto spec = models::parse_model_spec(family_models->vehicle);
  if (!spec) return spec.error();
  if (auto probe = models::make_model(*spec); !probe) return probe.error();

  const unsigned jobs = std::max(
      1u, std::min<unsigned>(
              options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency()),
              static_cast<unsigned>(std::max<std::size_t>(1, cases.size()))));
  CaseRunContext context{family_models->vehicle, options.seed, options.out_dir + "/traces",
                         options.traces, family_models->radio};
  std::vector<CaseResult> results(cases.size());
  std::vector<bool> done(cases.size(), false);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex lock;
  std::size_t finished = 0;
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  std::ofstream journal(options.out_dir + "/journal.jsonl", std::ios::trunc);

  auto worker = [&] {
    auto model = models::make_model_or_failure(*spec);  // a model that fails to start fails cases
    while (!stop.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= cases.size()) break;
      const auto& c = cases[i];
      const CasePlan plan = make_case(c.loaded->scenario, c.index, options.seed);
      const auto start = std::chrono::steady_clock::now();
      CaseResult r = run_case(*c.loaded, plan, *model, context);
      r.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (options.fail_fast && r.verdict != Verdict::kPass && r.verdict != Verdict::kSkipped) {
        stop = true;
      }
      std::lock_guard guard(lock);
      // Nothing is lost: each result reaches the journal as soon as it exists.
      journal << nlohmann::json{{"case_id", r.case_id},
                                {"seed", std::to_string(r.seed)},
                                {"verdict", verdict_name(r.verdict)},
                                {"reason", r.reason}}
                     .dump()
              << '\n'
              << std::flush;
      results[i] = std::move(r);
      done[i] = true;
      ++finished;
      if (progress) progress(results[i], finished, cases.size());
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  RunResults run;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (done[i])
      run.cases.push_back(std::move(results[i]));
    else
      ++run.not_run;
  }
  run.manifest.jobs = jobs;
  auto identity = run_model_identity(*family_models);
  if (identity) run.manifest.model = *identity;
  return run;
}

}  // namespace assay::harness
