// The plugin adapter with the example plugin built by the project (examples/plugin/aeb_plugin.c):
// loading, identity, parameters, failures, and agreement with the built-in aeb-ttc it mirrors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/sha256.h"
#include "models/builtin.h"
#include "models/plugin_model.h"

namespace assay::models {
namespace {

const std::string kPlugin = ASSAY_EXAMPLE_PLUGIN;

sim::Observation closing(double t, double distance, double relative_speed) {
  sim::Observation obs;
  obs.t = t;
  obs.dt = 0.01;
  obs.ego_speed = 15.0;
  obs.ego_width = 1.8;
  obs.objects = {{0, distance, relative_speed, 0.3, 1.7, 4.0, 15.0 + relative_speed}};
  return obs;
}

TEST(PluginSpec, PathAndParameters) {
  auto s = parse_model_spec("plugin:/a:b/lib.so:ttc=2,decel=6");
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->name, "plugin");
  EXPECT_EQ(s->file, "/a:b/lib.so");
  ASSERT_EQ(s->parameters.size(), 2u);
  EXPECT_EQ(s->parameters[1].first, "decel");
  EXPECT_EQ(s->parameters[1].second, "6");
  auto plain = parse_model_spec("plugin:lib.so");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->file, "lib.so");
  EXPECT_TRUE(plain->parameters.empty());
  EXPECT_FALSE(parse_model_spec("plugin:").ok());
  EXPECT_FALSE(parse_model_spec("plugin:lib.so:ttc=2,oops").ok());
}

TEST(PluginModel, IdentityNamesPluginParametersAndHash) {
  auto spec = parse_model_spec("plugin:" + kPlugin + ":ttc=2.5");
  ASSERT_TRUE(spec.ok());
  auto id = model_identity(*spec);
  ASSERT_TRUE(id.ok()) << id.error().format();
  EXPECT_EQ(id->adapter, "plugin");
  EXPECT_EQ(id->name, "example-aeb");
  EXPECT_EQ(id->version, "1");
  ASSERT_EQ(id->parameters.size(), 3u);  // sorted: file, sha256, ttc
  EXPECT_EQ(id->parameters[0].first, "file");
  EXPECT_EQ(id->parameters[1].second, *sha256_file(kPlugin));
  EXPECT_EQ(id->parameters[2], (std::pair<std::string, std::string>{"ttc", "2.5"}));
  auto inputs = model_inputs(*spec);
  ASSERT_TRUE(inputs.ok());
  ASSERT_EQ(inputs->size(), 1u);
  EXPECT_EQ((*inputs)[0].role, "model");
}

TEST(PluginModel, AgreesWithTheBuiltinItMirrors) {
  // The plugin is aeb-ttc without latency; a second implementation of the same rule.
  auto spec = parse_model_spec("plugin:" + kPlugin + ":ttc=2,decel=7");
  ASSERT_TRUE(spec.ok());
  auto plugin = make_model(*spec);
  ASSERT_TRUE(plugin.ok()) << plugin.error().format();
  AebTtcModel builtin({2.0, 7.0, 0.0});
  int braked = 0;
  for (int run = 0; run < 2; ++run) {  // twice: reset must forget the braking state
    (*plugin)->reset({1, 0.01, 15.0});
    builtin.reset({1, 0.01, 15.0});
    for (int i = 0; i < 400; ++i) {
      const double t = i * 0.01;
      // Closing (TTC = 3.75 s − t falls below 2 s at t = 1.75 s), opening after t = 3 s.
      const auto obs = closing(t, 30.0 - 8.0 * std::min(t, 3.0), t < 3.0 ? -8.0 : 1.0);
      const auto a = (*plugin)->step(obs);
      const auto b = builtin.step(obs);
      ASSERT_EQ(a.accel, b.accel) << "t=" << t;
      braked += a.accel < 0.0 ? 1 : 0;
      ASSERT_EQ(a.steer, b.steer);
    }
  }
  EXPECT_EQ(braked, 2 * 124);  // t = 1.76 s to 2.99 s (opening from 3 s), in both runs
  (*plugin)->reset({1, 0.01, 15.0});
  EXPECT_EQ((*plugin)->step(closing(0, 10.0, -8.0)).accel, -7.0);  // TTC 1.25 s < 2 s
}

TEST(PluginModel, StepFailureBecomesNaNWithTheReason) {
  auto spec = parse_model_spec("plugin:" + kPlugin + ":fail_at=0.5");
  ASSERT_TRUE(spec.ok());
  auto m = make_model(*spec);
  ASSERT_TRUE(m.ok());
  (*m)->reset({});
  EXPECT_TRUE(std::isfinite((*m)->step(closing(0.4, 50, -1)).accel));
  EXPECT_TRUE((*m)->failure().empty());
  EXPECT_TRUE(std::isnan((*m)->step(closing(0.5, 50, -1)).accel));
  EXPECT_NE((*m)->failure().find("simulated failure at t=0.50 s"), std::string::npos)
      << (*m)->failure();
  (*m)->reset({});  // a new case starts clean
  EXPECT_TRUE((*m)->failure().empty());
}

TEST(PluginModel, LoadErrorsNameTheProblem) {
  auto bad_param = make_model(*parse_model_spec("plugin:" + kPlugin + ":speed=3"));
  ASSERT_FALSE(bad_param.ok());
  EXPECT_NE(bad_param.error().message.find("unknown parameter \"speed\""), std::string::npos)
      << bad_param.error().message;
  auto bad_value = make_model(*parse_model_spec("plugin:" + kPlugin + ":ttc=-1"));
  ASSERT_FALSE(bad_value.ok());
  EXPECT_NE(bad_value.error().message.find("ttc=-1"), std::string::npos);
  auto missing = make_model(*parse_model_spec("plugin:/no/such/lib.so"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot load"), std::string::npos);
  const auto text = std::filesystem::path(::testing::TempDir()) / "not-a-library.so";
  std::ofstream(text) << "hello\n";
  auto garbage = make_model(*parse_model_spec("plugin:" + text.string()));
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message.find("cannot load"), std::string::npos);
}

// ABI 2 appended road_curvature to the observation: a version-2 plugin sees it, a version-1
// plugin (reading the unchanged prefix) still loads and steps, a future version is refused.
TEST(PluginModel, AbiVersionsOneAndTwoLoadAndLaterAreRefused) {
  sim::Observation obs = closing(0.0, 30.0, -5.0);
  obs.ego_lateral_offset = 0.25;
  obs.road_curvature = 1.0 / 250.0;
  auto v2 = make_model(*parse_model_spec(std::string("plugin:") + ASSAY_ECHO_PLUGIN_V2));
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  (*v2)->reset({});
  const sim::ActuatorCommand c2 = (*v2)->step(obs);
  EXPECT_EQ(c2.accel, 0.25);
  EXPECT_EQ(c2.steer, 1.0 / 250.0);
  auto v1 = make_model(*parse_model_spec(std::string("plugin:") + ASSAY_ECHO_PLUGIN_V1));
  ASSERT_TRUE(v1.ok()) << v1.error().message;
  (*v1)->reset({});
  const sim::ActuatorCommand c1 = (*v1)->step(obs);
  EXPECT_EQ(c1.accel, 0.25);
  EXPECT_EQ(c1.steer, -1.0);
  auto v3 = make_model(*parse_model_spec(std::string("plugin:") + ASSAY_ECHO_PLUGIN_V3));
  ASSERT_FALSE(v3.ok());
  EXPECT_NE(v3.error().message.find("built for plugin ABI 3, this assay speaks 1 to 2"),
            std::string::npos)
      << v3.error().message;
}

}  // namespace
}  // namespace assay::models
