// Scenario files: the Euro NCAP library parses into the grids the protocol defines, a full
// example lands in the expected struct values (SI conversions checked by hand), and a table of
// bad inputs gets located, precise errors.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/json_source.h"
#include "harness/scenario.h"

namespace assay::scenario {
namespace {

std::string source_dir() {
  return ASSAY_SOURCE_DIR;
}

Result<Scenario> parse_text(const std::string& text, const std::string& file = "test.json") {
  auto doc = parse_json(text, file);
  if (!doc) return doc.error();
  return parse_scenario(std::make_shared<const JsonDocument>(std::move(doc).value()));
}

Scenario load_ok(const std::string& relative) {
  auto s = load_scenario(source_dir() + "/" + relative);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().format());
  return s.ok() ? std::move(s).value() : Scenario{};
}

std::vector<double> in_si(const ParameterDef& p) {
  std::vector<double> out;
  for (double v : p.values) out.push_back(v * p.to_si);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The Euro NCAP library (test protocol v4.3.1, shared/reference/driving-protocols.md §1.2)

// Overlaps of every CCR test, in the order of the scoring formula: −50, −75, 100, 75, 50 %.
const std::vector<double> kOverlaps = {-50, -75, 100, 75, 50};

void expect_gvt(const Actor& gvt) {
  EXPECT_EQ(gvt.id, "gvt");
  EXPECT_TRUE(gvt.vehicle.empty());
  EXPECT_DOUBLE_EQ(gvt.length.value_or(0), 4.023);
  EXPECT_DOUBLE_EQ(gvt.width.value_or(0), 1.712);
  EXPECT_EQ(gvt.lane, 0);
}

void expect_euro_ncap_oracles(const Scenario& s, const std::string& requirement) {
  ASSERT_EQ(s.oracles.size(), 4u);
  EXPECT_EQ(s.oracles[0].id, "no-collision");
  EXPECT_EQ(s.oracles[0].type, "collision");
  EXPECT_FALSE(s.oracles[0].max.has_value());
  EXPECT_EQ(s.oracles[1].type, "impact_speed_band");
  EXPECT_EQ(s.oracles[1].table, "euro-ncap-2026");
  EXPECT_EQ(s.oracles[1].pass_colour, "yellow");
  EXPECT_TRUE(s.oracles[1].relative);
  EXPECT_EQ(s.oracles[2].id, "stopped_before_contact");
  EXPECT_EQ(s.oracles[3].type, "max_deceleration");
  EXPECT_DOUBLE_EQ(s.oracles[3].max->si, 11.0);
  EXPECT_TRUE(s.oracles[3].target.empty());  // judges the ego only
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.oracles[i].target, "gvt");
  for (const auto& o : s.oracles) EXPECT_EQ(o.requirements, std::vector<std::string>{requirement});
}

TEST(EuroNcap, CcrsIsNineSpeedsTimesFiveOverlaps) {
  const Scenario s = load_ok("scenarios/euro-ncap/ccrs.json");
  // AEB range 10–50 km/h in 5 km/h steps: (50 − 10) / 5 + 1 = 9 speeds.
  const std::vector<double> speeds = {10, 15, 20, 25, 30, 35, 40, 45, 50};
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_EQ(s.parameters[0].name, "v_ego");
  EXPECT_EQ(s.parameters[0].values, speeds);
  EXPECT_DOUBLE_EQ(s.parameters[0].to_si, 1 / 3.6);
  EXPECT_EQ(s.parameters[1].name, "overlap");
  EXPECT_EQ(s.parameters[1].values, kOverlaps);
  EXPECT_DOUBLE_EQ(s.parameters[1].to_si, 0.01);
  EXPECT_EQ(s.grid_size(), 9u * 5u);
  EXPECT_EQ(s.case_count(), 45u);

  EXPECT_EQ(s.tags, (std::vector<std::string>{"euro-ncap", "aeb", "c2c", "ccrs"}));
  EXPECT_EQ(s.simulator.vehicle_model, "kinematic");
  EXPECT_DOUBLE_EQ(s.simulator.dt, 0.01);
  EXPECT_DOUBLE_EQ(s.simulator.duration, 15.0);
  EXPECT_EQ(s.ego.vehicle, "ford-escort");
  EXPECT_EQ(s.ego.speed.param, "v_ego");
  ASSERT_EQ(s.targets.size(), 1u);
  const Actor& gvt = s.targets[0];
  expect_gvt(gvt);
  EXPECT_DOUBLE_EQ(gvt.speed.si, 0.0);
  EXPECT_EQ(gvt.overlap->param, "overlap");
  EXPECT_EQ(gvt.placement.kind, Placement::Kind::kTtc);
  EXPECT_DOUBLE_EQ(gvt.placement.value.si, 5.0);  // TTC 5 s: T0 (TTC 4 s) is 1 s into the run
  EXPECT_EQ(s.oracles[1].test_speed.param, "v_ego");
  expect_euro_ncap_oracles(s, "euro-ncap.aeb-c2c.v4.3.1:CCRs");
  EXPECT_TRUE(s.end.on_collision);
  EXPECT_TRUE(s.end.on_ego_stopped);
  EXPECT_EQ(s.end.on_ego_slower_than, "");  // the GVT stands: "ego stopped" covers V_VUT < V_GVT
}

TEST(EuroNcap, CcrmIsElevenSpeedsTimesFiveOverlaps) {
  const Scenario s = load_ok("scenarios/euro-ncap/ccrm.json");
  // 30–80 km/h in 5 km/h steps: (80 − 30) / 5 + 1 = 11 speeds.
  const std::vector<double> speeds = {30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80};
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_EQ(s.parameters[0].values, speeds);
  EXPECT_EQ(s.parameters[1].values, kOverlaps);
  EXPECT_EQ(s.case_count(), 11u * 5u);
  ASSERT_EQ(s.targets.size(), 1u);
  expect_gvt(s.targets[0]);
  EXPECT_DOUBLE_EQ(s.targets[0].speed.si, 20 / 3.6);
  EXPECT_EQ(s.targets[0].placement.kind, Placement::Kind::kTtc);
  expect_euro_ncap_oracles(s, "euro-ncap.aeb-c2c.v4.3.1:CCRm");
  EXPECT_EQ(s.end.on_ego_slower_than, "gvt");
  EXPECT_DOUBLE_EQ(s.simulator.duration, 15.0);
}

TEST(EuroNcap, CcrbIsTwoGapsTimesTwoDecelerations) {
  const Scenario s = load_ok("scenarios/euro-ncap/ccrb.json");
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_EQ(s.parameters[0].name, "gap");
  EXPECT_EQ(s.parameters[0].values, (std::vector<double>{12, 40}));
  EXPECT_EQ(s.parameters[1].name, "decel");
  EXPECT_EQ(s.parameters[1].values, (std::vector<double>{2, 6}));
  EXPECT_EQ(s.case_count(), 2u * 2u);
  EXPECT_DOUBLE_EQ(s.simulator.duration, 12.0);
  EXPECT_DOUBLE_EQ(s.ego.speed.si, 50 / 3.6);
  const Actor& gvt = s.targets.at(0);
  expect_gvt(gvt);
  EXPECT_DOUBLE_EQ(gvt.speed.si, 50 / 3.6);
  EXPECT_DOUBLE_EQ(gvt.overlap->si, 1.0);
  EXPECT_EQ(gvt.placement.kind, Placement::Kind::kGap);
  EXPECT_EQ(gvt.placement.value.param, "gap");
  ASSERT_EQ(gvt.behaviours.size(), 1u);
  const Behaviour& brake = gvt.behaviours[0];
  EXPECT_EQ(brake.kind, Behaviour::Kind::kChangeSpeed);
  EXPECT_DOUBLE_EQ(brake.target_speed.si, 0.0);
  EXPECT_EQ(brake.rate.param, "decel");
  EXPECT_DOUBLE_EQ(brake.ramp.si, 1.0);
  EXPECT_EQ(brake.trigger.kind, Trigger::Kind::kTime);
  EXPECT_DOUBLE_EQ(brake.trigger.value.si, 2.0);
  EXPECT_DOUBLE_EQ(s.oracles.at(1).test_speed.si, 50 / 3.6);
  expect_euro_ncap_oracles(s, "euro-ncap.aeb-c2c.v4.3.1:CCRb");
  EXPECT_EQ(s.end.on_ego_slower_than, "gvt");
}

// ---------------------------------------------------------------------------------------------
// A full example: every key of the format, checked value by value

constexpr const char* kFullExample = R"({
  // Every key of assay.scenario/1.
  "$schema": "../schema/scenario.schema.json",
  "format": "assay.scenario/1",
  "id": "full.example-1",
  "title": "Everything",
  "description": "All keys",
  "tags": ["a", "b"],
  "requirements": ["req:1"],
  "simulator": {"vehicle_model": "bullet", "dt": "5 ms", "duration": "20 s"},
  "road": {"lanes": 3, "lane_width": "3.75 m"},
  "parameters": {
    "zeta": {"unit": "km/h", "set": [50, 30]},
    "alpha": {"unit": "m", "range": {"from": 0.1, "to": 0.3, "step": 0.1}},
    "mu": {"unit": "m/s^2", "uniform": {"min": 2, "max": 6}},
    "sigma": {"unit": "%", "normal": {"mean": 75, "stdev": 10, "min": 50, "max": 100}},
    "plain": {"normal": {"mean": 1, "stdev": 0.5}}
  },
  "samples": 3,
  "ego": {"id": "ego", "vehicle": "bmw-320i", "lane": 1, "lateral_offset": "-20 cm",
          "speed": "$zeta", "s": "1500 mm"},
  "targets": [
    {"id": "lead", "vehicle": "vw-vanagon", "lane": 2, "lateral_offset": 0.25, "speed": "90 mph",
     "s": 100,
     "behaviours": [
       {"type": "hold_speed"},
       {"type": "change_speed", "to": "0 km/h", "rate": "0.6 g", "ramp": "250 ms",
        "trigger": {"gap_below": "$alpha"}},
       {"type": "lane_change", "offset": "-3.5 m", "lateral_speed": "1 m/s",
        "trigger": {"ttc_below": 2.5}},
       {"type": "lane_change", "offset": 1, "duration": "4 s", "trigger": {"time": "1 s"}},
       {"type": "change_speed", "to": "$zeta", "rate": "$mu"}
     ]},
    {"id": "gvt", "size": {"length": "4 m", "width": 1.8}, "overlap": "$sigma", "speed": 0,
     "headway": "2 s"},
    {"id": "ttc-car", "vehicle": "ford-escort", "speed": "10 km/h", "ttc": 4, "overlap": 0.5},
    {"id": "gap-car", "vehicle": "ford-escort", "speed": "5 m/s", "gap": "$alpha"}
  ],
  "oracles": [
    {"type": "collision"},
    {"type": "collision", "id": "soft", "target": "gvt", "max": "5 km/h"},
    {"type": "impact_speed_band", "table": "euro-ncap-2026", "test_speed": "$zeta",
     "pass": "orange", "relative": false, "requirements": ["r1", "r2"]},
    {"type": "min_ttc", "min": "1500 ms"},
    {"type": "min_time_headway", "target": "gvt", "min": 0.8},
    {"type": "max_deceleration", "max": "1 g"},
    {"type": "max_jerk", "id": "comfort", "max": "10 m/s^3"},
    {"type": "stopped_before_contact", "target": "ttc-car"}
  ],
  "end": {"collision": false, "ego_stopped": false, "ego_slower_than": "lead"}
})";

class FullExample : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = parse_text(kFullExample, "full.json");
    ASSERT_TRUE(r.ok()) << r.error().format();
    s = std::move(r).value();
  }
  Scenario s;
};

TEST_F(FullExample, Header) {
  EXPECT_EQ(s.file, "full.json");
  EXPECT_EQ(s.id, "full.example-1");
  EXPECT_EQ(s.title, "Everything");
  EXPECT_EQ(s.description, "All keys");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.requirements, std::vector<std::string>{"req:1"});
  EXPECT_EQ(s.simulator.vehicle_model, "bullet");
  EXPECT_DOUBLE_EQ(s.simulator.dt, 0.005);
  EXPECT_DOUBLE_EQ(s.simulator.duration, 20.0);
  EXPECT_EQ(s.road.lanes, 3);
  EXPECT_DOUBLE_EQ(s.road.lane_width, 3.75);
  EXPECT_NE(s.doc, nullptr);
}

TEST_F(FullExample, ParametersKeepFileOrderAndAuthorUnits) {
  ASSERT_EQ(s.parameters.size(), 5u);
  const auto& zeta = s.parameters[0];  // first in the file, last alphabetically
  EXPECT_EQ(zeta.name, "zeta");
  EXPECT_EQ(zeta.kind, ParameterDef::Kind::kSet);
  EXPECT_EQ(zeta.unit, "km/h");
  EXPECT_EQ(zeta.dimension, units::Dimension::kSpeed);
  EXPECT_EQ(zeta.values, (std::vector<double>{50, 30}));  // as written, not sorted
  EXPECT_DOUBLE_EQ(in_si(zeta)[0], 13.888888888888889);   // 50 / 3.6
  EXPECT_EQ(zeta.pointer, "/parameters/zeta");

  const auto& alpha = s.parameters[1];
  EXPECT_EQ(alpha.kind, ParameterDef::Kind::kRange);
  // (0.3 − 0.1) / 0.1 is 1.9999999999999998 in doubles; the range still has 3 values.
  ASSERT_EQ(alpha.values.size(), 3u);
  EXPECT_DOUBLE_EQ(alpha.values[0], 0.1);
  EXPECT_DOUBLE_EQ(alpha.values[1], 0.2);
  EXPECT_DOUBLE_EQ(alpha.values[2], 0.3);

  const auto& mu = s.parameters[2];
  EXPECT_EQ(mu.kind, ParameterDef::Kind::kUniform);
  EXPECT_TRUE(mu.is_random());
  EXPECT_DOUBLE_EQ(mu.a, 2.0);
  EXPECT_DOUBLE_EQ(mu.b, 6.0);
  EXPECT_EQ(mu.dimension, units::Dimension::kAcceleration);

  const auto& sigma = s.parameters[3];
  EXPECT_EQ(sigma.kind, ParameterDef::Kind::kNormal);
  EXPECT_DOUBLE_EQ(sigma.a, 75.0);
  EXPECT_DOUBLE_EQ(sigma.b, 10.0);
  EXPECT_DOUBLE_EQ(*sigma.min, 50.0);
  EXPECT_DOUBLE_EQ(*sigma.max, 100.0);
  EXPECT_DOUBLE_EQ(sigma.to_si, 0.01);

  const auto& plain = s.parameters[4];
  EXPECT_EQ(plain.unit, "");
  EXPECT_EQ(plain.dimension, units::Dimension::kNone);
  EXPECT_FALSE(plain.min.has_value());

  EXPECT_EQ(s.find_parameter("mu"), &mu);
  EXPECT_EQ(s.find_parameter("nu"), nullptr);
  EXPECT_EQ(s.samples, 3u);
  EXPECT_EQ(s.grid_size(), 2u * 3u);  // zeta × alpha; the random ones are drawn per case
  EXPECT_EQ(s.case_count(), 2u * 3u * 3u);
}

TEST_F(FullExample, Ego) {
  const Actor& ego = s.ego;
  EXPECT_EQ(ego.id, "ego");
  EXPECT_EQ(ego.vehicle, "bmw-320i");
  EXPECT_EQ(ego.lane, 1);
  EXPECT_DOUBLE_EQ(ego.lateral_offset.si, -0.2);
  EXPECT_EQ(ego.lateral_offset.dimension, units::Dimension::kLength);
  EXPECT_EQ(ego.speed.param, "zeta");
  EXPECT_TRUE(ego.speed.is_param());
  EXPECT_EQ(ego.speed.pointer, "/ego/speed");
  EXPECT_EQ(ego.speed.dimension, units::Dimension::kSpeed);
  EXPECT_EQ(ego.placement.kind, Placement::Kind::kPosition);
  EXPECT_DOUBLE_EQ(ego.placement.value.si, 1.5);
  EXPECT_EQ(ego.placement.value.pointer, "/ego/s");
  EXPECT_FALSE(ego.overlap.has_value());
  EXPECT_EQ(ego.pointer, "/ego");
}

TEST_F(FullExample, TargetsAndPlacements) {
  ASSERT_EQ(s.targets.size(), 4u);
  const Actor& lead = s.targets[0];
  EXPECT_EQ(lead.id, "lead");
  EXPECT_EQ(lead.vehicle, "vw-vanagon");
  EXPECT_FALSE(lead.length.has_value());
  EXPECT_EQ(lead.lane, 2);
  EXPECT_DOUBLE_EQ(lead.lateral_offset.si, 0.25);
  EXPECT_DOUBLE_EQ(lead.speed.si, 40.2336);  // 90 mph × 0.44704 m/s
  EXPECT_EQ(lead.placement.kind, Placement::Kind::kPosition);
  EXPECT_DOUBLE_EQ(lead.placement.value.si, 100.0);

  const Actor& gvt = s.targets[1];
  EXPECT_DOUBLE_EQ(*gvt.length, 4.0);
  EXPECT_DOUBLE_EQ(*gvt.width, 1.8);
  EXPECT_EQ(gvt.overlap->param, "sigma");
  EXPECT_EQ(gvt.overlap->dimension, units::Dimension::kRatio);
  EXPECT_EQ(gvt.lane, 1);  // an overlap target is in the ego's lane
  EXPECT_DOUBLE_EQ(gvt.lateral_offset.si, 0.0);
  EXPECT_EQ(gvt.lateral_offset.pointer, "/targets/1/lateral_offset");
  EXPECT_EQ(gvt.placement.kind, Placement::Kind::kHeadway);
  EXPECT_DOUBLE_EQ(gvt.placement.value.si, 2.0);
  EXPECT_TRUE(gvt.behaviours.empty());

  const Actor& ttc_car = s.targets[2];
  EXPECT_DOUBLE_EQ(ttc_car.speed.si, 10 / 3.6);
  EXPECT_EQ(ttc_car.placement.kind, Placement::Kind::kTtc);
  EXPECT_DOUBLE_EQ(ttc_car.placement.value.si, 4.0);
  EXPECT_DOUBLE_EQ(ttc_car.overlap->si, 0.5);

  const Actor& gap_car = s.targets[3];
  EXPECT_EQ(gap_car.lane, 1);  // targets default to the ego's lane
  EXPECT_DOUBLE_EQ(gap_car.speed.si, 5.0);
  EXPECT_EQ(gap_car.placement.kind, Placement::Kind::kGap);
  EXPECT_EQ(gap_car.placement.value.param, "alpha");
  EXPECT_EQ(gap_car.placement.value.pointer, "/targets/3/gap");
}

TEST_F(FullExample, BehavioursAndTriggers) {
  const auto& b = s.targets.at(0).behaviours;
  ASSERT_EQ(b.size(), 5u);
  EXPECT_EQ(b[0].kind, Behaviour::Kind::kHoldSpeed);
  EXPECT_EQ(b[0].trigger.kind, Trigger::Kind::kStart);
  EXPECT_EQ(b[0].pointer, "/targets/0/behaviours/0");

  EXPECT_EQ(b[1].kind, Behaviour::Kind::kChangeSpeed);
  EXPECT_DOUBLE_EQ(b[1].target_speed.si, 0.0);
  EXPECT_DOUBLE_EQ(b[1].rate.si, 0.6 * 9.80665);  // g is standard gravity
  EXPECT_DOUBLE_EQ(b[1].ramp.si, 0.25);
  EXPECT_EQ(b[1].trigger.kind, Trigger::Kind::kGapBelow);
  EXPECT_EQ(b[1].trigger.value.param, "alpha");
  EXPECT_EQ(b[1].trigger.value.pointer, "/targets/0/behaviours/1/trigger/gap_below");

  EXPECT_EQ(b[2].kind, Behaviour::Kind::kLaneChange);
  EXPECT_DOUBLE_EQ(b[2].offset.si, -3.5);
  EXPECT_DOUBLE_EQ(b[2].lateral_speed->si, 1.0);
  EXPECT_FALSE(b[2].duration.has_value());
  EXPECT_EQ(b[2].trigger.kind, Trigger::Kind::kTtcBelow);
  EXPECT_DOUBLE_EQ(b[2].trigger.value.si, 2.5);

  EXPECT_DOUBLE_EQ(b[3].offset.si, 1.0);
  EXPECT_DOUBLE_EQ(b[3].duration->si, 4.0);
  EXPECT_FALSE(b[3].lateral_speed.has_value());
  EXPECT_EQ(b[3].trigger.kind, Trigger::Kind::kTime);
  EXPECT_DOUBLE_EQ(b[3].trigger.value.si, 1.0);

  EXPECT_EQ(b[4].target_speed.param, "zeta");
  EXPECT_EQ(b[4].rate.param, "mu");
  EXPECT_EQ(b[4].rate.dimension, units::Dimension::kAcceleration);
  EXPECT_DOUBLE_EQ(b[4].ramp.si, 0.0);
  EXPECT_EQ(b[4].ramp.pointer, "/targets/0/behaviours/4/ramp");
}

TEST_F(FullExample, OraclesAndEnd) {
  const auto& o = s.oracles;
  ASSERT_EQ(o.size(), 8u);
  EXPECT_EQ(o[0].id, "collision");  // the id defaults to the type
  EXPECT_EQ(o[0].target, "lead");   // the target defaults to the first target
  EXPECT_FALSE(o[0].max.has_value());
  EXPECT_EQ(o[1].id, "soft");
  EXPECT_EQ(o[1].target, "gvt");
  EXPECT_DOUBLE_EQ(o[1].max->si, 5 / 3.6);
  EXPECT_EQ(o[2].table, "euro-ncap-2026");
  EXPECT_EQ(o[2].test_speed.param, "zeta");
  EXPECT_EQ(o[2].pass_colour, "orange");
  EXPECT_FALSE(o[2].relative);
  EXPECT_EQ(o[2].requirements, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_DOUBLE_EQ(o[3].min->si, 1.5);
  EXPECT_EQ(o[4].type, "min_time_headway");
  EXPECT_DOUBLE_EQ(o[4].min->si, 0.8);
  EXPECT_DOUBLE_EQ(o[5].max->si, 9.80665);
  EXPECT_EQ(o[5].target, "");
  EXPECT_EQ(o[6].id, "comfort");
  EXPECT_DOUBLE_EQ(o[6].max->si, 10.0);
  EXPECT_EQ(o[6].max->dimension, units::Dimension::kJerk);
  EXPECT_EQ(o[7].target, "ttc-car");
  EXPECT_EQ(o[7].pointer, "/oracles/7");
  EXPECT_FALSE(s.end.on_collision);
  EXPECT_FALSE(s.end.on_ego_stopped);
  EXPECT_EQ(s.end.on_ego_slower_than, "lead");
}

TEST(Scenario, DefaultsAreFilledAndLocated) {
  auto r = parse_text(R"({"format": "assay.scenario/1", "id": "d", "title": "d",
    "simulator": {"duration": 5}, "ego": {"vehicle": "ford-escort", "speed": 10}})");
  ASSERT_TRUE(r.ok()) << r.error().format();
  const Scenario& s = *r;
  EXPECT_EQ(s.simulator.vehicle_model, "kinematic");
  EXPECT_DOUBLE_EQ(s.simulator.dt, 0.01);
  EXPECT_EQ(s.road.lanes, 1);
  EXPECT_DOUBLE_EQ(s.road.lane_width, 3.5);
  EXPECT_EQ(s.samples, 1u);
  EXPECT_EQ(s.case_count(), 1u);
  EXPECT_EQ(s.ego.lane, 0);
  EXPECT_DOUBLE_EQ(s.ego.placement.value.si, 0.0);
  EXPECT_EQ(s.ego.placement.value.pointer, "/ego/s");
  EXPECT_EQ(s.ego.lateral_offset.pointer, "/ego/lateral_offset");
  EXPECT_TRUE(s.targets.empty());
  EXPECT_TRUE(s.oracles.empty());
  EXPECT_TRUE(s.end.on_collision);
  EXPECT_TRUE(s.end.on_ego_stopped);
}

TEST(Scenario, MissingFileIsAnErrorNamingIt) {
  auto r = load_scenario(source_dir() + "/scenarios/no-such-file.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().format().find("no-such-file.json"), std::string::npos);
}

TEST(Scenario, ErrorTextIsCompilerStyle) {
  auto r = parse_text(R"({"format": "assay.scenario/1", "id": "t", "title": "t",
"simulator": {"duration": 10}, "ego": {"vehicle": "ford-escort", "speed": "fast"}})",
                      "ccrs.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().format(),
            "ccrs.json:2:75: error: \"speed\" expects a speed such as 13.9 (m/s) or \"50 km/h\" "
            "or \"$param\"; got \"fast\" (at /ego/speed)");
}

// The ```jsonc blocks of a Markdown file, in order.
std::vector<std::string> jsonc_blocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  const std::string open = "```jsonc\n";
  for (auto start = markdown.find(open); start != std::string::npos;
       start = markdown.find(open, start)) {
    start += open.size();
    const auto end = markdown.find("```", start);
    if (end == std::string::npos) break;
    blocks.push_back(markdown.substr(start, end - start));
    start = end;
  }
  return blocks;
}

TEST(Docs, ScenarioFormatExamplesParse) {
  auto text = read_file(source_dir() + "/docs/scenario-format.md");
  ASSERT_TRUE(text.ok()) << text.error().format();
  const auto blocks = jsonc_blocks(*text);
  ASSERT_EQ(blocks.size(), 4u);
  std::vector<std::uint64_t> cases;
  for (const auto& block : blocks) {
    auto r = parse_text(block, "docs/scenario-format.md");
    ASSERT_TRUE(r.ok()) << r.error().format() << "\n" << block;
    cases.push_back(r->case_count());
  }
  EXPECT_EQ(cases[0], 2u);            // two speeds
  EXPECT_EQ(cases[1], 2u * 2u);       // "Road": two radii × two directions
  EXPECT_EQ(cases[2], 3u);            // "Sensors": three latencies
  EXPECT_EQ(cases[3], 3u * 2u * 5u);  // 3 speeds × 2 braking levels × 5 samples
}

// The schema and the parser accept the same names: every enum value of the schema parses.
TEST(Schema, EnumsAreAcceptedByTheParser) {
  auto schema = load_json_file(source_dir() + "/scenarios/schema/scenario.schema.json");
  ASSERT_TRUE(schema.ok()) << schema.error().format();
  const nlohmann::json& defs = schema->root().at("$defs");
  auto accepts = [](const std::string& model, const std::string& vehicle, const std::string& unit) {
    const std::string text = R"({"format": "assay.scenario/1", "id": "e", "title": "e",
      "simulator": {"vehicle_model": ")" +
                             model + R"(", "duration": 1},
      "parameters": {"p": {"unit": ")" +
                             unit + R"(", "set": [1]}},
      "ego": {"vehicle": ")" +
                             vehicle + R"(", "speed": 1}})";
    auto r = parse_text(text);
    EXPECT_TRUE(r.ok()) << r.error().format();
  };
  for (const auto& vehicle : defs.at("vehicle").at("enum")) {
    accepts("kinematic", vehicle.get<std::string>(), "m");
  }
  const auto& models =
      schema->root().at("properties").at("simulator").at("properties").at("vehicle_model");
  for (const auto& model : models.at("enum")) accepts(model.get<std::string>(), "bmw-320i", "m");
  for (const auto& unit : defs.at("parameter").at("properties").at("unit").at("enum")) {
    accepts("kinematic", "bmw-320i", unit.get<std::string>());
  }
  EXPECT_EQ(defs.at("oracle").at("properties").at("type").at("enum").size(),
            16u);  // + stl, rss, r157_following_distance, r157_cut_in, r157_preventable,
                   // max_tet, max_tit, min_pet, max_delta_v
  EXPECT_EQ(defs.at("behaviour").at("properties").at("type").at("enum").size(), 3u);
}

// ---------------------------------------------------------------------------------------------
// Bad inputs: each row is a file, where the error must point, and what it must say

// The first line of most rows; the row's own text starts on line 2.
constexpr std::string_view kHead =
    R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"duration": 10},)";

struct BadInput {
  const char* name;
  const char* text;  // appended to kHead and a newline, unless `whole`
  bool whole;
  int line;
  int column;
  const char* pointer;
  const char* fragment;
};

// clang-format off
const BadInput kBadInputs[] = {
  // The document itself
  {"json syntax error", "{\"format\": \"assay.scenario/1\",\n  \"id\": }", true, 2, 9, "", "invalid JSON"},
  {"duplicate key", "{\"format\": \"assay.scenario/1\", \"format\": 1}", true, 1, 32, "", "duplicate key \"format\""},
  {"root is an array", "[1, 2]", true, 1, 1, "", "a scenario file is a JSON object; got an array"},
  {"missing format", "{\"id\": \"t\"}", true, 1, 1, "", "missing required key \"format\""},
  {"other format", "{\"format\": \"assay.scenario/2\"}", true, 1, 12, "/format", "unsupported format \"assay.scenario/2\""},
  {"unknown top-level key", R"("egoo": {}})", false, 2, 1, "/egoo", "unknown key \"egoo\" in the scenario (did you mean \"ego\"?)"},
  {"bad scenario id", R"({"format": "assay.scenario/1", "id": "Bad Id", "title": "t"})", true, 1, 38, "/id", "expects an id"},
  {"missing title", R"({"format": "assay.scenario/1", "id": "t"})", true, 1, 1, "", "missing required key \"title\""},
  {"tags not an array", R"("tags": "aeb", "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 9, "/tags", "\"tags\" expects an array of strings; got \"aeb\""},
  {"empty requirement", R"("requirements": [""], "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 18, "/requirements/0", "element 0 of \"requirements\" must not be empty"},
  {"missing ego", R"("targets": []})", false, 1, 1, "", "missing required key \"ego\" in the scenario"},
  // Simulator and road
  {"missing simulator", R"({"format": "assay.scenario/1", "id": "t", "title": "t"})", true, 1, 1, "", "missing required key \"simulator\""},
  {"unknown simulator key", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"step": 0.01}})", true, 1, 71, "/simulator/step", "unknown key \"step\" in \"simulator\"; allowed keys: \"vehicle_model\", \"dt\", \"duration\""},
  {"unknown vehicle model", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"vehicle_model": "pacejka", "duration": 1}})", true, 1, 88, "/simulator/vehicle_model", "unknown vehicle model \"pacejka\""},
  {"dt too large", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"dt": "0.2 s", "duration": 1}})", true, 1, 77, "/simulator/dt", "\"dt\" must be greater than 0 s and at most 0.1 s; got \"0.2 s\""},
  {"dt is a parameter", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"dt": "$dt", "duration": 1}})", true, 1, 77, "/simulator/dt", "\"dt\" cannot refer to a parameter"},
  {"bullet step", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"vehicle_model": "bullet", "dt": 0.007, "duration": 1}})", true, 1, 104, "/simulator/dt", "must be a multiple of 0.005 s"},
  {"duration below dt", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {"dt": 0.1, "duration": "50 ms"}})", true, 1, 94, "/simulator/duration", "\"duration\" must be at least \"dt\" (0.1 s)"},
  {"duration missing", R"({"format": "assay.scenario/1", "id": "t", "title": "t", "simulator": {}})", true, 1, 70, "/simulator", "missing required key \"duration\" in \"simulator\""},
  {"fractional lanes", R"("road": {"lanes": 1.5}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 19, "/road/lanes", "\"lanes\" expects an integer from 1 to 8; got 1.5"},
  {"lanes as a string", R"("road": {"lanes": "2"}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 19, "/road/lanes", "expects an integer from 1 to 8; got \"2\""},
  {"too many lanes", R"("road": {"lanes": 9}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 19, "/road/lanes", "\"lanes\" must be from 1 to 8; got 9"},
  {"lane width in seconds", R"("road": {"lane_width": "3.5 s"}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 24, "/road/lane_width", "\"s\" is a unit of time; length units: m, km, cm, mm"},
  {"road curvature", R"("road": {"curvature": 0.01}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 10, "/road/curvature", "a curved road is written \"curve\": {\"radius\""},
  {"curve radius zero", R"("road": {"curve": {"radius": 0, "direction": "left"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 30, "/road/curve/radius", "\"radius\" must be greater than 0 m; got 0"},
  {"curve radius negative", R"("road": {"curve": {"radius": "-250 m", "direction": "right"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 30, "/road/curve/radius", "\"radius\" must be greater than 0 m; got \"-250 m\""},
  {"curve radius within the half-width", R"("road": {"lanes": 3, "curve": {"radius": "5 m", "direction": "left"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 42, "/road/curve/radius", "must be greater than 5.25 m; got \"5 m\"; the radius is that of the road's centre line and must exceed half the road's width"},
  {"curve radius parameter within the half-width", R"("parameters": {"r": {"unit": "m", "set": [250, 1]}}, "road": {"curve": {"radius": "$r", "direction": "left"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 83, "/road/curve/radius", "must be greater than 1.75 m, but parameter \"r\" takes the value 1 m"},
  {"curve radius in seconds", R"("road": {"curve": {"radius": "250 s", "direction": "left"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 30, "/road/curve/radius", "\"s\" is a unit of time; length units"},
  {"missing curve direction", R"("road": {"curve": {"radius": "250 m"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 19, "/road/curve", "missing required key \"direction\" in \"curve\""},
  {"unknown curve direction", R"("road": {"curve": {"radius": "250 m", "direction": "up"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 52, "/road/curve/direction", "unknown direction \"up\"; expected \"left\", \"right\" or a parameter"},
  {"misspelt curve direction", R"("road": {"curve": {"radius": "250 m", "direction": "lfet"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 52, "/road/curve/direction", "unknown direction \"lfet\" (did you mean \"left\"?)"},
  {"curve direction as a number", R"("road": {"curve": {"radius": "250 m", "direction": 1}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 52, "/road/curve/direction", "\"direction\" expects \"left\", \"right\" or a parameter"},
  {"curve direction parameter not plus or minus one", R"("parameters": {"side": {"set": [1, 0]}}, "road": {"curve": {"radius": "250 m", "direction": "$side"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 93, "/road/curve/direction", "takes 1 (left) or -1 (right), but parameter \"side\" takes the value 0"},
  {"curve direction random parameter", R"("parameters": {"side": {"uniform": {"min": -1, "max": 1}}}, "road": {"curve": {"radius": "250 m", "direction": "$side"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 112, "/road/curve/direction", "cannot be the random parameter \"side\""},
  {"curve direction parameter with a unit", R"("parameters": {"side": {"unit": "m", "set": [1, -1]}}, "road": {"curve": {"radius": "250 m", "direction": "$side"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 107, "/road/curve/direction", "parameter \"side\" has the unit \"m\""},
  {"negative curve lead-in", R"("road": {"curve": {"radius": "250 m", "direction": "left", "lead_in": "-5 m"}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 71, "/road/curve/lead_in", "\"lead_in\" must be at least 0 m"},
  {"unknown curve key", R"("road": {"curve": {"radius": "250 m", "direction": "left", "length": 5}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 60, "/road/curve/length", "unknown key \"length\" in \"curve\""},
  // Ego
  {"ego speed not a quantity", R"("ego": {"vehicle": "ford-escort", "speed": "fast"}})", false, 2, 44, "/ego/speed", "\"speed\" expects a speed such as 13.9 (m/s) or \"50 km/h\" or \"$param\"; got \"fast\""},
  {"nan km/h", R"("ego": {"vehicle": "ford-escort", "speed": "nan km/h"}})", false, 2, 44, "/ego/speed", "expects a speed such as"},
  {"number out of range", R"("ego": {"vehicle": "ford-escort", "speed": "1e999 km/h"}})", false, 2, 44, "/ego/speed", "1e999 is out of range"},
  {"unknown unit", R"("ego": {"vehicle": "ford-escort", "speed": "50 kmh"}})", false, 2, 44, "/ego/speed", "unknown unit \"kmh\" in \"50 kmh\"; speed units: m/s, km/h, mph"},
  {"string without unit", R"("ego": {"vehicle": "ford-escort", "speed": "50"}})", false, 2, 44, "/ego/speed", "has no unit"},
  {"speed in metres", R"("ego": {"vehicle": "ford-escort", "speed": "50 m"}})", false, 2, 44, "/ego/speed", "\"m\" is a unit of length; speed units: m/s, km/h, mph"},
  {"speed too high", R"("ego": {"vehicle": "ford-escort", "speed": "500 km/h"}})", false, 2, 44, "/ego/speed", "\"speed\" must be from 0 m/s to 100 m/s; got \"500 km/h\" (138.88888888888889 m/s)"},
  {"overflow in SI", R"("ego": {"vehicle": "ford-escort", "speed": 1, "s": "1e308 km"}})", false, 2, 52, "/ego/s", "\"s\": \"1e308 km\" is out of range"},
  {"negative speed", R"("ego": {"vehicle": "ford-escort", "speed": -1}})", false, 2, 44, "/ego/speed", "must be from 0 m/s to 100 m/s; got -1"},
  {"speed is a boolean", R"("ego": {"vehicle": "ford-escort", "speed": true}})", false, 2, 44, "/ego/speed", "; got true"},
  {"ego without vehicle", R"("ego": {"speed": 10}})", false, 2, 8, "/ego", "missing required key \"vehicle\" in \"ego\""},
  {"ego unknown vehicle", R"("ego": {"vehicle": "ford-escrot", "speed": 10}})", false, 2, 20, "/ego/vehicle", "unknown vehicle \"ford-escrot\" (did you mean \"ford-escort\"?)"},
  {"ego id", R"("ego": {"id": "me", "vehicle": "ford-escort", "speed": 10}})", false, 2, 15, "/ego/id", "the ego's \"id\" is always \"ego\""},
  {"overlap on the ego", R"("ego": {"vehicle": "ford-escort", "speed": 10, "overlap": 1}})", false, 2, 48, "/ego/overlap", "unknown key \"overlap\" in \"ego\""},
  {"lane beyond the road", R"("road": {"lanes": 2}, "ego": {"vehicle": "ford-escort", "speed": 10, "lane": 2}})", false, 2, 78, "/ego/lane", "\"lane\" is 2, but the road has 2 lanes (0 to 1)"},
  // Parameters
  {"unknown parameter", R"("parameters": {"v_ego": {"set": [1]}}, "ego": {"vehicle": "ford-escort", "speed": "$v"}})", false, 2, 83, "/ego/speed", "unknown parameter \"v\" in \"speed\"; parameters: \"v_ego\""},
  {"parameter of another dimension", R"("parameters": {"t": {"unit": "s", "set": [1]}}, "ego": {"vehicle": "ford-escort", "speed": "$t"}})", false, 2, 92, "/ego/speed", "\"speed\" expects a speed, but parameter \"t\" is a time (unit \"s\")"},
  {"dimensionless parameter", R"("parameters": {"n": {"set": [1]}}, "ego": {"vehicle": "ford-escort", "speed": "$n"}})", false, 2, 79, "/ego/speed", "parameter \"n\" has no unit"},
  {"parameter unknown unit", R"("parameters": {"v": {"unit": "kph", "set": [1]}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 30, "/parameters/v/unit", "unknown unit \"kph\""},
  {"bad parameter name", R"("parameters": {"V": {"set": [1]}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 16, "/parameters/V", "parameter name \"V\" must match [a-z_][a-z0-9_]*"},
  {"set and range", R"("parameters": {"v": {"set": [1], "range": {"from": 1, "to": 2, "step": 1}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 34, "/parameters/v/range", "\"set\" and \"range\" cannot both be given"},
  {"no distribution", R"("parameters": {"v": {"unit": "m/s"}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 21, "/parameters/v", "needs exactly one of \"set\", \"range\", \"uniform\", \"normal\""},
  {"empty set", R"("parameters": {"v": {"set": []}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 29, "/parameters/v/set", "\"set\" must not be empty"},
  {"set of strings", R"("parameters": {"v": {"unit": "km/h", "set": ["50 km/h"]}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 46, "/parameters/v/set/0", "element 0 of \"set\" expects a number (in km/h)"},
  {"repeated set value", R"("parameters": {"v": {"set": [1, 2, 1]}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 36, "/parameters/v/set/2", "the value 1 appears twice"},
  {"range step zero", R"("parameters": {"v": {"range": {"from": 1, "to": 2, "step": 0}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 60, "/parameters/v/range/step", "\"step\" must be greater than 0"},
  {"range backwards", R"("parameters": {"v": {"range": {"from": 2, "to": 1, "step": 1}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 49, "/parameters/v/range/to", "\"to\" must be at least \"from\" (2)"},
  {"range missing step", R"("parameters": {"v": {"range": {"from": 1, "to": 2}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 31, "/parameters/v/range", "missing required key \"step\" in range of parameter \"v\""},
  {"uniform min above max", R"("parameters": {"v": {"uniform": {"min": 2, "max": 1}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 51, "/parameters/v/uniform/max", "\"max\" must be greater than \"min\" (2)"},
  {"normal stdev zero", R"("parameters": {"v": {"normal": {"mean": 2, "stdev": 0}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 53, "/parameters/v/normal/stdev", "\"stdev\" must be greater than 0"},
  {"normal bounds far in the tail", R"("parameters": {"v": {"normal": {"mean": 0, "stdev": 1, "min": 10, "max": 11}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 32, "/parameters/v/normal", "keeps only 0 % of its draws inside [min, max]"},
  {"unbounded normal for a limited field", R"("parameters": {"v": {"unit": "m/s", "normal": {"mean": 10, "stdev": 1}}}, "ego": {"vehicle": "ford-escort", "speed": "$v"}})", false, 2, 118, "/ego/speed", "is a normal without \"min\"; give it \"min\" and \"max\""},
  {"set value outside the field", R"("parameters": {"v": {"unit": "km/h", "set": [10, 400]}}, "ego": {"vehicle": "ford-escort", "speed": "$v"}})", false, 2, 101, "/ego/speed", "parameter \"v\" takes the value 400 km/h (111.11111111111111 m/s)"},
  {"uniform outside the field", R"("parameters": {"v": {"unit": "m/s", "uniform": {"min": -1, "max": 10}}}, "ego": {"vehicle": "ford-escort", "speed": "$v"}})", false, 2, 117, "/ego/speed", "is drawn from -1 m/s to 10 m/s"},
  {"samples without random parameters", R"("parameters": {"v": {"set": [1]}}, "samples": 3, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 47, "/samples", "\"samples\" is 3, but no parameter is random"},
  {"samples zero", R"("samples": 0, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 12, "/samples", "\"samples\" must be from 1 to 10000000; got 0"},
  {"too many cases", R"("parameters": {"a": {"range": {"from": 0, "to": 9999, "step": 1}}, "b": {"range": {"from": 0, "to": 9999, "step": 1}}}, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 68, "/parameters/b", "the grid has 100000000 points; a scenario may have at most 10000000 cases"},
  {"too many samples", R"("parameters": {"a": {"range": {"from": 0, "to": 999, "step": 1}}, "u": {"uniform": {"min": 0, "max": 1}}}, "samples": 100000, "ego": {"vehicle": "ford-escort", "speed": 1}})", false, 2, 119, "/samples", "1000 grid points × 100000 samples make 100000000 cases"},
  // Targets
  {"duplicate target ids", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 0, "gap": 5}, {"id": "a", "vehicle": "bmw-320i", "speed": 0, "gap": 9}]})", false, 2, 126, "/targets/1/id", "duplicate target id \"a\""},
  {"target called ego", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "ego", "vehicle": "bmw-320i", "speed": 0, "gap": 5}]})", false, 2, 68, "/targets/0/id", "\"ego\" names the ego"},
  {"target vehicle and size", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "size": {"length": 4, "width": 2}, "speed": 0, "gap": 5}]})", false, 2, 96, "/targets/0/size", "\"vehicle\" and \"size\" cannot both be given; target takes exactly one of \"vehicle\", \"size\""},
  {"target without footprint", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "speed": 0, "gap": 5}]})", false, 2, 61, "/targets/0", "target needs exactly one of \"vehicle\", \"size\""},
  {"size too wide", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "size": {"length": 4, "width": "6 m"}, "speed": 0, "gap": 5}]})", false, 2, 104, "/targets/0/size/width", "\"width\" must be greater than 0 m and at most 5 m"},
  {"overlap and lateral offset", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "lateral_offset": 0.5, "overlap": "50 %", "speed": 0, "gap": 5}]})", false, 2, 119, "/targets/0/overlap", "\"lateral_offset\" and \"overlap\" cannot both be given"},
  {"overlap too small", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "overlap": "3 %", "speed": 0, "gap": 5}]})", false, 2, 107, "/targets/0/overlap", "\"overlap\" must be from -100 % to 100 % and with a magnitude of at least 5 %; got \"3 %\""},
  {"overlap beyond 100 %", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "overlap": 1.5, "speed": 0, "gap": 5}]})", false, 2, 107, "/targets/0/overlap", "must be from -100 % to 100 %"},
  {"overlap as a plain percentage", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "overlap": 75, "speed": 0, "gap": 5}]})", false, 2, 107, "/targets/0/overlap", "a plain number is a fraction: write \"75 %\" for a percentage"},
  {"overlap in another lane", R"("road": {"lanes": 2}, "ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "overlap": 1, "lane": 1, "speed": 0, "gap": 5}]})", false, 2, 140, "/targets/0/lane", "a target placed by \"overlap\" is in the ego's lane (0)"},
  {"gap and ttc", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 0, "gap": 5, "ttc": 4}]})", false, 2, 118, "/targets/0/ttc", "\"gap\" and \"ttc\" cannot both be given"},
  {"no placement", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 0}]})", false, 2, 61, "/targets/0", "needs exactly one of \"s\", \"gap\", \"ttc\", \"headway\""},
  {"ttc zero", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 0, "ttc": "0 s"}]})", false, 2, 115, "/targets/0/ttc", "\"ttc\" must be greater than 0 s"},
  {"negative gap", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 0, "gap": "-1 m"}]})", false, 2, 115, "/targets/0/gap", "\"gap\" must be at least 0 m"},
  // Lane changes, footprints, relative speeds, "per" parameters, "ahead_of" (R157 scenarios)
  {"footprint index beyond the options", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "size": {"options": [{"length": 4, "width": 2}, {"length": 2, "width": 1}], "index": 2}, "speed": 5, "gap": 5}]})", false, 2, 158, "/targets/0/size/index", "\"index\" must be from 0 to 1"},
  {"footprint index not whole", R"("parameters": {"k": {"set": [0, 0.5]}}, "ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "size": {"options": [{"length": 4, "width": 2}, {"length": 2, "width": 1}], "index": "$k"}, "speed": 5, "gap": 5}]})", false, 2, 198, "/targets/0/size/index", "needs whole numbers; $k takes 0.5"},
  {"footprint index random", R"("parameters": {"k": {"uniform": {"min": 0, "max": 1}}}, "ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "size": {"options": [{"length": 4, "width": 2}, {"length": 2, "width": 1}], "index": "$k"}, "speed": 5, "gap": 5}]})", false, 2, 214, "/targets/0/size/index", "needs a set or range parameter; $k is random"},
  {"speed and relative speed", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "relative_speed": -1, "gap": 5}]})", false, 2, 108, "/targets/0/relative_speed", "\"speed\" and \"relative_speed\" cannot both be given"},
  {"relative speed out of range", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "relative_speed": "-500 km/h", "gap": 5}]})", false, 2, 114, "/targets/0/relative_speed", "\"relative_speed\" must be from -100 m/s to 100 m/s"},
  {"lane change offset and to_lane", R"("road": {"lanes": 2}, "ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "lane_change", "offset": 3, "to_lane": 1, "duration": 3}]}]})", false, 2, 192, "/targets/0/behaviours/0/to_lane", "\"offset\" and \"to_lane\" cannot both be given"},
  {"lane change to a missing lane", R"("road": {"lanes": 2}, "ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "lane_change", "to_lane": 2, "duration": 3}]}]})", false, 2, 190, "/targets/0/behaviours/0/to_lane", "\"to_lane\" is 2, but the road has 2 lanes (0 to 1)"},
  {"unknown lane change shape", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "lane_change", "offset": 3, "duration": 3, "shape": "cubic"}]}]})", false, 2, 194, "/targets/0/behaviours/0/shape", "unknown lane change shape \"cubic\""},
  {"lane change acceleration too large", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "lane_change", "offset": 3, "duration": 3, "accel": 25}]}]})", false, 2, 194, "/targets/0/behaviours/0/accel", "\"accel\" must be from -20 m/s^2 to 20 m/s^2"},
  {"per an unknown parameter", R"("parameters": {"a": {"set": [1, 2]}, "b": {"per": {"parameter": "c", "values": [1, 2]}}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 65, "/parameters/b/per/parameter", "\"per\" needs an earlier set or range parameter; got \"c\""},
  {"per with too few values", R"("parameters": {"a": {"set": [1, 2]}, "b": {"per": {"parameter": "a", "values": [1]}}}, "ego": {"vehicle": "ford-escort", "speed": 10}})", false, 2, 80, "/parameters/b/per/values", "\"values\" has 1 values, but $a takes 2"},
  {"ahead_of an unknown target", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "ahead_of": "lead"}]})", false, 2, 130, "/targets/0/ahead_of", "unknown target \"lead\""},
  {"ahead_of without a gap", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "lead", "vehicle": "bmw-320i", "speed": 5, "gap": 5}, {"id": "b", "vehicle": "bmw-320i", "speed": 0, "s": 50, "ahead_of": "lead"}]})", false, 2, 190, "/targets/1/ahead_of", "\"ahead_of\" needs a \"gap\" placement"},
  // Behaviours and triggers
  {"unknown behaviour", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "brake"}]}]})", false, 2, 142, "/targets/0/behaviours/0/type", "unknown behaviour type \"brake\"; expected one of \"hold_speed\", \"change_speed\", \"lane_change\""},
  {"behaviour without type", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"to": 1}]}]})", false, 2, 133, "/targets/0/behaviours/0", "missing required key \"type\" in behaviour"},
  {"change_speed without rate", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "change_speed", "to": 0}]}]})", false, 2, 133, "/targets/0/behaviours/0", "missing required key \"rate\" in behaviour \"change_speed\""},
  {"negative rate", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "change_speed", "to": 0, "rate": "-6 m/s^2"}]}]})", false, 2, 175, "/targets/0/behaviours/0/rate", "\"rate\" must be greater than 0 m/s^2"},
  {"hold_speed with a rate", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "hold_speed", "rate": 1}]}]})", false, 2, 156, "/targets/0/behaviours/0/rate", "unknown key \"rate\" in behaviour \"hold_speed\"; allowed keys: \"type\", \"trigger\""},
  {"lane change of zero", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "lane_change", "offset": 0, "duration": 3}]}]})", false, 2, 167, "/targets/0/behaviours/0/offset", "\"offset\" must be non-zero; got 0"},
  {"lane change speed and duration", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "lane_change", "offset": 3, "lateral_speed": 1, "duration": 3}]}]})", false, 2, 190, "/targets/0/behaviours/0/duration", "\"lateral_speed\" and \"duration\" cannot both be given"},
  {"empty trigger", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "hold_speed", "trigger": {}}]}]})", false, 2, 167, "/targets/0/behaviours/0/trigger", "\"trigger\" needs exactly one of \"time\", \"gap_below\", \"ttc_below\""},
  {"unknown trigger", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "hold_speed", "trigger": {"distance": 3}}]}]})", false, 2, 168, "/targets/0/behaviours/0/trigger/distance", "unknown key \"distance\" in \"trigger\""},
  {"negative trigger time", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5, "behaviours": [{"type": "hold_speed", "trigger": {"time": -1}}]}]})", false, 2, 176, "/targets/0/behaviours/0/trigger/time", "\"time\" must be at least 0 s; got -1"},
  // Oracles
  {"unknown oracle", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "crash"}]})", false, 2, 70, "/oracles/0/type", "unknown oracle type \"crash\""},
  {"oracle without targets", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "collision"}]})", false, 2, 61, "/oracles/0", "oracle \"collision\" judges the ego against a target, but the scenario has no targets"},
  {"min_ttc without min", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "min_ttc"}]})", false, 2, 132, "/oracles/0", "missing required key \"min\" in oracle \"min_ttc\""},
  {"duplicate oracle ids", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "collision"}, {"type": "collision"}]})", false, 2, 155, "/oracles/1", "duplicate oracle id \"collision\" (the default id is the type)"},
  {"oracle unknown target", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "collision", "target": "b"}]})", false, 2, 164, "/oracles/0/target", "unknown target \"b\"; targets: \"a\""},
  {"jerk in acceleration units", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "max_jerk", "max": "10 m/s^2"}]})", false, 2, 89, "/oracles/0/max", "\"m/s^2\" is a unit of acceleration; jerk units: m/s^3, m/s3"},
  {"max_deceleration with a target", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "max_deceleration", "max": 10, "target": "a"}]})", false, 2, 101, "/oracles/0/target", "unknown key \"target\" in oracle \"max_deceleration\""},
  {"band colour red", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "impact_speed_band", "table": "euro-ncap-2026", "test_speed": 10, "pass": "red"}]})", false, 2, 215, "/oracles/0/pass", "unknown colour \"red\"; expected one of \"green\", \"yellow\", \"orange\", \"brown\""},
  {"early_stop on an unbounded formula", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "stl", "formula": "x > 0 and always x > 1", "early_stop": true}]})", false, 2, 88, "/oracles/0/formula", "formula column 11: \"early_stop\" needs every future operator bounded, but \"always\" has no finite upper bound"},
  {"early_stop not a boolean", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "stl", "formula": "always[0,1] ego.v > 1", "early_stop": "yes"}]})", false, 2, 127, "/oracles/0/early_stop", "expects true or false"},
  {"max_tet without ttc_threshold", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "max_tet", "max": 1}]})", false, 2, 132, "/oracles/0", "missing required key \"ttc_threshold\" in oracle \"max_tet\""},
  {"min_pet with a max", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "min_pet", "max": 1}]})", false, 2, 152, "/oracles/0/max", "unknown key \"max\" in oracle \"min_pet\""},
  {"target mass zero", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "size": {"length": 4, "width": 2}, "mass": 0, "speed": 5, "gap": 5}]})", false, 2, 116, "/targets/0/mass", "\"mass\" must be greater than 0 and at most 1e+05; got 0"},
  {"band without table", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "targets": [{"id": "a", "vehicle": "bmw-320i", "speed": 5, "gap": 5}], "oracles": [{"type": "impact_speed_band", "test_speed": 10, "pass": "green"}]})", false, 2, 132, "/oracles/0", "missing required key \"table\" in oracle \"impact_speed_band\""},
  {"preventable with a target", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "r157_preventable", "target": "a"}]})", false, 2, 90, "/oracles/0/target", "unknown key \"target\" in oracle \"r157_preventable\"; allowed keys: \"type\", \"id\", \"requirements\", \"aeb\""},
  {"preventable aeb not a boolean", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "oracles": [{"type": "r157_preventable", "aeb": 1}]})", false, 2, 97, "/oracles/0/aeb", "\"aeb\" expects true or false; got 1"},
  // End conditions
  {"end on an unknown target", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "end": {"ego_slower_than": "gvt"}})", false, 2, 76, "/end/ego_slower_than", "unknown target \"gvt\"; the scenario has no targets"},
  {"end flag not a boolean", R"("ego": {"vehicle": "ford-escort", "speed": 10}, "end": {"collision": "yes"}})", false, 2, 70, "/end/collision", "\"collision\" expects true or false; got \"yes\""},
};
// clang-format on

// The text from a 1-based line and column on, to show where a misplaced error points.
std::string text_at(const std::string& text, int line, int column) {
  std::size_t pos = 0;
  for (int l = 1; l < line && pos != std::string::npos; ++l) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  if (pos == std::string::npos || column < 1) return "";
  return text.substr(std::min(text.size(), pos + static_cast<std::size_t>(column) - 1), 40);
}

class BadInputs : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputs, GiveALocatedPreciseError) {
  const BadInput& row = GetParam();
  const std::string text = row.whole ? row.text : std::string(kHead) + "\n" + row.text;
  auto r = parse_text(text, "bad.json");
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  const Error& e = r.error();
  EXPECT_EQ(e.where.file, "bad.json");
  EXPECT_EQ(e.where.line, row.line) << e.format();
  EXPECT_EQ(e.where.column, row.column) << e.format();
  EXPECT_EQ(e.where.pointer, row.pointer) << e.format();
  EXPECT_NE(e.message.find(row.fragment), std::string::npos)
      << "expected the message to contain: " << row.fragment << "\n got: " << e.format();
  EXPECT_TRUE(e.where.line == row.line && e.where.column == row.column)
      << "the error points at: " << text_at(text, e.where.line, e.where.column);
}

std::string row_name(const ::testing::TestParamInfo<BadInput>& info) {
  std::string name;
  for (const char* c = info.param.name; *c != '\0'; ++c) {
    name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Table, BadInputs, ::testing::ValuesIn(kBadInputs), row_name);

TEST(BadInputs, TableIsLargeEnough) {
  EXPECT_GE(std::size(kBadInputs), 30u);
}

// ---------------------------------------------------------------------------------------------
// Fuzzer findings stay fixed: every kept input is replayed and must not crash

TEST(FuzzRegressions, ReplayWithoutCrashing) {
  // Every input any fuzz target ever crashed on (fuzz/regressions/<target>/), through the full
  // scenario path: it must give a scenario or a located error.
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(source_dir()) / "fuzz" / "regressions";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int replayed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename().string().starts_with(".")) continue;
    auto bytes = read_file(entry.path().string());
    ASSERT_TRUE(bytes.ok()) << bytes.error().format();
    auto r = parse_text(*bytes, entry.path().filename().string());
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty()) << entry.path();
    }
    ++replayed;
  }
  std::cout << "replayed " << replayed << " fuzz regression inputs\n";
}

}  // namespace
}  // namespace assay::scenario
