// Sensor models against their definitions: sample statistics of noise, dropouts and false
// positives within stated confidence bounds, exact delay-line latency, exact range and field of
// view cut-offs, and determinism of the sensed sequence.
//
// Bounds: with n independent draws, a sample mean lies within 5 standard errors of its
// expectation with probability 1 − 5.7e-7 (normal tail), so a correct sensor fails a check about
// once in two million runs; a wrong mean, deviation or rate of the size a bug would cause (a
// factor, a missed bias) lies tens of standard errors away. Seeds are fixed, so these tests are
// deterministic anyway; the bounds say why the fixed seed is not a lucky one.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "sim/vehicle/sensors.h"
#include "sim/vehicle/simulation.h"

namespace assay::sim {
namespace {

constexpr int kDraws = 100'000;
constexpr double kZ = 5.0;  // standard errors allowed

Observation truth_with_object(double distance, double relative_speed = -5.0,
                              double lateral_offset = 0.0) {
  Observation o;
  o.dt = 0.01;
  o.ego_speed = 20.0;
  o.ego_accel = -1.0;
  o.ego_width = 1.8;
  ObjectObservation obj;
  obj.id = 0;
  obj.distance = distance;
  obj.relative_speed = relative_speed;
  obj.lateral_offset = lateral_offset;
  obj.width = 1.8;
  obj.length = 4.0;
  obj.speed = o.ego_speed + relative_speed;
  o.objects.push_back(obj);
  return o;
}

struct Moments {
  double mean = 0.0;
  double variance = 0.0;  // unbiased
};

Moments moments(const std::vector<double>& x) {
  double sum = 0.0;
  for (double v : x) sum += v;
  const double mean = sum / static_cast<double>(x.size());
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return {mean, ss / static_cast<double>(x.size() - 1)};
}

// Checks mean and variance of normal samples: SE(mean) = σ/√n; SE(s²) = σ²·√(2/(n−1)).
void expect_normal(const std::vector<double>& x, double mean, double stdev) {
  const Moments m = moments(x);
  const double n = static_cast<double>(x.size());
  EXPECT_NEAR(m.mean, mean, kZ * stdev / std::sqrt(n));
  EXPECT_NEAR(m.variance, stdev * stdev, kZ * stdev * stdev * std::sqrt(2.0 / (n - 1.0)));
}

TEST(SensorNoise, MeansAndVariancesMatchTheConfiguredBiasAndDeviation) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.noise = {0.5, 0.2, 0.1};
  spec.object.bias = {0.3, -0.1, 0.05};
  spec.ego = {0.15, 0.02, 0.4, -0.05};
  SensorState state(spec, 42, 1, 0.01);
  const Observation truth = truth_with_object(50.0, -5.0, 0.4);
  Observation out;
  std::vector<double> d, rv, lat, v, a;
  for (int i = 0; i < kDraws; ++i) {
    state.sense(truth, out);
    ASSERT_EQ(out.objects.size(), 1u);
    d.push_back(out.objects[0].distance);
    rv.push_back(out.objects[0].relative_speed);
    lat.push_back(out.objects[0].lateral_offset);
    v.push_back(out.ego_speed);
    a.push_back(out.ego_accel);
  }
  expect_normal(d, 50.3, 0.5);
  expect_normal(rv, -5.1, 0.2);
  expect_normal(lat, 0.45, 0.1);
  expect_normal(v, 20.02, 0.15);
  expect_normal(a, -1.05, 0.4);
}

TEST(SensorNoise, SuccessiveDrawsAreUncorrelated) {
  // Lag-1 autocorrelation of i.i.d. draws has SE 1/√n.
  SensorSpec spec;
  spec.enabled = true;
  spec.object.noise = {1.0, 0.0, 0.0};
  SensorState state(spec, 7, 1, 0.01);
  const Observation truth = truth_with_object(30.0);
  Observation out;
  std::vector<double> e;
  for (int i = 0; i < kDraws; ++i) {
    state.sense(truth, out);
    e.push_back(out.objects[0].distance - 30.0);
  }
  double c = 0.0;
  for (std::size_t i = 1; i < e.size(); ++i) c += e[i] * e[i - 1];
  EXPECT_NEAR(c / static_cast<double>(e.size() - 1), 0.0, kZ / std::sqrt(double{kDraws}));
}

TEST(SensorLatency, AStepChangeAppearsExactlyLatencyOverDtStepsLater) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.latency = 0.1;  // 10 steps of 10 ms
  SensorState state(spec, 1, 1, 0.01);
  EXPECT_EQ(state.latency_steps(), 10u);
  Observation out;
  for (int k = 0; k < 60; ++k) {
    const Observation truth = truth_with_object(k < 20 ? 50.0 : 40.0);
    state.sense(truth, out);
    if (k < 10) {
      EXPECT_TRUE(out.objects.empty()) << "step " << k << ": nothing has arrived yet";
    } else {
      ASSERT_EQ(out.objects.size(), 1u) << "step " << k;
      EXPECT_EQ(out.objects[0].distance, k < 30 ? 50.0 : 40.0) << "step " << k;
    }
  }
}

TEST(SensorLatency, ZeroLatencyDeliversTheSameStepAndLatencyRoundsToWholeSteps) {
  SensorSpec spec;
  spec.enabled = true;
  SensorState none(spec, 1, 1, 0.01);
  Observation out;
  none.sense(truth_with_object(12.5), out);
  ASSERT_EQ(out.objects.size(), 1u);
  EXPECT_EQ(out.objects[0].distance, 12.5);
  spec.object.latency = 0.034;
  EXPECT_EQ(SensorState(spec, 1, 1, 0.01).latency_steps(), 3u);
  spec.object.latency = 0.036;
  EXPECT_EQ(SensorState(spec, 1, 1, 0.01).latency_steps(), 4u);
}

TEST(SensorDropout, IndependentDropoutRateIsWithinBinomialBounds) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.dropout = 0.05;
  SensorState state(spec, 3, 1, 0.01);
  const Observation truth = truth_with_object(20.0);
  Observation out;
  int dropped = 0;
  for (int i = 0; i < kDraws; ++i) {
    state.sense(truth, out);
    EXPECT_EQ(out.objects.empty(), state.status().dropout);
    dropped += state.status().dropout ? 1 : 0;
  }
  // Binomial(n, p): mean np = 5000, SD √(np(1−p)) ≈ 68.9.
  const double n = kDraws, p = 0.05;
  EXPECT_NEAR(dropped, n * p, kZ * std::sqrt(n * p * (1 - p)));
}

TEST(SensorDropout, BurstsHaveTheConfiguredMeanLengthAndLongRunFraction) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.dropout = 0.1;
  spec.object.dropout_burst = 0.05;  // 5 steps of 10 ms
  SensorState state(spec, 5, 1, 0.01);
  const Observation truth = truth_with_object(20.0);
  Observation out;
  int dropped = 0, bursts = 0;
  bool before = false;
  const int n = 10 * kDraws;
  for (int i = 0; i < n; ++i) {
    state.sense(truth, out);
    const bool now = state.status().dropout;
    dropped += now ? 1 : 0;
    bursts += now && !before ? 1 : 0;
    before = now;
  }
  // Two-state Markov chain, P(leave) = 0.2, P(enter) = 0.1·0.2/0.9: lag-1 correlation
  // ρ = 1 − 0.2 − 0.0222 = 0.778, so the SD of the dropped count is the binomial SD times
  // √((1+ρ)/(1−ρ)) = √8 (large-n variance of a Markov-chain average).
  const double f = 0.1;
  EXPECT_NEAR(dropped, n * f, kZ * std::sqrt(n * f * (1 - f) * 8.0));
  // Burst lengths are geometric with mean 1/P(leave) = 5 steps and SD √(1−p)/p = 4.47.
  const double mean_burst = static_cast<double>(dropped) / bursts;
  EXPECT_NEAR(mean_burst, 5.0, kZ * std::sqrt(0.8) / 0.2 / std::sqrt(double(bursts)));
}

TEST(SensorCoverage, RangeAndFieldOfViewCutOffExactlyAtTheBoundary) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.range = 100.0;
  spec.object.fov = 2.0 * std::atan2(1.0, 10.0);
  SensorState state(spec, 1, 1, 0.01);
  Observation out;
  state.sense(truth_with_object(100.0), out);
  EXPECT_EQ(out.objects.size(), 1u) << "at the range: seen";
  state.sense(truth_with_object(std::nextafter(100.0, 200.0)), out);
  EXPECT_TRUE(out.objects.empty()) << "one ulp beyond the range: not seen";
  state.sense(truth_with_object(10.0, -5.0, 1.0), out);
  EXPECT_EQ(out.objects.size(), 1u) << "on the edge of the field of view: seen";
  state.sense(truth_with_object(10.0, -5.0, -1.0), out);
  EXPECT_EQ(out.objects.size(), 1u) << "on the other edge: seen";
  state.sense(truth_with_object(10.0, -5.0, std::nextafter(1.0, 2.0)), out);
  EXPECT_TRUE(out.objects.empty()) << "just outside the field of view: not seen";
}

TEST(SensorFalsePositives, GhostRateIsWithinBinomialBoundsAndGhostsAreWhereConfigured) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.false_positive = 0.02;
  spec.object.false_positive_min = 10.0;
  spec.object.false_positive_max = 30.0;
  spec.object.false_positive_lateral = 1.0;
  SensorState state(spec, 9, 1, 0.01);
  Observation truth = truth_with_object(50.0);
  Observation out;
  std::vector<double> distances;
  for (int i = 0; i < kDraws; ++i) {
    state.sense(truth, out);
    for (const auto& o : out.objects) {
      if (o.id != kGhostId) continue;
      distances.push_back(o.distance);
      EXPECT_GE(o.distance, 10.0);
      EXPECT_LT(o.distance, 30.0);
      EXPECT_LE(std::abs(o.lateral_offset), 1.0);
      EXPECT_EQ(o.relative_speed, -truth.ego_speed);
    }
    ASSERT_TRUE(std::is_sorted(out.objects.begin(), out.objects.end(),
                               [](auto& a, auto& b) { return a.distance < b.distance; }));
  }
  // Ghost count ~ Binomial(n, p) (≈ Poisson(np) = Poisson(2000)): SD √(np(1−p)) ≈ 44.3.
  const double n = kDraws, p = 0.02;
  EXPECT_NEAR(static_cast<double>(distances.size()), n * p, kZ * std::sqrt(n * p * (1 - p)));
  // Uniform on [10, 30): mean 20, SD 20/√12.
  const double k = static_cast<double>(distances.size());
  EXPECT_NEAR(moments(distances).mean, 20.0, kZ * (20.0 / std::sqrt(12.0)) / std::sqrt(k));
}

TEST(SensorDeterminism, SameSeedSameSequenceDifferentSeedDifferentNoise) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.noise = {0.5, 0.2, 0.1};
  spec.object.dropout = 0.1;
  spec.object.false_positive = 0.1;
  spec.object.latency = 0.05;
  auto run = [&](std::uint64_t seed) {
    SensorState state(spec, seed, 1, 0.01);
    std::vector<double> seq;
    Observation out;
    for (int k = 0; k < 1000; ++k) {
      state.sense(truth_with_object(40.0 - 0.01 * k), out);
      seq.push_back(static_cast<double>(out.objects.size()));
      for (const auto& o : out.objects) seq.push_back(o.distance);
    }
    return seq;
  };
  EXPECT_EQ(run(11), run(11));
  EXPECT_NE(run(11), run(12));
}

TEST(SensorDeterminism, AddingFalsePositivesDoesNotChangeTheNoiseSequence) {
  SensorSpec spec;
  spec.enabled = true;
  spec.object.noise = {0.5, 0.0, 0.0};
  auto noise = [&](const SensorSpec& s) {
    SensorState state(s, 21, 1, 0.01);
    std::vector<double> seq;
    Observation out;
    for (int k = 0; k < 200; ++k) {
      state.sense(truth_with_object(80.0), out);
      for (const auto& o : out.objects)
        if (o.id == 0) seq.push_back(o.distance);
    }
    return seq;
  };
  SensorSpec with_ghosts = spec;
  with_ghosts.object.false_positive = 0.3;
  with_ghosts.object.false_positive_min = 100.0;  // beyond the object: order unchanged
  with_ghosts.object.false_positive_max = 120.0;
  EXPECT_EQ(noise(spec), noise(with_ghosts));
}

// The Simulation: the model sees the sensed observation, the trace keeps truth and records what
// was sensed next to it.
World approach_world(double latency) {
  World w;
  w.ego_params = *find_vehicle("ford-escort");
  w.ego_initial.v = 10.0;
  w.duration = 2.0;
  w.end_on_ego_stopped = false;
  TargetSpec t;
  t.id = "lead";
  t.length = 4.0;
  t.width = 1.8;
  t.s = 60.0;
  t.d = 0.0;
  t.speed = 0.0;
  w.targets.push_back(t);
  w.seed = 99;
  w.sensors.enabled = true;
  w.sensors.object.latency = latency;
  return w;
}

TEST(SimulationSensors, TheModelSeesTheDelayedObservationAndTheTraceKeepsTruth) {
  const World w = approach_world(0.2);  // 20 steps
  Simulation sim(w);
  std::vector<double> seen;
  while (!sim.finished()) {
    const Observation& o = sim.observe();
    seen.push_back(o.objects.empty() ? -1.0 : o.objects[0].distance);
    sim.step({});
  }
  const Trace& trace = sim.trace();
  const auto gap = trace.column("lead.gap");
  const auto sensed = trace.column("lead.sensed_distance");
  ASSERT_EQ(sensed.size(), gap.size());
  ASSERT_GE(seen.size(), 40u);
  for (std::size_t k = 0; k < 40; ++k) {
    if (k < 20) {
      EXPECT_EQ(seen[k], -1.0) << k;
      EXPECT_TRUE(std::isinf(sensed[k])) << k;
    } else {
      EXPECT_EQ(seen[k], gap[k - 20]) << k;  // truth of 20 steps ago
      EXPECT_EQ(sensed[k], gap[k - 20]) << k;
    }
  }
  EXPECT_TRUE(trace.find("sensor.dropout").has_value());
  EXPECT_TRUE(trace.find("sensor.false_positives").has_value());
  EXPECT_TRUE(trace.find("ego.sensed_v").has_value());
}

TEST(SimulationSensors, WithoutSensorsTheTraceHasNoSensedSignals) {
  World w = approach_world(0.0);
  w.sensors = {};
  Simulation sim(w);
  EXPECT_FALSE(sim.trace().find("lead.sensed_distance").has_value());
  EXPECT_EQ(sim.observe().objects.size(), 1u);
}

}  // namespace
}  // namespace assay::sim
