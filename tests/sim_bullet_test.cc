// Tests of the Bullet-backed pieces against independent references: contact geometry computed by
// hand, the analytic stopping distance of a lagged brake, the kinematic yaw rate, and
// bit-identical reruns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "sim/vehicle/bullet_vehicle.h"
#include "sim/vehicle/contact.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDt = 0.01;  // the closed-loop step: two internal Bullet steps

// Two 4 m × 2 m footprints; A sits at the origin facing +x, so its faces are x = ±2, y = ±1.
ContactDetector two_cars() {
  return ContactDetector({{4.0, 2.0}, {4.0, 2.0}});
}

TEST(Contact, AxisAlignedGapIsNotTouching) {
  ContactDetector d = two_cars();
  const Pose a{0.0, 0.0, 0.0};
  const Pose b{4.01, 0.0, 0.0};  // B's rear face at x = 2.01
  EXPECT_FALSE(d.touching(0, a, 1, b));
  EXPECT_NEAR(d.distance(0, a, 1, b), 0.01, 1e-9);
}

TEST(Contact, AxisAlignedOverlapIsTouching) {
  ContactDetector d = two_cars();
  const Pose a{0.0, 0.0, 0.0};
  EXPECT_TRUE(d.touching(0, a, 1, {3.99, 0.0, 0.0}));
  EXPECT_EQ(d.distance(0, a, 1, {3.99, 0.0, 0.0}), 0.0);
  // Side by side, offset along x so the inscribed-circle shortcut does not decide.
  EXPECT_TRUE(d.touching(0, a, 1, {1.5, 1.99, 0.0}));
  EXPECT_FALSE(d.touching(0, a, 1, {1.5, 2.01, 0.0}));
  EXPECT_NEAR(d.distance(0, a, 1, {1.5, 2.01, 0.0}), 0.01, 1e-9);
}

TEST(Contact, TouchingIsSymmetric) {
  ContactDetector d({{4.5, 1.8}, {3.0, 1.5}});
  const Pose a{1.0, 2.0, 0.3};
  const Pose b{4.2, 3.1, -1.1};
  EXPECT_EQ(d.touching(0, a, 1, b), d.touching(1, b, 0, a));
  EXPECT_NEAR(d.distance(0, a, 1, b), d.distance(1, b, 0, a), 1e-12);
}

TEST(Contact, BoxRotated90Degrees) {
  ContactDetector d = two_cars();
  const Pose a{0.0, 0.0, 0.0};
  // Turned by 90°, B reaches 1 m along x (its half width): contact when its centre is at x = 3.
  EXPECT_FALSE(d.touching(0, a, 1, {3.01, 0.0, kPi / 2.0}));
  EXPECT_NEAR(d.distance(0, a, 1, {3.01, 0.0, kPi / 2.0}), 0.01, 1e-9);
  EXPECT_TRUE(d.touching(0, a, 1, {2.99, 0.0, kPi / 2.0}));
  // Both turned by 90°: the boxes are now 2 m long along x.
  EXPECT_FALSE(d.touching(0, {0.0, 0.0, kPi / 2.0}, 1, {2.01, 0.5, -kPi / 2.0}));
  EXPECT_TRUE(d.touching(0, {0.0, 0.0, kPi / 2.0}, 1, {1.99, 0.5, -kPi / 2.0}));
}

TEST(Contact, CornerOfBoxRotated45DegreesReachesFace) {
  ContactDetector d = two_cars();
  const Pose a{0.0, 0.0, 0.0};
  // B's corners (±2, ±1) turned by 45°: (x − y)/√2, so the leftmost corner (−2, 1) sits
  // 3/√2 = 2.1213 m left of B's centre, at y = −1/√2 (within A's front face |y| ≤ 1).
  const double reach = 3.0 / std::numbers::sqrt2;
  const double touch_x = 2.0 + reach;
  EXPECT_FALSE(d.touching(0, a, 1, {touch_x + 0.01, 0.0, kPi / 4.0}));
  EXPECT_NEAR(d.distance(0, a, 1, {touch_x + 0.01, 0.0, kPi / 4.0}), 0.01, 1e-9);
  EXPECT_TRUE(d.touching(0, a, 1, {touch_x - 0.01, 0.0, kPi / 4.0}));
}

TEST(Contact, DistanceBetweenSeparatedBoxes) {
  ContactDetector d = two_cars();
  // Diagonal neighbours: nearest points are A's corner (2, 1) and B's corner (4, 3).
  EXPECT_NEAR(d.distance(0, {0.0, 0.0, 0.0}, 1, {6.0, 4.0, 0.0}), 2.0 * std::numbers::sqrt2, 1e-9);
  // Far apart along x: face to face.
  EXPECT_NEAR(d.distance(0, {0.0, 0.0, 0.0}, 1, {54.0, 0.0, 0.0}), 50.0, 1e-9);
  EXPECT_FALSE(d.touching(0, {0.0, 0.0, 0.0}, 1, {54.0, 0.0, 0.0}));
}

TEST(Contact, FractionOfApproachAtConstantSpeed) {
  ContactDetector d = two_cars();
  const Pose a{0.0, 0.0, 0.0};
  // B closes a 0.3 m gap while travelling 0.8 m: contact at 0.3 / 0.8 of the step.
  const double f = d.contact_fraction(0, a, a, 1, {4.3, 0.0, 0.0}, {3.5, 0.0, 0.0});
  EXPECT_NEAR(f, 0.375, 1e-3);
  // Both moving towards each other, 0.4 m each: the same closing.
  const double g = d.contact_fraction(0, a, {0.4, 0.0, 0.0}, 1, {4.3, 0.0, 0.0}, {3.9, 0.0, 0.0});
  EXPECT_NEAR(g, 0.375, 1e-3);
}

TEST(Contact, FractionInterpolatesYawTheShortWay) {
  ContactDetector d({{4.0, 2.0}, {4.0, 1.0}});
  const Pose a{0.0, 0.0, 0.0};
  // B (4 m × 1 m) hovers 2 m above A's centre, 1 m above A's top face, turning from yaw π − 0.1
  // to π + 0.4 (given as −π + 0.4). With u the turn away from π, B reaches down by
  // 2·|sin u| + 0.5·cos u; contact when 2 sin u + 0.5 cos u = 1, i.e. u = asin(1/R) − φ with
  // R = √4.25, φ = atan2(0.5, 2). u runs from −0.1 to 0.4, so t = (u + 0.1) / 0.5. Turning the
  // long way round (through yaw 0 and π/2) would stand B on end at once.
  const double u = std::asin(1.0 / std::sqrt(4.25)) - std::atan2(0.5, 2.0);
  const double expected = (u + 0.1) / 0.5;
  const double f = d.contact_fraction(0, a, a, 1, {0.0, 2.0, kPi - 0.1}, {0.0, 2.0, -kPi + 0.4});
  EXPECT_NEAR(f, expected, 1e-3);
}

TEST(Contact, UnknownActorThrows) {
  ContactDetector d = two_cars();
  EXPECT_THROW((void)d.touching(0, {}, 2, {}), std::out_of_range);
}

const VehicleParams& escort() {
  return *find_vehicle("ford-escort");
}

VehicleState moving(double v, double yaw = 0.0) {
  VehicleState s;
  s.v = v;
  s.yaw = yaw;
  return s;
}

TEST(BulletVehicle, StartsAtTheInitialState) {
  const VehicleState initial = moving(20.0, 0.7);
  BulletVehicle car(escort(), initial);
  EXPECT_EQ(car.state(), initial);
}

TEST(BulletVehicle, CoastsStraightAlongXAtYawZero) {
  BulletVehicle car(escort(), moving(20.0));
  double previous_x = car.state().x;
  // Without drive, brake or rolling resistance (Bullet has none) the speed stays at 20 m/s; it
  // does to 1e-9 m/s, the tolerance is 1 µm/s.
  for (int k = 0; k < 1000; ++k) {
    car.step({}, kDt);
    ASSERT_GT(car.state().x, previous_x) << "step " << k;
    previous_x = car.state().x;
    ASSERT_NEAR(car.state().v, 20.0, 1e-6) << "step " << k;
    ASSERT_NEAR(car.state().y, 0.0, 1e-6) << "step " << k;
    ASSERT_NEAR(car.state().yaw, 0.0, 1e-6) << "step " << k;
  }
  EXPECT_NEAR(car.state().x, 200.0, 0.01);  // 10 s at 20 m/s
}

TEST(BulletVehicle, DrivesAlongYAtYawHalfPi) {
  BulletVehicle car(escort(), moving(20.0, kPi / 2.0));
  for (int k = 0; k < 100; ++k) car.step({}, kDt);
  EXPECT_NEAR(car.state().y, 20.0, 0.01);
  EXPECT_NEAR(car.state().x, 0.0, 1e-6);
  EXPECT_NEAR(car.state().yaw, kPi / 2.0, 1e-6);
}

TEST(BulletVehicle, AcceleratesForward) {
  BulletVehicle car(escort(), moving(0.0));
  for (int k = 0; k < 300; ++k) car.step({2.0, 0.0}, kDt);
  // 2 m/s² for 3 s behind a 0.2 s lag: v ≈ 2 · (3 − 0.2) = 5.6 m/s.
  EXPECT_NEAR(car.state().v, 5.6, 0.1);
  EXPECT_GT(car.state().x, 0.0);
}

TEST(BulletVehicle, BrakesToAStopWithoutReversing) {
  const VehicleParams& p = escort();
  const double v0 = 20.0;
  const double a = 6.0;
  BulletVehicle car(p, moving(v0));
  double min_v = v0;
  double max_x = 0.0;
  for (int k = 0; k < 600; ++k) {
    car.step({-a, 0.0}, kDt);
    min_v = std::min(min_v, car.state().v);
    max_x = std::max(max_x, car.state().x);
  }
  // Deceleration a reached through a first-order lag τ: a(t) = a·(1 − e^(−t/τ)) gives the
  // stopping distance v0²/(2a) + v0·τ − a·τ²/2 (e^(−T/τ) ≈ 1e-8 neglected). 2 % covers the
  // chassis pitching forward on its springs (the CoG moves ~2 cm relative to the wheels) and the
  // 100 Hz sampling of the lag; a missing lag would be 11 % off.
  const double tau = p.tau_accel;
  const double expected = v0 * v0 / (2.0 * a) + v0 * tau - a * tau * tau / 2.0;
  EXPECT_NEAR(max_x, expected, 0.02 * expected);
  // Once stopped the brakes hold the wheels; the CoG only rocks back as the body pitches up off
  // the front springs: at most h_cg · pitch · ω ≈ 0.56 m · 0.023 rad · 8.9 rad/s ≈ 0.11 m/s, and a
  // few centimetres of travel.
  EXPECT_GT(min_v, -0.15);
  EXPECT_GT(car.state().x, max_x - 0.05);
  EXPECT_NEAR(car.state().v, 0.0, 1e-3);
}

TEST(BulletVehicle, StaysStoppedWhileBraking) {
  BulletVehicle car(escort(), moving(0.0));
  for (int k = 0; k < 200; ++k) car.step({-6.0, 0.0}, kDt);
  EXPECT_NEAR(car.state().x, 0.0, 1e-6);
  EXPECT_NEAR(car.state().v, 0.0, 1e-6);
}

TEST(BulletVehicle, SteadyTurnYawRateHasTheSteeringSign) {
  const VehicleParams& p = escort();
  for (const double steer : {0.05, -0.05}) {
    BulletVehicle car(p, moving(15.0));
    for (int k = 0; k < 300; ++k) car.step({0.0, steer}, kDt);
    const VehicleState& s = car.state();
    // Below tyre saturation (here a_y ≈ 4.6 m/s² < µ·g) Bullet's lateral constraint has no slip
    // angle, so the yaw rate is close to the kinematic v·tanδ/L; 10 % allows for body roll.
    const double kinematic = s.v * std::tan(s.steer) / p.wheelbase();
    EXPECT_GT(s.yaw_rate * steer, 0.0) << "steer " << steer;
    EXPECT_NEAR(s.yaw_rate, kinematic, 0.1 * std::abs(kinematic)) << "steer " << steer;
    EXPECT_GT(s.y * steer, 0.0) << "steer " << steer;  // turned towards the steering side
  }
}

void expect_identical(const VehicleState& a, const VehicleState& b, int k) {
  EXPECT_EQ(a.x, b.x) << "step " << k;
  EXPECT_EQ(a.y, b.y) << "step " << k;
  EXPECT_EQ(a.yaw, b.yaw) << "step " << k;
  EXPECT_EQ(a.v, b.v) << "step " << k;
  EXPECT_EQ(a.yaw_rate, b.yaw_rate) << "step " << k;
  EXPECT_EQ(a.beta, b.beta) << "step " << k;
  EXPECT_EQ(a.steer, b.steer) << "step " << k;
  EXPECT_EQ(a.accel, b.accel) << "step " << k;
}

TEST(BulletVehicle, IdenticalInputsGiveBitIdenticalStates) {
  VehicleState initial = moving(18.0, 0.3);
  initial.x = 12.0;
  initial.y = -4.0;
  BulletVehicle first(escort(), initial);
  BulletVehicle second(escort(), initial);
  for (int k = 0; k < 800; ++k) {
    // Accelerate and weave, then brake hard to a stop.
    const ActuatorCommand cmd =
        k < 400 ? ActuatorCommand{1.0, 0.1 * std::sin(0.02 * k)} : ActuatorCommand{-8.0, 0.02};
    first.step(cmd, kDt);
    second.step(cmd, kDt);
    expect_identical(first.state(), second.state(), k);
  }
}

TEST(BulletVehicle, RejectsStepsThatAreNotMultiplesOfTheInternalStep) {
  BulletVehicle car(escort(), moving(10.0));
  EXPECT_THROW(car.step({}, 0.0123), std::invalid_argument);
  EXPECT_THROW(car.step({}, 0.0), std::invalid_argument);
  EXPECT_NO_THROW(car.step({}, 0.02));
}

}  // namespace
}  // namespace assay::sim
