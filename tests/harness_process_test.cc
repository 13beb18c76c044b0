// External models through `assay run`: misbehaving Python models fail their cases (the run
// finishes, verdicts and reasons are right) and no model process survives the run — also when
// the run is interrupted with Ctrl-C (SIGINT).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
const std::string kScript = std::string(ASSAY_SOURCE_DIR) + "/tests/data/process/misbehave.py";

std::string temp(const std::string& name) {
  auto p = fs::path(::testing::TempDir()) / ("assay-process-" + name);
  fs::remove_all(p);
  return p.string();
}

std::string spec(const std::string& mode, const std::string& pid_file, const std::string& extra) {
  return "process:[\"python3\",\"" + kScript + "\",\"" + mode + "\",\"" + pid_file + "\"]" + extra;
}

std::vector<pid_t> pids(const std::string& file) {
  std::vector<pid_t> out;
  std::ifstream in(file);
  for (long p = 0; in >> p;) out.push_back(static_cast<pid_t>(p));
  return out;
}

// Not running: reaped (ESRCH) or at least dead and waiting for init to reap it (state Z).
bool gone(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

// Runs assay (no shell: the model spec contains quotes) and returns its wait status.
int run_assay(const std::vector<std::string>& args, pid_t* child = nullptr,
              const std::string& wait_for_pids = "") {
  std::vector<std::string> all = {ASSAY_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(ASSAY_SOURCE_DIR) != 0) _exit(126);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (child) *child = pid;
  if (!wait_for_pids.empty()) {
    // Interrupt once two model processes (one per worker) are up and hanging.
    for (int i = 0; i < 200 && pids(wait_for_pids).size() < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGINT);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

class ProcessRun : public ::testing::TestWithParam<const char*> {};

TEST_P(ProcessRun, MisbehavingModelFailsEveryCaseAndLeavesNoProcess) {
  const std::string mode = GetParam();
  const std::string out = temp(mode), pid_file = temp(mode + ".pids");
  const int status =
      run_assay({"run", "scenarios/euro-ncap/ccrs.json", "--case",
                 "euro-ncap.ccrs#0,euro-ncap.ccrs#7,euro-ncap.ccrs#13,euro-ncap.ccrs#21,"
                 "euro-ncap.ccrs#30,euro-ncap.ccrs#44",
                 "--jobs", "2", "--out", out, "--progress", "none", "--model",
                 spec(mode, pid_file, ":step_timeout=0.3")});
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);  // model failures, not usage or infrastructure errors
  std::ifstream in(out + "/results.json");
  const auto results = nlohmann::json::parse(in);
  const auto& cases = results.at("cases");
  EXPECT_EQ(cases.size(), 6u);  // the run finished: every case has a verdict
  for (const auto& c : cases) {
    EXPECT_EQ(c.at("verdict"), "fail") << c.at("case_id");
    EXPECT_NE(c.at("reason").get<std::string>().find("misbehave: going " + mode), std::string::npos)
        << c.at("reason");
  }
  const auto spawned = pids(pid_file);
  EXPECT_GE(spawned.size(), 6u);  // one fresh process per failed case, at least
  for (pid_t p : spawned) EXPECT_TRUE(gone(p)) << "model process " << p << " survived";
}

INSTANTIATE_TEST_SUITE_P(Modes, ProcessRun, ::testing::Values("crash", "hang", "garbage", "nan"),
                         [](const auto& p) { return std::string(p.param); });

TEST(ProcessRun, CtrlCKillsEveryModelProcess) {
  const std::string out = temp("sigint"), pid_file = temp("sigint.pids");
  pid_t assay = 0;
  const int status =
      run_assay({"run", "scenarios/euro-ncap", "--jobs", "2", "--out", out, "--progress", "none",
                 "--model", spec("hang", pid_file, ":step_timeout=600,case_timeout=600")},
                &assay, pid_file);
  ASSERT_TRUE(WIFSIGNALED(status)) << "assay should die of SIGINT, status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  const auto spawned = pids(pid_file);
  ASSERT_GE(spawned.size(), 2u);
  for (pid_t p : spawned) EXPECT_TRUE(gone(p)) << "model process " << p << " survived Ctrl-C";
}

}  // namespace
