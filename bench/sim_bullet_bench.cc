// Bullet raycast-vehicle step and footprint contact tests. Budget (docs: performance table): a
// Bullet scenario step with the ego and one target at 100 Hz ≤ 10 µs.
#include <benchmark/benchmark.h>

#include <cmath>

#include "sim/vehicle/bullet_vehicle.h"
#include "sim/vehicle/contact.h"
#include "sim/vehicle/single_track.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {
namespace {

constexpr double kDt = 0.01;  // two internal steps of 1/200 s

const VehicleParams& escort() {
  return *find_vehicle("ford-escort");
}

ContactDetector ego_and_target() {
  const VehicleParams& p = escort();
  return ContactDetector({{p.length, p.width}, {p.length, p.width}});
}

// A target in the next lane, 1 m ahead and turned a little, with a gap of about 0.3 m: inside
// the bounding circles but not touching, so every call runs GJK.
Pose near_target(const Pose& ego) {
  const double ahead = 1.0;
  const double side = escort().width + 0.5;
  const double c = std::cos(ego.yaw);
  const double s = std::sin(ego.yaw);
  return {ego.x + ahead * c - side * s, ego.y + ahead * s + side * c, ego.yaw + 0.1};
}

// One closed-loop step: the ego on a gentle circle (bounded coordinates however long it runs)
// and a contact test against a nearby target.
void BM_BulletStepWithContact(benchmark::State& state) {
  VehicleState initial;
  initial.v = 20.0;
  BulletVehicle ego(escort(), initial);
  ContactDetector contact = ego_and_target();
  const ActuatorCommand cmd{0.0, 0.02};
  for (auto _ : state) {
    ego.step(cmd, kDt);
    const Pose pose = footprint_pose(escort(), ego.state());
    benchmark::DoNotOptimize(contact.touching(0, pose, 1, near_target(pose)));
  }
}
BENCHMARK(BM_BulletStepWithContact);

void BM_BulletStep(benchmark::State& state) {
  VehicleState initial;
  initial.v = 20.0;
  BulletVehicle ego(escort(), initial);
  const ActuatorCommand cmd{0.0, 0.02};
  for (auto _ : state) {
    ego.step(cmd, kDt);
    benchmark::DoNotOptimize(ego.state());
  }
}
BENCHMARK(BM_BulletStep);

// Building the world is paid once per case.
void BM_BulletBuild(benchmark::State& state) {
  VehicleState initial;
  initial.v = 20.0;
  for (auto _ : state) {
    BulletVehicle ego(escort(), initial);
    benchmark::DoNotOptimize(ego.state());
  }
}
BENCHMARK(BM_BulletBuild);

// Far apart: decided by the bounding circles, without Bullet.
void BM_TouchingFar(benchmark::State& state) {
  ContactDetector contact = ego_and_target();
  Pose ego{0.0, 0.0, 0.0};
  const Pose target{40.0, 3.0, 0.2};
  for (auto _ : state) {
    benchmark::DoNotOptimize(ego);
    benchmark::DoNotOptimize(contact.touching(0, ego, 1, target));
  }
}
BENCHMARK(BM_TouchingFar);

// Near but apart: GJK on the two boxes.
void BM_TouchingNear(benchmark::State& state) {
  ContactDetector contact = ego_and_target();
  Pose ego{0.0, 0.0, 0.0};
  const Pose target = near_target(ego);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ego);
    benchmark::DoNotOptimize(contact.touching(0, ego, 1, target));
  }
}
BENCHMARK(BM_TouchingNear);

// Overlapping but not decided by the inscribed circles: GJK and the penetration solver.
void BM_TouchingOverlap(benchmark::State& state) {
  ContactDetector contact = ego_and_target();
  Pose ego{0.0, 0.0, 0.0};
  const Pose target{escort().length - 0.1, 0.5, 0.1};
  for (auto _ : state) {
    benchmark::DoNotOptimize(ego);
    benchmark::DoNotOptimize(contact.touching(0, ego, 1, target));
  }
}
BENCHMARK(BM_TouchingOverlap);

void BM_ContactFraction(benchmark::State& state) {
  ContactDetector contact = ego_and_target();
  const double length = escort().length;
  const Pose a{0.0, 0.0, 0.0};
  const Pose b0{length + 0.1, 0.3, 0.0};
  const Pose b1{length - 0.1, 0.3, 0.05};
  for (auto _ : state) benchmark::DoNotOptimize(contact.contact_fraction(0, a, a, 1, b0, b1));
}
BENCHMARK(BM_ContactFraction);

}  // namespace
}  // namespace assay::sim
