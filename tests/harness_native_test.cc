// The native adapter end to end: the bundled scikit-learn AEB tree through `assay run`, with its
// identity and file hash in every report.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/sha256.h"

namespace {

int run(const std::string& args, std::string& text) {
  const std::string cmd =
      "cd " + std::string(ASSAY_SOURCE_DIR) + " && " + ASSAY_BINARY + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) text += buf.data();
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string out_dir(const std::string& name) {
  auto d = std::filesystem::path(::testing::TempDir()) / ("assay-native-" + name);
  std::filesystem::remove_all(d);
  return d.string();
}

TEST(NativeRun, ExportedTreePassesTheExampleScenarioAndIsNamedInReports) {
  const std::string out = out_dir("example");
  const std::string model = "examples/native/aeb-tree.json";
  std::string text;
  ASSERT_EQ(run("run scenarios/examples/ccrs-native-aeb.json --model native:" + model + " --out " +
                    out + " --progress none",
                text),
            0)
      << text;
  std::ifstream in(out + "/results.json");
  const auto results = nlohmann::json::parse(in);
  const auto& m = results.at("manifest");
  EXPECT_EQ(m.at("model").at("adapter"), "native");
  EXPECT_EQ(m.at("model").at("name"), "aeb-tree");
  EXPECT_EQ(m.at("model").at("version"), "1");
  auto digest = assay::sha256_file(std::string(ASSAY_SOURCE_DIR) + "/" + model);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(m.at("model").at("parameters").at("sha256"), *digest);
  bool listed = false;
  for (const auto& i : m.at("inputs")) {
    listed |= i.at("role") == "model" && i.at("path") == model && i.at("sha256") == *digest;
  }
  EXPECT_TRUE(listed) << m.at("inputs").dump();
  std::ifstream junit(out + "/junit.xml");
  std::stringstream ss;
  ss << junit.rdbuf();
  EXPECT_NE(ss.str().find("assay.model.sha256\" value=\"" + *digest), std::string::npos);
}

TEST(NativeRun, BadModelFileIsAUsageErrorWithItsLocation) {
  const std::string bad = out_dir("bad") + ".json";
  std::ofstream(bad) << "{\"format\": \"assay.model/1\", \"name\": \"x\", \"version\": \"1\",\n"
                        " \"inputs\": [\"ego_speed\"], \"outputs\": [\"accel\"], \"model\": 3}\n";
  std::string text;
  EXPECT_EQ(
      run("run scenarios/examples --model native:" + bad + " --out " + out_dir("bad-out"), text),
      2);
  EXPECT_NE(text.find(bad + ":2:"), std::string::npos) << text;
  EXPECT_NE(text.find("/model"), std::string::npos) << text;
  text.clear();
  EXPECT_EQ(run("run scenarios/examples --model native:/no/such/model.json", text), 2);
  EXPECT_NE(text.find("/no/such/model.json"), std::string::npos) << text;
}

}  // namespace
