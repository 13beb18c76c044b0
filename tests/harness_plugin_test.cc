// The example plugin through `assay run`: it passes the Euro NCAP suite like aeb-ttc, and a
// plugin that reports an error fails its cases with the plugin's message.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

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
  auto d = std::filesystem::path(::testing::TempDir()) / ("assay-plugin-" + name);
  std::filesystem::remove_all(d);
  return d.string();
}

TEST(PluginRun, ExamplePluginPassesTheEuroNcapSuite) {
  const std::string out = out_dir("pass");
  std::string text;
  ASSERT_EQ(run("run scenarios/euro-ncap --progress none --model plugin:" +
                    std::string(ASSAY_EXAMPLE_PLUGIN) + ":ttc=2 --out " + out,
                text),
            0)
      << text;
  std::ifstream in(out + "/results.json");
  const auto m = nlohmann::json::parse(in).at("manifest");
  EXPECT_EQ(m.at("model").at("adapter"), "plugin");
  EXPECT_EQ(m.at("model").at("name"), "example-aeb");
  EXPECT_EQ(m.at("model").at("parameters").at("ttc"), "2");
}

TEST(PluginRun, PluginErrorIsAModelFailureWithItsMessage) {
  const std::string out = out_dir("fail");
  std::string text;
  EXPECT_EQ(run("run scenarios/euro-ncap/ccrs.json --progress none --model plugin:" +
                    std::string(ASSAY_EXAMPLE_PLUGIN) + ":fail_at=0.5 --out " + out,
                text),
            1)
      << text;
  std::ifstream in(out + "/results.json");
  const auto cases = nlohmann::json::parse(in).at("cases");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    EXPECT_EQ(c.at("verdict"), "fail");
    EXPECT_NE(c.at("reason").get<std::string>().find("simulated failure at t=0.50 s"),
              std::string::npos)
        << c.at("reason");
  }
}

}  // namespace
