// `assay stl` as a user runs it: robustness at t = 0, the robustness signal, exit codes, located
// formula errors, CSV errors, and real logs (ASSAY_REAL_LOGS).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

Output run(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + " " + ASSAY_BINARY + " " + args + " 2>&1";
  Output out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out.text += buf.data();
  const int status = pclose(p);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string write_csv(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::path(::testing::TempDir()) / ("assay-stl-" + name + ".csv");
  std::ofstream(path) << text;
  return path.string();
}

// gap [m] falls 30, 20, 10, 15, 25 at 1 s steps.
const char* kGapCsv = "t [s],lead.gap [m],mode\n0,30,a\n1,20,a\n2,10,b\n3,15,b\n4,25,b\n";

TEST(StlCommand, RobustnessAtTimeZeroAndExitCode) {
  const std::string csv = write_csv("gap", kGapCsv);
  auto ok = run("stl 'always lead.gap > 5' " + csv);
  EXPECT_EQ(ok.code, 0) << ok.text;
  EXPECT_NE(ok.text.find("robustness at t = 0 s: 5 m (satisfied)"), std::string::npos) << ok.text;
  EXPECT_NE(ok.text.find("decided at t = 2 s"), std::string::npos) << ok.text;
  EXPECT_NE(ok.text.find("non-numeric column(s) left out: mode"), std::string::npos);
  auto bad = run("stl 'always[0,1] lead.gap > 25' " + csv);
  EXPECT_EQ(bad.code, 1) << bad.text;
  EXPECT_NE(bad.text.find("-5 m (violated)"), std::string::npos) << bad.text;
}

TEST(StlCommand, SignalFlagPrintsEverySample) {
  const std::string csv = write_csv("gap2", kGapCsv);
  auto r = run("stl --signal 'eventually[0,1] lead.gap >= $g' --param g=12 " + csv);
  EXPECT_EQ(r.code, 0) << r.text;
  // max over [t, t+1] minus 12: 18, 8, 3, 13, 13
  EXPECT_NE(r.text.find("t [s],robustness [m]\n0,18\n1,8\n2,3\n3,13\n4,13\n"), std::string::npos)
      << r.text;
  auto env = run("stl 'eventually[0,1] lead.gap >= 16' " + csv, "ASSAY_STL_SIGNAL=1");
  EXPECT_NE(env.text.find("2,-1\n"), std::string::npos) << env.text;
}

TEST(StlCommand, ErrorsAreUsageErrorsWithLocations) {
  const std::string csv = write_csv("gap3", kGapCsv);
  auto parse = run("stl 'always (lead.gap > 5' " + csv);
  EXPECT_EQ(parse.code, 2);
  EXPECT_NE(parse.text.find("formula column 21: expected \")\""), std::string::npos) << parse.text;
  auto signal = run("stl 'always lead.gapp > 5' " + csv);
  EXPECT_EQ(signal.code, 2);
  EXPECT_NE(signal.text.find("unknown signal \"lead.gapp\""), std::string::npos) << signal.text;
  const std::string ragged = write_csv("ragged", "t,x\n0,1\n1\n");
  auto rows = run("stl 'x > 0' " + ragged);
  EXPECT_EQ(rows.code, 2);
  EXPECT_NE(rows.text.find(":3:1: error: row has 1 fields"), std::string::npos) << rows.text;
  EXPECT_EQ(run("stl 'x > 0'").code, 2);
  EXPECT_EQ(run("stl --bogus 'x > 0' " + ragged).code, 2);
  EXPECT_EQ(run("stl --param g 'x > 0' " + ragged).code, 2);
  EXPECT_EQ(run("stl 'x > 0' /nonexistent.csv").code, 2);
}

TEST(StlCommand, RealLogLeadVehicle) {
  const char* dir = std::getenv("ASSAY_REAL_LOGS");
  if (!dir) GTEST_SKIP() << "ASSAY_REAL_LOGS is not set; skipping the comma2k19 real-log check";
  const std::string csv = std::string(dir) + "/vehicle/comma2k19-rav4-segment.csv";
  // The RAV4 drives at 8..20 m/s for the whole 60 s segment (data README): speed stays above
  // 5 m/s, and the robustness equals the minimum speed minus 5.
  auto r = run("stl 'always speed_mps > 5' " + csv);
  EXPECT_EQ(r.code, 0) << r.text;
  auto above20 = run("stl 'always speed_mps < 25' " + csv);
  EXPECT_EQ(above20.code, 0) << above20.text;
  auto never_slow = run("stl 'eventually speed_mps < 5' " + csv);
  EXPECT_EQ(never_slow.code, 1) << never_slow.text;
}

}  // namespace
