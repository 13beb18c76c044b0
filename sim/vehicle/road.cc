#include "sim/vehicle/road.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace assay::sim {

Road::Road(int lanes, double lane_width, double curvature, double lead_in)
    : lanes_(lanes),
      lane_width_(lane_width),
      curvature_(curvature),
      lead_in_(lead_in),
      centre_d_(0.5 * lanes * lane_width) {}

int Road::lane_at(double d) const {
  const int lane = static_cast<int>(std::floor(d / lane_width_));
  return std::clamp(lane, 0, lanes_ - 1);
}

double Road::heading(double s) const {
  return s > lead_in_ ? curvature_ * (s - lead_in_) : 0.0;
}

double Road::curvature_at(double s, double d) const {
  if (s <= lead_in_ || straight()) return 0.0;
  return curvature_ / (1.0 - curvature_ * (d - centre_d_));
}

double Road::scale(double s, double d) const {
  if (s <= lead_in_) return 1.0;
  return 1.0 - curvature_ * (d - centre_d_);
}

double Road::radius_at(double d) const {
  if (straight()) return std::numeric_limits<double>::infinity();
  const double u = d - centre_d_;
  return curvature_ > 0.0 ? 1.0 / curvature_ - u : u - 1.0 / curvature_;
}

double Road::along(double s, double d) const {
  // ∫ (1 − κ(s)·u) ds = s − u·θ(s): exact on the lead-in, on the arc and across the joint.
  return s - (d - centre_d_) * heading(s);
}

double Road::from_along(double a, double d) const {
  // along(s) = s up to the joint and lead_in + (s − lead_in)·(1 − κ·u) after it.
  if (a <= lead_in_ || straight()) return a;
  return lead_in_ + (a - lead_in_) / (1.0 - curvature_ * (d - centre_d_));
}

double Road::advance(double s, double d, double length) const {
  if (straight()) return s + length;
  const double arc_scale = 1.0 - curvature_ * (d - centre_d_);
  if (s >= lead_in_) return s + length / arc_scale;
  const double to_joint = lead_in_ - s;
  if (length <= to_joint) return s + length;
  return lead_in_ + (length - to_joint) / arc_scale;
}

Pose Road::to_cartesian(Frenet f) const {
  if (f.s <= lead_in_ || straight()) return {f.s, f.d, 0.0};
  // Reference point at turning angle φ = κ·(s − lead_in): (lead_in + sinφ/κ, d_c + (1 − cosφ)/κ);
  // the point at offset u lies along the left normal (−sinφ, cosφ). With ρ = 1/κ − u (signed):
  // x = lead_in + ρ·sinφ, y = d + ρ·(1 − cosφ) = d + 2ρ·sin²(φ/2) (no cancellation near φ = 0).
  const double phi = curvature_ * (f.s - lead_in_);
  const double rho = 1.0 / curvature_ - (f.d - centre_d_);
  const double half = std::sin(0.5 * phi);
  return {lead_in_ + rho * std::sin(phi), f.d + 2.0 * rho * half * half, phi};
}

Frenet Road::to_frenet(double x, double y, double s_hint) const {
  if (straight()) return {x, y};
  // Centre of curvature C = (lead_in, d_c + 1/κ); P − C = ρ·(sinφ, −cosφ) with ρ = 1/κ − u of
  // the sign σ of κ on the valid side, so φ = atan2(σ·vx, −σ·vy) and |ρ| = |P − C|.
  const double inv = 1.0 / curvature_;
  const double sigma = curvature_ > 0.0 ? 1.0 : -1.0;
  const double vx = x - lead_in_;
  const double vy = y - (centre_d_ + inv);
  const double phi = std::atan2(sigma * vx, -sigma * vy);
  // Turning angle α = σ·φ ≥ 0 on the arc; choose the turn nearest the hint's angle.
  constexpr double kTurn = 2.0 * std::numbers::pi;
  const double k = std::abs(curvature_);
  const double alpha_hint = s_hint > lead_in_ ? k * (s_hint - lead_in_) : 0.0;
  double alpha = sigma * phi;
  alpha += kTurn * std::round((alpha_hint - alpha) / kTurn);
  if (alpha < 0.0) return {x, y};  // behind the arc's first normal: the lead-in
  const double rho = sigma * std::hypot(vx, vy);
  return {lead_in_ + alpha / k, centre_d_ + (inv - rho)};
}

}  // namespace assay::sim
