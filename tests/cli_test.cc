// The assay executable as a user runs it: exit codes, messages, environment variables, replay.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

Output run(const std::string& args, const std::string& env = "") {
  const std::string cmd = "cd " + std::string(ASSAY_SOURCE_DIR) + " && " + env + " " +
                          ASSAY_BINARY + " " + args + " 2>&1";
  Output out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out.text += buf.data();
  const int status = pclose(p);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string temp_dir(const std::string& name) {
  auto d = std::filesystem::path(::testing::TempDir()) / ("assay-cli-" + name);
  std::filesystem::remove_all(d);
  return d.string();
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Cli, HelpIsGroupedAndDocumentsExitCodes) {
  auto o = run("--help");
  EXPECT_EQ(o.code, 0);
  for (const char* s :
       {"Selection", "Execution", "Output", "Exit codes", "ASSAY_JOBS", "NO_COLOR"}) {
    EXPECT_NE(o.text.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(run("").code, 2);
}

TEST(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run("run --bogus scenarios/euro-ncap").code, 2);
  EXPECT_EQ(run("run").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("run scenarios/euro-ncap --jobs many").code, 2);
  auto bad_model = run("run scenarios/euro-ncap --model aeb-ttc:ttc=-1 --out " + temp_dir("m"));
  EXPECT_EQ(bad_model.code, 2);
  EXPECT_NE(bad_model.text.find("ttc=-1"), std::string::npos);
  EXPECT_EQ(run("run no/such/dir").code, 2);
}

TEST(Cli, InvalidScenarioFileNamesFileLineAndColumn) {
  const std::string dir = temp_dir("bad");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/bad.json") << "{\n  \"format\": \"assay.scenario/1\",\n  \"idd\": 1\n}\n";
  auto o = run("lint " + dir + "/bad.json");
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.text.find("bad.json:3:3: error:"), std::string::npos) << o.text;
}

TEST(Cli, NothingSelectedExitsWithThree) {
  auto o = run("run scenarios/euro-ncap --filter 'nothing-matches-*' --out " + temp_dir("n"));
  EXPECT_EQ(o.code, 3) << o.text;
}

TEST(Cli, LintAcceptsTheBundledSuite) {
  auto o = run("lint scenarios/euro-ncap");
  EXPECT_EQ(o.code, 0) << o.text;
  EXPECT_NE(o.text.find("ok: "), std::string::npos);
}

TEST(Cli, ListPrintsCasesWithoutRunning) {
  const std::string out = temp_dir("list");
  auto o = run("run scenarios/euro-ncap --filter ccrb --list --out " + out);
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.text.find("#3"), std::string::npos) << o.text;
  EXPECT_FALSE(std::filesystem::exists(out + "/results.json"));
}

TEST(Cli, BaselineFailsWithOneAndEachFailureReplaysExactly) {
  const std::string out = temp_dir("none");
  auto o = run("run scenarios/euro-ncap --filter ccrb --model none --progress none --out " + out);
  ASSERT_EQ(o.code, 1) << o.text;
  const auto first = o.text.find("assay run ");
  ASSERT_NE(first, std::string::npos) << o.text;
  std::string replay = o.text.substr(first, o.text.find('\n', first) - first);
  // The replay command runs only that case and gives the same record.
  const std::string out2 = temp_dir("replay");
  auto again = run(replay.substr(std::string("assay ").size()) + " --progress none --out " + out2);
  EXPECT_EQ(again.code, 1) << again.text;
  const std::string results = read(out2 + "/results.json");
  EXPECT_NE(results.find("\"total\": 1"), std::string::npos) << results;
  EXPECT_TRUE(std::filesystem::exists(out + "/junit.xml"));
  EXPECT_TRUE(std::filesystem::exists(out + "/summary.md"));
  EXPECT_TRUE(std::filesystem::exists(out + "/journal.jsonl"));
}

TEST(Cli, EnvironmentVariablesActLikeFlagsAndFlagsWin) {
  const std::string out = temp_dir("env");
  auto o = run("run scenarios/euro-ncap --filter ccrb --progress none --out " + out,
               "ASSAY_SEED=99 ASSAY_MODEL=none");
  EXPECT_EQ(o.code, 1) << o.text;
  EXPECT_NE(o.text.find("master seed 99"), std::string::npos) << o.text;
  auto flag =
      run("run scenarios/euro-ncap --filter ccrb --progress none --model aeb-ttc --out " + out,
          "ASSAY_MODEL=none");
  EXPECT_EQ(flag.code, 0) << flag.text;
}

TEST(Cli, VersionAndModels) {
  auto v = run("version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.text.find("assay "), std::string::npos);
  auto m = run("models");
  EXPECT_EQ(m.code, 0);
  for (const char* s : {"none", "aeb-ttc", "idm", "r157-cc", "critical_ttc"}) {
    EXPECT_NE(m.text.find(s), std::string::npos) << s;
  }
}

// `assay preventable` (tested in depth by harness_r157_cc_test): help, files, exit codes.
TEST(Cli, PreventableMapIsWired) {
  const auto help = run("--help").text;
  for (const char* s : {"assay preventable SCENARIO", "--set NAME=VALUE", "--x NAME"}) {
    EXPECT_NE(help.find(s), std::string::npos) << s;
  }
  const std::string out = temp_dir("preventable");
  auto ok =
      run("preventable tests/data/r157-cut-in.json --set ego_speed=40 --set "
          "cut_in_speed=20 --jobs 2 --out " +
          out);
  EXPECT_EQ(ok.code, 0) << ok.text;
  EXPECT_NE(ok.text.find("180 points (gap x lateral_speed)"), std::string::npos) << ok.text;
  for (const char* f : {"/preventable.csv", "/boundary.csv", "/preventable.svg"}) {
    EXPECT_TRUE(std::filesystem::exists(out + f)) << f;
  }
  auto unfixed = run("preventable tests/data/r157-cut-in.json --out " + out);
  EXPECT_EQ(unfixed.code, 2);
  EXPECT_NE(unfixed.text.find("fix ego_speed with --set ego_speed=VALUE; values: 40, 60 km/h"),
            std::string::npos)
      << unfixed.text;
  EXPECT_EQ(run("preventable").code, 2);
  EXPECT_EQ(run("preventable tests/data/r157-cut-in.json --y nope").code, 2);
}

// `assay data` is dispatched to its own verbs and help (data/command.cc; tested in depth by
// data_command_test).
TEST(Cli, DataCommandIsWired) {
  EXPECT_NE(run("--help").text.find("assay data check RULES DATA"), std::string::npos);
  auto help = run("data --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.text.find("assay data drift REFERENCE CURRENT"), std::string::npos);
  EXPECT_EQ(run("data check only-rules.json").code, 2);
  auto infer = run("data infer examples/data/vehicle-log.csv");
  EXPECT_EQ(infer.code, 0);
  EXPECT_NE(infer.text.find("\"schema\": \"assay.rules/1\""), std::string::npos);
}

}  // namespace

namespace {

TEST(Suite, DefaultsApplyAndFlagsWin) {
  const std::string out = temp_dir("suite");
  auto o = run("run tests/data/suites/ok.suite.json --progress none --out " + out);
  EXPECT_EQ(o.code, 1) << o.text;  // model "none" from the suite lets the lead brake into it
  EXPECT_NE(o.text.find("master seed 42, model none"), std::string::npos) << o.text;
  const std::string results = read(out + "/results.json");
  EXPECT_NE(results.find("\"role\": \"suite\""), std::string::npos);
  auto flag =
      run("run tests/data/suites/ok.suite.json --progress none --seed 7 --model idm --out " + out);
  EXPECT_NE(flag.text.find("master seed 7, model idm"), std::string::npos) << flag.text;
}

TEST(Suite, PathsMustStayInsideTheSuiteFolderAndKeysAreChecked) {
  auto escape = run("lint tests/data/suites/escape.suite.json");
  EXPECT_EQ(escape.code, 2);
  EXPECT_NE(escape.text.find("escape.suite.json:3:26: error:"), std::string::npos) << escape.text;
  auto typo = run("lint tests/data/suites/typo.suite.json");
  EXPECT_EQ(typo.code, 2);
  EXPECT_NE(typo.text.find("unknown key \"modle\""), std::string::npos) << typo.text;
}

// --score and ASSAY_SCORE: aeb-ttc avoids all four CCRb cases, so 2023 gives 4 green × 1 point =
// 4 of 4, total 9 × 4 / 36 = 1.000 of 9, Weak (≥ 0.001, < 2.251; §1.5). 2026 refuses these CCRb
// cases (1 s headway, 4 m/s² there; ccrb-2026.json is filtered out by the exact id), which is no
// run failure: exit 0 and every report written.
TEST(Score, FlagEnvironmentAndExitCode) {
  const std::string out = temp_dir("score");
  const std::string ccrb =
      "run scenarios/euro-ncap --filter euro-ncap.ccrb --model aeb-ttc --progress none ";
  auto flag = run(ccrb + "--score euro-ncap-2023 --out " + out);
  EXPECT_EQ(flag.code, 0) << flag.text;
  EXPECT_NE(flag.text.find("score euro-ncap-2023: ccrb 4.000 of 4.000; total 1.000 of 9.000, "
                           "Weak (counted 0: ccrs, ccrm, fcw)"),
            std::string::npos)
      << flag.text;
  EXPECT_NE(read(out + "/summary.md").find("### Euro NCAP AEB C2C score"), std::string::npos);

  auto env = run(ccrb + "--out " + out, "ASSAY_SCORE=euro-ncap-2026");
  EXPECT_EQ(env.code, 0) << env.text;
  EXPECT_NE(env.text.find("score euro-ncap-2026: ccrb refused; no total"), std::string::npos)
      << env.text;
  for (const char* f : {"/results.json", "/junit.xml", "/summary.md"})
    EXPECT_TRUE(std::filesystem::exists(out + f)) << f;
  EXPECT_NE(read(out + "/results.json").find("\"score\": null"), std::string::npos);

  auto both = run(ccrb + "--score euro-ncap-2023 --out " + out, "ASSAY_SCORE=euro-ncap-2026");
  EXPECT_EQ(both.text.find("score euro-ncap-2026"), std::string::npos) << both.text;
  auto list = run(ccrb + "--score euro-ncap-2026,euro-ncap-2023 --out " + out);
  EXPECT_LT(list.text.find("score euro-ncap-2023"), list.text.find("score euro-ncap-2026"))
      << list.text;
  auto none = run(ccrb + "--out " + out);
  EXPECT_EQ(none.text.find("score "), std::string::npos) << none.text;
  EXPECT_EQ(read(out + "/results.json").find("\"scores\""), std::string::npos);
}

// Scores are computed from the sorted results, so they are byte-identical for any --jobs.
TEST(Score, IdenticalForAnyNumberOfThreads) {
  const std::string one = temp_dir("score-j1"), two = temp_dir("score-j2");
  const std::string args =
      "run scenarios/euro-ncap.suite.json --progress none --score "
      "euro-ncap-2023,euro-ncap-2026 --out ";
  ASSERT_EQ(run(args + one + " --jobs 1").code, 0);
  ASSERT_EQ(run(args + two + " --jobs 2").code, 0);
  // The scores section, from its key to the summary that follows it (keys are sorted).
  auto scores = [](const std::string& text) {
    const auto from = text.find("\"scores\": [");
    return from == std::string::npos ? std::string()
                                     : text.substr(from, text.find("\"summary\": {") - from);
  };
  const std::string a = scores(read(one + "/results.json"));
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(a == scores(read(two + "/results.json")));
  EXPECT_EQ(read(one + "/summary.md"), read(two + "/summary.md"));
}

TEST(Score, UnknownProtocolIsAUsageError) {
  auto flag = run("run scenarios/euro-ncap --score euro-ncap-2019 --list");
  EXPECT_EQ(flag.code, 2) << flag.text;
  EXPECT_NE(flag.text.find("--score: unknown scoring protocol \"euro-ncap-2019\""),
            std::string::npos)
      << flag.text;
  auto env = run("run scenarios/euro-ncap --list", "ASSAY_SCORE=nhtsa");
  EXPECT_EQ(env.code, 2) << env.text;
  EXPECT_NE(env.text.find("ASSAY_SCORE: unknown scoring protocol"), std::string::npos) << env.text;
  EXPECT_EQ(run("run scenarios/euro-ncap --score none,euro-ncap-2023 --list").code, 2);
  auto suite = run("lint tests/data/suites/bad-scoring.suite.json");
  EXPECT_EQ(suite.code, 2) << suite.text;
  EXPECT_NE(suite.text.find("bad-scoring.suite.json:4:33: error: unknown scoring protocol"),
            std::string::npos)
      << suite.text;
}

// A suite's "scoring" applies unless --score (or ASSAY_SCORE) says otherwise; "none" turns it off.
// The suite's scenario is not a Euro NCAP test: the score is refused, the exit code is the run's.
TEST(Score, SuiteFieldAndFlagsOverrideIt) {
  const std::string out = temp_dir("score-suite");
  auto suite = run("run tests/data/suites/scoring.suite.json --progress none --out " + out);
  EXPECT_EQ(suite.code, 1) << suite.text;  // model "none": the same exit code as without scoring
  EXPECT_NE(suite.text.find("score=euro-ncap-2023,euro-ncap-2026 (suite)"), std::string::npos)
      << suite.text;
  EXPECT_NE(suite.text.find("score euro-ncap-2023: no total: no case belongs to a Euro NCAP test"),
            std::string::npos)
      << suite.text;
  EXPECT_NE(suite.text.find("score euro-ncap-2026"), std::string::npos);
  auto off =
      run("run tests/data/suites/scoring.suite.json --progress none --score none --out " + out);
  EXPECT_EQ(off.code, 1);
  EXPECT_EQ(off.text.find("score euro-ncap"), std::string::npos) << off.text;
  auto one = run("run tests/data/suites/scoring.suite.json --progress none --out " + out,
                 "ASSAY_SCORE=euro-ncap-2026");
  EXPECT_EQ(one.text.find("score euro-ncap-2023"), std::string::npos) << one.text;
  EXPECT_NE(one.text.find("score euro-ncap-2026"), std::string::npos) << one.text;
}

TEST(Suite, TheBundledSuiteRunsTheEuroNcapScenarios) {
  auto o = run("run scenarios/euro-ncap.suite.json --list");
  EXPECT_EQ(o.code, 0) << o.text;
  EXPECT_NE(o.text.find("euro-ncap.ccrb#3"), std::string::npos);
}

// The bundled suite asks for euro-ncap-2026. aeb-ttc avoids every impact (all 110 cases pass
// their no-collision oracle), so every grid point is green and CCRs, CCRm and CCRb get their whole
// budgets (1.2, 2.4 and 1.6, §1.6): total 5.2. The 2023-style CCRb cases are off the 2026 grid.
TEST(Suite, TheBundledSuiteScoresEuroNcap2026) {
  const std::string out = temp_dir("bundled-score");
  auto o = run("run scenarios/euro-ncap.suite.json --progress none --out " + out);
  EXPECT_EQ(o.code, 0) << o.text;
  EXPECT_NE(o.text.find("110 passed"), std::string::npos) << o.text;
  EXPECT_NE(o.text.find("score euro-ncap-2026: ccrs 1.200 of 1.200, ccrm 2.400 of 2.400, ccrb "
                        "1.600 of 1.600; total 5.200 of 5.200"),
            std::string::npos)
      << o.text;
  const std::string md = read(out + "/summary.md");
  EXPECT_NE(md.find("**ccrb**: 1.600 of 1.600 points · 4 case(s) off the protocol grid"),
            std::string::npos);
  EXPECT_NE(md.find("**not protocol values**"), std::string::npos);
}

}  // namespace
