// The road as one concept: lanes side by side along a reference line that is straight, or
// straight for a lead-in and then a constant-curvature arc. Frenet coordinates (s along the
// reference line, d across the road) and the Cartesian world frame convert into each other in
// closed form (docs/vehicle-models.md, "The road").
#pragma once

#include "sim/vehicle/vehicle_state.h"

namespace assay::sim {

/// A point in road coordinates: s along the reference line [m], d across the road from its
/// right edge, + left [m] (lane k's centre is at d = (k + ½)·lane_width).
struct Frenet {
  double s = 0.0;
  double d = 0.0;
  friend bool operator==(const Frenet&, const Frenet&) = default;
};

/// `lanes` lanes of `lane_width`, lane 0 rightmost. The reference line is the road's centre line
/// (d = width/2). It runs along +x from x = s with y = d for s ≤ lead_in; beyond that, when the
/// curvature κ is not 0, it is an arc of curvature κ (+ turns left) for ever (it may wind round
/// its circle several times). A line at lateral offset u = d − width/2 from the reference line
/// is a concentric arc of curvature κ/(1 − κ·u); it exists only while 1 − κ·u > 0, i.e. on this
/// side of the centre of curvature. On a straight road (κ = 0) Frenet and Cartesian coordinates
/// coincide: x = s, y = d, heading 0, bit for bit.
class Road {
 public:
  Road() = default;
  /// The caller checks the arguments (harness/plan.cc): lanes ≥ 1, lane_width > 0, and on an
  /// arc |κ|·width/2 < 1.
  Road(int lanes, double lane_width, double curvature = 0.0, double lead_in = 0.0);

  [[nodiscard]] int lanes() const { return lanes_; }
  [[nodiscard]] double lane_width() const { return lane_width_; }
  /// lanes × lane_width [m].
  [[nodiscard]] double width() const { return lanes_ * lane_width_; }
  /// Signed curvature of the reference line on the arc, + left [1/m]; 0 for a straight road.
  [[nodiscard]] double curvature() const { return curvature_; }
  /// s where the arc begins [m].
  [[nodiscard]] double lead_in() const { return lead_in_; }
  [[nodiscard]] bool straight() const { return curvature_ == 0.0; }

  /// d of lane k's centre line.
  [[nodiscard]] double lane_centre(int lane) const { return (lane + 0.5) * lane_width_; }
  /// The lane containing lateral position d, clamped to [0, lanes − 1].
  [[nodiscard]] int lane_at(double d) const;

  /// Heading of the reference line at s, from +x counter-clockwise [rad] (not wrapped).
  [[nodiscard]] double heading(double s) const;
  /// Signed curvature at s of the line at lateral position d [1/m]: κ/(1 − κ·u) on the arc,
  /// 0 on the lead-in and on a straight road.
  [[nodiscard]] double curvature_at(double s, double d) const;
  /// Length along the line at lateral position d per unit of s: 1 − κ(s)·u (1 where straight).
  [[nodiscard]] double scale(double s, double d) const;
  /// Signed distance of lateral position d from the centre of curvature, measured the way d
  /// grows towards it: 1/|κ| − σ·u with σ the sign of κ (> 0 on the valid side); +∞ when straight.
  [[nodiscard]] double radius_at(double d) const;
  /// A coordinate along the line at lateral position d: s − u·heading(s). Differences of it
  /// between two values of s are exact arc lengths along that line (on a straight road it is s).
  [[nodiscard]] double along(double s, double d) const;

  /// The inverse of along(·, d): the s whose along(s, d) is a.
  [[nodiscard]] double from_along(double a, double d) const;
  /// s after moving a distance `length` ≥ 0 along the line at lateral position d, starting at s
  /// (exact, also across the joint of lead-in and arc).
  [[nodiscard]] double advance(double s, double d, double length) const;

  /// The Cartesian pose of a road point: position and the reference line's heading at s.
  [[nodiscard]] Pose to_cartesian(Frenet f) const;
  /// The road point of a Cartesian position. On an arc the angle round the circle is ambiguous
  /// by whole turns; the answer nearest s_hint is returned (pass the previous s of a moving
  /// point). Positions before the arc (behind its first normal) map to the lead-in. Exact
  /// inverse of to_cartesian up to rounding; finite everywhere, also at the centre of curvature.
  [[nodiscard]] Frenet to_frenet(double x, double y, double s_hint) const;

 private:
  int lanes_ = 1;
  double lane_width_ = 3.5;
  double curvature_ = 0.0;
  double lead_in_ = 0.0;
  double centre_d_ = 1.75;  // d of the reference line, width/2
};

}  // namespace assay::sim
