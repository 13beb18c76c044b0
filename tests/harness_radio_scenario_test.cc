// `assay run` and `assay lint` for radio scenario files: planning (units into RadioWorld), the
// bundled scenarios' verdicts with the built-in models, determinism across threads, per-family
// model selection and the CLI's exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "harness/plan_radio.h"
#include "harness/run.h"
#include "harness/run_radio_case.h"
#include "reports/reports.h"

namespace assay::harness {
namespace {

std::string source(const std::string& relative) {
  const char* env = std::getenv("ASSAY_SOURCE_DIR");
  return std::string(env ? env : ASSAY_SOURCE_DIR) + "/" + relative;
}

const std::vector<LoadedScenario>& radio_scenarios() {
  static const std::vector<LoadedScenario> loaded = [] {
    auto l = load_inputs({source("scenarios/radio")});
    if (!l) throw std::runtime_error(l.error().format());
    return std::move(l).value();
  }();
  return loaded;
}

const LoadedScenario& by_id(const std::string& id) {
  for (const auto& l : radio_scenarios()) {
    if (l.scenario.id == id) return l;
  }
  throw std::runtime_error("no scenario " + id);
}

RunResults run(const std::string& model, unsigned jobs, const std::vector<std::string>& filters) {
  RunOptions o;
  o.jobs = jobs;
  o.model = model;
  o.filters = filters;
  o.out_dir = ::testing::TempDir() + "/radio-" + std::to_string(jobs);
  o.traces = KeepTraces::kNone;
  auto cases = select_cases(radio_scenarios(), o);
  if (!cases) throw std::runtime_error(cases.error().format());
  auto r = execute(*cases, o, nullptr);
  if (!r) throw std::runtime_error(r.error().format());
  return std::move(r).value();
}

double metric(const CaseResult& r, const std::string& name) {
  for (const auto& m : r.metrics) {
    if (m.name == name) return m.value;
  }
  return NAN;
}

TEST(RadioPlan, UnitsReachTheWorldInTheSimulatorsUnits) {
  const auto& l = by_id("radio-leo-s-band");
  const CasePlan plan = make_case(l.scenario, 1, 1);  // max_elevation = 60 deg
  auto w = build_radio_world(plan);
  ASSERT_TRUE(w.ok()) << w.error().format();
  EXPECT_EQ(w->freq_hz, 2.2e9);
  EXPECT_EQ(w->symbol_rate_bd, 10e6);
  EXPECT_EQ(w->tx_power_dbm, 40.0);
  EXPECT_EQ(w->rx_gain_dbi, 35.0);
  EXPECT_EQ(w->geometry.kind, radio::Geometry::Kind::kLeoPass);
  EXPECT_NEAR(w->geometry.leo.max_elevation_deg, 60.0, 1e-12);
  EXPECT_EQ(w->geometry.leo.altitude_m, 400e3);
  // K is written in dB: 15 dB = 10^1.5 (linear), as the fader expects.
  EXPECT_NEAR(w->fading.k_factor, std::pow(10.0, 1.5), 1e-9);
  EXPECT_EQ(w->doppler_hz, 2.0);
  EXPECT_EQ(w->dt, 0.01);
  EXPECT_EQ(w->duration, 600.0);
  // 20 ms of feedback delay at a 10 ms step is two steps.
  EXPECT_EQ(build_radio_feedback(plan).delay_steps, 2);
  const auto oracles = build_radio_oracles(plan);
  ASSERT_EQ(oracles.size(), 3u);
  EXPECT_EQ(oracles[0].kind, "throughput_vs_genie");
  EXPECT_DOUBLE_EQ(*oracles[0].min, 0.85);
}

TEST(RadioPlan, ParameterisedBlockageIsCheckedPerCase) {
  const auto& l = by_id("radio-stress-blockage");
  auto w = build_radio_world(make_case(l.scenario, 1, 1));
  ASSERT_TRUE(w.ok()) << w.error().format();
  ASSERT_EQ(w->blockages.size(), 2u);
  EXPECT_EQ(w->blockages[0].start_s, 5.0);
  EXPECT_EQ(w->blockages[0].end_s, 7.0);
  EXPECT_EQ(w->blockages[0].loss_db, 30.0);
}

TEST(RadioPlan, PathLossModelsAreUsedOnlyInTheirFrequencyRange) {
  auto doc = parse_json(R"({"format": "assay.scenario/1", "id": "h", "title": "h",
    "simulator": {"family": "radio", "duration": 1},
    "link": {"carrier": "3.5 GHz", "symbol_rate": "1 MBd", "tx_power": "30 dBm"},
    "geometry": {"type": "static", "distance": "2 km"}, "path_loss": {"model": "hata"}})",
                        "hata.json");
  ASSERT_TRUE(doc.ok());
  auto s = scenario::parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
  ASSERT_TRUE(s.ok()) << s.error().format();
  auto w = build_radio_world(make_case(*s, 0, 1));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().where.pointer, "/link/carrier");
  EXPECT_EQ(w.error().where.line, 3);
  EXPECT_NE(w.error().message.find("150 to 1500 MHz"), std::string::npos) << w.error().format();
}

TEST(RadioRun, BundledScenariosLint) {
  std::ostringstream out, err;
  EXPECT_EQ(lint_command({source("scenarios/radio")}, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("radio-leo-ka-band, 3 cases"), std::string::npos) << out.str();
}

// threshold-acm (the radio default) passes the reasonable scenarios; the feedback-delay stress
// shows what it is for: fresh reports pass, stale ones fail the BLER oracle.
TEST(RadioRun, DefaultModelPassesTheReasonableScenariosAndStressShowsItsPoint) {
  const RunResults r = run("auto", 2, {});
  ASSERT_EQ(r.cases.size(), 16u);  // 2 + 3 + 3 + 2 + 1 + 2 + 3 cases
  EXPECT_EQ(r.manifest.model.name, "threshold-acm");
  for (const auto& c : r.cases) {
    SCOPED_TRACE(c.case_id + ": " + c.reason);
    EXPECT_NE(c.verdict, Verdict::kError);
    // The genie is an upper bound: it picks the best MODCOD that fits the true Es/N0.
    EXPECT_LE(metric(c, "throughput_ratio"), 1.0);
    EXPECT_GE(metric(c, "bler"), 0.0);
    EXPECT_LE(metric(c, "outage_fraction"), 1.0);
    EXPECT_FALSE(c.oracles.empty());
    if (c.scenario_id != "radio-stress-feedback-delay") {
      EXPECT_EQ(c.verdict, Verdict::kPass);
    } else if (c.index == 0) {
      EXPECT_EQ(c.verdict, Verdict::kPass);  // 1 ms reports
    } else {
      EXPECT_EQ(c.verdict, Verdict::kFail);  // 20 and 200 ms: stale reports
      EXPECT_EQ(c.reason.rfind("bler:", 0), 0u);
    }
  }
}

// A naive fixed MODCOD (QPSK 1/2) fails where adaptation is the point.
TEST(RadioRun, FixedModcodFailsTheThroughputOracles) {
  const RunResults r = run("fixed", 2, {"radio-leo-s-band", "radio-stress-*", "radio-urban-drive"});
  ASSERT_FALSE(r.cases.empty());
  for (const auto& c : r.cases) {
    SCOPED_TRACE(c.case_id);
    EXPECT_EQ(c.verdict, Verdict::kFail);
    bool throughput_failed = false;
    for (const auto& o : c.oracles) {
      if (o.id == "throughput_vs_genie" && o.verdict == Verdict::kFail) throughput_failed = true;
    }
    EXPECT_TRUE(throughput_failed);
  }
}

TEST(RadioRun, SameResultsForOneAndTwoThreadsAndAcrossRuns) {
  const std::vector<std::string> filters = {"radio-indoor-office", "radio-stress-*"};
  const std::string one = normalise_results_json(results_json(run("bandit-egreedy", 1, filters)));
  const std::string two = normalise_results_json(results_json(run("bandit-egreedy", 2, filters)));
  const std::string again = normalise_results_json(results_json(run("bandit-egreedy", 2, filters)));
  EXPECT_EQ(one, two);
  EXPECT_EQ(two, again);
  EXPECT_GT(one.size(), 5000u);
}

TEST(RadioRun, ModelsAreChosenPerFamily) {
  auto vehicles = load_inputs({source("scenarios/euro-ncap")});
  ASSERT_TRUE(vehicles.ok());
  RunOptions o;
  auto radio_cases = select_cases(radio_scenarios(), o);
  auto vehicle_cases = select_cases(*vehicles, o);
  ASSERT_TRUE(radio_cases.ok() && vehicle_cases.ok());
  std::vector<SelectedCase> mixed = *radio_cases;
  mixed.insert(mixed.end(), vehicle_cases->begin(), vehicle_cases->end());

  auto automatic = choose_models("auto", mixed);
  ASSERT_TRUE(automatic.ok());
  EXPECT_EQ(automatic->vehicle, "aeb-ttc");
  EXPECT_EQ(automatic->radio, "threshold-acm");
  EXPECT_TRUE(automatic->vehicle_cases && automatic->radio_cases);

  auto radio_on_mixed = choose_models("olla", mixed);
  ASSERT_FALSE(radio_on_mixed.ok());
  EXPECT_NE(radio_on_mixed.error().message.find("--filter"), std::string::npos);
  auto vehicle_on_mixed = choose_models("aeb-ttc", mixed);
  ASSERT_FALSE(vehicle_on_mixed.ok());
  EXPECT_NE(vehicle_on_mixed.error().message.find("is a vehicle model"), std::string::npos);

  auto olla = choose_models("olla:target=0.2", *radio_cases);
  ASSERT_TRUE(olla.ok());
  EXPECT_EQ(olla->radio, "olla:target=0.2");
  EXPECT_FALSE(choose_models("olla:target=7", *radio_cases).ok());  // out of range

  auto id = radio_model_identity("olla:target=0.2");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->name, "olla");
  const std::map<std::string, std::string> params(id->parameters.begin(), id->parameters.end());
  EXPECT_EQ(params.count("target"), 1u);
  EXPECT_EQ(params.count("step"), 1u);
}

// The JSON Schema accepts the bundled radio files and rejects a radio file with an ego (checked
// by an independent validator, Python's jsonschema, when it is installed).
TEST(RadioSchema, BundledFilesValidateAndVehicleSectionsAreRejected) {
  if (std::system("python3 -c 'import jsonschema' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 with jsonschema not available";
  }
  const std::string script =
      "import glob, json, sys, jsonschema\n"
      "v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))\n"
      "def load(p):\n"
      "    return json.loads('\\n'.join(l for l in open(p) if not l.lstrip().startswith('//')))\n"
      "files = sorted(glob.glob(sys.argv[2] + '/*.json'))\n"
      "assert len(files) == 7, files\n"
      "for f in files:\n"
      "    v.validate(load(f))\n"
      "bad = load(files[0]); bad['ego'] = {'vehicle': 'bmw-320i', 'speed': 1}\n"
      "assert not v.is_valid(bad)\n";
  const std::string path = ::testing::TempDir() + "/radio_schema_check.py";
  { std::ofstream(path) << script; }
  const std::string cmd = "python3 '" + path + "' '" +
                          source("scenarios/schema/scenario.schema.json") + "' '" +
                          source("scenarios/radio") + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

struct Output {
  int code = -1;
  std::string text;
};

Output cli(const std::string& args) {
  const std::string cmd = std::string(ASSAY_BINARY) + " " + args + " 2>&1";
  Output out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out.text += buf.data();
  const int status = pclose(p);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(RadioCli, ExitCodes) {
  const std::string out = " --out " + ::testing::TempDir() + "/radio-cli --progress none";
  const Output pass = cli("run " + source("scenarios/radio/indoor-office.json") + out);
  EXPECT_EQ(pass.code, 0) << pass.text;
  const Output fail = cli("run " + source("scenarios/radio/stress-feedback-delay.json") + out);
  EXPECT_EQ(fail.code, 1) << fail.text;
  // The replay line names the model that actually ran (auto resolved for the radio family).
  EXPECT_NE(fail.text.find("--model threshold-acm"), std::string::npos) << fail.text;
  const Output mixed = cli("run " + source("scenarios") + " --model aeb-ttc" + out);
  EXPECT_EQ(mixed.code, 2) << mixed.text;
  EXPECT_NE(mixed.text.find("--filter"), std::string::npos) << mixed.text;
  const Output radio_model_on_vehicles =
      cli("run " + source("scenarios/euro-ncap") + " --model threshold-acm" + out);
  EXPECT_EQ(radio_model_on_vehicles.code, 2) << radio_model_on_vehicles.text;
  const Output bad_param =
      cli("run " + source("scenarios/radio/indoor-office.json") + " --model olla:bogus=1" + out);
  EXPECT_EQ(bad_param.code, 2) << bad_param.text;
  const Output lint = cli("lint " + source("scenarios"));
  EXPECT_EQ(lint.code, 0) << lint.text;
}

}  // namespace
}  // namespace assay::harness
