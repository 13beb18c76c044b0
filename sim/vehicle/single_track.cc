#include "sim/vehicle/single_track.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "sim/vehicle/fast_sincos.h"
#include "sim/vehicle/magic_formula.h"
#include "sim/vehicle/small_angle.h"

namespace assay::sim {
namespace {

// CommonRoad's vehicle_dynamics_st.py uses g = 9.81.
constexpr double kGravity = 9.81;

// The dynamic models blend towards the kinematic one between these speeds [m/s]. Below about
// 0.8 m/s the slip dynamics (eigenvalues ≈ (C_f + C_r)/(m·v)) are too stiff for an explicit
// step of 0.01 s, and slip angles with a speed denominator are ill-conditioned near standstill.
constexpr double kBlendLow = 1.0;
constexpr double kBlendHigh = 3.0;

// RK4 is stable for real eigenvalues with |λ·h| < 2.78; keep a margin.
constexpr double kRk4StableStep = 2.0;

// Slip state integrated by RK4: yaw, yaw rate, side slip. Speed is integrated in closed form
// (v' = a is constant over a step) and position by an arc over each (sub)step.
using SlipState = Eigen::Matrix<double, 3, 1>;
enum SlipIndex { kYaw = 0, kYawRate, kBeta };

// Inputs held constant over one step.
struct StepInput {
  double accel = 0.0;
  double steer = 0.0;
};

// sin(u)/u. Below 0.1 the Taylor series to u⁸ is exact to double precision (next term
// u¹⁰/11! < 3e-18); constant reciprocals keep divisions out of it.
double sinc(double u) {
  const double u2 = u * u;
  if (u2 < 0.01) {
    return 1.0 - u2 * (1.0 / 6 - u2 * (1.0 / 120 - u2 * (1.0 / 5040 - u2 * (1.0 / 362880))));
  }
  return std::sin(u) / u;
}

// Upper end of the acceleration range: a_max, reduced as a_max·v_S/v above v_switch (engine
// power) and zero at or above v_max (CommonRoad's acceleration constraints).
double accel_upper(const VehicleParams& p, double v) {
  if (p.v_max > 0.0 && v >= p.v_max) return 0.0;
  if (v > p.v_switch && v > 0.0) return p.a_max * p.v_switch / v;
  return p.a_max;
}

// exp(−dt/τ) and τ/dt, remembered per call site and thread: every step asks for the same
// (dt, τ), and the exponential and the divisions are a large share of a kinematic step's cost.
// A pure memo (the values are those computed without it), so deterministic.
struct DecayMemo {
  double dt = -1.0;
  double tau = -1.0;
  double decay = 0.0;
  double tau_over_dt = 0.0;
};

const DecayMemo& decay(DecayMemo& memo, double dt, double tau) {
  if (memo.dt != dt || memo.tau != tau) {
    memo = {.dt = dt, .tau = tau, .decay = std::exp(-dt / tau), .tau_over_dt = tau / dt};
  }
  return memo;
}

// A first-order lag x' = (c − x)/τ over one step with the target c held: the exact end value
// x1 = c + (x0 − c)·e^(−dt/τ) and the exact mean (1/dt)∫x dt = c + (x0 − x1)·τ/dt. τ = 0 means
// no lag.
struct LagResult {
  double end = 0.0;
  double mean = 0.0;
};

LagResult lag(DecayMemo& memo, double current, double target, double tau, double dt) {
  if (tau <= 0.0) return {.end = target, .mean = target};
  const DecayMemo& d = decay(memo, dt, tau);
  const double end = target + (current - target) * d.decay;
  return {.end = end, .mean = target + (current - end) * d.tau_over_dt};
}

// Actuator outputs at the end of the step and their means over it; the models hold the means
// over the step, which makes the effect of the lagged acceleration on speed exact.
struct Actuation {
  double accel_end = 0.0;
  double accel_mean = 0.0;
  double steer_end = 0.0;
  double steer_mean = 0.0;
};

Actuation actuate(const VehicleParams& p, const VehicleState& s, const ActuatorCommand& cmd,
                  double dt) {
  thread_local DecayMemo accel_memo;
  thread_local DecayMemo steer_memo;
  Actuation out;
  const double v = std::max(s.v, 0.0);
  // Braking can at most bring the vehicle to rest within this step; at rest it holds it there.
  const double lower = -std::min(p.brake_max, v / dt);
  const double upper = accel_upper(p, v);
  const double accel_target = std::clamp(cmd.accel, -p.brake_max, upper);
  const LagResult accel = lag(accel_memo, s.accel, accel_target, p.tau_accel, dt);
  out.accel_end = std::clamp(accel.end, lower, upper);
  out.accel_mean = std::clamp(accel.mean, lower, upper);

  const double steer_target = std::clamp(cmd.steer, -p.steer_max, p.steer_max);
  const LagResult steer = lag(steer_memo, s.steer, steer_target, p.tau_steer, dt);
  const double max_change = p.steer_rate_max * dt;
  if (std::abs(steer.end - s.steer) <= max_change) {
    out.steer_end = steer.end;
    out.steer_mean = steer.mean;
  } else {
    // Rate-limited: a linear ramp, whose mean is the midpoint.
    out.steer_end = s.steer + std::copysign(max_change, steer.end - s.steer);
    out.steer_mean = 0.5 * (s.steer + out.steer_end);
  }
  out.steer_end = std::clamp(out.steer_end, -p.steer_max, p.steer_max);
  out.steer_mean = std::clamp(out.steer_mean, -p.steer_max, p.steer_max);
  return out;
}

// Moves the CoG by distance d along an arc that turns the heading by `turn`, starting with course
// (velocity direction) `course0`: the chord is d·sinc(turn/2) along course0 + turn/2. Exact for
// constant curvature, whatever the speed profile.
void move_along_arc(VehicleState& s, double course0, double distance, double turn) {
  const SinCos course = fast_sin_cos(course0 + 0.5 * turn);
  const double chord = distance * sinc(0.5 * turn);
  s.x += chord * course.cos;
  s.y += chord * course.sin;
}

// Kinematic single track about the CoG for steering angle δ: with u = (lr/L)·tanδ,
// β = atan(u), and the CoG circles the instantaneous centre (on the rear-axle line, L/tanδ to the
// side) with radius R = sqrt(lr² + L²/tan²δ), i.e. curvature κ = 1/R = tanδ/(L·sqrt(1 + u²)) =
// cosβ·tanδ/L; the yaw rate is v·κ (CommonRoad's KS about the CoG). cos β = 1/sqrt(1 + u²) and
// sin β = u·cos β are algebraic, so a step that only moves along the arc needs no atan.
struct KinematicGeometry {
  double tan_steer = 0.0;
  double u = 0.0;
  double cos_beta = 0.0;
  double sin_beta = 0.0;
  double curvature = 0.0;
};

// 1/L and lr/L, computed once per step and shared by the geometries of the step.
struct KinematicConstants {
  double inv_wheelbase = 0.0;
  double lr_over_wheelbase = 0.0;
};

KinematicConstants kinematic_constants(const VehicleParams& p) {
  const double inv_l = 1.0 / p.wheelbase();
  return {.inv_wheelbase = inv_l, .lr_over_wheelbase = p.lr * inv_l};
}

KinematicGeometry kinematic_geometry(const KinematicConstants& k, double tan_steer) {
  const double u = k.lr_over_wheelbase * tan_steer;
  const double cos_beta = cos_atan_small(u);
  return {.tan_steer = tan_steer,
          .u = u,
          .cos_beta = cos_beta,
          .sin_beta = u * cos_beta,
          .curvature = tan_steer * cos_beta * k.inv_wheelbase};
}

// Below this |d| tan_near() uses its series; the steering angle moves by at most
// steer_rate_max·dt within a step (0.004 rad at 0.4 rad/s and 10 ms), far below it.
constexpr double kTanSeriesMax = 1.0 / 64;

// tan(a + d) from t = tan(a) for a small change d: the addition theorem
// tan(a + d) = (t + tan d)/(1 − t·tan d) with tan d = d + d³/3 + 2d⁵/15 + 17d⁷/315 (the next
// term, 62d⁹/2835, is below 2e-16·|d| for |d| ≤ 1/64). Falls back to std::tan for larger d.
// A pure function of (t, a, d), so deterministic.
double tan_near(double t, double a, double d) {
  if (d == 0.0) return t;
  if (std::abs(d) > kTanSeriesMax) return std::tan(a + d);
  const double d2 = d * d;
  const double tan_d = d * (1.0 + d2 * (1.0 / 3 + d2 * (2.0 / 15 + d2 * (17.0 / 315))));
  return (t + tan_d) / (1.0 - t * tan_d);
}

// Distance covered in dt from speed v0 at constant acceleration a, stopping (not reversing) if
// the speed reaches zero; also returns the final speed.
struct Travel {
  double distance = 0.0;
  double v_end = 0.0;
  bool stopped = false;
};

Travel travel(double v0, double a, double dt) {
  const double v1 = v0 + a * dt;
  if (v1 >= 0.0) return {.distance = 0.5 * (v0 + v1) * dt, .v_end = v1, .stopped = false};
  return {.distance = v0 * v0 / (-2.0 * a), .v_end = 0.0, .stopped = true};
}

// cos(u). Below 0.1 the Taylor series to u¹⁰ is exact to double precision (next term
// u¹²/12! < 3e-21).
double cos_small(double u) {
  const double u2 = u * u;
  if (u2 < 0.01) {
    return 1.0 -
           u2 * (1.0 / 2 - u2 * (1.0 / 24 - u2 * (1.0 / 720 - u2 * (1.0 / 40320 - u2 / 3628800))));
  }
  return std::cos(u);
}

// Kinematic step: the steer is held at its step mean, so the CoG follows one arc of constant
// curvature; the distance is exact for the (constant) mean acceleration. The chord, of length
// d·sinc(turn/2), points along yaw + β + turn/2 (as in move_along_arc); its direction is
// composed from rotations so that the one sincos, of the start yaw (fast_sin_cos), does not
// wait for the steering geometry: (cos, sin)(turn/2) from the series above, β from its
// algebraic cos and sin. tan of the mean steer by tan_small, tan of the end steer from it
// (tan_near), and the β stored in the state by atan_small: no library call in normal driving.
void step_kinematic(const VehicleParams& p, VehicleState& s, const StepInput& in, double dt) {
  const SinCos yaw = fast_sin_cos(s.yaw);
  const double cos_yaw = yaw.cos;
  const double sin_yaw = yaw.sin;
  const Travel t = travel(std::max(s.v, 0.0), in.accel, dt);
  const KinematicConstants k = kinematic_constants(p);
  const KinematicGeometry mid = kinematic_geometry(k, tan_small(in.steer));
  const double turn = mid.curvature * t.distance;
  const double half = 0.5 * turn;
  const double sinc_half = sinc(half);
  const double cos_half = cos_small(half);
  const double sin_half = half * sinc_half;
  // The chord in the frame of the start heading: length d·sinc(turn/2) at angle turn/2 + β.
  const double chord = t.distance * sinc_half;
  const double along = chord * (cos_half * mid.cos_beta - sin_half * mid.sin_beta);
  const double across = chord * (sin_half * mid.cos_beta + cos_half * mid.sin_beta);
  s.x += cos_yaw * along - sin_yaw * across;
  s.y += sin_yaw * along + cos_yaw * across;
  s.yaw += turn;
  s.v = t.v_end;
  if (t.stopped) s.accel = 0.0;
  // β and yaw rate follow the steering angle reached at the end of the step.
  const KinematicGeometry end =
      in.steer == s.steer
          ? mid
          : kinematic_geometry(k, tan_near(mid.tan_steer, in.steer, s.steer - in.steer));
  s.beta = atan_small(end.u);
  s.yaw_rate = t.v_end * end.curvature;
}

// What one dynamic step needs, computed once per step: axle loads with longitudinal load
// transfer (CommonRoad ST: F_zf = m·(g·lr − a·h)/L, F_zr = m·(g·lf + a·h)/L, never negative),
// the linear cornering stiffnesses C_i = µ·C_S,i·F_z,i, and reciprocals so that the RK4 stages
// multiply instead of divide. For the Pacejka tyres also tan of the held steer, the peak
// forces D·F_z,i and the shape tables.
struct SlipModel {
  double lf = 0.0;
  double lr = 0.0;
  double fz_front = 0.0;
  double fz_rear = 0.0;
  double c_front = 0.0;
  double c_rear = 0.0;
  double inv_iz = 0.0;
  double inv_mass = 0.0;
  const PacejkaCoefficients* tyre_front = nullptr;
  const PacejkaCoefficients* tyre_rear = nullptr;
  // Pacejka only: tables of the tyre shapes over tan α, and whether tan_steer is usable.
  const MagicFormulaTable* table_front = nullptr;
  const MagicFormulaTable* table_rear = nullptr;
  double peak_front = 0.0;
  double peak_rear = 0.0;
  double tan_steer = 0.0;
  bool steer_below_right_angle = false;
};

// Below this |δ| tan δ is far from its pole, and cos δ > 0 (needed by the slip-angle identity
// in pacejka_forces).
constexpr double kMaxTabulatedSteer = 1.5;

SlipModel slip_model(SingleTrackKind kind, const VehicleParams& p, double accel, double steer) {
  const double l = p.wheelbase();
  SlipModel m;
  m.lf = p.lf;
  m.lr = p.lr;
  m.fz_front = std::max(0.0, p.mass * (kGravity * p.lr - accel * p.h_cg) / l);
  m.fz_rear = std::max(0.0, p.mass * (kGravity * p.lf + accel * p.h_cg) / l);
  m.c_front = p.mu * p.c_sf * m.fz_front;
  m.c_rear = p.mu * p.c_sr * m.fz_rear;
  m.inv_iz = 1.0 / p.iz;
  m.inv_mass = 1.0 / p.mass;
  m.tyre_front = &p.tyre_front;
  m.tyre_rear = &p.tyre_rear;
  if (kind == SingleTrackKind::kDynamicPacejka) {
    m.table_front = &magic_formula_table(p.tyre_front);
    m.table_rear =
        m.table_front->matches(p.tyre_rear) ? m.table_front : &magic_formula_table(p.tyre_rear);
    m.peak_front = p.tyre_front.d * m.fz_front;
    m.peak_rear = p.tyre_rear.d * m.fz_rear;
    m.steer_below_right_angle = std::abs(steer) < kMaxTabulatedSteer;
    m.tan_steer = m.steer_below_right_angle ? tan_small(steer) : 0.0;
  }
  return m;
}

// Lateral tyre forces of the two axles.
struct AxleForces {
  double front = 0.0;
  double rear = 0.0;
};

// CommonRoad ST: F_y,i = C_i·α_i with the linearised slip angles.
AxleForces linear_forces(const SlipModel& m, double inv_v, double yaw_rate, double beta,
                         double steer) {
  const double alpha_f = steer - beta - m.lf * yaw_rate * inv_v;
  const double alpha_r = -beta + m.lr * yaw_rate * inv_v;
  return {.front = m.c_front * alpha_f, .rear = m.c_rear * alpha_r};
}

// Slip angles from the axle velocities, α_f = δ − atan((v·sinβ + lf·r)/(v·cosβ)),
// α_r = −atan((v·sinβ − lr·r)/(v·cosβ)), then magic-formula forces. The direct evaluation.
AxleForces pacejka_forces_direct(const SlipModel& m, double v, double yaw_rate, double beta,
                                 double steer) {
  const double vx = v * std::cos(beta);
  const double vy = v * std::sin(beta);
  double alpha_f = 0.0;
  double alpha_r = 0.0;
  if (vx > 0.0) {
    // atan of the ratio equals atan2 while the CoG moves forwards, and is cheaper.
    const double inv_vx = 1.0 / vx;
    alpha_f = steer - std::atan((vy + m.lf * yaw_rate) * inv_vx);
    alpha_r = -std::atan((vy - m.lr * yaw_rate) * inv_vx);
  } else {
    alpha_f = steer - std::atan2(vy + m.lf * yaw_rate, vx);
    alpha_r = -std::atan2(vy - m.lr * yaw_rate, vx);
  }
  return {.front = magic_formula(*m.tyre_front, alpha_f, m.fz_front),
          .rear = magic_formula(*m.tyre_rear, alpha_r, m.fz_rear)};
}

// The same forces through tan α (the step's evaluation). Dividing the axle velocities by
// vx = v·cosβ > 0: the slopes x_i = w_i/vx of the axle lateral velocities w_f = v·sinβ + lf·r,
// w_r = v·sinβ − lr·r are x_f = tanβ + lf·r·secβ/v and x_r = tanβ − lr·r·secβ/v; then
// tan α_r = −x_r and, by the subtraction theorem with t = tan δ, tan α_f = tan(δ − atan x_f) =
// (t − x_f)/(1 + t·x_f), whose denominator is positive exactly when |α_f| < π/2 (given
// |δ| < π/2). F_i = D·F_z,i·h(tan α_i) with h the tabulated shape (MagicFormulaTable). No
// library call for small β: one division and two table lookups. Outside those conditions, the
// direct evaluation.
AxleForces pacejka_forces(const SlipModel& m, double v, double inv_v, double yaw_rate, double beta,
                          double steer) {
  const TanSec b = tan_sec_small(beta);
  const double q = yaw_rate * inv_v * b.sec;
  const double x_front = b.tan + m.lf * q;
  const double x_rear = b.tan - m.lr * q;
  const double den_front = 1.0 + m.tan_steer * x_front;
  if (!(b.sec > 0.0) || !(den_front > 0.0) || !m.steer_below_right_angle) {
    return pacejka_forces_direct(m, v, yaw_rate, beta, steer);
  }
  const double tan_front = (m.tan_steer - x_front) / den_front;
  return {.front = m.peak_front * m.table_front->shape(tan_front),
          .rear = m.peak_rear * m.table_rear->shape(-x_rear)};
}

// Single-track slip dynamics about the CoG (CommonRoad ST structure): ψ' = r,
// r' = (lf·F_yf − lr·F_yr)/I_z, β' = (F_yf + F_yr)/(m·v) − r, with the tyre law Kind; inv_v is
// 1/v. A template so that each law's RK4 loop is compiled (and inlined) on its own.
template <SingleTrackKind Kind>
SlipState slip_derivative(const SlipModel& m, double v, double inv_v, const SlipState& q,
                          double steer) {
  AxleForces f;
  if constexpr (Kind == SingleTrackKind::kDynamicPacejka) {
    f = pacejka_forces(m, v, inv_v, q[kYawRate], q[kBeta], steer);
  } else {
    f = linear_forces(m, inv_v, q[kYawRate], q[kBeta], steer);
  }
  SlipState d;
  d[kYaw] = q[kYawRate];
  d[kYawRate] = (m.lf * f.front - m.lr * f.rear) * m.inv_iz;
  d[kBeta] = (f.front + f.rear) * m.inv_mass * inv_v - q[kYawRate];
  return d;
}

// Number of RK4 substeps that keeps the slip dynamics inside RK4's stability region at speeds
// ≥ v_min. The spectral radius is bounded by the row sums of the linear model's Jacobian (the
// magic formula's slope never exceeds its small-slip slope B·C·D = µ·C_S for these shapes).
int rk4_substeps(const SlipModel& m, double v_min, double dt) {
  const double inv_v = 1.0 / v_min;
  const double moment_diff = std::abs(m.lf * m.c_front - m.lr * m.c_rear);
  const double yaw_row =
      (moment_diff + (m.lf * m.lf * m.c_front + m.lr * m.lr * m.c_rear) * inv_v) * m.inv_iz;
  const double beta_row = ((m.c_front + m.c_rear) + moment_diff * inv_v) * m.inv_mass * inv_v + 1.0;
  const double n = std::ceil(std::max(yaw_row, beta_row) * dt / kRk4StableStep);
  return n >= 1.0 && n < 1e6 ? static_cast<int>(n) : 1;
}

// Dynamic step: RK4 on (ψ, r, β) with speed exact (v(t) = v0 + a·t) and inputs held, sub-stepped
// so that the slip dynamics stay inside RK4's stability region; in each substep the CoG moves
// by the exact distance along an arc with the substep's heading change, at the mean side slip
// (exact for steady cornering, second order otherwise). Only called while v ≥ kBlendLow
// throughout the step, so the speed never reaches zero here.
template <SingleTrackKind Kind>
void step_dynamic(const VehicleParams& p, VehicleState& s, const StepInput& in, double dt) {
  const SlipModel m = slip_model(Kind, p, in.accel, in.steer);
  const int substeps = rk4_substeps(m, std::min(s.v, s.v + in.accel * dt), dt);
  const double h = dt / substeps;
  SlipState q(s.yaw, s.yaw_rate, s.beta);
  double v = s.v;
  for (int i = 0; i < substeps; ++i) {
    const double v_mid = v + 0.5 * h * in.accel;
    const double v_end = v + h * in.accel;
    const double inv_v = 1.0 / v;
    const double inv_v_mid = 1.0 / v_mid;
    const double inv_v_end = 1.0 / v_end;
    const SlipState k1 = slip_derivative<Kind>(m, v, inv_v, q, in.steer);
    const SlipState k2 = slip_derivative<Kind>(m, v_mid, inv_v_mid, q + 0.5 * h * k1, in.steer);
    const SlipState k3 = slip_derivative<Kind>(m, v_mid, inv_v_mid, q + 0.5 * h * k2, in.steer);
    const SlipState k4 = slip_derivative<Kind>(m, v_end, inv_v_end, q + h * k3, in.steer);
    const SlipState next = q + (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    const double turn = next[kYaw] - q[kYaw];
    const double beta_mean = 0.5 * (q[kBeta] + next[kBeta]);
    move_along_arc(s, q[kYaw] + beta_mean, 0.5 * (v + v_end) * h, turn);
    q = next;
    v = v_end;
  }
  s.yaw = q[kYaw];
  s.yaw_rate = q[kYawRate];
  s.beta = q[kBeta];
  s.v = v;
}

void step_dynamic(SingleTrackKind kind, const VehicleParams& p, VehicleState& s,
                  const StepInput& in, double dt) {
  if (kind == SingleTrackKind::kDynamicPacejka) {
    step_dynamic<SingleTrackKind::kDynamicPacejka>(p, s, in, dt);
  } else {
    step_dynamic<SingleTrackKind::kDynamicLinear>(p, s, in, dt);
  }
}

// Weight of the dynamic model: 0 below kBlendLow, 1 above kBlendHigh, linear between. Uses the
// lowest speed reached in the step (speed is monotonic within a step).
double dynamic_weight(const VehicleState& s, const StepInput& in, double dt) {
  const double v_min = std::min(s.v, s.v + in.accel * dt);
  return std::clamp((v_min - kBlendLow) / (kBlendHigh - kBlendLow), 0.0, 1.0);
}

// Dynamic step with the low-speed treatment: kinematic below kBlendLow, dynamic above
// kBlendHigh, and a linear blend of the two resulting states in between.
void step_dynamic_blended(SingleTrackKind kind, const VehicleParams& p, VehicleState& s,
                          const StepInput& in, double dt) {
  const double w = dynamic_weight(s, in, dt);
  if (w <= 0.0) {
    step_kinematic(p, s, in, dt);
    return;
  }
  if (w >= 1.0) {
    step_dynamic(kind, p, s, in, dt);
    return;
  }
  VehicleState kin = s;
  step_kinematic(p, kin, in, dt);
  step_dynamic(kind, p, s, in, dt);
  const auto mix = [w](double dyn, double kinematic) { return w * dyn + (1.0 - w) * kinematic; };
  s.x = mix(s.x, kin.x);
  s.y = mix(s.y, kin.y);
  s.yaw = mix(s.yaw, kin.yaw);
  s.yaw_rate = mix(s.yaw_rate, kin.yaw_rate);
  s.beta = mix(s.beta, kin.beta);
}

}  // namespace

std::optional<SingleTrackKind> parse_single_track_kind(std::string_view name) {
  if (name == "kinematic") return SingleTrackKind::kKinematic;
  if (name == "dynamic-linear") return SingleTrackKind::kDynamicLinear;
  if (name == "dynamic-pacejka") return SingleTrackKind::kDynamicPacejka;
  return std::nullopt;
}

std::string_view single_track_kind_name(SingleTrackKind kind) {
  switch (kind) {
    case SingleTrackKind::kKinematic:
      return "kinematic";
    case SingleTrackKind::kDynamicLinear:
      return "dynamic-linear";
    case SingleTrackKind::kDynamicPacejka:
      return "dynamic-pacejka";
  }
  return "kinematic";
}

void apply_actuators(const VehicleParams& p, VehicleState& s, const ActuatorCommand& cmd,
                     double dt) {
  if (!(dt > 0.0)) return;
  const Actuation out = actuate(p, s, cmd, dt);
  s.accel = out.accel_end;
  s.steer = out.steer_end;
}

void step_single_track(SingleTrackKind kind, const VehicleParams& p, VehicleState& s,
                       const ActuatorCommand& cmd, double dt) {
  if (!(dt > 0.0)) return;
  const Actuation out = actuate(p, s, cmd, dt);
  s.accel = out.accel_end;
  s.steer = out.steer_end;
  const StepInput in{.accel = out.accel_mean, .steer = out.steer_mean};
  if (kind == SingleTrackKind::kKinematic) {
    step_kinematic(p, s, in, dt);
  } else {
    step_dynamic_blended(kind, p, s, in, dt);
  }
}

Pose footprint_pose(const VehicleParams& p, const VehicleState& s) {
  const double offset = p.cg_to_center();
  return {.x = s.x + offset * std::cos(s.yaw), .y = s.y + offset * std::sin(s.yaw), .yaw = s.yaw};
}

}  // namespace assay::sim
