// The assay executable: subcommands, flags (each also an ASSAY_* environment variable), exit
// codes. Thin: all work happens in the harness.
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/radio.h"
#include "core/build_info.h"
#include "core/results.h"
#include "data/command.h"
#include "harness/ncap_score.h"
#include "harness/preventable.h"
#include "harness/run.h"
#include "harness/stl_command.h"
#include "models/model.h"
#include "models/process_model.h"
#include "models/radio/radio_model.h"

namespace {

using assay::harness::RunOptions;

constexpr std::string_view kHelp =
    R"(assay - simulation-based verification of machine-learning models

Usage:
  assay run [options] SCENARIO|DIR...   run scenario files against a model under test
  assay lint SCENARIO|DIR...            validate scenario files (every case) without running
  assay stl FORMULA TRACE.csv           robustness of an STL formula over a CSV trace (docs/stl.md)
  assay preventable SCENARIO [options]  UNECE R157 preventable map: the C&C driver on a grid
  assay models                          list built-in models under test and their parameters
  assay radio ber --mod M --ebn0 A:B:S  Monte Carlo BER vs closed form (assay radio --help)
  assay data infer DATA                 propose a rule set for a CSV or JSON Lines file
  assay data check RULES DATA           check data against a rule set (reports in --out DIR)
  assay data drift REFERENCE CURRENT    per-column and dataset drift (reports in --out DIR)
  assay data corrupt DATA --out FILE --kind KIND --column COL
                                        write a seeded, corrupted copy (assay data --help)
  assay version                         print the version and build facts
  assay help                            print this help

Selection (run):
  --filter GLOB[,GLOB]    scenario id or tag glob; repeatable             [ASSAY_FILTER]
  --case ID#N[,ID#N]      run exactly these cases (see --list); repeatable  [ASSAY_CASE]
  --list                  print the selected cases and their parameters, run nothing
                                                                          [ASSAY_LIST=1]
Model under test (run):
  --model NAME[:k=v,...]  built-in model and parameters (default auto:     [ASSAY_MODEL]
                          aeb-ttc for vehicle, threshold-acm for radio scenarios)
  --model native:PATH     a native model file (MLP, trees, linear; docs/native-models.md)
  --model plugin:PATH[:k=v,...]  a shared-library plugin (docs/model-plugins.md)
  --model 'process:["prog","arg",...][:k=v,...]'
                          an external model speaking JSON lines; argv, no shell
                          (docs/model-protocol.md)

Execution (run):
  -j, --jobs N            worker threads (default: all cores)             [ASSAY_JOBS]
  --seed N                master seed, 0..2^64-1 (default 1)              [ASSAY_SEED]
  --fail-fast             stop starting cases after the first failure or error
                                                                          [ASSAY_FAIL_FAST=1]
Output (run):
  --out DIR               report directory (default assay-out)           [ASSAY_OUT]
  --traces WHICH          per-case CSV traces in DIR/traces: failing (default), all, none
                                                                          [ASSAY_TRACES]
  --progress MODE         auto (default), bar, plain or none              [ASSAY_PROGRESS]
  --no-color              no ANSI colours; NO_COLOR is honoured too       [ASSAY_NO_COLOR=1]
  --score PROTOCOL[,P]    Euro NCAP AEB C2C score in the reports:         [ASSAY_SCORE]
                          euro-ncap-2023, euro-ncap-2026 or none; repeatable; overrides a
                          suite's "scoring". A refused score never changes the exit code
                          (docs/ncap-scoring.md)

Formula check (stl):
  --signal                print the robustness at every sample as CSV    [ASSAY_STL_SIGNAL=1]
  --time COLUMN           time column (default t, t_s, time, time_s or the first)
                                                                          [ASSAY_STL_TIME]
  --param NAME=VALUE      value of "$NAME" in the formula (SI); repeatable
  Exit code 0 when the robustness at the first sample is >= 0, 1 when it is negative.

Preventable map (preventable):
  --x NAME                grid parameter on the horizontal axis (default gap)
  --y NAME                grid parameter on the vertical axis (default lateral_speed)
  --set NAME=VALUE        fix another grid parameter (author's unit); repeatable
  --model SPEC            the driver mapped (default r157-cc, the competent and careful driver)
  --out DIR               writes preventable.csv, boundary.csv, preventable.svg (and the
                          journal) (default assay-preventable)                     [ASSAY_OUT]
  -j, --jobs N, --seed N  as for run                                  [ASSAY_JOBS, ASSAY_SEED]
  Exit code 0 when written, 2 usage or input error, 3 no grid point selected, 4 a point failed
  to run.

Flags win over environment variables. Results are identical for any --jobs.
Each failing case prints a replay command that reproduces it exactly.

Exit codes:
  0  all checks held
  1  at least one check failed (a model failure)
  2  usage or input error (bad flag, invalid scenario file: file:line:col is printed)
  3  nothing selected to run
  4  infrastructure error: the harness could not judge some case

Documentation: docs/cli.md, docs/scenario-format.md, docs/report-formats.md,
docs/ncap-scoring.md, docs/data-validation.md
)";

struct UsageError {
  std::string message;
};

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

bool truthy(const std::string& v) {
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

std::uint64_t parse_u64(const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError{flag + " expects a non-negative integer, got \"" + text + "\""};
  }
  return v;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item = text.substr(start, comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// One setting from the environment or a flag; records non-defaults for the manifest.
struct Settings {
  RunOptions& o;
  void set(const std::string& key, const std::string& value, const std::string& flag) {
    if (key == "model") {
      o.model = value;
    } else if (key == "jobs") {
      o.jobs = static_cast<unsigned>(parse_u64(flag, value));
      if (o.jobs == 0 || o.jobs > 1024) throw UsageError{flag + " expects 1..1024"};
    } else if (key == "seed") {
      o.seed = parse_u64(flag, value);
    } else if (key == "filter") {
      for (auto& f : split_commas(value)) o.filters.push_back(f);
    } else if (key == "case") {
      for (auto& c : split_commas(value)) o.cases.push_back(c);
    } else if (key == "score") {
      set_scoring(value, flag);
    } else if (key == "out") {
      o.out_dir = value;
    } else if (key == "traces") {
      if (value == "failing")
        o.traces = assay::harness::KeepTraces::kFailing;
      else if (value == "all")
        o.traces = assay::harness::KeepTraces::kAll;
      else if (value == "none")
        o.traces = assay::harness::KeepTraces::kNone;
      else
        throw UsageError{flag + " expects failing, all or none"};
    } else if (key == "progress") {
      using assay::harness::Progress;
      if (value == "auto")
        o.progress = Progress::kAuto;
      else if (value == "bar")
        o.progress = Progress::kBar;
      else if (value == "plain")
        o.progress = Progress::kPlain;
      else if (value == "none")
        o.progress = Progress::kNone;
      else
        throw UsageError{flag + " expects auto, bar, plain or none"};
    }
    if (key != "progress") record(key, value);
  }
  // Protocols as given, over repeated flags, checked as a whole ("none" must stand alone).
  void set_scoring(const std::string& value, const std::string& flag) {
    const auto added = split_commas(value);
    if (added.empty()) throw UsageError{flag + " expects euro-ncap-2023, euro-ncap-2026 or none"};
    score_names.insert(score_names.end(), added.begin(), added.end());
    auto checked = assay::harness::check_score_request(score_names);
    if (!checked) throw UsageError{flag + ": " + checked.error().message};
    o.scoring = std::move(checked).value();
  }
  std::vector<std::string> score_names{};
  void record(const std::string& key, const std::string& value) {
    for (auto& [k, v] : o.settings) {
      if (k == key) {
        v = (key == "filter" || key == "case" || key == "score") ? v + "," + value : value;
        return;
      }
    }
    o.settings.emplace_back(key, value);
  }
};

constexpr std::string_view kValueFlags[] = {"model", "jobs",   "seed",     "filter", "case",
                                            "out",   "traces", "progress", "score"};

RunOptions parse_run(const std::vector<std::string>& args) {
  RunOptions o;
  Settings settings{o};
  bool no_color = env("NO_COLOR").has_value();
  for (auto key : kValueFlags) {
    std::string var = "ASSAY_" + std::string(key);
    for (auto& c : var) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (auto v = env(var.c_str())) settings.set(std::string(key), *v, var);
  }
  if (auto v = env("ASSAY_FAIL_FAST"); v && truthy(*v)) o.fail_fast = true;
  if (auto v = env("ASSAY_LIST"); v && truthy(*v)) o.list = true;
  if (auto v = env("ASSAY_NO_COLOR"); v && truthy(*v)) no_color = true;

  // Environment-provided lists are replaced, not extended, by flags.
  bool filters_from_flags = false, cases_from_flags = false, scoring_from_flags = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-j") a = "--jobs";
    if (a == "--fail-fast") {
      o.fail_fast = true;
      settings.record("fail_fast", "true");
      continue;
    }
    if (a == "--list") {
      o.list = true;
      continue;
    }
    if (a == "--no-color") {
      no_color = true;
      continue;
    }
    if (a.starts_with("--")) {
      std::string key = a.substr(2), value;
      const auto eq = key.find('=');
      bool has_value = eq != std::string::npos;
      if (has_value) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      }
      bool known = false;
      for (auto k : kValueFlags) known = known || k == key;
      if (!known) throw UsageError{"unknown option " + a + " (see assay --help)"};
      if (!has_value) {
        if (i + 1 >= args.size()) throw UsageError{"--" + key + " needs a value"};
        value = args[++i];
      }
      if (key == "filter" && !filters_from_flags) {
        o.filters.clear();
        filters_from_flags = true;
      }
      if (key == "case" && !cases_from_flags) {
        o.cases.clear();
        cases_from_flags = true;
      }
      if (key == "score" && !scoring_from_flags) {
        o.scoring.clear();
        settings.score_names.clear();
        std::erase_if(o.settings, [](const auto& kv) { return kv.first == "score"; });
        scoring_from_flags = true;
      }
      settings.set(key, value, "--" + key);
      continue;
    }
    if (a.starts_with("-") && a != "-") throw UsageError{"unknown option " + a};
    o.inputs.push_back(a);
  }
  if (o.inputs.empty()) throw UsageError{"assay run needs at least one scenario file or directory"};
  if (o.fail_fast) settings.record("fail_fast", "true");
  o.colour = !no_color && ::isatty(STDOUT_FILENO) == 1;
  return o;
}

// Radio link-adaptation models (models/radio), listed after the vehicle models.
void print_radio_models() {
  std::cout << "\nRadio link-adaptation models (DVB-S2 MODCOD choice, for radio scenarios;\n"
               "the default there is threshold-acm, see docs/radio.md):\n";
  for (const auto& m : assay::models::radio::radio_builtin_models()) {
    std::cout << m.name << ": " << m.summary << "\n";
    for (const auto& p : m.params) {
      std::cout << "    " << p.name << " = " << p.default_value << "  [" << p.min << ", " << p.max
                << "]  " << p.help << "\n";
    }
  }
}

int print_models() {
  for (const auto& m : assay::models::builtin_models()) {
    std::cout << m.name << " (version " << m.version << "): " << m.summary << "\n";
    for (const auto& p : m.parameters) {
      std::cout << "    " << p.name << " = " << p.default_value << " " << p.unit << "  [" << p.min
                << ", " << p.max << "]  " << p.help << "\n";
    }
  }
  std::cout << "\nChoose with --model NAME[:key=value,...], e.g. --model aeb-ttc:ttc=2,decel=6\n";
  std::cout << "Native model files (MLP, trees, linear): --model native:PATH "
               "(docs/native-models.md)\n";
  print_radio_models();
  return assay::kExitOk;
}

int print_version() {
  namespace b = assay::build;
  std::cout << "assay " << b::kVersion << "\ncommit " << b::kGitCommit << "\ncompiler "
            << b::kCompiler << "\nbuild " << b::kBuildType << " " << b::kFlags << "\n";
  return assay::kExitOk;
}

int dispatch(const std::vector<std::string>& args, const std::vector<std::string>& argv) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kHelp;
    return args.empty() ? assay::kExitUsage : assay::kExitOk;
  }
  const std::string& cmd = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "radio") return assay::cli::radio_command(rest, std::cout, std::cerr);
  // `assay data` has its own verbs and help (assay data --help).
  if (cmd == "data") return assay::data::data_command(rest, std::cout, std::cerr);
  for (const auto& a : rest) {
    if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return assay::kExitOk;
    }
  }
  if (cmd == "version" || cmd == "--version") return print_version();
  if (cmd == "models") return print_models();
  if (cmd == "lint") {
    if (rest.empty()) throw UsageError{"assay lint needs at least one file or directory"};
    for (const auto& a : rest) {
      if (a.starts_with("-")) throw UsageError{"unknown option " + a + " for lint"};
    }
    return assay::harness::lint_command(rest, std::cout, std::cerr);
  }
  if (cmd == "stl") {
    auto o = assay::harness::parse_stl_args(rest);
    if (!o) throw UsageError{o.error().message};
    return assay::harness::stl_command(*o, std::cout, std::cerr);
  }
  if (cmd == "preventable") {
    auto o = assay::harness::parse_preventable_args(rest);
    if (!o) throw UsageError{o.error().message};
    return assay::harness::preventable_command(*o, std::cout, std::cerr);
  }
  if (cmd == "run") {
    RunOptions o = parse_run(rest);
    o.command_line = argv;
    return assay::harness::run_command(o, std::cout, std::cerr);
  }
  throw UsageError{"unknown command \"" + cmd + "\" (see assay --help)"};
}

}  // namespace

// Ctrl-C or a CI timeout: kill external model processes, then die of the same signal so the
// caller sees how the run ended. Children also have PR_SET_PDEATHSIG as a safety net.
extern "C" void on_terminate(int sig) {
  assay::models::kill_model_processes();
  signal(sig, SIG_DFL);
  raise(sig);
}

int main(int argc, char** argv) {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction action {};
    action.sa_handler = on_terminate;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, nullptr);
  }
  const std::vector<std::string> all(argv, argv + argc);
  const std::vector<std::string> args(all.begin() + 1, all.end());
  try {
    return dispatch(args, all);
  } catch (const UsageError& e) {
    std::cerr << "assay: " << e.message << "\n";
    return assay::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "assay: internal error: " << e.what() << "\n";
    return assay::kExitInfra;
  }
}
