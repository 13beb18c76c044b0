// Single-track models checked against closed-form references derived here from the parameters
// (never against values recorded from the implementation), plus RapidCheck invariants.
#include <cmath>
#include <limits>
#include <numbers>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/rng.h"
#include "sim/vehicle/fast_atan.h"
#include "sim/vehicle/single_track.h"
#include "sim/vehicle/vehicle_params.h"

namespace assay::sim {

// Lets RapidCheck print the kind in counterexamples (found by argument-dependent lookup).
void showValue(SingleTrackKind kind, std::ostream& os) {
  os << single_track_kind_name(kind);
}

namespace {

constexpr double kDt = 0.01;
// The models' gravity constant (CommonRoad's value); the understeer gradient depends on it.
constexpr double kG = 9.81;
constexpr SingleTrackKind kAllKinds[] = {
    SingleTrackKind::kKinematic, SingleTrackKind::kDynamicLinear, SingleTrackKind::kDynamicPacejka};

const VehicleParams& escort() {
  return *find_vehicle("ford-escort");
}

bool all_finite(const VehicleState& s) {
  return std::isfinite(s.x) && std::isfinite(s.y) && std::isfinite(s.yaw) && std::isfinite(s.v) &&
         std::isfinite(s.yaw_rate) && std::isfinite(s.beta) && std::isfinite(s.steer) &&
         std::isfinite(s.accel);
}

// Circle through points by the algebraic (Kåsa) least-squares fit: x² + y² + D·x + E·y + F = 0.
struct Circle {
  double cx = 0.0;
  double cy = 0.0;
  double r = 0.0;
};

Circle fit_circle(const std::vector<double>& xs, const std::vector<double>& ys) {
  // Normal equations of [x y 1]·[D E F]ᵀ = −(x² + y²), solved by Cramer's rule.
  double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0, n = 0, bx = 0, by = 0, b1 = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double x = xs[i], y = ys[i], z = -(x * x + y * y);
    sxx += x * x, sxy += x * y, syy += y * y, sx += x, sy += y, n += 1;
    bx += x * z, by += y * z, b1 += z;
  }
  const auto det3 = [](double a, double b, double c, double d, double e, double f, double g,
                       double h, double i) {
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  };
  const double det = det3(sxx, sxy, sx, sxy, syy, sy, sx, sy, n);
  const double d = det3(bx, sxy, sx, by, syy, sy, b1, sy, n) / det;
  const double e = det3(sxx, bx, sx, sxy, by, sy, sx, b1, n) / det;
  const double f = det3(sxx, sxy, bx, sxy, syy, by, sx, sy, b1) / det;
  const double cx = -d / 2, cy = -e / 2;
  return {.cx = cx, .cy = cy, .r = std::sqrt(cx * cx + cy * cy - f)};
}

// A state already at the given speed and steering angle, actuators settled.
VehicleState cruising(double v, double steer) {
  VehicleState s;
  s.v = v;
  s.steer = steer;
  return s;
}

TEST(SingleTrackKindTest, NamesRoundTrip) {
  for (const SingleTrackKind kind : kAllKinds) {
    EXPECT_EQ(parse_single_track_kind(single_track_kind_name(kind)), kind);
  }
  EXPECT_EQ(single_track_kind_name(SingleTrackKind::kDynamicPacejka), "dynamic-pacejka");
  EXPECT_FALSE(parse_single_track_kind("dynamic").has_value());
}

TEST(VehicleParamsTest, BuiltInSets) {
  EXPECT_EQ(vehicle_names(), (std::vector<std::string>{"bmw-320i", "ford-escort", "vw-vanagon"}));
  EXPECT_EQ(find_vehicle("tesla"), nullptr);
  for (const std::string& name : vehicle_names()) {
    const VehicleParams* p = find_vehicle(name);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, name);
    EXPECT_FALSE(p->source.empty());
    EXPECT_GT(p->mass, 0.0);
    EXPECT_GT(p->iz, 0.0);
    EXPECT_GT(p->brake_max, 0.0);
    // Magic-formula small-slip stiffness B·C·D equals CommonRoad's µ·C_S (= −p_ky1 = 21.92).
    EXPECT_NEAR(p->tyre_front.b * p->tyre_front.c * p->tyre_front.d, p->mu * p->c_sf, 0.01);
  }
  // CommonRoad vehicle 2 wheelbase 2.5789 m (reference table).
  EXPECT_NEAR(find_vehicle("bmw-320i")->wheelbase(), 2.5789, 1e-12);
}

TEST(FootprintTest, CentreIsOffsetAlongHeading) {
  const VehicleParams& p = escort();
  VehicleState s;
  s.x = 10.0;
  s.y = -2.0;
  s.yaw = std::numbers::pi / 2;
  const Pose pose = footprint_pose(p, s);
  // Heading +y; the Escort's CoG is forward of the centre (lf < lr), so the centre lies
  // (lr − lf)/2 behind it.
  EXPECT_NEAR(pose.x, 10.0, 1e-12);
  EXPECT_NEAR(pose.y, -2.0 + (p.lf - p.lr) / 2.0, 1e-12);
  EXPECT_EQ(pose.yaw, s.yaw);
}

// Kinematic model at constant steer: the CoG moves on a circle around the instantaneous centre
// on the rear-axle line, L/tanδ to the side of the rear axle, so R = sqrt(lr² + L²/tan²δ).
TEST(KinematicTest, ConstantSteerTracesClosedFormCircle) {
  const VehicleParams& p = escort();
  for (const double steer : {0.05, 0.2, -0.4}) {
    for (const double accel : {0.0, 0.8}) {
      VehicleState s = cruising(5.0, steer);
      s.accel = accel;
      std::vector<double> xs{s.x}, ys{s.y};
      for (int i = 0; i < 3000; ++i) {
        step_single_track(SingleTrackKind::kKinematic, p, s, {.accel = accel, .steer = steer}, kDt);
        xs.push_back(s.x);
        ys.push_back(s.y);
      }
      const double l = p.wheelbase();
      const double tan_d = std::tan(steer);
      const double radius = std::sqrt(p.lr * p.lr + l * l / (tan_d * tan_d));
      // The centre is R to the left of the initial CoG velocity, which points along β.
      const double beta = std::atan(p.lr / l * tan_d);
      const double sign = steer > 0 ? 1.0 : -1.0;
      const double cx = -sign * radius * std::sin(beta), cy = sign * radius * std::cos(beta);
      // Each step is an exact arc of the circle (curvature depends on the steer only, not on
      // the speed), so only rounding accumulates: ~1e-13 m per step over 3000 steps. 1e-8 m
      // leaves a wide margin while a first-order (Euler) integrator would miss by ~1e-3 m.
      for (size_t i = 0; i < xs.size(); ++i) {
        ASSERT_NEAR(std::hypot(xs[i] - cx, ys[i] - cy), radius, 1e-8) << "step " << i;
      }
      // The least-squares fit loses a few digits to cancellation in the normal equations.
      const Circle fit = fit_circle(xs, ys);
      EXPECT_NEAR(fit.r, radius, 1e-6 * radius);
      EXPECT_NEAR(fit.cx, cx, 1e-6 * radius);
      EXPECT_NEAR(fit.cy, cy, 1e-6 * radius);
    }
  }
}

// While the steer moves, β and the yaw rate at the end of a step follow the end steer δ1 (the
// step derives tan δ1 from tan of the mean steer by the addition theorem and a series, or by
// std::tan for changes above 1/64 rad). Reference: β = atan((lr/L)·tan δ1) and
// ψ' = v1·cos β·tan δ1/L evaluated here with std::tan, std::atan and std::cos.
TEST(KinematicTest, EndOfStepSlipAndYawRateFollowTheEndSteer) {
  VehicleParams fast_rate = escort();
  fast_rate.steer_rate_max = 20.0;  // up to 0.2 rad per step: the std::tan path
  fast_rate.tau_steer = 0.0;
  for (const VehicleParams* p : {&escort(), &static_cast<const VehicleParams&>(fast_rate)}) {
    VehicleState s = cruising(12.0, 0.0);
    const double l = p->wheelbase();
    for (int i = 0; i < 400; ++i) {
      const double command = 0.6 * std::sin(0.03 * i) + (i % 7 == 0 ? 0.3 : 0.0);
      step_single_track(SingleTrackKind::kKinematic, *p, s, {.accel = 0.3, .steer = command}, kDt);
      const double tan_d = std::tan(s.steer);
      const double beta = std::atan(p->lr / l * tan_d);
      ASSERT_NEAR(s.beta, beta, 4e-16 + 4e-16 * std::abs(beta)) << "step " << i;
      const double yaw_rate = s.v * std::cos(beta) * tan_d / l;
      ASSERT_NEAR(s.yaw_rate, yaw_rate, 1e-15 + 1e-15 * std::abs(yaw_rate)) << "step " << i;
    }
  }
}

// Distance from ref in units of the spacing of doubles at ref.
double ulps_from(double value, double ref) {
  if (value == ref) return 0.0;
  const double spacing =
      std::nextafter(std::abs(ref), std::numeric_limits<double>::infinity()) - std::abs(ref);
  return std::abs(value - ref) / spacing;
}

// fast_atan (the β of the kinematic step) against std::atan: dense over [−10, 10] (all three
// reduction ranges and their borders), log-uniform over 1e-300..1e30, and special values.
TEST(FastAtanTest, WithinTwoUlpOfStdAtan) {
  double worst = 0.0;
  double worst_x = 0.0;
  const auto check = [&](double x) {
    const double e = ulps_from(fast_atan(x), std::atan(x));  // both double overloads
    if (e > worst) {
      worst = e;
      worst_x = x;
    }
  };
  for (double x = -10.0; x <= 10.0; x += 1e-5) check(x);
  Rng rng(11);
  for (int i = 0; i < 1000000; ++i) {
    const double x = std::pow(10.0, rng.uniform(-300.0, 30.0));
    check(i % 2 == 0 ? x : -x);
  }
  for (const double x : {0.66, std::nextafter(0.66, 1.0), 2.41421356237309504880,
                         std::nextafter(2.41421356237309504880, 3.0), 1.0, 1e300, 5e-324}) {
    check(x);
    check(-x);
  }
  EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
  EXPECT_EQ(fast_atan(0.0), 0.0);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(fast_atan(inf), std::atan(inf));
  EXPECT_EQ(fast_atan(-inf), std::atan(-inf));
  EXPECT_TRUE(std::isnan(fast_atan(std::numeric_limits<double>::quiet_NaN())));
}

// Stopping from v0 with a brake command −b through a first-order lag (time constant τ, actual
// acceleration starting at 0): a(t) = −b(1 − e^(−t/τ)), v(t) = v0 − b(t − τ(1 − e^(−t/τ))).
// The stop time T solves T = v0/b + τ(1 − e^(−T/τ)), and substituting v(T) = 0 into x(T) gives
//   S = v0²/(2b) + v0·τ − (b·τ²/2)·(1 − e^(−T/τ))²,
// i.e. the lag adds v0·τ to first order, minus a second-order b·τ²/2 correction.
double stopping_distance(double v0, double b, double tau) {
  if (tau == 0.0) return v0 * v0 / (2.0 * b);
  double t = v0 / b + tau;
  for (int i = 0; i < 200; ++i) t = v0 / b + tau * (1.0 - std::exp(-t / tau));
  const double q = 1.0 - std::exp(-t / tau);
  return v0 * v0 / (2.0 * b) + v0 * tau - 0.5 * b * tau * tau * q * q;
}

TEST(StoppingTest, DistanceMatchesLaggedClosedForm) {
  for (const SingleTrackKind kind : kAllKinds) {
    for (const double tau : {0.0, 0.2, 0.5}) {
      for (const double b : {3.0, 8.0}) {
        VehicleParams p = escort();
        p.tau_accel = tau;
        const double v0 = 20.0;
        VehicleState s = cruising(v0, 0.0);
        int steps = 0;
        while (s.v > 0.0 && steps < 10000) {
          step_single_track(kind, p, s, {.accel = -b, .steer = 0.0}, kDt);
          ++steps;
        }
        ASSERT_EQ(s.v, 0.0);
        // The models hold the exact mean of the lagged acceleration over each step, so speed
        // is exact at step ends; what remains is the final step, where the acceleration is
        // limited to bring the speed exactly to zero: at most b·dt²/2 = 4e-4 m. Hence 1 mm.
        const double expected = stopping_distance(v0, b, tau);
        EXPECT_NEAR(s.x, expected, 1e-3)
            << single_track_kind_name(kind) << " tau " << tau << " b " << b;
        EXPECT_EQ(s.y, 0.0);
        // A stopped vehicle stays where it is while the brake is held.
        const double x_stop = s.x;
        for (int i = 0; i < 100; ++i) step_single_track(kind, p, s, {.accel = -b}, kDt);
        EXPECT_EQ(s.v, 0.0);
        EXPECT_EQ(s.x, x_stop);
      }
    }
  }
}

// Steady-state yaw rate of the linear single-track model: r = v·δ / (L·(1 + K·v²)) with the
// understeer gradient K = m/L² · (lr/C_f − lf/C_r) and CommonRoad's cornering stiffnesses
// C_f = µ·C_Sf·m·g·lr/L, C_r = µ·C_Sr·m·g·lf/L (static loads, no acceleration).
double understeer_gradient(const VehicleParams& p) {
  const double l = p.wheelbase();
  const double cf = p.mu * p.c_sf * p.mass * kG * p.lr / l;
  const double cr = p.mu * p.c_sr * p.mass * kG * p.lf / l;
  return p.mass / (l * l) * (p.lr / cf - p.lf / cr);
}

double steady_yaw_rate(const VehicleParams& p, double v, double steer) {
  return v * steer / (p.wheelbase() * (1.0 + understeer_gradient(p) * v * v));
}

// Runs a model at constant speed and steer for 10 s and returns the final state.
VehicleState settle(SingleTrackKind kind, const VehicleParams& p, double v, double steer) {
  VehicleState s = cruising(v, steer);
  for (int i = 0; i < 1000; ++i) step_single_track(kind, p, s, {.accel = 0.0, .steer = steer}, kDt);
  return s;
}

// Parameter sets for the steady-state tests: the built-ins are neutral-steer (equal C_S and
// Fz-proportional stiffness make K = 0 exactly), so also use an understeering variant.
std::vector<VehicleParams> steady_state_sets() {
  std::vector<VehicleParams> sets;
  for (const std::string& name : vehicle_names()) sets.push_back(*find_vehicle(name));
  VehicleParams understeer = escort();
  understeer.c_sr = 1.5 * understeer.c_sf;
  understeer.tyre_rear.b = 1.5 * understeer.tyre_rear.b;  // keeps B·C·D = µ·C_S on the rear
  sets.push_back(understeer);
  return sets;
}

TEST(DynamicLinearTest, SteadyStateYawRateMatchesClosedForm) {
  // Built-ins: lr/C_f = lf/C_r = L/(µ·C_S·m·g), so K vanishes up to rounding.
  EXPECT_NEAR(understeer_gradient(escort()), 0.0, 1e-15);
  for (const VehicleParams& p : steady_state_sets()) {
    for (const double v : {8.0, 15.0, 30.0}) {
      const double steer = 0.01;
      const VehicleState s = settle(SingleTrackKind::kDynamicLinear, p, v, steer);
      // The closed form is the exact equilibrium of the linear model, and the RK4 map has the
      // same fixed point; after 10 s (many slip time constants) only rounding remains.
      EXPECT_NEAR(s.yaw_rate, steady_yaw_rate(p, v, steer), 1e-9)
          << p.name << " c_sr " << p.c_sr << " v " << v;
      EXPECT_EQ(s.v, v);
    }
  }
}

TEST(DynamicPacejkaTest, SmallSlipMatchesLinearModel) {
  for (const VehicleParams& p : steady_state_sets()) {
    for (const double v : {10.0, 20.0}) {
      const double steer = 0.004;
      const VehicleState lin = settle(SingleTrackKind::kDynamicLinear, p, v, steer);
      const VehicleState mf = settle(SingleTrackKind::kDynamicPacejka, p, v, steer);
      // Slip angles stay below 0.004 rad (a_y < 1 m/s²), so B·α < 0.07 and the magic formula
      // is within 0.3 % of its tangent B·C·D·α; B·C·D differs from µ·C_S by 0.02 %. The yaw
      // rates must then agree within 0.5 %.
      EXPECT_NEAR(mf.yaw_rate, lin.yaw_rate, 5e-3 * std::abs(lin.yaw_rate)) << p.name << " v " << v;
      // β itself crosses zero near these speeds, so compare the slip angles it is made of
      // (linearised, as the linear model defines them) with the same 0.5 % tolerance.
      const auto rear_slip = [&](const VehicleState& st) {
        return -st.beta + p.lr * st.yaw_rate / st.v;
      };
      const auto front_slip = [&](const VehicleState& st) {
        return st.steer - st.beta - p.lf * st.yaw_rate / st.v;
      };
      EXPECT_NEAR(rear_slip(mf), rear_slip(lin), 5e-3 * std::abs(rear_slip(lin)));
      EXPECT_NEAR(front_slip(mf), front_slip(lin), 5e-3 * std::abs(front_slip(lin)));
    }
  }
}

TEST(ActuatorTest, PowerLimitAboveSwitchSpeed) {
  const VehicleParams& p = escort();
  for (const double v : {2.0 * p.v_switch, 30.0}) {
    VehicleState s = cruising(v, 0.0);
    for (int i = 0; i < 300; ++i) apply_actuators(p, s, {.accel = p.a_max}, kDt);
    // The lag approaches the power-limited a_max·v_S/v from zero: after 3 s it is at
    // (1 − e^(−3/τ)) of it.
    const double limit = p.a_max * p.v_switch / v;
    EXPECT_NEAR(s.accel, limit * (1.0 - std::exp(-3.0 / p.tau_accel)), 1e-9) << "v " << v;
  }
  // Below v_switch the full a_max is available (reached through the lag).
  VehicleState slow = cruising(0.5 * p.v_switch, 0.0);
  for (int i = 0; i < 300; ++i) apply_actuators(p, slow, {.accel = p.a_max}, kDt);
  EXPECT_NEAR(slow.accel, p.a_max * (1.0 - std::exp(-3.0 / p.tau_accel)), 1e-9);
  // At top speed no further acceleration.
  VehicleState top = cruising(p.v_max, 0.0);
  apply_actuators(p, top, {.accel = p.a_max}, kDt);
  EXPECT_EQ(top.accel, 0.0);
}

TEST(ActuatorTest, BrakeLimited) {
  const VehicleParams& p = escort();
  VehicleState s = cruising(30.0, 0.0);
  for (int i = 0; i < 300; ++i) apply_actuators(p, s, {.accel = -50.0}, kDt);
  EXPECT_DOUBLE_EQ(s.accel, -p.brake_max * (1.0 - std::exp(-3.0 / p.tau_accel)));
}

TEST(ActuatorTest, SteeringRateLimit) {
  const VehicleParams& p = escort();
  VehicleState s;
  // The lag alone would move 1 − e^(−dt/τ) ≈ 9.5 % of the 0.91 rad gap per step (≈ 8.7 rad/s),
  // far above the 0.4 rad/s limit, so the angle ramps at exactly the limit for the first second.
  for (int i = 1; i <= 100; ++i) {
    apply_actuators(p, s, {.steer = 10.0}, kDt);
    ASSERT_NEAR(s.steer, i * p.steer_rate_max * kDt, 1e-12) << "step " << i;
  }
  // And it never exceeds the angle limit.
  for (int i = 0; i < 1000; ++i) apply_actuators(p, s, {.steer = 10.0}, kDt);
  EXPECT_LE(s.steer, p.steer_max);
  EXPECT_NEAR(s.steer, p.steer_max, 1e-9);
}

TEST(ActuatorTest, LagReaches63PercentAfterTau) {
  const VehicleParams& p = escort();
  const double kFrac = 1.0 - std::exp(-1.0);  // 63.2 %
  // Steering step of 0.02 rad: the lag's initial rate 0.2 rad/s stays below the rate limit.
  VehicleState s = cruising(10.0, 0.0);
  for (int i = 0; i < static_cast<int>(std::lround(p.tau_steer / kDt)); ++i) {
    apply_actuators(p, s, {.accel = 0.0, .steer = 0.02}, kDt);
  }
  EXPECT_NEAR(s.steer, 0.02 * kFrac, 1e-12);
  VehicleState a = cruising(10.0, 0.0);
  for (int i = 0; i < static_cast<int>(std::lround(p.tau_accel / kDt)); ++i) {
    apply_actuators(p, a, {.accel = -1.0}, kDt);
  }
  EXPECT_NEAR(a.accel, -kFrac, 1e-12);
}

TEST(SingleTrackTest, StraightLineKeepsLateralStateExactlyZero) {
  for (const SingleTrackKind kind : kAllKinds) {
    VehicleState s = cruising(15.0, 0.0);
    for (int i = 0; i < 1000; ++i) step_single_track(kind, escort(), s, {}, kDt);
    EXPECT_EQ(s.y, 0.0) << single_track_kind_name(kind);
    EXPECT_EQ(s.yaw, 0.0);
    EXPECT_EQ(s.yaw_rate, 0.0);
    EXPECT_EQ(s.beta, 0.0);
    EXPECT_EQ(s.v, 15.0);
    EXPECT_NEAR(s.x, 150.0, 1e-9);
  }
}

TEST(SingleTrackTest, Deterministic) {
  for (const SingleTrackKind kind : kAllKinds) {
    VehicleState a = cruising(12.0, 0.0), b = a;
    for (int i = 0; i < 500; ++i) {
      const ActuatorCommand cmd{.accel = std::sin(0.01 * i), .steer = 0.3 * std::cos(0.02 * i)};
      step_single_track(kind, escort(), a, cmd, kDt);
      step_single_track(kind, escort(), b, cmd, kDt);
    }
    EXPECT_EQ(a, b);
  }
}

rc::Gen<SingleTrackKind> gen_kind() {
  return rc::gen::elementOf(std::vector(std::begin(kAllKinds), std::end(kAllKinds)));
}

rc::Gen<std::string> gen_vehicle() {
  return rc::gen::elementOf(vehicle_names());
}

// A double uniform in [lo, hi] from RapidCheck's integer generator (shrinks towards lo).
rc::Gen<double> gen_in(double lo, double hi) {
  return rc::gen::map(rc::gen::inRange(0, 10001),
                      [lo, hi](int k) { return lo + (hi - lo) * k / 10000.0; });
}

RC_GTEST_PROP(SingleTrackProperty, BrakingToStopNeverReverses, ()) {
  const SingleTrackKind kind = *gen_kind();
  const VehicleParams& p = *find_vehicle(*gen_vehicle());
  VehicleState s = cruising(*gen_in(0.0, p.v_max), *gen_in(-0.3, 0.3));
  const double brake = *gen_in(1.0, p.brake_max);
  const double steer = *gen_in(-p.steer_max, p.steer_max);
  // At most v_max/1 m/s² ≈ 51 s to stop, plus the lag; then 1 s held at rest.
  int steps_stopped = 0;
  for (int i = 0; i < 6000 && steps_stopped < 100; ++i) {
    step_single_track(kind, p, s, {.accel = -brake, .steer = steer}, kDt);
    RC_ASSERT(s.v >= 0.0);
    RC_ASSERT(all_finite(s));
    if (steps_stopped > 0) RC_ASSERT(s.v == 0.0);
    if (s.v == 0.0) ++steps_stopped;
  }
  RC_ASSERT(steps_stopped == 100);
}

RC_GTEST_PROP(SingleTrackProperty, StatesStayFiniteForCommandsWithinLimits, ()) {
  const SingleTrackKind kind = *gen_kind();
  const VehicleParams& p = *find_vehicle(*gen_vehicle());
  VehicleState s = cruising(*gen_in(0.0, p.v_max), 0.0);
  // Piecewise-constant commands: 20 segments of 0.25 s each.
  for (int seg = 0; seg < 20; ++seg) {
    const ActuatorCommand cmd{.accel = *gen_in(-p.brake_max, p.a_max),
                              .steer = *gen_in(-p.steer_max, p.steer_max)};
    for (int i = 0; i < 25; ++i) {
      step_single_track(kind, p, s, cmd, kDt);
      RC_ASSERT(all_finite(s));
      RC_ASSERT(s.v >= 0.0);
      RC_ASSERT(std::abs(s.steer) <= p.steer_max);
      RC_ASSERT(s.accel >= -p.brake_max && s.accel <= p.a_max);
    }
  }
}

RC_GTEST_PROP(SingleTrackProperty, StraightLineStaysOnAxisForAnyAcceleration, ()) {
  const SingleTrackKind kind = *gen_kind();
  const VehicleParams& p = *find_vehicle(*gen_vehicle());
  VehicleState s = cruising(*gen_in(0.0, p.v_max), 0.0);
  for (int seg = 0; seg < 10; ++seg) {
    const ActuatorCommand cmd{.accel = *gen_in(-p.brake_max, p.a_max), .steer = 0.0};
    for (int i = 0; i < 50; ++i) step_single_track(kind, p, s, cmd, kDt);
  }
  RC_ASSERT(s.y == 0.0);
  RC_ASSERT(s.yaw == 0.0);
  RC_ASSERT(s.yaw_rate == 0.0);
  RC_ASSERT(s.beta == 0.0);
}

}  // namespace
}  // namespace assay::sim
