// Built-in models under test against hand calculations.
#include <gtest/gtest.h>

#include <cmath>

#include "models/builtin.h"
#include "models/model.h"

namespace assay::models {
namespace {

sim::Observation approaching(double distance, double ego_speed, double object_speed) {
  sim::Observation o;
  o.dt = 0.01;
  o.ego_speed = ego_speed;
  o.ego_width = 1.8;
  o.objects.push_back({0, distance, object_speed - ego_speed, 0.0, 1.8, 4.0, object_speed});
  return o;
}

TEST(ModelSpec, ParsesNameAndParameters) {
  auto s = parse_model_spec("aeb-ttc:ttc=2,decel=6.5");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->name, "aeb-ttc");
  ASSERT_EQ(s->parameters.size(), 2u);
  EXPECT_EQ(s->parameters[1].first, "decel");
  EXPECT_EQ(s->parameters[1].second, "6.5");
  EXPECT_TRUE(parse_model_spec("none").ok());
}

TEST(ModelSpec, RejectsMalformedSpecsAndParameters) {
  EXPECT_FALSE(parse_model_spec("").ok());
  EXPECT_FALSE(parse_model_spec("aeb-ttc:ttc").ok());
  EXPECT_FALSE(parse_model_spec("aeb-ttc:=2").ok());
  EXPECT_FALSE(parse_model_spec("Bad Name").ok());
  auto unknown = make_model(*parse_model_spec("nope"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("aeb-ttc"), std::string::npos);  // lists the choices
  EXPECT_FALSE(make_model(*parse_model_spec("aeb-ttc:wrong=1")).ok());
  EXPECT_FALSE(make_model(*parse_model_spec("aeb-ttc:ttc=abc")).ok());
  EXPECT_FALSE(make_model(*parse_model_spec("aeb-ttc:ttc=1e9")).ok());
  EXPECT_FALSE(make_model(*parse_model_spec("none:x=1")).ok());
}

TEST(ModelIdentity, RecordsEffectiveParametersWithDefaults) {
  auto id = model_identity(*parse_model_spec("aeb-ttc:ttc=2"));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->adapter, "builtin");
  EXPECT_EQ(id->spec, "aeb-ttc:ttc=2");
  ASSERT_EQ(id->parameters.size(), 3u);
  EXPECT_EQ(id->parameters[0], (std::pair<std::string, std::string>{"decel", "8"}));
  EXPECT_EQ(id->parameters[2], (std::pair<std::string, std::string>{"ttc", "2"}));
}

TEST(NoneModel, NeverBrakesOrSteers) {
  NoneModel m;
  m.reset({});
  auto c = m.step(approaching(0.5, 20.0, 0.0));
  EXPECT_EQ(c.accel, 0.0);
  EXPECT_EQ(c.steer, 0.0);
}

TEST(TimeToCollision, GapOverClosingSpeed) {
  EXPECT_DOUBLE_EQ(time_to_collision(20.0, -10.0), 2.0);
  EXPECT_TRUE(std::isinf(time_to_collision(20.0, 0.0)));
  EXPECT_TRUE(std::isinf(time_to_collision(20.0, 1.0)));
}

TEST(AebTtc, BrakesOnlyBelowThresholdAndAfterLatency) {
  AebTtcModel m({/*ttc=*/1.5, /*decel=*/7.0, /*latency=*/0.05});
  m.reset({0, 0.01, 20.0});
  // TTC = 40 / 20 = 2 s: above the threshold, no braking.
  EXPECT_EQ(m.step(approaching(40.0, 20.0, 0.0)).accel, 0.0);
  // TTC = 29 / 20 = 1.45 s < 1.5 s: the decision is taken now, applied 0.05 s = 5 steps later.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(m.step(approaching(29.0, 20.0, 0.0)).accel, 0.0) << i;
  EXPECT_EQ(m.step(approaching(28.0, 20.0, 0.0)).accel, -7.0);
}

TEST(AebTtc, IgnoresObjectsOutsideItsPathAndReleasesWhenNotClosing) {
  AebTtcModel m({1.5, 7.0, 0.0});
  m.reset({0, 0.01, 20.0});
  auto o = approaching(10.0, 20.0, 0.0);
  o.objects[0].lateral_offset = 1.9;  // no lateral overlap: |offset| ≥ (1.8 + 1.8) / 2
  EXPECT_EQ(m.step(o).accel, 0.0);
  EXPECT_EQ(m.step(approaching(10.0, 20.0, 0.0)).accel, -7.0);
  EXPECT_EQ(m.step(approaching(10.0, 20.0, 25.0)).accel, 0.0);  // object pulling away
}

TEST(Idm, FreeRoadAndInteractionMatchTheFormula) {
  IdmParams p;  // v0 from context, T 1.5, s0 2, a 1, b 2, delta 4
  IdmModel m(p);
  m.reset({0, 0.01, 30.0});
  // Free road at v = 15 with v0 = 30: a (1 − (1/2)^4) = 0.9375.
  sim::Observation free;
  free.ego_speed = 15.0;
  free.ego_width = 1.8;
  EXPECT_NEAR(m.step(free).accel, 0.9375, 1e-12);
  // Leader 30 m ahead at 10 m/s, ego 15 m/s: dv = 5, s* = 2 + 15·1.5 + 15·5/(2·sqrt(2))
  //  = 24.5 + 26.5165 = 51.0165; a = 1 − 0.0625 − (51.0165/30)² = 1 − 0.0625 − 2.8919 = −1.9544.
  const double s_star = 2.0 + 22.5 + 75.0 / (2.0 * std::sqrt(2.0));
  const double expected = 1.0 - 0.0625 - (s_star / 30.0) * (s_star / 30.0);
  EXPECT_NEAR(m.step(approaching(30.0, 15.0, 10.0)).accel, expected, 1e-12);
  EXPECT_NEAR(expected, -1.9544, 1e-3);
}

TEST(Idm, BrakingIsCappedAtThePhysicalLimit) {
  IdmParams p;
  p.b_max = 9.0;
  IdmModel m(p);
  m.reset({0, 0.01, 30.0});
  EXPECT_EQ(m.step(approaching(0.5, 30.0, 0.0)).accel, -9.0);
}

}  // namespace
}  // namespace assay::models
