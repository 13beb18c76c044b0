// The "sensors" section of scenario files: values land in SI, parameters are accepted where their
// values fit, and bad input gets a located error (file:line:col and the JSON pointer).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <string>

#include "core/json_source.h"
#include "harness/scenario.h"

namespace assay::scenario {
namespace {

Result<Scenario> parse_text(const std::string& text) {
  auto doc = parse_json(text, "s.json");
  if (!doc) return doc.error();
  return parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
}

// A minimal scenario with one parameter, "sensors" on a line of its own (line 4).
std::string with_sensors(const std::string& sensors) {
  return "{\"format\": \"assay.scenario/1\", \"id\": \"s\", \"title\": \"s\", \"simulator\": "
         "{\"duration\": 5},\n"
         "\"parameters\": {\"sigma\": {\"unit\": \"m\", \"set\": [0.1, 0.5]},\n"
         "                 \"v\": {\"unit\": \"km/h\", \"set\": [10]}},\n"
         "\"sensors\": " +
         sensors + ",\n\"ego\": {\"vehicle\": \"ford-escort\", \"speed\": 10}}";
}

TEST(ScenarioSensors, AbsentSectionMeansPerfectSensors) {
  auto r = parse_text(with_sensors("{}"));
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_TRUE(r->sensors.present);  // an empty section is present but changes nothing
  auto none = parse_text(R"({"format": "assay.scenario/1", "id": "s", "title": "s",
    "simulator": {"duration": 5}, "ego": {"vehicle": "ford-escort", "speed": 10}})");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->sensors.present);
}

TEST(ScenarioSensors, EveryFieldIsReadInSi) {
  auto r = parse_text(with_sensors(R"({
    "object": {"range": "150 m", "fov": "60 deg",
               "noise": {"distance": "$sigma", "relative_speed": "0.2 m/s", "lateral_offset": 0.1},
               "bias": {"distance": "-30 cm", "relative_speed": "-3.6 km/h"},
               "dropout": {"fraction": "5 %", "burst": "200 ms"},
               "latency": "100 ms",
               "false_positives": {"probability": "1 %", "min_distance": "10 m",
                                   "max_distance": "80 m", "lateral": "1 m"}},
    "ego": {"noise": {"speed": "0.1 m/s", "accel": "0.2 m/s^2"}, "bias": {"speed": -0.05}}})"));
  ASSERT_TRUE(r.ok()) << r.error().format();
  const Sensors& s = r->sensors;
  EXPECT_DOUBLE_EQ(s.range->si, 150.0);
  EXPECT_NEAR(s.fov->si, std::numbers::pi / 3.0, 1e-15);
  EXPECT_EQ(s.noise_distance.param, "sigma");
  EXPECT_EQ(s.noise_distance.pointer, "/sensors/object/noise/distance");
  EXPECT_DOUBLE_EQ(s.noise_relative_speed.si, 0.2);
  EXPECT_DOUBLE_EQ(s.noise_lateral_offset.si, 0.1);
  EXPECT_DOUBLE_EQ(s.bias_distance.si, -0.3);
  EXPECT_DOUBLE_EQ(s.bias_relative_speed.si, -1.0);
  EXPECT_DOUBLE_EQ(s.bias_lateral_offset.si, 0.0);
  EXPECT_DOUBLE_EQ(s.dropout.si, 0.05);
  EXPECT_DOUBLE_EQ(s.dropout_burst.si, 0.2);
  EXPECT_DOUBLE_EQ(s.latency.si, 0.1);
  EXPECT_DOUBLE_EQ(s.false_positive.si, 0.01);
  EXPECT_DOUBLE_EQ(s.false_positive_min.si, 10.0);
  EXPECT_DOUBLE_EQ(s.false_positive_max.si, 80.0);
  EXPECT_DOUBLE_EQ(s.false_positive_lateral.si, 1.0);
  EXPECT_DOUBLE_EQ(s.ego_speed_noise.si, 0.1);
  EXPECT_DOUBLE_EQ(s.ego_accel_noise.si, 0.2);
  EXPECT_DOUBLE_EQ(s.ego_speed_bias.si, -0.05);
}

TEST(ScenarioSensors, DropoutAsAPlainFraction) {
  auto r = parse_text(with_sensors(R"({"object": {"dropout": "2.5 %"}})"));
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_DOUBLE_EQ(r->sensors.dropout.si, 0.025);
  EXPECT_DOUBLE_EQ(r->sensors.dropout_burst.si, 0.0);
}

struct BadCase {
  const char* sensors;
  const char* expected;  // the whole formatted error, file:line:col to pointer
};

TEST(ScenarioSensors, BadInputGetsLocatedErrors) {
  const BadCase cases[] = {
      {R"([])", "s.json:4:12: error: \"sensors\" expects an object; got an array (at /sensors)"},
      {R"({"radar": {}})", "s.json:4:13: error: unknown key \"radar\" in \"sensors\""},
      {R"({"object": {"range": "-5 m"}})",
       "s.json:4:33: error: \"range\" must be greater than 0 m; got \"-5 m\""},
      {R"({"object": {"noise": {"distance": "-0.5 m"}}})",
       "s.json:4:46: error: \"distance\" must be at least 0 m; got \"-0.5 m\""},
      {R"({"object": {"noise": {"distance": "0.5 m/s"}}})",
       "s.json:4:46: error: \"distance\" expects a length such as 12 (m) or \"12 m\" or "
       "\"$param\", but \"m/s\" is a unit of speed"},
      {R"({"object": {"dropout": "150 %"}})",
       "s.json:4:35: error: \"dropout\" must be from 0 % to 100 %; got \"150 %\""},
      {R"({"object": {"dropout": {"burst": "1 s"}}})",
       "s.json:4:35: error: missing required key \"fraction\" in \"dropout\""},
      {R"({"object": {"latency": "20 s"}})",
       "s.json:4:35: error: \"latency\" must be from 0 s to 10 s"},
      {R"({"object": {"fov": "0 deg"}})", "s.json:4:31: error: \"fov\" must be greater than 0 rad"},
      {R"({"object": {"false_positives": {"min_distance": "5 m"}}})",
       "s.json:4:43: error: missing required key \"probability\" in \"false_positives\""},
      {R"({"object": {"false_positives": {"probability": 0.1, "min_distance": 50, "max_distance": 20}}})",
       "s.json:4:100: error: \"max_distance\" must be at least \"min_distance\""},
      {R"({"object": {"noise": {"distance": "$nope"}}})",
       "s.json:4:46: error: unknown parameter \"nope\""},
      {R"({"object": {"noise": {"distance": "$v"}}})",
       "s.json:4:46: error: \"distance\" expects a length, but parameter \"v\" is a speed"},
      {R"({"ego": {"noise": {"yaw": 1}}})", "s.json:4:31: error: unknown key \"yaw\" in \"noise\""},
  };
  for (const BadCase& c : cases) {
    auto r = parse_text(with_sensors(c.sensors));
    ASSERT_FALSE(r.ok()) << c.sensors;
    const std::string got = r.error().format();
    EXPECT_EQ(got.rfind(c.expected, 0), 0u) << c.sensors << "\n  got: " << got;
    EXPECT_NE(got.find("(at /sensors"), std::string::npos) << got;
  }
}

}  // namespace
}  // namespace assay::scenario
